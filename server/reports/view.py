"""Turn the review data (REVIEW.md) into what the template prints: no new numbers, only choices.

Hidden rows are dropped here a second time (defence in depth): a figure or comment keyed by a
row that is not visible never reaches the template, even if a producer leaked it.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

from markupsafe import Markup

from server.reports import charts, review_extras
from server.reports.i18n import STRINGS, hidden_text, pick, translator
from server.services.scoring.derived import comparable

PhotoLoader = Callable[[str], bytes | None]
BASE_ROWS = ("self", "supervisor", "peer", "subordinate", "customer", "mystery_shopper")
STRENGTH_BASIS = ("others", "colleagues", "supervisor", "customer", "mystery_shopper")


def visible_rows(review: dict[str, Any]) -> list[dict[str, Any]]:
    """Rows that may be printed, in the contract's order; "colleagues" is left out when it
    is the peers row again (no direct report answered: one row, not two identical ones)."""
    skip = "colleagues" if review_extras.peer_only(review) else None
    return [r for r in review.get("rows", []) if r.get("visible") and r["key"] != skip]


def cover_rows(review: dict[str, Any], locale: str) -> list[dict[str, Any]]:
    """Responses per group for the cover: n for visible rows, the reason for hidden ones.

    Groups nobody answered are left out, unless nobody answered at all (then each says so).
    """
    t = translator(locale)
    out = []
    # Hidden rows carry n None (their size is not shown); n 0 means nobody answered.
    answered = any(r.get("n") != 0 for r in review.get("rows", []))
    shown = {r["key"] for r in visible_rows(review)}
    for row in review.get("rows", []):
        if row["key"] not in BASE_ROWS and row["key"] not in shown:
            continue
        if answered and row.get("n") == 0:  # e.g. the 360 groups of a mystery-shop campaign
            continue
        if row.get("visible"):
            n = row["n"]
            text = t("n_response") if n == 1 else t("n_responses", n=n)
        else:
            text = hidden_text(row.get("hidden_reason"), locale)
        out.append(
            {
                "key": row["key"],
                "label": t(f"row_{row['key']}"),
                "text": text,
                "visible": bool(row.get("visible")),
                "marker": Markup(charts.legend_marker(row["key"])),
            }
        )
    return out


def competency_view(review: dict[str, Any], locale: str) -> dict[str, Any]:
    """Chart groups and table rows for the competency section."""
    t = translator(locale)
    rows = [r for r in visible_rows(review) if r.get("competencies")]
    groups, table = [], []
    for comp in review.get("competencies", []):
        lines = [
            (r["key"], t(f"row_{r['key']}"), r["competencies"][comp["key"]]["score"])
            for r in rows
            if comp["key"] in r["competencies"]
        ]
        if not lines:
            continue
        name = pick(comp["name"], locale)
        groups.append(charts.ChartGroup(name, lines))
        table.append(
            {
                "key": comp["key"],
                "name": name,
                "cells": [r["competencies"].get(comp["key"], {}).get("score") for r in rows],
            }
        )
    chart = Markup(charts.competency_chart(groups)) if groups else None
    return {"rows": rows, "chart": chart, "table": table}


def strengths(review: dict[str, Any], locale: str) -> dict[str, Any] | None:
    """Highest and lowest competencies of the most inclusive visible rater group."""
    rows = {r["key"]: r for r in visible_rows(review) if r.get("competencies")}
    basis = next((k for k in STRENGTH_BASIS if k in rows), None)
    if basis is None:
        return None
    names = {c["key"]: pick(c["name"], locale) for c in review.get("competencies", [])}
    scored = sorted(
        ((v["score"], k) for k, v in rows[basis]["competencies"].items()),
        key=lambda p: (-comparable(p[0]), p[1]),  # exact ties by key (SPEC §6)
    )
    take = min(3, len(scored) // 2) or 1

    def entry(p: tuple[float, str]) -> dict[str, Any]:
        return {"name": names.get(p[1], p[1]), "score": p[0]}

    return {
        "basis": translator(locale)(f"row_{basis}"),
        "top": [entry(p) for p in scored[:take]],
        "bottom": [entry(p) for p in reversed(scored[-take:])] if len(scored) > 1 else [],
    }


def _item_line(
    item: dict[str, Any], visible: list[str], t: Callable[..., str], trend: Any
) -> dict[str, Any]:
    """One table line: a score per visible row, the main row's distribution and flags."""
    data = {k: item["rows"][k] for k in visible if k in item.get("rows", {})}
    main = next(
        (
            k
            for k in ("others", "colleagues", "supervisor", "customer", "self")
            if k in data and data[k].get("distribution")
        ),
        None,
    )
    scale = item.get("scale") or {}
    dist = (
        charts.distribution_bar(
            data[main]["distribution"], scale.get("min", 1), scale.get("max", 5)
        )
        if main and scale
        else ""
    )
    delta = trend.get(item["id"]) if "others" in data else None
    return {
        "data": data,
        "main": t(f"row_{main}") if main else "",
        "dist": Markup(dist),
        "main_mean": data[main].get("mean") if main else None,
        "disagree": [t(f"row_{k}") for k, v in data.items() if v.get("disagree")],
        "trend": t("not_comparable")
        if isinstance(delta, str)
        else Markup(charts.trend_mark(delta)),
    }


