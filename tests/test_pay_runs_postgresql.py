"""Issue 16 §3 payment runs on PostgreSQL (`pg_app`): two runs created at the same moment
never share a visit (the second waits on the unique line of the first, then rebuilds from
what is left), and a run's amounts survive the migrations' column types (BigInteger)."""

from __future__ import annotations

from datetime import date

from server.extensions import db
from server.services.pay import runs
from tests.pay_scene import paid_scene
from tests.test_pay_runs import DAY, approved, assert_each_visit_once, race


def test_pg_concurrent_runs_never_share_a_visit(pg_app):
    scenes = [approved() for _ in range(3)]
    hr_id = scenes[0]["hr"][0].id
    assert race(pg_app, hr_id) == ["nothing_payable"]
    assert_each_visit_once(3)


def test_pg_a_second_run_takes_what_the_first_left(pg_app):
    first = approved(fee=7000)
    hr = first["hr"][0]
    run = runs.create_run(db.session, hr, DAY, date(2099, 1, 1))
    db.session.commit()
    later = approved(fee=100_000_000, spent=1)
    paid_scene()  # not decided: never in a run
    second = runs.create_run(db.session, hr, DAY, date(2099, 1, 1))
    db.session.commit()
    assert [line.assignment_id for line in runs.lines_of(db.session, second)] == [later["visit"].id]
    assert runs.lines_of(db.session, second)[0].total_minor == 100_000_001
    assert runs.detail(db.session, run)["visits"] == 1
