"""The pay arithmetic, in integer minor units (fen for CNY): never floats, never rounded.

A visit pays `fee + min(sum of receipts, cap) + adjustment` when approved; a visit closed as
rejected pays nothing, or, when its terms say `reimburse_on_reject`, `min(receipts, cap) +
adjustment` (no fee). The total is never negative: an adjustment that would take it below
zero is refused when HR sets it (`check_adjustment`), and `breakdown` clamps at zero should
terms edited afterwards lower the base (the clamp is reported as `clamped`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from server.domain_errors import Invalid

#: ISO 4217 currencies accepted, with their minor-unit digits (CNY: 2, fen).
CURRENCIES = {"CNY": 2, "HKD": 2, "USD": 2, "EUR": 2, "GBP": 2, "JPY": 0}
#: Largest fee, cap, expense or |adjustment| in minor units (1,000,000.00 CNY).
MAX_AMOUNT = 100_000_000
#: Why a visit pays: its fee and receipts, its receipts only (rejected, reimbursed), nothing.
FEE_AND_RECEIPTS, RECEIPTS_ONLY, NOTHING = "fee_and_receipts", "receipts_only", "none"


@dataclass(frozen=True)
class Breakdown:
    """What one visit pays and why, every amount in minor units of `currency`."""

    basis: str
    currency: str
    fee_minor: int
    receipts_minor: int
    cap_minor: int
    reimbursed_minor: int
    adjustment_minor: int
    total_minor: int
    clamped: bool

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def breakdown(
    basis: str,
    currency: str,
    fee: int,
    cap: int,
    receipts: Iterable[int],
    adjustment: int,
) -> Breakdown:
    """The payable amount of a visit: fee (when approved) + receipts capped + adjustment."""
    spent = sum(receipts)
    reimbursed = min(spent, max(cap, 0)) if basis != NOTHING else 0
    paid_fee = fee if basis == FEE_AND_RECEIPTS else 0
    adjusted = adjustment if basis != NOTHING else 0
    raw = paid_fee + reimbursed + adjusted
    return Breakdown(
        basis=basis,
        currency=currency,
        fee_minor=paid_fee,
        receipts_minor=spent,
        cap_minor=cap,
        reimbursed_minor=reimbursed,
        adjustment_minor=adjusted,
        total_minor=max(raw, 0),
        clamped=raw < 0,
    )


def check_adjustment(base_minor: int, adjustment: int) -> None:
    """Refuse an adjustment that would make the visit's total negative."""
    if base_minor + adjustment < 0:
        raise Invalid(
            "invalid",
            "An adjustment cannot make the amount negative.",
            {"fields": {"amount_minor": "below_zero"}},
        )


def check_currency(currency: str) -> str:
    """A supported ISO currency code."""
    if currency not in CURRENCIES:
        raise Invalid("invalid", "Unsupported currency.", {"fields": {"currency": "unsupported"}})
    return currency


def decimal_text(amount_minor: int, currency: str) -> str:
    """The amount as exact decimal text for finance ("1234.50"), from integers only."""
    digits = CURRENCIES.get(currency, 2)
    sign = "-" if amount_minor < 0 else ""
    whole, part = divmod(abs(amount_minor), 10**digits)
    return f"{sign}{whole}.{part:0{digits}d}" if digits else f"{sign}{whole}"
