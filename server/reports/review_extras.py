"""Display choices of the review PDF added for issue 15: job titles in one language, one row
for peers when nobody else pools with them, "not asked" versus "too few responses", the rank
in words that make sense for a small unit, and the employee's response and plan.

Renders only: no new numbers beyond counts read back from the review's own figures.
"""

from __future__ import annotations

import re
from typing import Any

from server.reports.i18n import pick, translator

_CJK = re.compile(r"[\u3400-\u9fff]")
SMALL_UNIT = 5


def job_title(text: str | None, locale: str) -> str:
    """A title stored in both languages ("Team Lead / 组长") in the reader's language only."""
    if not text:
        return ""
    parts = [p.strip() for p in re.split(r"\s*[/／|]\s*", text) if p.strip()]
    if len(parts) < 2:
        return text.strip()
    want_cjk = locale.startswith("zh")
    chosen = [p for p in parts if bool(_CJK.search(p)) == want_cjk]
    return chosen[0] if chosen else parts[0]


def peer_only(review: dict[str, Any]) -> bool:
    """Peers and "peers and direct reports" are the same people: no direct report answered."""
    rows = {r["key"]: r for r in review.get("rows", [])}
    peer, col, sub = rows.get("peer"), rows.get("colleagues"), rows.get("subordinate")
    return bool(
        peer and col and peer.get("visible") and col.get("visible") and (sub or {}).get("n") == 0
    )


def missing_mark(review: dict[str, Any], row: str, key: str) -> str:
    """What an absent figure of a visible row means: "na" (its forms do not ask it) or "few"."""
    asked = (review.get("asked") or {}).get(row)
    if asked is not None and key not in asked:
        return "na"
    return "few"


def rank_lines(rank: dict[str, Any] | None, locale: str) -> list[str]:
    """The rank in words: "2 of 2 in the unit" and, for units of 5 or more, how many people
    the index is higher than; a small unit gets a reading note instead of a percentage."""
    if not rank:
        return []
    t = translator(locale)
    of = int(rank["of"])
    lines = [t("rank_in_unit", rank=rank["rank"], of=of)]
    if of < SMALL_UNIT:
        lines.append(t("rank_small_unit", of=of))
    elif rank.get("percentile") is not None:
        lower = round(float(rank["percentile"]) * (of - 1) / 100)
        lines.append(t("rank_higher", lower=lower, others=of - 1))
    return lines


def plan_goals(review: dict[str, Any], locale: str) -> list[dict[str, Any]]:
    """The plan's goals with their focus label in the report's language."""
    goals = (review.get("plan") or {}).get("goals") or []
    return [{**g, "label": pick(g.get("label"), locale)} for g in goals]


def previous_goals(review: dict[str, Any], locale: str) -> list[dict[str, Any]]:
    """The previous plan's goals, each with its item's score then, now and the change."""
    return [{**g, "label": pick(g.get("label"), locale)} for g in review.get("previous_plan") or []]
