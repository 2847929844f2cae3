"""Issue 11.1: no hidden group leaks through any channel (SPEC §6, derived records).

A property test: hypothesis builds campaigns with random group sizes around each
threshold (peers, direct reports, customers; a supervisor threshold of 1 or 2), N/A
patterns, failed critical items and bottom-of-scale customer ratings, all stored through
the real sync and customer-link paths (so action items are opened as in production).
Then it reads every response the rated employee, their manager and HR can get and
searches it for anything only a hidden group could have produced:

- the review JSON (as employee, manager and HR), /me/reviews, /me/team-reviews, the unit
  summary and the summary export: hidden rows carry no figure; no number equals a
  figure of a hidden group alone (its form score, an item mean on either scale) unless a
  shown row has the same value; the action items listed are exactly those of shown rows
  (so their count tells nothing about hidden ones), dated to the day, under a shown row;
- my-progress while the campaign is open and after release: counts only for groups the
  review rules show, a total that is the sum of what is shown;
- the operational action-item list (HR, the owning manager): every item of an anonymous
  group (peer, subordinate, customer) has no submission id, no rater, and no time finer
  than the hour; the rated employee sees no item about themselves;
- the raw answers export: anonymous raters appear as codes only;
- the PDF (a separate test with few examples: rendering costs about a second): the
  number of action items printed equals the number from shown rows.

The oracle below re-implements the SPEC §6 row rules independently of
server.services.scoring.anonymity.
"""

from __future__ import annotations

import csv
import io
import json
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import pytest
from flask import Flask
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from server.extensions import db, limiter
from tests import live_server as live
from tests.factories import (
    ApiClient,
    definition,
    make_unit,
    make_user,
    q_rating,
    q_text,
    q_yes_no,
    section,
)

QUESTIONS = ("r1", "r2", "r3")
CRIT = "crit"
GROUPS = ("self", "supervisor", "peer", "subordinate", "customer")
ANONYMOUS = ("peer", "subordinate", "customer")
ROWS = ("self", "supervisor", "peer", "subordinate", "colleagues", "others", "customer")
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


# --- the oracle: SPEC §6 row rules, written from the text -------------------------------


def oracle_rows(n: dict[str, int], t: dict[str, int]) -> set[str]:
    """Rows shown for these rater counts (SPEC §6), independently of the server's code."""
    shown = {g for g in GROUPS if n.get(g, 0) > 0 and n.get(g, 0) >= t[g]}
    for g, other in (("peer", "subordinate"), ("subordinate", "peer")):
        if 0 < n.get(other, 0) < t[other]:
            shown.discard(g)
    col = n.get("peer", 0) + n.get("subordinate", 0)
    if col > 0 and col >= max(t["peer"], t["subordinate"]):
        shown.add("colleagues")
    sup_ok = n.get("supervisor", 0) == 0 or "supervisor" in shown
    col_ok = col == 0 or "colleagues" in shown
    if n.get("supervisor", 0) + col > 0 and sup_ok and col_ok:
        shown.add("others")
    return shown


def candidates(group: str) -> list[str]:
    return [group, "colleagues"] if group in ("peer", "subordinate") else [group]


def members(row: str) -> tuple[str, ...]:
    return {
        "colleagues": ("peer", "subordinate"),
        "others": ("supervisor", "peer", "subordinate"),
    }.get(row, (row,))


# --- scenarios ---------------------------------------------------------------------------


@dataclass
class Rater:
    group: str
    answers: dict[str, Any]
    na: list[str]
    user: Any = None
    submission_id: str = ""
    assignment_id: int = 0


