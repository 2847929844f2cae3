"""Parts of the review dict (see server.services.reviews.review): rows, items, gaps, top and
bottom items, mystery-shop visits, the customer block, comments and action items."""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import ActionItem, Attachment, OrgUnit, Submission, SubmissionAttachment
from server.services.scoring import aggregation
from server.services.scoring.aggregation import Facts, ItemFigure, SubjectAggregate
from server.services.scoring.anonymity import ANONYMOUS, ROWS, Decision, comment_row
from server.services.scoring.derived import comparable

_shuffle = random.SystemRandom().shuffle


def questions(definition: Mapping[str, Any]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Return (section, question) pairs of a definition in form order."""
    return [(s, q) for s in definition["sections"] for q in s["questions"]]


def unit_names(session: Session, ids: set[int | None]) -> dict[int, dict[str, str]]:
    """Return {unit id: bilingual name} for the given ids."""
    wanted = [i for i in ids if i is not None]
    if not wanted:
        return {}
    return dict(
        session.execute(select(OrgUnit.id, OrgUnit.name).where(OrgUnit.id.in_(wanted))).all()
    )


def _when(sub: Submission) -> Any:
    return sub.completed_at or sub.received_at


def _photos(session: Session, ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    rows = session.execute(
        select(
            SubmissionAttachment.submission_id,
            SubmissionAttachment.question_id,
            Attachment.sha256,
            Attachment.mime_type,
        )
        .join(Attachment, Attachment.sha256 == SubmissionAttachment.attachment_sha256)
        .where(SubmissionAttachment.submission_id.in_(ids))
        .order_by(SubmissionAttachment.question_id, Attachment.sha256)
    )
    out: dict[str, list[dict[str, Any]]] = {}
    for sid, qid, sha, mime in rows:
        out.setdefault(sid, []).append({"sha256": sha, "question_id": qid, "mime_type": mime})
    return out


def _visit(
    sub: Submission,
    definition: Mapping[str, Any],
    units: Mapping[int, Any],
    photos: Mapping[str, list[dict[str, Any]]],
) -> dict[str, Any]:
    labels = {q["id"]: q["label"] for _, q in questions(definition)}
    narrative = next(
        (
            sub.answers.get(q["id"])
            for _, q in questions(definition)
            if q["type"] == "text"
            and q.get("comment")
            and isinstance(sub.answers.get(q["id"]), str)
        ),
        None,
    )
    scores = sub.section_scores or {}
    return {
        "submission_id": sub.id,
        "date": _when(sub).date().isoformat(),
        "unit": units.get(sub.unit_id) if sub.unit_id else None,
        "form_score": sub.form_score,
        "outcome": sub.outcome,
        "sections": [
            {"id": s["id"], "title": s["title"], "score": scores.get(s["id"])}
            for s in definition["sections"]
        ],
        "critical_failures": [
            {"id": q, "label": labels.get(q)} for q in sub.critical_failures or []
        ],
        "narrative": narrative or None,
        "photos": photos.get(sub.id, []),
    }


def mystery_shop(
    session: Session, agg: SubjectAggregate, definitions: Mapping[int, dict[str, Any]]
) -> dict[str, Any]:
    """The employee's approved visits and their roll-up per unit and month."""
    decision = agg.decisions["mystery_shopper"]
    ids = [f.id for f in agg.submissions if f.relationship == "mystery_shopper"]
    if not decision.visible or not ids:
        return {
            "visible": False,
            "hidden_reason": decision.hidden_reason,
            "visits": [],
            "rollup": [],
        }
    subs = sorted(
        session.scalars(select(Submission).where(Submission.id.in_(ids))),
        key=lambda s: (_when(s), s.id),
    )
    units = unit_names(session, {s.unit_id for s in subs})
    photos = _photos(session, ids)
    visits = [_visit(s, definitions[s.form_version_id], units, photos) for s in subs]
    keyed = [(s.unit_id, _when(s).strftime("%Y-%m"), s.form_score, s.id) for s in subs]
    rollup = aggregation.mystery_rollup(keyed, aggregation.pooled_points(session, ids))
    for entry in rollup:
        entry["unit"] = units.get(entry["unit"]) if entry["unit"] else None
    return {"visible": True, "hidden_reason": None, "visits": visits, "rollup": rollup}


def _nps(distribution: Mapping[float, int] | None, n: int) -> float | None:
    if not distribution or n == 0:
        return None
    promoters = sum(c for v, c in distribution.items() if v >= 9)
    detractors = sum(c for v, c in distribution.items() if v <= 6)
    return 100.0 * (promoters - detractors) / n


def customer(agg: SubjectAggregate, definition: Mapping[str, Any] | None) -> dict[str, Any]:
    """Customer block: satisfaction = the form's first rating question not on 0-10;
    recommendation = its first rating question on a 0-10 scale (NPS: 9-10 minus 0-6)."""
    decision = agg.decisions["customer"]
    out: dict[str, Any] = {
        "visible": decision.visible,
        "n": shown_n(decision),
        "hidden_reason": decision.hidden_reason,
        "form_score": None,
        "satisfaction": None,
        "recommendation": None,
    }
    if not decision.visible or definition is None:
        return out
    out["form_score"] = agg.form_scores.get("customer", (None, 0))[0]
    ratings = [q for _, q in questions(definition) if q["type"] == "rating"]
    sat = next((q for q in ratings if (q["scale"]["min"], q["scale"]["max"]) != (0, 10)), None)
    rec = next((q for q in ratings if (q["scale"]["min"], q["scale"]["max"]) == (0, 10)), None)
    if sat and (fig := agg.items.get(sat["id"], {}).get("customer")):
        out["satisfaction"] = {
            "mean": fig.mean,
            "scale": {"min": sat["scale"]["min"], "max": sat["scale"]["max"]},
        }
    if rec and (fig := agg.items.get(rec["id"], {}).get("customer")):
        out["recommendation"] = {"mean": fig.mean, "nps": _nps(fig.distribution, fig.n), "n": fig.n}
    return out


def comments(
    session: Session, agg: SubjectAggregate, definitions: Mapping[int, dict[str, Any]]
) -> dict[str, list[dict[str, Any]]]:
    """Comments under the most specific visible row of their rater, shuffled, anonymous.

    Mystery-shop comments are the visit narrative and appear with the visit instead.
    """
    facts: dict[str, Facts] = {
        f.id: f for f in agg.submissions if f.relationship != "mystery_shopper"
    }
    out: dict[str, list[dict[str, Any]]] = {}
    if not facts:
        return out
    answers = session.execute(
        select(Submission.id, Submission.answers).where(Submission.id.in_(list(facts)))
    )
    for sid, given in answers:
        fact = facts[sid]
        row = comment_row(fact.relationship, agg.decisions)
        if row is None:
            continue
        for _, q in questions(definitions[fact.form_version_id]):
            text = (given or {}).get(q["id"])
            if q["type"] == "text" and q.get("comment") and isinstance(text, str) and text.strip():
                out.setdefault(row, []).append(
                    {"question_id": q["id"], "question_label": q["label"], "text": text.strip()}
                )
    for entries in out.values():
        _shuffle(entries)
    return {row: out[row] for row in ROWS if row in out}


def action_row(relationship: str, question_id: str | None, agg: SubjectAggregate) -> str | None:
    """The visible review row an action item may be listed under, or None (not listed).

    Mystery shops: the mystery_shopper row. Others: the rater's own row, else (peer,
    subordinate) `colleagues`; the row and its figure of the item's question must both
    be shown, so an item never tells more than the figures around it (SPEC §6).
    """
    if relationship == "mystery_shopper":
        return relationship if agg.decisions[relationship].visible else None
    candidates = [relationship, "colleagues"] if relationship in ANONYMOUS else [relationship]
    for row in candidates:
        decision = agg.decisions.get(row)
        if decision is None or not decision.visible:
            continue
        if question_id is not None and row not in agg.items.get(question_id, {}):
            continue
        return row
    return None


def action_items(
    session: Session, campaign_id: int, subject_id: int, agg: SubjectAggregate
) -> list[dict[str, Any]]:
    """The employee's action items of this campaign that come from rows shown in the review.

    Items from hidden rows are neither listed nor counted; a listed item carries the row it
    is shown under (never a hidden rater group), its creation date (never a time) and no id
    (an id ties together the items of one submission, and older ids are sequential). Sorted
    by date, row, kind and question.
    """
    counted = {f.id: f.relationship for f in agg.submissions}
    rows = session.scalars(
        select(ActionItem).where(
            ActionItem.campaign_id == campaign_id,
            ActionItem.subject_id == subject_id,
            ActionItem.submission_id.in_(list(counted) or [""]),
        )
    )
    listed: list[tuple[tuple[str, int, str, str, str], dict[str, Any]]] = []
    for a in rows:
        relationship = counted.get(a.submission_id or "")
        row = action_row(relationship, a.question_id, agg) if relationship else None
        if row is None:
            continue
        day = a.created_at.date().isoformat()
        title = a.title or {}
        key = (day, ROWS.index(row), a.kind, a.question_id or "", str(title.get("en", "")))
        listed.append(
            (
                key,
                {
                    "title": title,
                    "status": a.status,
                    "kind": a.kind,
                    "question_id": a.question_id,
                    "row": row,
                    "date": day,
                },
            )
        )
    return [item for _, item in sorted(listed, key=lambda pair: pair[0])]


def shown_n(decision: Decision) -> int | None:
    """A row's n as shown: hidden rows with responses give no number (SPEC §6: "no
    number"; the exact size of a hidden group would help back-calculation)."""
    return decision.n if decision.visible or decision.n == 0 else None


def rows_block(agg: SubjectAggregate) -> list[dict[str, Any]]:
    """The `rows` list: every row in ROWS order, shown figures only."""
    out = []
    for key in ROWS:
        d = agg.decisions[key]
        form = agg.form_scores.get(key)
        comps = {
            c: {"score": figs[key][0], "n": figs[key][1]}
            for c, figs in agg.competencies.items()
            if key in figs
        }
        out.append(
            {
                "key": key,
                "n": shown_n(d),
                "threshold": d.threshold,
                "visible": d.visible,
                "hidden_reason": d.hidden_reason,
                "form_score": form[0] if form else None,
                "competencies": comps if d.visible else {},
            }
        )
    return out


def _scale_points(q: Mapping[str, Any]) -> int:
    return int(q["scale"]["max"]) - int(q["scale"]["min"]) + 1


def _item_row(q: Mapping[str, Any], fig: ItemFigure) -> dict[str, Any]:
    is_rating = q["type"] == "rating"
    dist = None
    if is_rating and fig.distribution is not None:
        lo, hi = int(q["scale"]["min"]), int(q["scale"]["max"])
        dist = {str(v): int(fig.distribution.get(float(v), 0)) for v in range(lo, hi + 1)}
    agreement = aggregation.r_wg(fig.variance, _scale_points(q)) if is_rating else None
    return {
        "n": fig.n,
        "mean": fig.mean if is_rating or q["type"] == "number" else None,
        "mean_100": fig.mean_100,
        "distribution": dist,
        "r_wg": agreement,
        "disagree": aggregation.disagree(agreement),
    }


def items_block(agg: SubjectAggregate, questions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The `items` list: scored questions in form order with their shown rows."""
    out = []
    for q in questions:
        figs = agg.items.get(q["id"], {})
        scale = q.get("scale") if q["type"] == "rating" else None
        out.append(
            {
                "id": q["id"],
                "label": q["label"],
                "section_id": q["section_id"],
                "competency": q.get("competency"),
                "type": q["type"],
                "scale": {"min": scale["min"], "max": scale["max"]} if scale else None,
                "rows": {row: _item_row(q, figs[row]) for row in ROWS if row in figs},
            }
        )
    return out


def _flag(gap: float | None, threshold: float) -> str | None:
    if gap is None:
        return None
    value, limit = comparable(gap), comparable(threshold)
    if value >= limit:
        return "blind_spot"
    return "hidden_strength" if value <= -limit else None


def _gap(self_v: float | None, others_v: float | None, threshold: float) -> dict[str, Any]:
    gap = self_v - others_v if self_v is not None and others_v is not None else None
    return {"self": self_v, "others": others_v, "gap": gap, "flag": _flag(gap, threshold)}


def gaps_block(
    agg: SubjectAggregate,
    competencies: list[dict[str, Any]],
    items: list[dict[str, Any]],
    threshold: float,
) -> dict[str, Any]:
    """Self minus others per competency and item, flagged against the threshold."""
    comps = []
    for c in competencies:
        figs = agg.competencies.get(c["key"], {})
        s, o = figs.get("self"), figs.get("others")
        comps.append({"key": c["key"], **_gap(s[0] if s else None, o[0] if o else None, threshold)})
    rows = []
    for item in items:
        s, o = item["rows"].get("self"), item["rows"].get("others")
        rows.append(
            {
                "id": item["id"],
                "label": item["label"],
                **_gap(s["mean_100"] if s else None, o["mean_100"] if o else None, threshold),
            }
        )
    return {"threshold": threshold, "competencies": comps, "items": rows}


def top_bottom(items: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Top and bottom five items by the others mean, ties broken by item id; means are
    compared rounded to 1e-9, so summation noise never decides a tie (SPEC §6)."""
    rated = [
        {
            "id": i["id"],
            "label": i["label"],
            "mean_100": i["rows"]["others"]["mean_100"],
            "n": i["rows"]["others"]["n"],
        }
        for i in items
        if "others" in i["rows"]
    ]
    top = sorted(rated, key=lambda r: (-comparable(r["mean_100"]), r["id"]))[:5]
    bottom = sorted(rated, key=lambda r: (comparable(r["mean_100"]), r["id"]))[:5]
    return top, bottom
