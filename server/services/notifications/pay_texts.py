"""The texts of the shopper pay notifications (issue 16 §3): a visit became payable, a visit
was paid. Amounts come as integer minor units with a currency and are written in the
reader's language from integers only: "¥12.50" (en), "12.50 元" (zh-CN); other currencies
by their code ("USD 12.50", "12.50 USD")."""

from __future__ import annotations

from typing import Any

from server.messages import N_

PAY_TEXTS: dict[str, dict[str, str]] = {
    "visit_payable": {
        "title": N_("Payable: {amount} for {unit}"),
        "body": N_("Your visit to {unit} is approved for payment: {amount}. See Earnings."),
    },
    "visit_paid": {
        "title": N_("Paid: {amount} for {unit}"),
        "body": N_("Your visit to {unit} was paid: {amount}, reference {reference}."),
    },
}
#: Minor-unit digits where not 2 (server/services/pay/money.py CURRENCIES).
_DIGITS = {"JPY": 0}


def amount_text(minor: Any, currency: Any, locale: str) -> str:
    """An amount from integer minor units in `locale`."""
    if minor is None or not currency:
        return ""
    value, code = int(minor), str(currency)
    digits = _DIGITS.get(code, 2)
    whole, part = divmod(abs(value), 10**digits)
    number = ("-" if value < 0 else "") + f"{whole:,}" + (f".{part:0{digits}d}" if digits else "")
    if locale == "zh-CN":
        return f"{number} 元" if code == "CNY" else f"{number} {code}"
    return f"¥{number}" if code == "CNY" else f"{code} {number}"


def pay_values(params: dict[str, Any], locale: str) -> dict[str, str]:
    """The values of a pay text beyond the common ones."""
    return {
        "amount": amount_text(params.get("amount_minor"), params.get("currency"), locale),
        "reference": str(params.get("reference") or ""),
    }