@dataclass
class Scenario:
    t: dict[str, int]
    raters: list[Rater]
    pending: dict[str, int]
    ids: dict[str, Any] = field(default_factory=dict)

    def n(self) -> dict[str, int]:
        return {g: sum(1 for r in self.raters if r.group == g) for g in GROUPS}

    def answered(self, qid: str) -> dict[str, int]:
        return {
            g: sum(1 for r in self.raters if r.group == g and qid in r.answers and qid not in r.na)
            for g in GROUPS
        }

    def shown_rows(self) -> set[str]:
        return oracle_rows(self.n(), self.t)

    def triggers(self, rater: Rater) -> list[tuple[str, str]]:
        """(kind, question) of the action items this rater's response opens."""
        out = [("critical_failure", CRIT)] if rater.answers.get(CRIT) is False else []
        if rater.group == "customer":
            out += [
                ("customer_low_rating", q)
                for q in QUESTIONS
                if q not in rater.na and rater.answers.get(q) == 1
            ]
        return out

    def listed_row(self, rater: Rater, qid: str) -> str | None:
        """The shown row an item of this rater about `qid` may be listed under, or None."""
        rows, per_item = self.shown_rows(), oracle_rows(self.answered(qid), self.t)
        return next((r for r in candidates(rater.group) if r in rows and r in per_item), None)

    def expected_items(self) -> list[tuple[str, str, str]]:
        """(kind, question, row) of the items the review must list."""
        out = []
        for rater in self.raters:
            for kind, qid in self.triggers(rater):
                row = self.listed_row(rater, qid)
                if row is not None:
                    out.append((kind, qid, row))
        return sorted(out)

    def secrets(self) -> set[float]:
        """Figures only a hidden group has: its means, per item on both scales, and its
        form score mean."""
        rows = self.shown_rows()
        hidden = [g for g in GROUPS if self.n()[g] > 0 and g not in rows]
        return {v for g in hidden for v in self._figures((g,))}

    def shown_figures(self) -> set[float]:
        """Figures of shown rows, with competency means and differences (gaps) between them:
        a hidden figure equal to one of these is a coincidence, not a leak."""
        rows = self.shown_rows()
        out = {v for row in rows for v in self._figures(members(row), competencies=True)}
        return out | {a - b for a in out for b in out}

    def _figures(self, groups: tuple[str, ...], competencies: bool = False) -> set[float]:
        raters = [r for r in self.raters if r.group in groups]
        out: set[float] = set()
        for qid in QUESTIONS:
            values = [r.answers[qid] for r in raters if qid in r.answers and qid not in r.na]
            if values:
                out.add(sum(values) / len(values))
                out.add(100.0 * sum((v - 1) / 4 for v in values) / len(values))
        scores = [self.ids["form_scores"][r.submission_id] for r in raters]
        scores = [s for s in scores if s is not None]
        if scores:
            out.add(sum(scores) / len(scores))
        for key in ("c1", "c2") if competencies else ():
            comps = [self.ids["competency_scores"][r.submission_id].get(key) for r in raters]
            comps = [c for c in comps if c is not None]
            if comps:
                out.add(sum(comps) / len(comps))
        return out


def _rater(group: str) -> Any:
    na = st.lists(st.sampled_from(QUESTIONS), unique=True, max_size=2)
    ratings = st.fixed_dictionaries({q: st.integers(1, 5) for q in QUESTIONS})
    return st.builds(
        lambda rs, fail, skipped: Rater(
            group,
            {**{q: v for q, v in rs.items() if q not in skipped}, CRIT: not fail},
            list(skipped),
        ),
        ratings,
        st.booleans(),
        na,
    )


