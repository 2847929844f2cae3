"""Every string printed in a report, in zh-CN and en, plus number and date formatting.

Numbers are rounded only here, at display time: scores on 0-100 with one decimal, means on
the native scale with two, deltas signed with a true minus sign. Templates call `fmt_*` so a
test can format a figure exactly as the PDF shows it. The strings themselves (English msgids by
key) are listed in server.reports.report_strings.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from server.messages import catalogue
from server.reports.report_strings import ENGLISH
from server.services.scoring import anonymity

LOCALES = ("zh-CN", "en")
MINUS = "\u2212"


def text(key: str, locale: str) -> str:
    """The report string `key` in `locale` (English when the catalogue lacks it)."""
    return catalogue(locale).pgettext(key, ENGLISH[key])


#: Every report string in each product language, {key: {locale: text}} (read-only view).
STRINGS: dict[str, dict[str, str]] = {
    key: {locale: text(key, locale) for locale in LOCALES} for key in ENGLISH
}

MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def translator(locale: str) -> Callable[..., str]:
    """Return t(key, **values) for `locale` (unknown locales fall back to English)."""
    translations = catalogue(locale)

    def t(key: str, **values: Any) -> str:
        found = translations.pgettext(key, ENGLISH[key])
        return found.format(**values) if values else found

    return t


def pick(text: dict[str, str] | str | None, locale: str) -> str:
    """Choose the locale's text of a bilingual object, falling back to the other language."""
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    return text.get(locale) or text.get("en") or text.get("zh-CN") or next(iter(text.values()), "")


def fmt_score(value: float | None) -> str:
    """Format a 0-100 figure as printed (one decimal)."""
    return "" if value is None else f"{value:.1f}"


def fmt_mean(value: float | None) -> str:
    """Format a mean on the native scale (two decimals)."""
    return "" if value is None else f"{value:.2f}"


def fmt_delta(value: float | None) -> str:
    """Format a change with its sign; a rounded zero prints as 0.0."""
    if value is None:
        return ""
    text = f"{abs(value):.1f}"
    if text == "0.0":
        return "0.0"
    return ("+" if value > 0 else MINUS) + text


def fmt_date(value: str | date | datetime | None, locale: str) -> str:
    """Format an ISO date (or datetime) as a reader in `locale` writes it."""
    if not value:
        return ""
    if isinstance(value, str):
        value = datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
    if isinstance(value, datetime) and value.tzinfo is not None:
        value = value.astimezone(UTC)  # the server's calendar day, whatever offset it came in
    day = value.date() if isinstance(value, datetime) else value
    if locale == "zh-CN":
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}"


def fmt_month(value: str, locale: str) -> str:
    """Format YYYY-MM."""
    year, month = (int(p) for p in value.split("-")[:2])
    return f"{year}年{month}月" if locale == "zh-CN" else f"{MONTHS_EN[month - 1]} {year}"


def hidden_text(reason: dict[str, Any] | None, locale: str) -> str:
    """Explain in plain words why a figure or group is not shown."""
    t = translator(locale)
    if not reason:
        return t("hidden_no_responses")
    code = reason.get("code")
    if code == "fewer_than":
        return t("hidden_fewer_than", k=reason.get("k", anonymity.DEFAULT_K))
    if code == "back_calculation":
        return t("hidden_back_calculation")
    return t("hidden_no_responses")
