"""Fill every default of a validated form definition (the contract documented in
`server.services.forms.forms`)."""

from typing import Any

from server.schemas.form_definition import SCORED_TYPES
from server.schemas.quiz_definition import normalised_correct, normalised_quiz


def normalise(data: dict[str, Any]) -> dict[str, Any]:
    """Fill every default of a validated definition (the contract above)."""
    form_scale = _scale(data.get("scale"))
    return {
        "key": data["key"],
        "title": data["title"],
        "description": data.get("description"),
        "relationships": list(data["relationships"]),
        "scale": form_scale,
        "critical_policy": data.get("critical_policy", "section_zero"),
        "sections": [_section(s, form_scale) for s in data["sections"]],
        # only when set, so the fingerprint of every other form is unchanged
        **({"repeatable": True} if data.get("repeatable") else {}),
        **normalised_quiz(data),
    }


def _num(value: Any) -> Any:
    """Store integral floats as ints so YAML `15` and `15.0` fingerprint alike."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _scale(scale: dict[str, Any] | None) -> dict[str, Any] | None:
    if scale is None:
        return None
    return {"min": scale["min"], "max": scale["max"], "labels": dict(scale.get("labels", {}))}


def _section(section: dict[str, Any], form_scale: dict[str, Any] | None) -> dict[str, Any]:
    return {
        "id": section["id"],
        "title": section["title"],
        "weight": _num(section.get("weight", 1)),
        "competency": section.get("competency"),
        "questions": [_question(q, section, form_scale) for q in section["questions"]],
    }


def _question(
    q: dict[str, Any], section: dict[str, Any], form_scale: dict[str, Any] | None
) -> dict[str, Any]:
    qtype = q["type"]
    extras = _EXTRAS.get(qtype, _no_extras)(q, form_scale)
    scored = _is_scored(qtype, extras)
    if qtype == "photo":
        required = q.get("required", extras["min_count"] >= 1)
    else:
        required = q.get("required", qtype in SCORED_TYPES)
    return {
        "id": q["id"],
        "type": qtype,
        "label": q["label"],
        "help": q.get("help"),
        "self_label": q.get("self_label"),
        "required": required,
        "allow_na": q.get("allow_na", False),
        "weight": _num(q.get("weight", 1)) if qtype in SCORED_TYPES else 0,
        "critical": q.get("critical", False),
        "competency": q.get("competency", section.get("competency")),
        "show_if": q.get("show_if"),
        "scored": scored,
        # Only when tagged, so that an untagged form keeps its content hash.
        **({"indicator": q["indicator"]} if q.get("indicator") else {}),
        **extras,
        **normalised_correct(q),
    }


def _is_scored(qtype: str, extras: dict[str, Any]) -> bool:
    if qtype in ("rating", "yes_no"):
        return True
    if qtype in ("choice", "multi_choice"):
        return all(o["score"] is not None for o in extras["options"])
    if qtype == "number":
        return extras["pass_min"] is not None or extras["pass_max"] is not None
    return False


def _no_extras(q: dict[str, Any], form_scale: Any) -> dict[str, Any]:
    return {}


def _options(q: dict[str, Any], form_scale: Any) -> dict[str, Any]:
    options = [
        {"value": o["value"], "label": o["label"], "score": _num(o.get("score"))}
        for o in q["options"]
    ]
    return {"options": options}


def _multi_choice(q: dict[str, Any], form_scale: Any) -> dict[str, Any]:
    extras = _options(q, form_scale)
    scores = [o["score"] for o in extras["options"]]
    default = _num(float(sum(scores))) if None not in scores else None
    extras["max_score"] = _num(q.get("max_score", default))
    return extras


def _number(q: dict[str, Any], form_scale: Any) -> dict[str, Any]:
    names = ("min", "max", "pass_min", "pass_max")
    return {**{n: _num(q.get(n)) for n in names}, "unit": q.get("unit")}


def _photo(q: dict[str, Any], form_scale: Any) -> dict[str, Any]:
    min_count = q.get("min_count", 1 if q.get("required") else 0)
    return {"min_count": min_count, "max_count": q.get("max_count", 5)}


_EXTRAS = {
    "rating": lambda q, form_scale: {"scale": _scale(q.get("scale")) or dict(form_scale)},
    "yes_no": lambda q, form_scale: {"pass_value": q.get("pass_value", True)},
    "choice": _options,
    "multi_choice": _multi_choice,
    "number": _number,
    "text": lambda q, form_scale: {"comment": q.get("comment", False)},
    "photo": _photo,
}
