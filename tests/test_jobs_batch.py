"""The board scales (issue 16 §1): listing the board asks the database a constant number of
questions however many jobs it shows, and the batch evaluation of the rules (one load of the
shopper's facts for every job) gives, job by job, the same verdict as the single-job check
used when a shopper takes or applies for a job (hypothesis)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import event

from server.extensions import db
from server.models import Assignment, JobConflict, JobOffer, Submission
from server.services.campaigns.campaign_forms import form_version_for
from server.services.certification.status import record_pass
from server.services.jobs import board, conflicts, publishing, rules, taking
from tests.factories import make_campaign, make_user
from tests.jobs_world import DAY, HOME, T0, job, store, world

SCENARIOS = ("coffee", "returns", "fitting")


@contextmanager
def counted() -> Iterator[list[str]]:
    """The SQL statements run inside the block."""
    seen: list[str] = []

    def capture(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", capture)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", capture)


def _board_world(n_jobs: int) -> dict:
    """A shopper with history (a conflict, a certification, a held visit, a home) and
    `n_jobs` open jobs over several stores and two campaigns, some with requirements."""
    w = world(max_per_unit=2)
    other = make_campaign("mystery_shop", status="open")
    stores = [w["near"], w["far"]] + [store(f"S{i}", 31.2 + i / 100, 121.4) for i in range(4)]
    shopper = w["shoppers"][0]
    conflicts.add(db.session, w["hr"], {"shopper_id": shopper.id, "unit_id": stores[2].id})
    conflicts.set_home(db.session, shopper, {"latitude": HOME[0], "longitude": HOME[1]})
    record_pass(db.session, shopper.id, "coffee", 90.0, T0 - DAY)
    db.session.commit()
    rows = []
    for i in range(n_jobs):
        campaign = (w["campaign"], other)[i % 2]
        extra = {"min_rating": 3.5} if i % 5 == 0 else {}
        if i % 7 == 0:
            extra["certification"] = SCENARIOS[i % 3]
        data = {
            "unit_id": stores[i % len(stores)].id,
            "window_start": T0 + 3 * DAY,
            "window_end": T0 + 5 * DAY,
            "scenario": {"en": "Buy", "zh-CN": "买"},
            "fee_minor": 100 + i,
            "expense_cap_minor": 10,
            **extra,
        }
        rows.append(publishing.publish(db.session, w["hr"], campaign, data))
    db.session.commit()
    taking.take(db.session, shopper, rows[1].id, T0, {})
    db.session.commit()
    return {**w, "shopper": shopper}


def _board_statements(n_jobs: int) -> int:
    w = _board_world(n_jobs)
    db.session.expire_all()
    with counted() as seen:
        listed = board.open_jobs(db.session, w["shopper"], T0)
    assert len(listed) >= n_jobs // 2  # conflicted jobs hidden, the rest listed
    return len(seen)


def test_the_board_asks_a_constant_number_of_queries(app):
    few = _board_statements(5)
    many = _board_statements(300)
    assert many == few, (few, many)
    assert few <= 12


def test_the_board_asks_a_constant_number_of_queries_on_postgresql(pg_app):
    few = _board_statements(5)
    many = _board_statements(300)
    assert many == few, (few, many)


def test_my_jobs_asks_a_constant_number_of_queries(app):
    w = world(max_per_unit=50)
    shopper = w["shoppers"][0]

    def mine_statements(n: int) -> int:
        for _ in range(n):
            taking.take(db.session, shopper, job(w["campaign"], w["hr"], w["near"]).id, T0, {})
            db.session.commit()
        db.session.expire_all()
        with counted() as seen:
            board.my_jobs(db.session, shopper)
        return len(seen)

    assert mine_statements(2) == mine_statements(40)


# --- batch == single-job -----------------------------------------------------------------------

JOBS = st.lists(
    st.tuples(
        st.integers(0, 1),  # campaign
        st.integers(0, 3),  # unit (3: a unit under the region, see below)
        st.sampled_from([None, 0.0, 2.5, 3.0, 3.34, 3.67, 4.2, 5.0]),  # min rating
        st.sampled_from([None, *SCENARIOS]),  # certification
    ),
    min_size=1,
    max_size=8,
)


def _decided_visit(campaign, unit_id: int, shopper_id: int, approved: bool) -> None:
    """A visit of the shopper HR decided: approved the first time (5) or closed rejected (0)."""
    visit = Assignment(
        campaign_id=campaign.id,
        relationship="mystery_shopper",
        rater_id=shopper_id,
        unit_id=unit_id,
        status="submitted" if approved else "declined",
        form_version_id=form_version_for(campaign, "mystery_shopper"),
    )
    db.session.add(visit)
    db.session.flush()
    db.session.add(
        Submission(
            id=str(uuid.uuid4()),
            assignment_id=visit.id,
            campaign_id=campaign.id,
            form_version_id=visit.form_version_id,
            relationship="mystery_shopper",
            rater_id=shopper_id,
            answers={},
            content_sha256="0" * 64,
            status="approved" if approved else "rejected",
            received_at=T0 - DAY,
        )
    )


def _scene(jobs, limits, held, history, conflicted, employed, passes):  # noqa: ANN001, ANN202
    """Two campaigns (their limits), four units (a region and a unit under it), a shopper
    (maybe employed in the region or at the first unit) with visits held, decided visits
    (their rating), conflicts and certification passes; the jobs published."""
    hr = make_user(role="hr")
    campaigns = [make_campaign("mystery_shop", status="open") for _ in range(2)]
    for campaign, limit in zip(campaigns, limits, strict=True):
        publishing.update_settings(db.session, campaign, {"max_per_unit": limit})
    tag = uuid.uuid4().hex[:6]
    region = store(f"R{tag}", None, None, path=f"Co/R{tag}")
    units = [store(f"A{tag}", 31.1, 121.1), store(f"B{tag}", 31.2, 121.2), region]
    units.append(store(f"C{tag}", 31.3, 121.3, path=f"Co/R{tag}/C", parent_id=region.id))
    home = {"region": region.id, "elsewhere": units[0].id, None: None}[employed]
    shopper = make_user(role="shopper", unit_id=home)
    for c, u in held:
        _decided_visit(campaigns[c], units[u].id, shopper.id, approved=True)
    for approved in history:
        _decided_visit(campaigns[0], units[0].id, shopper.id, approved)
    for u in conflicted:
        db.session.add(JobConflict(shopper_id=shopper.id, unit_id=units[u].id))
    for scenario, days in passes:
        record_pass(db.session, shopper.id, scenario, 80.0, T0 + days * DAY)
    published = []
    for c, u, min_rating, certification in jobs:
        data = {
            "unit_id": units[u].id,
            "window_start": T0 + DAY,
            "window_end": T0 + 2 * DAY,
            "fee_minor": 1,
            "expense_cap_minor": 1,
            "min_rating": min_rating,
            "certification": certification,
        }
        published.append(publishing.publish(db.session, hr, campaigns[c], data))
    db.session.commit()

    return shopper, units, campaigns, published


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    jobs=JOBS,
    limits=st.tuples(st.integers(1, 3), st.integers(1, 3)),
    held=st.lists(st.tuples(st.integers(0, 1), st.integers(0, 3)), max_size=5),
    history=st.lists(st.booleans(), max_size=5),  # decided visits: approved or rejected
    conflicted=st.sets(st.integers(0, 3), max_size=2),
    employed=st.sampled_from([None, "region", "elsewhere"]),
    passes=st.lists(
        st.tuples(st.sampled_from(SCENARIOS), st.integers(-3, 3)), max_size=3
    ),  # scenario, days from now (a future pass does not count yet)
)
def test_batch_verdicts_equal_the_single_job_check(
    app, jobs, limits, held, history, conflicted, employed, passes
):
    shopper, units, campaigns, published = _scene(
        jobs, limits, held, history, conflicted, employed, passes
    )
    facts = rules.facts_for_board(db.session, shopper, T0, [c.id for c in campaigns])
    listed = {j["id"]: j["unmet"] for j in board.open_jobs(db.session, shopper, T0)}
    for visit in published:
        offer = db.session.get(JobOffer, visit.id)
        single = rules.unmet(db.session, shopper, visit, offer, T0)
        assert rules.verdict(facts, visit, offer) == single
        if single == [rules.CONFLICT]:
            assert visit.id not in listed
        else:
            assert listed[visit.id] == single
    _by_hand(shopper, units, published, conflicted, employed, passes)


def _by_hand(shopper, units, published, conflicted, employed, passes) -> None:  # noqa: ANN001
    """The conflicts and certifications, checked against the drawn scene."""
    for visit in published:
        offer = db.session.get(JobOffer, visit.id)
        single = rules.unmet(db.session, shopper, visit, offer, T0)
        own = (employed == "region" and visit.unit_id in (units[2].id, units[3].id)) or (
            employed == "elsewhere" and visit.unit_id == units[0].id
        )
        listed_conflict = visit.unit_id in {units[u].id for u in conflicted}
        assert (single == [rules.CONFLICT]) == (own or listed_conflict)
        if single != [rules.CONFLICT] and offer.certification:
            passed = any(s == offer.certification and d <= 0 for s, d in passes)
            assert ("certification" in single) == (not passed)
