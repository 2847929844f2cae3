"""Issue 11.1 rules, one by one: ties after rounding, my-progress visibility and total,
action items in the review and in the operational list (SPEC §6, derived records)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from server.extensions import db
from server.models import ActionItem, Assignment
from server.services.actions import actions
from server.services.campaigns import progress
from server.services.reviews import review_sections
from server.services.scoring.anonymity import thresholds_for
from server.services.scoring.derived import comparable, disagree, rank_within
from tests.factories import (
    add_submission,
    campaign_and_form,
    make_unit,
    make_user,
    rating_form,
    ratings,
)

NOISY_HIGH, NOISY_LOW = 63.33333333333334, 63.33333333333333  # the same mean, summed apart


# --- ties ----------------------------------------------------------------------------------


def _item(item_id: str, mean: float) -> dict[str, Any]:
    return {"id": item_id, "label": {}, "rows": {"others": {"mean_100": mean, "n": 3}}}


def test_top_and_bottom_break_noisy_ties_by_item_id() -> None:
    items = [_item("q9", NOISY_HIGH), _item("q1", NOISY_LOW), _item("q5", 10.0)]
    top, bottom = review_sections.top_bottom(items)
    assert [i["id"] for i in top] == ["q1", "q9", "q5"]  # q1 before q9 although q9 is "higher"
    assert [i["id"] for i in bottom] == ["q5", "q1", "q9"]


@given(
    st.lists(st.integers(0, 400), min_size=1, max_size=12),
    st.lists(st.floats(-4e-14, 4e-14), min_size=12, max_size=12),
)
def test_top_bottom_order_ignores_summation_noise(quarters: list[int], noise: list[float]) -> None:
    """Exact means (k/4) with noise below 1e-12 order as the exact values, ties by id."""
    items = [_item(f"q{i:02d}", q / 4 + noise[i]) for i, q in enumerate(quarters)]
    exact = {f"q{i:02d}": q / 4 for i, q in enumerate(quarters)}
    top, bottom = review_sections.top_bottom(items)
    assert [i["id"] for i in top] == sorted(exact, key=lambda k: (-exact[k], k))[:5]
    assert [i["id"] for i in bottom] == sorted(exact, key=lambda k: (exact[k], k))[:5]


def test_rank_and_percentile_share_noisy_ties() -> None:
    indices = {1: NOISY_HIGH, 2: NOISY_LOW, 3: 50.0}
    assert (
        rank_within(indices, 1)
        == rank_within(indices, 2)
        == {
            "rank": 1,
            "of": 3,
            "percentile": 50.0,
        }
    )
    assert rank_within(indices, 3)["rank"] == 3


def test_gap_flags_and_disagreement_compare_rounded() -> None:
    assert comparable(NOISY_HIGH) == comparable(NOISY_LOW)
    assert review_sections._flag(14.999999999999998, 15.0) == "blind_spot"  # exact 15
    assert review_sections._flag(-15.000000000000002 + 1e-15, 15.0) == "hidden_strength"
    assert review_sections._flag(14.9999, 15.0) is None
    assert disagree(0.49999999999999994) is False  # exactly 0.5 agrees
    assert disagree(0.4999) is True and disagree(None) is False


def test_report_strengths_order_noisy_ties_by_key() -> None:
    from server.reports import view

    review = {
        "rows": [
            {
                "key": "others",
                "visible": True,
                "competencies": {
                    "zeta": {"score": NOISY_HIGH},
                    "alpha": {"score": NOISY_LOW},
                    "mid": {"score": 40.0},
                },
            }
        ],
        "competencies": [],
    }
    strong = view.strengths(review, "en")
    assert strong is not None and [e["name"] for e in strong["top"]] == ["alpha"]


# --- my-progress ---------------------------------------------------------------------------


def _subject_with(peers: int, reports: int, **campaign: Any) -> tuple[Any, Any, list[Any]]:
    """A campaign with `peers` peer and `reports` report assignments about one employee."""
    unit = make_unit()
    boss = make_user(unit_id=unit.id)
    subject = make_user(unit_id=unit.id, manager_id=boss.id)
    c, fv = campaign_and_form(status=campaign.pop("status", "open"), **campaign)
    raters = []
    for rel, count in (("self", 1), ("supervisor", 1), ("peer", peers), ("subordinate", reports)):
        for _ in range(count):
            rater = subject if rel == "self" else boss if rel == "supervisor" else make_user()
            a = Assignment(
                campaign_id=c.id,
                relationship=rel,
                rater_id=rater.id,
                subject_id=subject.id,
                form_version_id=fv.id,
            )
            db.session.add(a)
            raters.append((rel, rater, a))
    db.session.flush()
    return (c, fv), subject, raters


def _failing(c: Any, fv: Any, subject_id: int, rel: str, value: int = 3) -> Any:
    """A submission whose (scored) q1 counts as a failed critical item."""
    sub = add_submission(c, fv, subject_id, rel, ratings(fv.definition, value))
    sub.critical_failures = ["q1"]
    return sub


def _answer(cfv: tuple[Any, Any], subject: Any, raters: list[Any], rel: str, k: int) -> None:
    c, fv = cfv
    for r, rater, a in [x for x in raters if x[0] == rel][:k]:
        add_submission(
            c, fv, subject.id, r, ratings(fv.definition, 3), rater_id=rater.id, assignment_id=a.id
        )
        a.status = "submitted"
    db.session.flush()


def test_my_progress_spec_example_hides_both_groups_shows_colleagues(app: Any) -> None:
    """SPEC §6: supervisor 1, direct reports 3, peers 2 → peers and reports hidden; the
    pooled colleagues (5) shown; the total is only what is shown (no subtraction)."""
    cfv, subject, raters = _subject_with(peers=2, reports=3, status="released")
    for rel, k in (("supervisor", 1), ("peer", 2), ("subordinate", 3)):
        _answer(cfv, subject, raters, rel, k)
    data = progress.subject_progress(db.session, cfv[0], subject)
    rel = data["relationships"]
    assert rel["peer"] == {"hidden": True, "fewer_than": 3}
    assert rel["subordinate"] == {"hidden": True, "fewer_than": 3}  # back-calculation
    assert rel["colleagues"] == {"expected": 5, "submitted": 5}
    assert rel["supervisor"] == {"expected": 1, "submitted": 1}
    assert rel["self"] == {"expected": 1, "submitted": 0}
    assert data["total"] == {"expected": 7, "submitted": 6, "complete": True}


def test_my_progress_total_leaves_out_an_uncovered_hidden_group(app: Any) -> None:
    cfv, subject, raters = _subject_with(peers=4, reports=0, status="released")
    _answer(cfv, subject, raters, "peer", 2)
    _answer(cfv, subject, raters, "self", 1)
    data = progress.subject_progress(db.session, cfv[0], subject)
    assert data["relationships"]["peer"] == {"hidden": True, "fewer_than": 3}
    assert "colleagues" not in data["relationships"]
    # self 1 + supervisor 0: the two peers are in no number.
    assert data["total"] == {"expected": 2, "submitted": 1, "complete": False}


def test_my_progress_while_open_never_flips_on_another_groups_answer(app: Any) -> None:
    """Peers 3 of 3 answered, 1 direct report still pending: if the report answers, peers
    turn hidden (back-calculation), so peers are not shown before either; after release
    (no one pending any more) the review's own decision applies."""
    cfv, subject, raters = _subject_with(peers=3, reports=1)
    _answer(cfv, subject, raters, "peer", 3)
    data = progress.subject_progress(db.session, cfv[0], subject)
    assert data["relationships"]["peer"] == {"hidden": True, "fewer_than": 3}
    assert data["relationships"]["colleagues"] == {"expected": 4, "submitted": 3}
    cfv[0].status = "released"
    data = progress.subject_progress(db.session, cfv[0], subject)
    assert data["relationships"]["peer"] == {"expected": 3, "submitted": 3}
    assert "colleagues" not in data["relationships"]


