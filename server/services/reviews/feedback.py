"""The review's customer block and comments (SPEC §6): shown figures only, comments under
the most specific visible row of their rater, shuffled, anonymous."""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import Submission
from server.services.reviews.review_sections import questions, shown_n
from server.services.scoring.aggregation import Facts, SubjectAggregate
from server.services.scoring.anonymity import ROWS, comment_row

_shuffle = random.SystemRandom().shuffle


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
