"""Properties of service stars (issue 14 §5), generated with hypothesis:
- stars ⊆ eligible, and more stars than the count only through exact ties at the last rank;
- a hidden group never changes stars or league figures: answers of a group that stays hidden
  (customers under 3, peers under the colleagues threshold) may change or be added freely."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from server.extensions import db
from server.services.scoring.derived import comparable
from server.services.stars import score, selection
from tests import stars_world
from tests.factories import add_submission, campaign_and_form, make_unit, make_user

observed = st.builds(
    score.Observed,
    score=st.sampled_from([0.0, 25.0, 50.0, 62.5, 75.0, 100.0]) | st.floats(0, 100),
    n=st.integers(0, 6),
    campaigns=st.just(1),
)


@given(
    scores=st.dictionaries(st.integers(1, 40), observed, max_size=15),
    count=st.integers(1, 5),
    minimum=st.integers(0, 5),
)
def test_stars_are_eligible_and_at_most_count_unless_tied(scores, count, minimum):
    chosen = selection.stars(scores, count, minimum)
    eligible = selection.eligible(scores, minimum)
    assert {s.user_id for s in chosen} <= set(eligible)
    key = {u: (comparable(o.score), o.n) for u, o in eligible.items()}
    for s in chosen:
        assert s.rank == 1 + sum(1 for k in key.values() if k > key[s.user_id])
        assert s.rank <= count
    if len(chosen) > count:  # only exact ties at the last rank push past the count
        last = max(s.rank for s in chosen)
        tied = [s for s in chosen if s.rank == last]
        assert len({key[s.user_id] for s in tied}) == 1 and len(tied) >= 2
    # nobody eligible ahead of a star is left out
    named = {s.user_id for s in chosen}
    for s in chosen:
        assert all(u in named for u, k in key.items() if k > key[s.user_id])


values = st.lists(st.integers(1, 5), min_size=0, max_size=4)
hidden = st.lists(st.integers(1, 5), min_size=0, max_size=2)  # stays under 3: always hidden


def _period_view(people: dict[str, Any]) -> tuple[list[Any], float | None]:
    scores = score.period_scores(db.session, date(2026, 11, 1), date(2026, 11, 30))
    mine = {p.id: scores[p.id] for p in people.values() if p.id in scores}
    return selection.stars(mine, 3, 3), selection.unit_figure(mine)


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    plan=st.lists(st.tuples(values, hidden, hidden), min_size=1, max_size=5),
    changed=st.lists(st.tuples(hidden, hidden), min_size=5, max_size=5),
)
def test_hidden_groups_never_change_stars_or_league(app, plan, changed):
    unit = make_unit()
    people = {str(i): make_user(unit_id=unit.id) for i in range(len(plan))}
    before_c, form = campaign_and_form(status="released", period_end=date(2026, 11, 30))
    after_c, form2 = campaign_and_form(status="draft", period_end=date(2026, 11, 30))
    for i, (sup, customers, peers) in enumerate(plan):
        pid = people[str(i)].id
        for campaign, fv, cust, peer in (
            (before_c, form, customers, peers),
            (after_c, form2, *changed[i]),
        ):
            for v in sup:
                add_submission(campaign, fv, pid, "supervisor", stars_world.answers(v))
            for v in cust:
                add_submission(campaign, fv, pid, "customer", stars_world.answers(v))
            for v in peer:
                add_submission(campaign, fv, pid, "peer", stars_world.answers(v))
    db.session.commit()
    first = _period_view(people)
    # swap: the twin campaign (same visible answers, other hidden answers) counts instead
    before_c.status, after_c.status = "draft", "released"
    db.session.commit()
    assert _period_view(people) == first
    after_c.status = "draft"  # keep both out of later examples (other people anyway)
    db.session.commit()