@st.composite
def scenarios(draw: Any, hidden_failure: bool = False) -> Scenario:
    """A scenario; `hidden_failure` forces a peer group below its threshold, no direct
    reports (so colleagues are hidden too) and a failed critical item from the first peer
    (for the few, costly PDF examples)."""
    t = {
        "self": 1,
        "supervisor": draw(st.sampled_from([1, 1, 2])),
        "peer": draw(st.integers(2, 3)),
        "subordinate": draw(st.integers(2, 3)),
        "customer": draw(st.integers(2, 3)),
        "mystery_shopper": 1,
    }
    raters: list[Rater] = []
    for group in GROUPS:
        top = 1 if group in ("self", "supervisor") else t[group] + 1
        size = draw(st.integers(0, top))
        raters += [draw(_rater(group)) for _ in range(size)]
    if hidden_failure:
        raters = [r for r in raters if r.group not in ("peer", "subordinate")]
        peers = [draw(_rater("peer")) for _ in range(draw(st.integers(1, t["peer"] - 1)))]
        peers[0].answers[CRIT] = False
        raters += peers
    pending = {g: draw(st.integers(0, 1)) for g in ("peer", "subordinate")}
    scenario = Scenario(t, raters, pending)
    shown = scenario.shown_rows()
    event(f"hidden groups: {sorted(g for g in GROUPS if scenario.n()[g] and g not in shown)}")
    hidden_items = sum(
        1 for r in raters for _, q in scenario.triggers(r) if scenario.listed_row(r, q) is None
    )
    event(f"items from hidden rows: {min(hidden_items, 3)}{'+' if hidden_items > 3 else ''}")
    return scenario


_definitions: dict[str, Any] = {}


def _version() -> Any:
    from server.models import FormVersion
    from server.services.forms import forms

    if "def" not in _definitions:
        _definitions["def"] = definition(
            [
                section("s1", [q_rating(q, allow_na=True) for q in QUESTIONS], competency="c1"),
                section("s2", [q_yes_no(CRIT, critical=True)], competency="c2"),
                section("s3", [q_text("remarks", comment=True, required=False)], weight=0),
            ],
            key="anon-channels",
            relationships=list(GROUPS),
        )
    defn = _definitions["def"]
    forms.save_definition(db.session, defn)
    return db.session.scalars(
        db.select(FormVersion).where(FormVersion.sha256 == forms.content_sha256(defn))
    ).one()


def _rater_user(group: str, unit_id: int, subject: Any, boss: Any) -> Any:
    if group == "self":
        return subject
    if group == "supervisor":
        return boss
    manager = subject if group == "subordinate" else boss
    return make_user(unit_id=unit_id, manager_id=manager.id, name=f"Anon {group}")


def build(s: Scenario) -> None:
    """Store the scenario: an open mixed campaign, answers through sync and the public link."""
    from server.models import Assignment, Campaign, CampaignForm, Submission
    from server.services.sync import customer_responses, sync
    from tests.factories import make_link

    unit = make_unit(kind="branch")
    boss = make_user(unit_id=unit.id, name=f"Boss {uuid.uuid4().hex[:6]}")
    subject = make_user(unit_id=unit.id, manager_id=boss.id, name="Rated Person")
    version = _version()
    campaign = Campaign(
        name=live.bi("Channels"),
        kind="mixed",
        status="open",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 6, 30),
        manager_visibility=True,
        rank_enabled=True,
        anonymity_thresholds={k: v for k, v in s.t.items()},
    )
    db.session.add(campaign)
    db.session.flush()
    for rel in GROUPS:
        db.session.add(
            CampaignForm(campaign_id=campaign.id, relationship=rel, form_version_id=version.id)
        )
    db.session.commit()
    link = make_link(campaign, subject)
    # Raters who never answer: open peer/report assignments, and the self assessment when
    # the scenario has no self response (so the employee is always a subject).
    extra = [Rater(g, {}, []) for g in ("peer", "subordinate") for _ in range(s.pending[g])]
    if not any(r.group == "self" for r in s.raters):
        extra.append(Rater("self", {}, []))
    for rater in [*s.raters, *extra]:
        if rater.group == "customer":
            continue
        rater.user = _rater_user(rater.group, unit.id, subject, boss)
        row = Assignment(
            campaign_id=campaign.id,
            relationship=rater.group,
            rater_id=rater.user.id,
            subject_id=subject.id,
            form_version_id=version.id,
        )
        db.session.add(row)
        db.session.flush()
        rater.assignment_id = row.id
    db.session.commit()
    for rater in s.raters:
        item = live.submission(0, version.id, dict(rater.answers))
        item["na"] = list(rater.na)
        rater.submission_id = item["id"]
        if rater.group == "customer":
            item.pop("assignment_id")
            _, status = customer_responses.submit(db.session, link.token, item, "127.0.0.1")
            assert status == "created"
        else:
            item["assignment_id"] = rater.assignment_id
            [result] = sync.sync_batch(db.session, rater.user, [item])
            assert result["status"] == "created", result
        db.session.commit()
    stored = db.session.execute(
        db.select(Submission.id, Submission.form_score, Submission.competency_scores).where(
            Submission.campaign_id == campaign.id
        )
    ).all()
    s.ids.update(
        campaign=campaign,
        subject=subject,
        boss=boss,
        unit=unit.id,
        form_scores={sid: score for sid, score, _ in stored},
        competency_scores={sid: comps or {} for sid, _, comps in stored},
    )


