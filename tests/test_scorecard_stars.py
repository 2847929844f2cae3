"""Service stars from the scorecard (issue 18 §4): with STARS_SCORE_SOURCE = "scorecard" the
stars' one score source (`stars.score.period_scores`) gives each employee their weighted
scorecard score and the answers behind it; the stars' tie rule and minimum apply unchanged.

Hand computation (observations only, November 2026; shipped weights greeting 15, needs 10,
polite 10; every observation answers the three with yes except greeting as planned):
- A: 10 observations, 10 greeted → 100, n 30 → rank 1
- B, C: 10 observations, 8 greeted → (15·80 + 10·100 + 10·100) / 35 = 91.43, n 30 → tie, rank 2
- D: 5 observations, all greeted → 100, n 15 → below a minimum of 20: not eligible
- E: 4 observations → every indicator below its min_n 5: no score at all
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from server.extensions import db
from server.models import ServiceStar
from server.services.scorecard.report import period_cards
from server.services.stars import compute, score
from server.tasks.stars import settings_from
from tests.factories import latest_version, make_campaign, make_user, sync_forms
from tests.test_scorecard_gather import DEFS, TZ, observe
from tests.worlds import store_with_staff

NOW = datetime(2026, 12, 4, tzinfo=UTC)
NOV = (date(2026, 11, 1), date(2026, 11, 30))
PLAN = {"A": (10, 10), "B": (10, 8), "C": (10, 8), "D": (5, 5), "E": (4, 4)}


@pytest.fixture
def unit(app):
    sync_forms()
    world = store_with_staff()
    world["observations"] = make_campaign(
        "360", form={"supervisor": latest_version("supervisor-observation")}
    )
    world["versions"] = {"obs": latest_version("supervisor-observation")}
    people = {}
    for name, (seen, greeted) in PLAN.items():
        person = make_user(name=name, unit_id=world["store"].id, manager_id=world["manager"].id)
        for i in range(seen):
            observe(world, person, greeted=i < greeted)
        people[name] = person
    db.session.commit()
    return world | {"people": people}


def source() -> score.ScorecardSource:
    return score.ScorecardSource(DEFS, TZ, NOW)


def test_period_scores_from_the_scorecard(unit):
    got = score.period_scores(db.session, *NOV, source())
    p = unit["people"]
    assert got[p["A"].id] == score.Observed(100.0, 30, 0)
    assert got[p["B"].id].score == pytest.approx((15 * 80 + 10 * 100 + 10 * 100) / 35)
    assert got[p["B"].id].n == 30
    assert got[p["D"].id] == score.Observed(100.0, 15, 0)
    assert p["E"].id not in got  # not enough data anywhere: no score
    cards = period_cards(db.session, DEFS, "month", NOV[0], by="subject", tz=TZ, now=NOW)
    for person, observed in got.items():
        assert observed.score == pytest.approx(cards[person].card.score)


def test_stars_from_scorecard_scores_ties_and_minimum(unit):
    settings = compute.Settings(count=2, min_observations=20, scorecard=DEFS, timezone=TZ)
    compute.compute_period(db.session, "2026-11", settings, NOW)
    names = {p.id: k for k, p in unit["people"].items()}
    stars = {
        names[s.user_id]: (s.rank, round(s.score, 2), s.n)
        for s in db.session.scalars(select(ServiceStar))
    }
    # B and C tie exactly: both named (3 stars for a count of 2); D is below the minimum
    assert stars == {"A": (1, 100.0, 30), "B": (2, 91.43, 30), "C": (2, 91.43, 30)}


def test_the_default_source_is_the_campaigns(app):
    assert settings_from(app.config).scorecard is None
    app.config["STARS_SCORE_SOURCE"] = "scorecard"
    chosen = settings_from(app.config)
    assert chosen.scorecard is not None and chosen.scorecard.key == DEFS.key
