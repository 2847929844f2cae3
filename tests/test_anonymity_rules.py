"""SPEC §6 anonymity rules over counts, incl. the back-calculation example and properties."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from server.services.scoring.anonymity import (
    BASE_GROUPS,
    ROW_GROUPS,
    ROWS,
    comment_row,
    decide,
    figure_visible,
    thresholds_for,
    visible_rows,
)

T = thresholds_for(None)


def test_defaults_match_spec() -> None:
    assert T == {
        "self": 1,
        "supervisor": 1,
        "peer": 3,
        "subordinate": 3,
        "customer": 3,
        "mystery_shopper": 1,
    }
    assert thresholds_for({"peer": 5})["peer"] == 5


def test_back_calculation_worked_example() -> None:
    """Manager n1, direct reports n3, peers n2: both anonymous groups hidden, pools shown."""
    d = decide({"supervisor": 1, "subordinate": 3, "peer": 2}, T)
    assert d["supervisor"].visible
    assert not d["peer"].visible and d["peer"].hidden_reason == {"code": "fewer_than", "k": 3}
    assert not d["subordinate"].visible
    assert d["subordinate"].hidden_reason == {"code": "back_calculation"}
    assert d["colleagues"].visible and d["colleagues"].n == 5
    assert d["others"].visible and d["others"].n == 6


def test_peer_hidden_while_reports_would_pass_hides_reports() -> None:
    d = decide({"peer": 1, "subordinate": 5}, T)
    assert not d["peer"].visible and not d["subordinate"].visible
    assert d["colleagues"].visible


def test_both_hidden_and_colleagues_below_pooled_threshold() -> None:
    d = decide({"supervisor": 1, "peer": 1, "subordinate": 1}, T)
    assert visible_rows({"supervisor": 1, "peer": 1, "subordinate": 1}, T) == {"supervisor"}
    assert d["colleagues"].hidden_reason == {"code": "fewer_than", "k": 3}
    assert not d["others"].visible  # others - supervisor would give colleagues


def test_empty_anonymous_group_does_not_hide_the_other() -> None:
    d = decide({"peer": 3, "subordinate": 0}, T)
    assert d["peer"].visible and d["colleagues"].visible and d["others"].visible
    assert d["subordinate"].hidden_reason == {"code": "no_responses"}


def test_customer_hidden_below_threshold_independently() -> None:
    d = decide({"customer": 2, "peer": 3, "supervisor": 1}, T)
    assert not d["customer"].visible
    assert d["customer"].hidden_reason == {"code": "fewer_than", "k": 3}
    assert d["peer"].visible and d["others"].visible


def test_colleagues_threshold_is_max_of_peer_and_subordinate() -> None:
    t = thresholds_for({"peer": 2, "subordinate": 4})
    assert decide({"peer": 3}, t)["colleagues"].threshold == 4
    assert not decide({"peer": 3}, t)["colleagues"].visible
    assert decide({"peer": 2, "subordinate": 4}, t)["colleagues"].visible


def test_others_hidden_when_supervisor_hidden() -> None:
    t = thresholds_for({"supervisor": 2})
    d = decide({"supervisor": 1, "peer": 3, "subordinate": 3}, t)
    assert d["colleagues"].visible and not d["others"].visible
    assert d["others"].hidden_reason == {"code": "back_calculation"}


def test_others_equals_supervisor_when_colleagues_empty() -> None:
    d = decide({"supervisor": 1}, T)
    assert d["others"].visible and d["colleagues"].hidden_reason == {"code": "no_responses"}


def test_per_item_threshold_after_na() -> None:
    """Peers n3, reports n3; one peer N/A on item 7 -> item 7 peers and reports hidden."""
    rows = decide({"peer": 3, "subordinate": 3}, T)
    item7 = {"peer": 2, "subordinate": 3}
    assert rows["peer"].visible and rows["subordinate"].visible
    assert not figure_visible("peer", rows, item7, T)
    assert not figure_visible("subordinate", rows, item7, T)
    assert figure_visible("colleagues", rows, item7, T)
    assert figure_visible("others", rows, item7, T)


def test_figure_needs_row_visible() -> None:
    rows = decide({"peer": 2}, T)
    assert not figure_visible("peer", rows, {"peer": 3}, T)


def test_comment_goes_to_most_specific_visible_row() -> None:
    rows = decide({"supervisor": 1, "subordinate": 3, "peer": 2}, T)
    assert comment_row("peer", rows) == "colleagues"
    assert comment_row("subordinate", rows) == "colleagues"
    assert comment_row("supervisor", rows) == "supervisor"
    rows = decide({"peer": 3}, T)
    assert comment_row("peer", rows) == "peer"
    rows = decide({"peer": 2}, T)
    assert comment_row("peer", rows) is None
    assert comment_row("customer", decide({"customer": 2}, T)) is None


# --- Properties: no hidden group can be derived from the visible rows ----------------------


def derivable(group: str, counts: dict[str, int], shown: set[str]) -> bool:
    """True when the group's sum is a linear combination of the shown rows' sums."""
    live = [g for g in BASE_GROUPS if counts.get(g, 0) > 0]
    if group not in live:
        return False
    vectors = [[Fraction(int(g in ROW_GROUPS[r])) for g in live] for r in shown]
    target = [Fraction(int(g == group)) for g in live]
    return _rank(vectors + [target]) == _rank(vectors)


def _rank(rows: list[list[Fraction]]) -> int:
    m = [r[:] for r in rows]
    rank, cols = 0, len(m[0]) if m else 0
    for c in range(cols):
        pivot = next((i for i in range(rank, len(m)) if m[i][c] != 0), None)
        if pivot is None:
            continue
        m[rank], m[pivot] = m[pivot], m[rank]
        for i in range(len(m)):
            if i != rank and m[i][c] != 0:
                f = m[i][c] / m[rank][c]
                m[i] = [a - f * b for a, b in zip(m[i], m[rank], strict=True)]
        rank += 1
    return rank


counts_st = st.fixed_dictionaries({g: st.integers(0, 7) for g in BASE_GROUPS})
thresholds_st = st.fixed_dictionaries({g: st.integers(1, 5) for g in BASE_GROUPS})


@settings(max_examples=400, deadline=None)
@given(counts_st, thresholds_st)
def test_property_no_hidden_group_is_derivable(counts: dict, thresholds: dict) -> None:
    shown = visible_rows(counts, thresholds)
    for g in BASE_GROUPS:
        if 0 < counts[g] < thresholds[g]:
            assert g not in shown
            assert not derivable(g, counts, shown), (g, counts, thresholds, shown)


@settings(max_examples=400, deadline=None)
@given(counts_st, thresholds_st, st.sampled_from(BASE_GROUPS))
def test_property_adding_a_rater_to_a_hidden_group_never_reveals_it(
    counts: dict, thresholds: dict, group: str
) -> None:
    counts[group] = min(counts[group], thresholds[group] - 1)
    if counts[group] == 0 or counts[group] + 1 >= thresholds[group]:
        return
    counts[group] += 1
    shown = visible_rows(counts, thresholds)
    assert group not in shown
    assert not derivable(group, counts, shown)


@settings(max_examples=200, deadline=None)
@given(counts_st, thresholds_st)
def test_property_rows_in_order_and_shown_rows_meet_thresholds(counts: dict, t: dict) -> None:
    d = decide(counts, t)
    assert tuple(d) == ROWS
    for row, dec in d.items():
        if dec.visible:
            assert dec.n > 0
            for g in ROW_GROUPS[row]:
                assert counts[g] == 0 or counts[g] >= t[g] or row in ("colleagues", "others")
