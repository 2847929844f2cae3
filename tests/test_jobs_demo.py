"""The demo's job board (issue 16 §1): a shopper opening Jobs after `flask demo` finds open
jobs, with the certification requirement met only by the certified shopper."""

from __future__ import annotations

from typing import Any

from tests.factories import ApiClient

DEMO_PASSWORD = "demo-password-2026"


def _board(app: Any, email: str) -> list[dict[str, Any]]:
    api = ApiClient(app.test_client())
    assert api.login(email, DEMO_PASSWORD).status_code == 200
    resp = api.get("/api/v1/jobs")
    assert resp.status_code == 200
    return resp.get_json()["jobs"]


def test_the_demo_board_has_jobs_each_shopper_can_take_and_one_for_certified_shoppers(
    app: Any, runner: Any
) -> None:
    assert runner.invoke(args=["demo"]).exit_code == 0
    assert runner.invoke(args=["demo"]).exit_code == 0  # idempotent: no second set of jobs
    boards = {who: _board(app, f"{who}@demo.example") for who in ("shopper1", "shopper2")}
    for jobs in boards.values():
        assert len(jobs) == 3
        assert any(job["unmet"] == [] for job in jobs)  # something to take
        assert all(job["fee_minor"] > 0 and job["scenario"]["zh-CN"] for job in jobs)
    certified = {
        who: next(j for j in jobs if j["requirements"]["certification"] == "complaint")
        for who, jobs in boards.items()
    }
    assert "certification" in certified["shopper1"]["unmet"]  # shopper1 took no quiz
    assert "certification" not in certified["shopper2"]["unmet"]  # shopper2 passed it
    # The requirement names the quiz that certifies it (bilingual title, form key for a link).
    quiz = certified["shopper1"]["requirements"]["certification_quiz"]
    assert quiz["form_key"] == "quiz-complaint-scenario"
    assert quiz["title"] == {"en": "Certification: complaint scenario", "zh-CN": "认证：投诉情景"}
    others = [j for j in boards["shopper1"] if j["requirements"]["certification"] is None]
    assert others and all(j["requirements"]["certification_quiz"] is None for j in others)