# --- reading the channels ----------------------------------------------------------------


def _login(app: Flask, user: Any) -> ApiClient:
    api = ApiClient(app.test_client())
    assert api.login(user.email).status_code == 200
    return api


def _get(api: ApiClient, url: str) -> Any:
    resp = api.get(url)
    assert resp.status_code == 200, (url, resp.status_code, resp.get_data(as_text=True)[:300])
    return resp


def _floats(value: Any) -> Iterator[float]:
    if isinstance(value, bool):
        return
    if isinstance(value, float):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _floats(v)
    elif isinstance(value, list):
        for v in value:
            yield from _floats(v)


def assert_no_secret(s: Scenario, data: Any, where: str) -> None:
    """No number equals a figure of a hidden group alone (values a shown row also has and
    whole numbers, which counts and ids share, are not evidence)."""
    shown = s.shown_figures()
    secrets = [
        x for x in s.secrets() if abs(x - round(x)) > 1e-9 and all(abs(x - w) > 1e-9 for w in shown)
    ]
    for number in _floats(data):
        for secret in secrets:
            assert abs(number - secret) > 1e-9, f"{where}: hidden group's figure {number}"


def assert_rows(s: Scenario, rows: list[dict[str, Any]], where: str) -> None:
    shown = s.shown_rows()
    for row in rows:
        if row["key"] in shown or row["key"] == "mystery_shopper":
            continue
        assert row.get("form_score") is None, f"{where}: {row['key']} form score"
        assert not row.get("competencies"), f"{where}: {row['key']} competencies"
        assert row.get("n") in (None, 0), f"{where}: {row['key']} n {row.get('n')}"


def assert_review_items(s: Scenario, items: list[dict[str, Any]], where: str) -> None:
    for item in items:
        assert set(item) <= {"title", "status", "kind", "question_id", "row", "date", "subject_id"}
        assert DAY.match(item["date"]), f"{where}: time finer than the day {item['date']}"
        assert item["row"] in s.shown_rows(), f"{where}: item under hidden row {item['row']}"
    got = sorted((i["kind"], i["question_id"], i["row"]) for i in items)
    assert got == s.expected_items(), f"{where}: items {got} != {s.expected_items()}"


def assert_review(s: Scenario, review: dict[str, Any], where: str) -> None:
    assert_rows(s, review["rows"], where)
    shown = s.shown_rows()
    for item in review["items"]:
        assert set(item["rows"]) <= shown | {"mystery_shopper"}, f"{where}: {item['id']}"
    assert set(review["comments"]) <= shown, f"{where}: comments under a hidden row"
    if "customer" not in shown:
        assert review["customer"]["form_score"] is None and review["customer"]["n"] in (0, None)
    assert_review_items(s, review["action_items"], where)
    assert_no_secret(s, review, where)