@settings(max_examples=40, deadline=None)
@given(
    st.integers(0, 5),
    st.integers(0, 5),
    st.integers(0, 3),
    st.integers(0, 3),
    st.sampled_from([1, 2, 3]),
    st.sampled_from([1, 2, 3]),
)
def test_progress_shown_groups_stay_shown_whatever_the_pending_do(
    n_peer: int, n_sub: int, pend_peer: int, pend_sub: int, t_peer: int, t_sub: int
) -> None:
    """The rule behind my-progress: a group shown now is shown for every count the pending
    raters can still produce, and only if the review's rules show it now."""
    from server.services.scoring.anonymity import decide

    t = thresholds_for({"peer": t_peer, "subordinate": t_sub})
    counts = {"self": 0, "supervisor": 0, "peer": n_peer, "subordinate": n_sub}
    counts |= {"customer": 0, "mystery_shopper": 0}
    pending = dict.fromkeys(counts, 0) | {"peer": pend_peer, "subordinate": pend_sub}
    for group in ("peer", "subordinate"):
        if not progress._shown(group, counts, pending, t):
            continue
        other = "subordinate" if group == "peer" else "peer"
        for extra in range(pending[other] + 1):
            later = {**counts, other: counts[other] + extra, group: max(counts[group], 1)}
            assert decide(later, t)[group].visible


