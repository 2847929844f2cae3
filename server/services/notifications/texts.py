"""The words of a notification, in the reader's language, from its kind and params.

Nothing readable is stored: a notification keeps `kind` + `params`, and this module turns
them into a title and a body (English msgids, translated in translations/zh_CN) when the
inbox is read or the e-mail is written, so each reader gets their own language.

Params any emitter may use (all optional, JSON values):
- `campaign`: the campaign's bilingual name {"en": …, "zh-CN": …};
- `title`: a bilingual (or plain) line shown as the body (an action item's title);
- `reason`: free text (a returned visit's reason);
- `relationship`, `subject`, `unit`, `due`, `window_start`, `window_end`, `days`: the task
  reminders and "opened" events describe (`subject` is the person the reader rates: their
  own task; never the people who rate the reader).
"""

from __future__ import annotations

from typing import Any

from server.messages import N_, localize
from server.services.notifications.pay_texts import PAY_TEXTS, pay_values

TITLES = {
    "assignment_opened": N_("New task: {campaign}"),
    "visit_opened": N_("New visit: {unit}"),
    "reminder": N_("Reminder: {campaign}"),
    "review_released": N_("Your review is ready"),
    "action_assigned": N_("An action item was assigned to you"),
    "action_overdue": N_("An action item is overdue"),
    "action_escalated": N_("An action item was escalated"),
    "visit_approved": N_("Your visit was approved"),
    "visit_returned": N_("Your visit was returned"),
    "visit_auto_accepted": N_("Your visit was accepted automatically"),
    "visit_auto_rejected": N_("Your visit was closed as rejected"),
    "review_timer": N_("A visit is waiting for your review"),
    "webhook_disabled": N_("A webhook endpoint was disabled after repeated failures"),
    "job_cancelled": N_("Job cancelled: {unit}"),
}

TASKS = {
    "self": N_("your self-assessment"),
    "rate": N_("your rating of {subject}"),
    "visit": N_("your visit to {unit}"),
}
DUE_IN = N_("{task} is due in {days} days ({due}).")
DUE_TOMORROW = N_("{task} is due tomorrow ({due}).")
DUE_TODAY = N_("{task} is due today ({due}).")
OPENED = N_("Please complete {task} by {due}.")
VISIT = N_("Visit window: {start} to {end}.")
RELEASED = N_("Your review of {campaign} has been released. You can read it now.")
REASON = N_("Reason: {reason}")
IN_CAMPAIGN = N_("Campaign: {campaign}")


def pick(value: Any, locale: str) -> str:
    """A bilingual value in `locale` (or a plain value as text)."""
    if isinstance(value, dict):
        found = value.get(locale) or value.get("en") or value.get("zh-CN")
        return str(found or next(iter(value.values()), ""))
    return "" if value is None else str(value)


def _values(params: dict[str, Any], locale: str) -> dict[str, str]:
    keys = ("campaign", "unit", "subject", "title", "reason", "due", "days")
    values = {k: pick(params.get(k), locale) for k in keys}
    values["start"] = pick(params.get("window_start"), locale)[:16].replace("T", " ")
    values["end"] = pick(params.get("window_end"), locale)[:16].replace("T", " ")
    return values


def task_phrase(params: dict[str, Any], locale: str, values: dict[str, str]) -> str:
    """'your self-assessment', 'your rating of Li Wei', 'your visit to Store 1'."""
    relationship = params.get("relationship")
    if relationship == "mystery_shopper":
        key = "visit"
    elif relationship == "self" or not values["subject"]:
        key = "self"
    else:
        key = "rate"
    text = localize(TASKS[key], values, locale)
    return text[:1].upper() + text[1:] if locale == "en" else text


def _reminder_body(params: dict[str, Any], locale: str, values: dict[str, str]) -> str:
    task = task_phrase(params, locale, values)
    days = int(params.get("days") or 0)
    template = DUE_TODAY if days <= 0 else DUE_TOMORROW if days == 1 else DUE_IN
    return localize(template, {**values, "task": task}, locale)


def _body(kind: str, params: dict[str, Any], locale: str, values: dict[str, str]) -> str:
    if kind == "reminder":
        return _reminder_body(params, locale, values)
    if kind == "assignment_opened":
        task = task_phrase(params, locale, values)
        return localize(OPENED, {**values, "task": task[:1].lower() + task[1:]}, locale)
    if kind == "visit_opened":
        return localize(VISIT, values, locale)
    if kind == "review_released":
        return localize(RELEASED, values, locale)
    parts = [values["title"]] if values["title"] else []
    if values["reason"]:
        parts.append(localize(REASON, values, locale))
    if not parts and values["campaign"]:
        parts.append(localize(IN_CAMPAIGN, values, locale))
    return " ".join(parts)


def render(kind: str, params: dict[str, Any] | None, locale: str) -> dict[str, str]:
    """{"title", "body"} of a notification in `locale`."""
    params = params or {}
    values = _values(params, locale)
    if kind in PAY_TEXTS:  # shopper pay (issue 16): amounts in the reader's language
        values.update(pay_values(params, locale))
        texts = PAY_TEXTS[kind]
        return {part: localize(texts[part], values, locale) for part in ("title", "body")}
    title = localize(TITLES.get(kind, N_("Notification")), values, locale)
    return {"title": title, "body": _body(kind, params, locale, values)}
