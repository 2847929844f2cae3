"""One answer's score (SPEC §5): the scorer table, one scorer per question type, each
returning s in [0, 1] or None when the answer cannot be scored (see
server.services.scoring.scoring for what None means)."""

from __future__ import annotations

from typing import Any


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _rating(q: dict[str, Any], value: Any) -> float | None:
    v, scale = _number(value), q.get("scale") or {}
    lo, hi = scale.get("min"), scale.get("max")
    if v is None or lo is None or hi is None or hi <= lo or not lo <= v <= hi:
        return None
    return (v - lo) / (hi - lo)


def _yes_no(q: dict[str, Any], value: Any) -> float | None:
    if not isinstance(value, bool):
        return None
    return 1.0 if value == q.get("pass_value", True) else 0.0


def _option_scores(q: dict[str, Any]) -> dict[Any, float]:
    return {o["value"]: float(o["score"]) for o in q.get("options", []) if o["score"] is not None}


def _choice(q: dict[str, Any], value: Any) -> float | None:
    scores = _option_scores(q)
    top = max(scores.values(), default=0.0)
    if isinstance(value, list | dict) or value not in scores or top <= 0:
        return None
    return scores[value] / top


def _multi_choice(q: dict[str, Any], value: Any) -> float | None:
    scores, cap = _option_scores(q), q.get("max_score")
    if not isinstance(value, list) or cap is None or cap <= 0:
        return None
    if any(isinstance(v, list | dict) or v not in scores for v in value):
        return None
    return min(sum(scores[v] for v in set(value)), float(cap)) / float(cap)


def _number_q(q: dict[str, Any], value: Any) -> float | None:
    v = _number(value)
    if v is None:
        return None
    lo, hi = q.get("pass_min"), q.get("pass_max")
    inside = (lo is None or v >= lo) and (hi is None or v <= hi)
    return 1.0 if inside else 0.0


_SCORERS = {
    "rating": _rating,
    "yes_no": _yes_no,
    "choice": _choice,
    "multi_choice": _multi_choice,
    "number": _number_q,
}


def question_score(question: dict[str, Any], value: Any) -> float | None:
    """Return s in [0, 1] for an answer, or None when it cannot be scored."""
    if value is None or not question.get("scored"):
        return None
    scorer = _SCORERS.get(question["type"])
    return scorer(question, value) if scorer else None


def native_value(question: dict[str, Any], value: Any, score: float | None) -> float | None:
    """The answer on its own scale (rating, number) when it scored, else None."""
    if score is None or question["type"] not in ("rating", "number"):
        return None
    return _number(value)
