"""The scorecard's definitions: `forms/indicators.yaml`, validated like a form file.

`load_definitions(path)` reads and checks the file (fields by
`server.schemas.indicator_definition`, then the rules across its parts) and returns
`Definitions`; `check_tags(definitions, forms)` checks the `indicator:` tags of form
definitions against it. Every problem is one `file: path: reason` line, as for forms.

Choices where the issue is silent: a form feeds at most one source (so an answer is never
counted twice); an indicator belongs to at most one dimension; a rate without `pass_at`
passes at 100 (a yes/no answer that passes, a rating at the top); `min_n` defaults to 5.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from marshmallow import ValidationError

from server.domain_errors import Term
from server.schemas.indicator_definition import IndicatorFileSchema
from server.services.forms.forms import FormDefinitionError, error_line, error_lines, read_yaml

DEFAULT_MIN_N = 5


@dataclass(frozen=True)
class Indicator:
    key: str
    title: dict[str, str]
    measure: str  # rate | mean | duration
    sources: dict[str, float]
    pass_at: float = 100.0
    target: float | None = None
    pooled: bool = False
    min_n: int = DEFAULT_MIN_N


@dataclass(frozen=True)
class Dimension:
    key: str
    title: dict[str, str]
    #: Indicator key -> weight in per cent (`rest` already resolved).
    weights: dict[str, float]


@dataclass(frozen=True)
class Definitions:
    sources: dict[str, dict[str, Any]]
    indicators: dict[str, Indicator]
    key: str
    title: dict[str, str]
    dimensions: tuple[Dimension, ...]

    def source_of_form(self, form_key: str) -> str | None:
        """The source a form's answers belong to, if any."""
        for name, source in self.sources.items():
            if form_key in source.get("forms", []):
                return name
        return None

    def weight(self, indicator: str) -> float:
        """The indicator's weight in the scorecard (0 when it is in no dimension)."""
        return sum(d.weights.get(indicator, 0.0) for d in self.dimensions)


def _problems(data: dict[str, Any]) -> list[tuple[str, Term]]:
    problems: list[tuple[str, Term]] = []
    seen_forms: set[str] = set()
    for name, source in data["sources"].items():
        for form in source.get("forms", []):
            if form in seen_forms:
                problems.append((f"sources.{name}.forms", Term("A form feeds one source only.")))
            seen_forms.add(form)
    keys = [i["key"] for i in data["indicators"]]
    for index, ind in enumerate(data["indicators"]):
        where = f"indicators[{index}]"
        if keys.count(ind["key"]) > 1:
            problems.append(
                (f"{where}.key", Term("Duplicate indicator key {key}.", key=ind["key"]))
            )
        for src in ind["sources"]:
            if src not in data["sources"]:
                problems.append((f"{where}.sources", Term("Unknown source {key}.", key=src)))
        if ind["measure"] == "duration" and "target" not in ind:
            problems.append((f"{where}.target", Term("A duration needs a target.")))
    return problems + _dimension_problems(data["scorecard"]["dimensions"], set(keys))


def _dimension_problems(
    dimensions: list[dict[str, Any]], known: set[str]
) -> list[tuple[str, Term]]:
    problems: list[tuple[str, Term]] = []
    used: list[str] = []
    for index, dim in enumerate(dimensions):
        for key in dim["indicators"]:
            if key not in known:
                problems.append(
                    (
                        f"scorecard.dimensions[{index}].indicators",
                        Term("Unknown indicator {key}.", key=key),
                    )
                )
            elif key in used:
                problems.append(
                    (
                        f"scorecard.dimensions[{index}].indicators",
                        Term("An indicator belongs to one dimension only."),
                    )
                )
            used.append(key)
    weights = [w for d in dimensions for w in d["indicators"].values()]
    fixed = sum(w for w in weights if w != "rest")
    rests = weights.count("rest")
    if rests > 1 or (rests and fixed >= 100) or (not rests and abs(fixed - 100) > 1e-9):
        problems.append(
            ("scorecard.dimensions", Term("Weights must add up to 100 (one may be rest)."))
        )
    return problems


def _build(data: dict[str, Any]) -> Definitions:
    fixed = sum(
        w for d in data["scorecard"]["dimensions"] for w in d["indicators"].values() if w != "rest"
    )
    dimensions = tuple(
        Dimension(
            key=d["key"],
            title=d["title"],
            weights={
                k: (100.0 - fixed if w == "rest" else float(w)) for k, w in d["indicators"].items()
            },
        )
        for d in data["scorecard"]["dimensions"]
    )
    indicators = {
        i["key"]: Indicator(
            key=i["key"],
            title=i["title"],
            measure=i["measure"],
            sources=dict(i["sources"]),
            pass_at=i.get("pass_at", 100.0),
            target=i.get("target"),
            pooled=i.get("pooled", False),
            min_n=i.get("min_n", DEFAULT_MIN_N),
        )
        for i in data["indicators"]
    }
    card = data["scorecard"]
    return Definitions(data["sources"], indicators, card["key"], card["title"], dimensions)


def validate_definitions(raw: Any, source: str = "<input>") -> Definitions:
    """Check a parsed indicators document; raise FormDefinitionError with every problem."""
    if not isinstance(raw, dict):
        raise FormDefinitionError([error_line(source, Term("Must be a mapping."), "(document)")])
    try:
        data = IndicatorFileSchema().load(raw)
    except ValidationError as err:
        raise FormDefinitionError(error_lines(source, err.messages)) from err
    problems = _problems(data)
    if problems:
        raise FormDefinitionError([error_line(source, reason, path) for path, reason in problems])
    return _build(data)


def load_definitions(path: Path | str) -> Definitions:
    """Read and check `forms/indicators.yaml`."""
    return validate_definitions(read_yaml(path), str(path))


def check_tags(definitions: Definitions, forms: Iterable[dict[str, Any]], source: str) -> list[str]:
    """Problems with the `indicator:` tags of normalised form definitions: the indicator
    must exist and the form must feed one of that indicator's sources."""
    lines: list[str] = []
    for form in forms:
        feeds = definitions.source_of_form(form["key"])
        for s_index, section in enumerate(form["sections"]):
            for q_index, question in enumerate(section["questions"]):
                tag = question.get("indicator")
                if tag is None:
                    continue
                path = f"{form['key']}: sections[{s_index}].questions[{q_index}].indicator"
                indicator = definitions.indicators.get(tag)
                if indicator is None:
                    lines.append(
                        error_line(source, Term("Unknown indicator {key}.", key=tag), path)
                    )
                elif feeds not in indicator.sources:
                    lines.append(
                        error_line(
                            source,
                            Term("This form feeds no source of indicator {key}.", key=tag),
                            path,
                        )
                    )
    return lines
