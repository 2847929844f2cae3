"""Issue 16 §3 pay arithmetic (server/services/pay/money.py), over generated amounts: the sum
of receipts is exact, the cap is respected, the fee is paid only on approval, an adjustment
is added as given, the total is never negative, and every figure is an int (no float)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from server.domain_errors import Invalid
from server.services.pay import money

amounts = st.integers(min_value=1, max_value=money.MAX_AMOUNT)
bounded = st.integers(min_value=0, max_value=money.MAX_AMOUNT)
adjustments = st.integers(min_value=-money.MAX_AMOUNT, max_value=money.MAX_AMOUNT)
bases = st.sampled_from([money.FEE_AND_RECEIPTS, money.RECEIPTS_ONLY, money.NOTHING])


@given(bases, bounded, bounded, st.lists(amounts, max_size=50), adjustments)
def test_breakdown_rules_hold_for_any_amounts(basis, fee, cap, receipts, adjustment):
    b = money.breakdown(basis, "CNY", fee, cap, receipts, adjustment)
    assert b.receipts_minor == sum(receipts)  # exact, never rounded
    assert 0 <= b.reimbursed_minor <= cap and b.reimbursed_minor <= sum(receipts)
    assert b.total_minor >= 0
    for value in b.as_dict().values():
        assert not isinstance(value, float)
    if basis == money.NOTHING:
        assert b.total_minor == b.reimbursed_minor == b.fee_minor == b.adjustment_minor == 0
        return
    expected_fee = fee if basis == money.FEE_AND_RECEIPTS else 0
    assert b.fee_minor == expected_fee
    assert b.reimbursed_minor == min(sum(receipts), cap)
    raw = expected_fee + min(sum(receipts), cap) + adjustment
    assert b.total_minor == max(raw, 0) and b.clamped == (raw < 0)


@given(bounded, adjustments)
def test_an_adjustment_may_never_make_the_amount_negative(base, adjustment):
    if base + adjustment < 0:
        with pytest.raises(Invalid):
            money.check_adjustment(base, adjustment)
    else:
        money.check_adjustment(base, adjustment)


def test_worked_example_fee_plus_capped_receipts_plus_adjustment():
    # ¥50.00 fee, receipts ¥18.00 + ¥15.50 = ¥33.50 capped at ¥30.00, less ¥5.00 for a late report
    b = money.breakdown(money.FEE_AND_RECEIPTS, "CNY", 5000, 3000, [1800, 1550], -500)
    assert (b.receipts_minor, b.reimbursed_minor, b.total_minor) == (3350, 3000, 7500)
    rejected = money.breakdown(money.RECEIPTS_ONLY, "CNY", 5000, 3000, [1800], 0)
    assert (rejected.fee_minor, rejected.total_minor) == (0, 1800)


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_decimal_text_is_exact(minor):
    text = money.decimal_text(minor, "CNY")
    whole, part = text.lstrip("-").split(".")
    assert len(part) == 2
    assert (int(whole) * 100 + int(part)) * (-1 if text.startswith("-") else 1) == minor
    assert money.decimal_text(1234, "JPY") == "1234"


def test_unknown_currency_is_refused():
    with pytest.raises(Invalid):
        money.check_currency("XXX")