# --- action items --------------------------------------------------------------------------


def test_anonymous_items_start_at_the_next_full_hour(app: Any) -> None:
    unit = make_unit()
    boss = make_user(unit_id=unit.id)
    subject = make_user(unit_id=unit.id, manager_id=boss.id)
    defn = rating_form()
    c, fv = campaign_and_form(defn, status="open")
    now = datetime(2026, 5, 1, 10, 23, 45, 123456, tzinfo=UTC)
    for rel, hour in (("peer", 11), ("customer", 11), ("supervisor", None)):
        sub = _failing(c, fv, subject.id, rel)
        [item] = actions.create_for_submission(db.session, sub, now)
        start = datetime(2026, 5, 1, hour, tzinfo=UTC) if hour else now
        assert item.created_at == start, rel
        assert item.ack_due_at == start + timedelta(hours=1)
        assert item.followup_due_at == start + timedelta(hours=72)
    on_the_hour = datetime(2026, 5, 1, 12, tzinfo=UTC)
    assert actions.next_hour(on_the_hour) == on_the_hour


def test_the_rated_employee_never_owns_their_own_items(app: Any) -> None:
    unit = make_unit()
    head = make_user(unit_id=unit.id)  # no manager, manages someone: the unit's head
    make_user(unit_id=unit.id, manager_id=head.id)
    assert actions.owner_for(db.session, None, unit.id) == head.id
    assert actions.owner_for(db.session, head.id, unit.id) is None
    child = make_unit(path=unit.path + "/Sub", parent_id=unit.id)
    lead = make_user(unit_id=child.id)
    make_user(unit_id=child.id, manager_id=lead.id)
    assert actions.owner_for(db.session, lead.id, child.id) == head.id  # walks up


def test_review_lists_items_of_shown_rows_only_with_row_and_date(app: Any) -> None:
    """Peers 2 (hidden), reports 3 (hidden by back-calculation), colleagues 5 shown: a
    peer's failure is listed under colleagues; with peers 1 and no reports, it is not."""
    defn = rating_form()
    c, fv = campaign_and_form(defn, status="released")
    subject = make_user()
    subs = [
        _failing(c, fv, subject.id, "peer"),
        add_submission(c, fv, subject.id, "peer", ratings(defn, 3)),
        *(add_submission(c, fv, subject.id, "subordinate", ratings(defn, 4)) for _ in range(3)),
    ]
    actions.create_for_submission(db.session, subs[0], datetime(2026, 5, 1, 9, 5, tzinfo=UTC))
    from server.services.reviews import review

    data = review.build_review(db.session, c.id, subject.id)
    assert data["action_items"] == [
        {
            "title": {"en": "Failed critical item: q1", "zh-CN": "关键项未通过：q1（中）"},
            "status": "open",
            "kind": "critical_failure",
            "question_id": "q1",
            "row": "colleagues",
            "date": "2026-05-01",
        }
    ]
    c2, fv2 = campaign_and_form(defn, status="released")
    other = make_user()
    lone = _failing(c2, fv2, other.id, "peer")
    actions.create_for_submission(db.session, lone)
    assert review.build_review(db.session, c2.id, other.id)["action_items"] == []
    assert db.session.query(ActionItem).filter_by(campaign_id=c2.id).count() == 1  # kept


@pytest.mark.parametrize("relationship", ["peer", "subordinate", "customer"])
def test_operational_list_cuts_anonymous_items_to_the_hour(
    app: Any, hr_client: Any, relationship: str
) -> None:
    defn = rating_form()
    c, fv = campaign_and_form(defn, status="open")
    subject = make_user()
    sub = _failing(c, fv, subject.id, relationship)
    [item] = actions.create_for_submission(db.session, sub)
    item.acknowledged_at = datetime(2026, 5, 1, 10, 17, 3, 5, tzinfo=UTC)
    item.status = "acknowledged"
    item.notes = [{"at": "2026-05-01T10:17:03.000005+00:00", "by": 1, "action": "x", "text": "t"}]
    db.session.commit()
    [listed] = hr_client.get("/api/v1/action-items").get_json()["action_items"]
    assert listed["submission_id"] is None
    stamps = [listed["created_at"], listed["acknowledged_at"], *listed["due"].values()]
    stamps.append(listed["notes"][0]["at"])
    for stamp in stamps:
        when = datetime.fromisoformat(stamp)
        assert (when.minute, when.second, when.microsecond) == (0, 0, 0), stamp