RATER_ROWS = {"self", "supervisor", "peer", "subordinate", "colleagues", "others"}


def _group_key(item: dict[str, Any], line: dict[str, Any]) -> str:
    """360 items group by competency; customer-survey items form one group of their own."""
    if line["data"] and not RATER_ROWS & set(line["data"]):
        return "_customer"
    return item.get("competency") or ""


def item_groups(review: dict[str, Any], locale: str) -> list[dict[str, Any]]:
    """Items grouped by competency: one line each, one column per visible row with data."""
    t = translator(locale)
    rows = {r["key"]: r for r in visible_rows(review)}
    trend = (review.get("trend") or {}).get("items", {})
    names = {c["key"]: pick(c["name"], locale) for c in review.get("competencies", [])}
    names["_customer"] = t("customer_items")
    groups: dict[str, dict[str, Any]] = {}
    for item in review.get("items", []):
        line = _item_line(item, list(rows), t, trend)
        line["label"] = pick(item["label"], locale)
        line["id"] = item["id"]
        key = _group_key(item, line)
        group = groups.setdefault(key, {"name": names.get(key, key), "items": [], "keys": set()})
        group["items"].append(line)
        group["keys"].update(line["data"])
    for group in groups.values():
        group["columns"] = [
            {"key": k, "label": t(f"short_{k}"), "n": rows[k]["n"]}
            for k in rows
            if k in group["keys"]
        ]
    ordered = sorted(groups.items(), key=lambda kv: kv[0] == "_customer")
    return [g for _k, g in ordered]


def _data_uri(data: bytes | None) -> str | None:
    if not data:
        return None
    mime = (
        "image/png"
        if data.startswith(b"\x89PNG")
        else "image/webp"
        if data[8:12] == b"WEBP"
        else "image/jpeg"
    )
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def visits(review: dict[str, Any], photo_loader: PhotoLoader) -> list[dict[str, Any]]:
    """Mystery-shop visits with their thumbnails embedded as data URIs."""
    shop = review.get("mystery_shop") or {}
    if not shop.get("visible"):
        return []
    out = []
    for visit in shop.get("visits", []):
        photos = [_data_uri(photo_loader(p["sha256"])) for p in visit.get("photos", [])]
        out.append({**visit, "photo_uris": photos})
    return out


def comments(review: dict[str, Any], locale: str) -> list[dict[str, Any]]:
    """Comments of visible rows; customers' are printed with the customer feedback instead."""
    t = translator(locale)
    by_row = review.get("comments") or {}
    out = []
    for row in visible_rows(review):
        entries = by_row.get(row["key"]) or []
        if row["key"] in ("others", "customer") or not entries:
            continue
        questions: dict[str, dict[str, Any]] = {}
        for entry in entries:
            q = questions.setdefault(
                entry.get("question_id", ""),
                {"label": pick(entry.get("question_label"), locale), "texts": []},
            )
            q["texts"].append(entry["text"])
        out.append(
            {
                "key": row["key"],
                "label": t(f"row_{row['key']}"),
                "questions": list(questions.values()),
            }
        )
    return out


def action_items(review: dict[str, Any], locale: str) -> list[dict[str, Any]]:
    """Open action items: title, the review row they come from, status and date (SPEC §6:
    only items of shown rows reach the review, dated to the day, never timed)."""
    t = translator(locale)
    out = []
    for item in review.get("action_items") or []:
        if item.get("status") == "closed":
            continue
        row = item.get("row")
        out.append(
            {
                "title": pick(item.get("title"), locale),
                "status": _status(item.get("status", "open"), locale),
                "row": t(f"row_{row}") if f"row_{row}" in STRINGS else "",
                "date": item.get("date"),
            }
        )
    return out


def _status(status: str, locale: str) -> str:
    key = f"status_{status}"
    return translator(locale)(key) if key in STRINGS else status


def plan_focus(review: dict[str, Any], locale: str, strong: dict[str, Any] | None) -> list[str]:
    """Suggested development-plan focus: lowest competencies, then blind spots."""
    names = {c["key"]: pick(c["name"], locale) for c in review.get("competencies", [])}
    focus = [e["name"] for e in (strong or {}).get("bottom", [])]
    for gap in (review.get("gaps") or {}).get("competencies", []):
        name = names.get(gap["key"], gap["key"])
        if gap.get("flag") == "blind_spot" and name not in focus:
            focus.append(name)
    return focus
