"""The text of the visit notifications (issue 14 §4), for the inbox and e-mail renderer.

One entry per text key: `text_key(kind, params)` is the kind itself, except `review_timer`,
whose text depends on the timer (`review_timer:<rule>`). Each entry has a `title` and a
`body` msgid (English, translated in translations/zh_CN); `text_params(params, locale)`
gives the values to format them with in the reader's language (the unit's name picked from
its bilingual name, hours without a needless ".0", the firing time as "YYYY-MM-DD HH:MM UTC").
Rendering is `messages.localize(entry[part], text_params(params, locale), locale)`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any


def N_(msgid: str) -> str:  # noqa: N802 - marks a msgid for `pybabel extract` (make i18n)
    return msgid


VISIT_TEXTS: dict[str, dict[str, str]] = {
    "visit_approved": {
        "title": N_("Visit approved: {unit}"),
        "body": N_("Your mystery-shop report on {unit} was approved. Thank you."),
    },
    "visit_returned": {
        "title": N_("Visit returned: {unit}"),
        "body": N_("HR returned your report on {unit} for a correction: {reason}"),
    },
    "visit_auto_accepted": {
        "title": N_("Visit accepted automatically: {unit}"),
        "body": N_("Your report on {unit} was accepted by rule: {hours} h without review."),
    },
    "visit_auto_rejected": {
        "title": N_("Visit closed as rejected: {unit}"),
        "body": N_(
            "Your returned report on {unit} was not sent again within {hours} h, so the visit "
            "was closed as rejected by rule."
        ),
    },
    "visit_review_escalated": {
        "title": N_("Visit report waiting too long: {unit}"),
        "body": N_(
            "A mystery-shop report on {unit} has waited {hours} h for review. Review it now."
        ),
    },
    "review_timer:auto_accept_after_hours": {
        "title": N_("Review soon: {unit}"),
        "body": N_(
            "A mystery-shop report on {unit} will be accepted automatically at {fires_at} "
            "unless it is reviewed."
        ),
    },
    "review_timer:escalate_after_hours": {
        "title": N_("Review soon: {unit}"),
        "body": N_(
            "A mystery-shop report on {unit} will be escalated to HR at {fires_at} unless it "
            "is reviewed."
        ),
    },
    "review_timer:auto_reject_after_hours": {
        "title": N_("Send your visit report again: {unit}"),
        "body": N_(
            "Your report on {unit} was returned: {reason}. Send it again before {fires_at}, "
            "or the visit will be closed as rejected."
        ),
    },
}


def text_key(kind: str, params: dict[str, Any]) -> str | None:
    """The VISIT_TEXTS key of a notification, None when the kind is not a visit's."""
    key = f"review_timer:{params.get('timer')}" if kind == "review_timer" else kind
    return key if key in VISIT_TEXTS else None


def text_params(params: dict[str, Any], locale: str) -> dict[str, Any]:
    """The values of a visit notification's text in `locale`."""
    unit = params.get("unit") or {}
    values = {
        "unit": unit.get(locale) or unit.get("en") or unit.get("zh-CN") or "",
        "reason": params.get("reason") or "",
        "hours": _hours(params.get("hours")),
        "fires_at": _when(params.get("fires_at")),
    }
    return values


def _hours(value: Any) -> str:
    if value is None:
        return ""
    number = float(value)
    return str(int(number)) if number.is_integer() else f"{number:g}"


def _when(value: Any) -> str:
    if not value:
        return ""
    return datetime.fromisoformat(str(value)).astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