def test_operational_list_keeps_supervisor_items_exact_for_hr(app: Any, hr_client: Any) -> None:
    defn = rating_form()
    c, fv = campaign_and_form(defn, status="open")
    sub = _failing(c, fv, make_user().id, "supervisor")
    now = datetime(2026, 5, 1, 10, 17, 3, tzinfo=UTC)
    actions.create_for_submission(db.session, sub, now)
    db.session.commit()
    [listed] = hr_client.get("/api/v1/action-items").get_json()["action_items"]
    assert listed["submission_id"] == sub.id
    assert datetime.fromisoformat(listed["created_at"]) == now


def test_report_action_items_print_row_and_date_only() -> None:
    from server.reports import view
    from tests.fixtures_reports import sample_review

    review = sample_review("en")
    review["action_items"].append({**review["action_items"][0], "status": "closed"})
    [line] = view.action_items(review, "en")
    assert line == {
        "title": "Critical item failed: greeted within 30 seconds",
        "status": "Open",
        "row": "Mystery shoppers",
        "date": "2026-05-12",
    }


@settings(
    max_examples=4,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    groups=st.lists(
        st.sampled_from(["peer", "subordinate", "customer", "supervisor", "self"]),
        min_size=12,
        max_size=16,
    )
)
def test_operational_item_ids_say_nothing_of_when_or_whose(app: Any, groups: list[str]) -> None:
    """Ids are not a sequence: in creation order they would time an anonymous item inside
    its hour against items of known time, and consecutive ids would tie together the items
    of one hidden rater's submission (its submission id is withheld)."""
    defn = rating_form()
    c, fv = campaign_and_form(defn, status="open")
    subject = make_user()
    start = datetime(2026, 5, 1, 10, 0, 1, tzinfo=UTC)
    made = []
    for k, group in enumerate(groups):
        sub = _failing(c, fv, subject.id, group)
        made += actions.create_for_submission(db.session, sub, start + timedelta(minutes=3 * k))
    db.session.commit()
    ids = [item.id for item in made]
    assert len(set(ids)) == len(ids) and all(0 < i <= 2**31 - 1 for i in ids)
    assert ids != sorted(ids), f"ids follow creation order: {ids}"
    assert ids != sorted(ids, reverse=True), f"ids follow creation order: {ids}"
    steps = {abs(a - b) for a, b in zip(ids, ids[1:], strict=False)}
    assert 1 not in steps, f"consecutive ids: {ids}"


NAMED_AT = (10, 30, 50)  # minutes of self/supervisor submissions (known time) in hour 10


def _queue_order(client: Any, campaign_id: int) -> list[str]:
    resp = client.get(f"/api/v1/submissions?campaign_id={campaign_id}&limit=500")
    assert resp.status_code == 200, resp.get_json()
    return [row["id"] for row in resp.get_json()["submissions"]]


def _queue_order_ignores_minutes(flask_app: Any, minutes: list[int]) -> None:
    from tests.conftest import _logged_in

    hr = _logged_in(flask_app, "hr")
    defn = rating_form()
    c, fv = campaign_and_form(defn, status="open")
    subject = make_user()
    hour = datetime(2026, 5, 1, 10, tzinfo=UTC)
    for k, minute in enumerate(NAMED_AT):
        at = hour + timedelta(minutes=minute, seconds=30)
        add_submission(
            c, fv, subject.id, ("self", "supervisor")[k % 2], ratings(defn, 3)
        ).received_at = at
    hidden = []
    for k, minute in enumerate(minutes):
        group = ("peer", "subordinate", "customer")[k % 3]
        sub = add_submission(c, fv, subject.id, group, ratings(defn, 3))
        sub.received_at = hour + timedelta(minutes=minute, seconds=k)
        hidden.append(sub)
    db.session.commit()
    before = _queue_order(hr, c.id)
    for sub in hidden:  # the same hour, another minute: the mirror image
        sub.received_at = hour + timedelta(minutes=59 - sub.received_at.minute, seconds=7)
    db.session.commit()
    assert _queue_order(hr, c.id) == before, "the order moved with an anonymous minute"


@settings(max_examples=5, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(minutes=st.lists(st.integers(0, 59), min_size=1, max_size=4))
def test_submission_queue_order_says_nothing_finer_than_the_hour(
    app: Any, minutes: list[int]
) -> None:
    """HR's queue shows anonymous submissions to the hour; their place among submissions of
    known time (self, supervisor) must not time them inside it either."""
    _queue_order_ignores_minutes(app, minutes)


def test_submission_queue_order_says_nothing_finer_than_the_hour_postgresql(pg_app: Any) -> None:
    _queue_order_ignores_minutes(pg_app, [5, 29, 44])