def assert_progress(s: Scenario, data: dict[str, Any], where: str) -> None:
    n, shown = s.n(), s.shown_rows()
    total = 0
    for group, entry in data["relationships"].items():
        if "submitted" not in entry:
            assert entry == {"hidden": True, "fewer_than": s.t[group]}, f"{where}: {entry}"
            continue
        total += entry["submitted"]
        if group == "colleagues":
            assert "colleagues" in shown and entry["submitted"] == n["peer"] + n["subordinate"]
            continue
        assert entry["submitted"] == n[group], f"{where}: {group} {entry}"
        assert group in shown or (n[group] == 0 and s.t[group] == 1), f"{where}: {group} shown"
    # The total is only what is shown: nothing left to subtract a hidden group from.
    assert data["total"]["submitted"] == total, f"{where}: total {data['total']}"


def _on_the_hour(value: str | None) -> bool:
    if value is None:
        return True
    stamp = datetime.fromisoformat(value)
    return (stamp.minute, stamp.second, stamp.microsecond) == (0, 0, 0)


def assert_operational(s: Scenario, items: list[dict[str, Any]], where: str) -> None:
    origin = {r.submission_id: r for r in s.raters}
    secret_people = [r.user for r in s.raters if r.group in ("peer", "subordinate")]
    from server.models import ActionItem

    source = dict(
        db.session.execute(
            db.select(ActionItem.id, ActionItem.submission_id).where(
                ActionItem.campaign_id == s.ids["campaign"].id
            )
        ).all()
    )
    for item in items:
        if item["campaign_id"] != s.ids["campaign"].id:
            continue
        rater = origin[source[item["id"]]]
        if rater.group not in ANONYMOUS:
            continue
        assert item["submission_id"] is None, f"{where}: submission id of a {rater.group}"
        times = [item["created_at"], *item["due"].values()]
        times += [item[k] for k in ("acknowledged_at", "responded_at", "planned_at", "closed_at")]
        times += [n["at"] for n in item["notes"]]
        assert all(_on_the_hour(v) for v in times), f"{where}: time finer than the hour {times}"
        text = json.dumps(item, ensure_ascii=False)
        assert not {"rater", "rater_id", "relationship"} & set(item), f"{where}: rater field"
        for person in secret_people:
            assert person.email not in text, f"{where}: names a rater"


def _progress(s: Scenario, me: ApiClient, where: str) -> None:
    resp = _get(me, f"/api/v1/campaigns/{s.ids['campaign'].id}/my-progress")
    assert_progress(s, resp.get_json(), where)


def _release(s: Scenario) -> None:
    from server.services.campaigns import campaigns

    campaigns.close_campaign(db.session, None, s.ids["campaign"])
    campaigns.release_campaign(db.session, None, s.ids["campaign"])
    db.session.commit()


def _summaries(s: Scenario, me: ApiClient, manager: ApiClient, hr: ApiClient) -> None:
    campaign, subject = s.ids["campaign"], s.ids["subject"]
    team = _get(manager, "/api/v1/me/team-reviews").get_json()["reviews"]
    mine = _get(me, "/api/v1/me/reviews").get_json()["reviews"]
    for review, where in [*((r, "team reviews") for r in team), *((r, "me") for r in mine)]:
        if review["campaign"]["id"] == campaign.id:
            assert_rows(s, review["rows"], where)
            assert_no_secret(s, review, where)
    data = _get(hr, f"/api/v1/campaigns/{campaign.id}/units/{s.ids['unit']}/summary").get_json()
    for employee in data["employees"]:
        if employee["id"] == subject.id:
            assert set(employee["rows"]) <= s.shown_rows()
    open_items = [i for i in data["action_items"] if i["subject_id"] == subject.id]
    assert_review_items(s, open_items, "unit summary")
    assert_no_secret(s, data, "unit summary")


