"""`flask forms check forms/indicators.yaml`: the scorecard file against the forms beside it.

Beyond the file's own rules (definitions.py): every form a source names exists in the same
directory, and every `indicator:` tag of those forms names a defined indicator that the
form's source feeds.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from server.domain_errors import Term
from server.services.forms.forms import (
    CATALOGUE_NAME,
    NOT_FORMS,
    FormDefinitionError,
    error_line,
    load_competencies,
    load_form_file,
)
from server.services.scorecard.definitions import check_tags, load_definitions


def _forms_beside(directory: Path) -> dict[str, dict[str, Any]]:
    """The valid forms of `directory` by key (invalid ones are the forms check's to report)."""
    catalogue_path = directory / CATALOGUE_NAME
    catalogue = load_competencies(catalogue_path) if catalogue_path.exists() else None
    found: dict[str, dict[str, Any]] = {}
    for path in sorted(directory.glob("*.y*ml")):
        if path.name in NOT_FORMS:
            continue
        try:
            found[path.stem] = load_form_file(path, catalogue)
        except FormDefinitionError:
            continue
    return found


def check_indicators_file(path: Path | str) -> list[str]:
    """Every problem of the scorecard file and of the tags in the forms beside it."""
    path = Path(path)
    try:
        definitions = load_definitions(path)
        forms = _forms_beside(path.parent)
    except FormDefinitionError as err:
        return list(err.errors)
    lines: list[str] = []
    for name, source in definitions.sources.items():
        for key in source.get("forms", []):
            if key not in forms:
                reason = Term("No valid form {key} beside this file.", key=key)
                lines.append(error_line(str(path), reason, f"sources.{name}.forms"))
    return lines + check_tags(definitions, forms.values(), str(path))
