"""A small unit for the service-star tests, hand-computed (rating form of 3 items on 1-5:
all answers v give a form score of 25·(v−1)).

Unit "Store 1" (team), November 2026, one released 360 campaign ending 2026-11-30, default
thresholds (supervisor 1, peer 3, customer 3), supervisor rows only in the index:
- A: 3 supervisor ratings of 5 → 100, n 3 → rank 1
- B: 4 ratings of 4 → 75, n 4 → rank 2 (same score as C and D, more observations)
- C: 3 ratings of 4 → 75, n 3 → rank 3 (exact tie with D: both named)
- D: 3 ratings of 4 → 75, n 3 → rank 3
- E: 2 ratings of 5 → 100, n 2 → below the minimum of 3: not eligible (league figure only)
       plus 2 customer answers of 1 (hidden: customer threshold 3)
- F: 3 ratings of 3 → 50, n 3 → rank 5
       plus 2 peer answers of 5 (hidden: colleagues n 2 < 3)
Stars (count 3, minimum 3): A, B, C, D. League figure: (100+75+75+75+100+50)/6 = 79.1666….
"""

from __future__ import annotations

from datetime import date
from typing import Any

from server.extensions import db
from tests.factories import add_submission, campaign_and_form, make_unit, make_user

PLAN = {
    "A": [5, 5, 5],
    "B": [4, 4, 4, 4],
    "C": [4, 4, 4],
    "D": [4, 4, 4],
    "E": [5, 5],
    "F": [3, 3, 3],
}
HIDDEN = {"E": ("customer", [1, 1]), "F": ("peer", [5, 5])}


def answers(value: int) -> dict[str, Any]:
    return {"q1": value, "q2": value, "q3": value}


def build(period_end: date = date(2026, 11, 30), unit: Any = None, **fields: Any) -> dict[str, Any]:
    """The unit above; returns {"unit", "campaign", "form", "people": {letter: User}, "boss"}."""
    unit = unit or make_unit(name={"en": "Store 1", "zh-CN": "一号店"}, path="Co/Store 1")
    boss = make_user(name="Boss", unit_id=unit.id)
    people = {k: make_user(name=f"Person {k}", unit_id=unit.id, manager_id=boss.id) for k in PLAN}
    campaign, form = campaign_and_form(
        status="released", period_start=date(2026, 11, 1), period_end=period_end, **fields
    )
    for key, values in PLAN.items():
        for v in values:
            add_submission(campaign, form, people[key].id, "supervisor", answers(v))
    for key, (group, values) in HIDDEN.items():
        for v in values:
            add_submission(campaign, form, people[key].id, group, answers(v))
    db.session.commit()
    return {"unit": unit, "campaign": campaign, "form": form, "people": people, "boss": boss}
