"""The scorecard's arithmetic (issue 18 §5): the worked examples and generated cases."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from server.services.scorecard import Tally, indicator_value, load_definitions, points, scorecard
from server.services.scorecard.definitions import Indicator
from tests.test_forms_sync import FORMS_DIR

DEFS = load_definitions(FORMS_DIR / "indicators.yaml")
GREETING = DEFS.indicators["greeting_rate"]


def tally(passed: int, of: int) -> Tally:
    return Tally(of, 100.0 * passed)


def test_greeting_with_equal_source_weights_is_the_mean_of_the_source_rates():
    value = indicator_value(GREETING, {"observation": tally(17, 20), "mystery_shop": tally(9, 10)})
    assert value.value == pytest.approx(87.5)
    assert value.n == 30
    assert value.by_source["observation"].mean == pytest.approx(85.0)


def test_greeting_pooled_counts_every_answer_alike():
    pooled = replace(GREETING, pooled=True)
    value = indicator_value(pooled, {"observation": tally(17, 20), "mystery_shop": tally(9, 10)})
    assert value.value == pytest.approx(100 * 26 / 30)
    assert round(value.value, 1) == 86.7


def test_unequal_source_weights():
    weighted = replace(GREETING, sources={"observation": 1.0, "mystery_shop": 3.0})
    value = indicator_value(weighted, {"observation": tally(17, 20), "mystery_shop": tally(9, 10)})
    assert value.value == pytest.approx((85 + 3 * 90) / 4)


def test_a_source_without_answers_drops_out_and_the_rest_renormalise():
    value = indicator_value(GREETING, {"observation": tally(17, 20)})
    assert value.value == pytest.approx(85.0)


def test_below_min_n_is_not_enough_data():
    value = indicator_value(GREETING, {"mystery_shop": tally(4, 4)})
    assert value.value is None and value.n == 4 and not value.enough


def test_sources_the_indicator_does_not_name_are_ignored():
    value = indicator_value(GREETING, {"customer": tally(0, 50), "mystery_shop": tally(9, 10)})
    assert value.value == pytest.approx(90.0) and value.n == 10


def test_shipped_scorecard_weights_follow_the_method():
    weights = {k: DEFS.weight(k) for k in DEFS.indicators}
    assert weights == {
        "greeting_rate": 15,
        "needs_discovery": 10,
        "first_contact_resolution": 20,
        "resolution_timeliness": 15,
        "polite_language": 10,
        "satisfaction": 30,
    }


def test_the_scorecard_renormalises_over_indicators_with_data():
    card = scorecard(
        DEFS,
        {
            "greeting_rate": {"observation": tally(17, 20), "mystery_shop": tally(9, 10)},
            "satisfaction": {"customer": Tally(10, 800.0)},
            "polite_language": {"mystery_shop": tally(1, 2)},  # n 2 < 5: left out
        },
    )
    assert card.indicators["polite_language"].value is None
    assert card.score == pytest.approx((15 * 87.5 + 30 * 80) / 45)
    assert card.dimensions["proactive_communication"] == pytest.approx(87.5)
    assert card.dimensions["service_attitude"] is None


def test_no_data_at_all_gives_no_score():
    assert scorecard(DEFS, {}).score is None


@pytest.mark.parametrize(
    ("measure", "score", "value", "expected"),
    [
        ("rate", 1.0, None, 100.0),
        ("rate", 0.0, None, 0.0),
        ("rate", 0.75, None, 0.0),  # a 4 on 1–5 does not reach pass_at 100
        ("mean", 0.75, None, 75.0),
        ("duration", None, 24.0, 100.0),
        ("duration", None, 24.5, 0.0),
        ("duration", None, None, None),
        ("rate", None, None, None),
    ],
)
def test_points_per_answer(measure, score, value, expected):
    indicator = Indicator("x", {}, measure, {"s": 1.0}, target=24.0)
    assert points(indicator, score, value) == expected


def test_a_rating_bar_passes_at_and_above_it():
    indicator = Indicator("x", {}, "rate", {"s": 1.0}, pass_at=75.0)
    assert points(indicator, 0.75, None) == 100.0
    assert points(indicator, 0.5, None) == 0.0


answers = st.lists(st.booleans(), max_size=40)


@given(
    by_source=st.dictionaries(
        st.sampled_from(["mystery_shop", "observation", "customer"]), answers
    ),
    weights=st.tuples(st.floats(0.1, 10), st.floats(0.1, 10)),
)
def test_an_indicator_stays_within_0_100_and_equals_the_hand_computation(by_source, weights):
    indicator = replace(
        GREETING, sources={"mystery_shop": weights[0], "observation": weights[1]}, min_n=1
    )
    tallies = {s: Tally(len(a), 100.0 * sum(a)) for s, a in by_source.items()}
    value = indicator_value(indicator, tallies)
    rates = {s: 100 * sum(a) / len(a) for s, a in by_source.items() if a and s in indicator.sources}
    if not rates:
        assert value.value is None
        return
    w = indicator.sources
    expected = sum(w[s] * r for s, r in rates.items()) / sum(w[s] for s in rates)
    assert value.value == pytest.approx(expected)
    assert 0 <= value.value <= 100


@given(
    st.dictionaries(
        st.sampled_from(sorted(DEFS.indicators)),
        st.tuples(st.integers(0, 30), st.floats(0, 1)),
    )
)
def test_the_weighted_score_stays_within_0_100_and_equals_the_hand_computation(data):
    tallies = {}
    for key, (n, share) in data.items():
        source = next(iter(DEFS.indicators[key].sources))
        tallies[key] = {source: Tally(n, 100.0 * share * n)}
    card = scorecard(DEFS, tallies)
    present = {k: 100.0 * share for k, (n, share) in data.items() if n >= DEFS.indicators[k].min_n}
    if not present:
        assert card.score is None
        return
    expected = sum(DEFS.weight(k) * v for k, v in present.items()) / sum(
        DEFS.weight(k) for k in present
    )
    assert card.score == pytest.approx(expected)
    assert 0 <= card.score <= 100