def _exports(s: Scenario, hr: ApiClient) -> None:
    campaign, subject, shown = s.ids["campaign"], s.ids["subject"], s.shown_rows()
    export = _get(hr, f"/api/v1/campaigns/{campaign.id}/exports/summary.csv")
    for row in csv.DictReader(io.StringIO(export.data.decode("utf-8-sig"))):
        if row["employee_id"] != str(subject.id):
            continue
        for key, value in row.items():
            group = key.split(".")[0]
            if "." in key and group in ROWS and group not in shown:
                assert value == "", f"summary export: hidden {key} = {value}"
        numbers = []
        for value in row.values():
            try:
                numbers.append(float(value))
            except (TypeError, ValueError):
                continue
        assert_no_secret(s, numbers, "summary export")
    answers = _get(hr, f"/api/v1/campaigns/{campaign.id}/exports/answers.csv")
    text = answers.data.decode("utf-8-sig")
    for rater in s.raters:
        if rater.group in ("peer", "subordinate"):
            assert rater.user.email not in text, "answers export names an anonymous rater"


def check_channels(app: Flask, s: Scenario, hr: ApiClient) -> None:
    """Build the scenario and search every channel of the employee, manager and HR."""
    limiter.reset()
    build(s)
    campaign, subject = s.ids["campaign"], s.ids["subject"]
    me, manager = _login(app, subject), _login(app, s.ids["boss"])
    _progress(s, me, "my-progress (open)")
    for api, where in ((hr, "hr action items"), (manager, "manager action items")):
        listed = _get(api, f"/api/v1/action-items?campaign_id={campaign.id}&limit=1000")
        assert_operational(s, listed.get_json()["action_items"], where)
    own = _get(me, "/api/v1/action-items").get_json()["action_items"]
    assert all((i["subject"] or {}).get("id") != subject.id for i in own)
    _release(s)
    _progress(s, me, "my-progress (released)")
    url = f"/api/v1/campaigns/{campaign.id}/reviews/{subject.id}"
    for api, where in ((me, "employee"), (manager, "manager"), (hr, "hr")):
        assert_review(s, _get(api, url).get_json(), f"review as {where}")
    _summaries(s, me, manager, hr)
    _exports(s, hr)


SETTINGS = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)


@pytest.fixture
def hr_api(app: Flask) -> ApiClient:
    return _login(app, make_user(role="hr"))


@SETTINGS
@given(s=scenarios())
def test_no_hidden_group_reaches_any_channel_sqlite(app: Flask, hr_api: ApiClient, s: Scenario):
    check_channels(app, s, hr_api)


@settings(SETTINGS, max_examples=8)
@given(s=scenarios())
def test_no_hidden_group_reaches_any_channel_postgresql(pg_app: Flask, s: Scenario) -> None:
    check_channels(pg_app, s, _login(pg_app, make_user(role="hr")))


@settings(SETTINGS, max_examples=3)
@given(s=scenarios(hidden_failure=True))
def test_pdf_lists_only_items_of_shown_rows(app: Flask, hr_api: ApiClient, s: Scenario) -> None:
    pypdf = pytest.importorskip("pypdf")
    from server.services.campaigns import campaigns

    limiter.reset()
    build(s)
    campaign, subject = s.ids["campaign"], s.ids["subject"]
    campaigns.close_campaign(db.session, None, campaign)
    campaigns.release_campaign(db.session, None, campaign)
    campaign.report_locale = "en"
    db.session.commit()
    pdf = _get(_login(app, subject), f"/api/v1/campaigns/{campaign.id}/reviews/{subject.id}.pdf")
    text = "".join(
        page.extract_text() or "" for page in pypdf.PdfReader(io.BytesIO(pdf.data)).pages
    )
    flat = re.sub(r"\s+", "", text)
    printed = flat.count("Failedcriticalitem") + flat.count("Lowestcustomerrating")
    assert printed == len(s.expected_items()), (printed, s.expected_items())
