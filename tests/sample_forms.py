"""Form definitions the tests answer, normalised as the forms loader does (SPEC §4).

Import them from tests.factories, which re-exports every name here.
"""

from __future__ import annotations

from typing import Any

from server.services.forms import forms


def bi(text: str) -> dict[str, str]:
    return {"en": text, "zh-CN": text + "（中）"}


def q(qid: str, qtype: str, **kw: Any) -> dict[str, Any]:
    """One question labelled with its id in both languages."""
    return {"id": qid, "type": qtype, "label": bi(qid), **kw}


def q_rating(qid: str, **kw: Any) -> dict[str, Any]:
    return q(qid, "rating", **kw)


def q_yes_no(qid: str, **kw: Any) -> dict[str, Any]:
    return q(qid, "yes_no", **kw)


def q_text(qid: str, **kw: Any) -> dict[str, Any]:
    return q(qid, "text", **kw)


def section(sid: str, questions: list[dict[str, Any]], **kw: Any) -> dict[str, Any]:
    return {"id": sid, "title": bi(sid), "questions": questions, **kw}


def definition(sections: list[dict[str, Any]], key: str = "test-form", **kw: Any) -> dict[str, Any]:
    """Validate and normalise a raw definition exactly as the forms loader does."""
    raw = {
        "key": key,
        "title": bi(key),
        "relationships": kw.pop("relationships", ["self", "peer", "supervisor", "subordinate"]),
        "scale": kw.pop("scale", {"min": 1, "max": 5}),
        "sections": sections,
        **kw,
    }
    return forms.validate_definition(raw)


def rating_form(n_items: int = 3, key: str = "test-360", comment: bool = True) -> dict[str, Any]:
    """A 360 form: two sections of ratings (competencies a and b) plus a comment."""
    half = max(1, n_items // 2)
    secs = [
        section("s1", [q_rating(f"q{i}") for i in range(1, half + 1)], competency="comp_a"),
        section(
            "s2", [q_rating(f"q{i}") for i in range(half + 1, n_items + 1)], competency="comp_b"
        ),
    ]
    if comment:
        secs.append(section("s3", [q_text("remarks", comment=True)], weight=0))
    return definition(secs, key=key)


def _option(value: str, label: str, **kw: Any) -> dict[str, Any]:
    return {"value": value, "label": bi(label), **kw}


def field_form(
    key: str = "field-test",
    extra: list[dict[str, Any]] | None = None,
    relationships: list[str] | None = None,
) -> dict[str, Any]:
    """A form touching every question type, with show_if, N/A and a critical item."""
    in_store = {"show_if": {"==": [{"var": "mode"}, "in_store"]}}
    questions: list[dict[str, Any]] = [
        q("mode", "choice", options=[_option("in_store", "in store"), _option("phone", "phone")]),
        q("greeted", "yes_no", critical=True),
        q("smile", "rating", allow_na=True),
        q("wait", "number", min=0, max=3600, pass_max=30, **in_store),
        q("rings", "number", min=0, max=30, show_if={"==": [{"var": "mode"}, "phone"]}),
        q(
            "points",
            "multi_choice",
            required=False,
            options=[_option("a", "a", score=1), _option("b", "b", score=1)],
        ),
        q("note", "text", comment=True),
        q("day", "date"),
        q("at", "time"),
        q("when", "datetime"),
        q("receipt", "photo", min_count=1, max_count=2, **in_store),
        *(extra or []),
    ]
    raw = {
        "key": key,
        "title": bi(key),
        "relationships": relationships or ["mystery_shopper", "peer", "self", "customer"],
        "scale": {"min": 1, "max": 5},
        "sections": [section("main", questions)],
    }
    return forms.validate_definition(raw)


def good_answers(**overrides: Any) -> dict[str, Any]:
    """Valid answers for `field_form` on the phone branch (no photo needed)."""
    values: dict[str, Any] = {
        "mode": "phone",
        "greeted": True,
        "smile": 4,
        "rings": 2,
        "points": ["a"],
        "note": "Friendly 很好",
        "day": "2026-05-01",
        "at": "10:30",
        "when": "2026-05-01T10:30:00+08:00",
    }
    return {**values, **overrides}


def ratings(defn: dict[str, Any], value: int, **extra: Any) -> dict[str, Any]:
    """Answer every rating question of a definition with one value."""
    out: dict[str, Any] = {
        q["id"]: value for s in defn["sections"] for q in s["questions"] if q["type"] == "rating"
    }
    out.update(extra)
    return out
