"""Form definitions: load, normalise, fingerprint and version the `forms/*.yaml` files.

The normalised definition (`load_form_file`, `validate_definition`) is the one
contract read by the scoring engine, the API and the PWA. Every key is always
present (null when absent), so no reader needs defaults of its own:

    key: str                      form key, equal to the file name without `.yaml`
    title: {en, zh-CN}
    description: {en, zh-CN} | null
    relationships: [str]          self|supervisor|peer|subordinate|customer|mystery_shopper
    scale: {min:int, max:int, labels:{"<int>": {en, zh-CN}}} | null   (form default)
    critical_policy: section_zero|form_zero|flag_only   (default section_zero)
    repeatable: true              only when set: an assignment takes many submissions (the
                                  supervisor's observations; server.services.sync.repeatable)
    sections: [
      id, title, weight (default 1), competency (or null), questions: [
        id, type, label, help|null, self_label|null,
        required   default true for rating/yes_no/choice/multi_choice/number,
                   false for text/date/time/datetime; photo: min_count >= 1
        allow_na   default false
        weight     default 1; always 0 for unscored types (text, date, time,
                   datetime, photo), which may not declare one
        critical   default false
        indicator  the scorecard indicator it feeds (scored questions; only when tagged)
        competency the question's, else the section's, else null
        show_if    JsonLogic rule or null
        scored     true when the question produces a score (SPEC §5): rating,
                   yes_no, choice/multi_choice with option scores, number with
                   pass_min or pass_max
        + rating:       scale {min, max, labels} (its own, else the form's)
        + yes_no:       pass_value (default true)
        + choice:       options [{value, label, score|null}]
        + multi_choice: options as choice, max_score (default: sum of option
                        scores; null when the options carry no scores)
        + number:       min, max, pass_min, pass_max, unit (each null when absent)
        + text:         comment (default false)
        + photo:        min_count (default 0, or 1 when required), max_count (default 5)
      ]
    ]
    kind, quiz                    only on a certification quiz (`kind: quiz`): quiz {scenario,
                                  pass_mark, retry_after_hours}, and each question's `correct`
                                  (server.schemas.quiz_definition); never sent to a shopper

Scale label keys are strings ("1") so the definition survives a JSON round trip
unchanged, and integral numbers are stored as ints; both keep `content_sha256`
stable. Error paths are 0-based (`sections[0]` is the first section).
Defaults are filled in `server.services.forms.form_normalise`; skip logic
(`visible_questions`) lives in `server.services.forms.show_if` and is re-exported here.
"""

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from marshmallow import ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.domain_errors import Term
from server.schemas.form_definition import CompetencyCatalogueSchema, FormDefinitionSchema
from server.services.forms.form_files import (
    FormDefinitionError,
    error_line,
    read_yaml,
)
from server.services.forms.form_normalise import normalise
from server.services.forms.show_if import visible_questions

__all__ = [
    "INDICATORS_NAME",
    "FormDefinitionError",
    "check_files",
    "content_sha256",
    "load_competencies",
    "load_form_file",
    "save_definition",
    "sync_competencies",
    "sync_forms",
    "validate_definition",
    "visible_questions",
]

CATALOGUE_NAME = "competencies.yaml"
#: The scorecard's definitions live beside the forms but are not a form
#: (server/services/scorecard; `flask forms check` checks it with the forms).
INDICATORS_NAME = "indicators.yaml"
NOT_FORMS = (CATALOGUE_NAME, INDICATORS_NAME)


def _flatten(messages: Any, path: str = "") -> Iterable[tuple[str, Any]]:
    if isinstance(messages, dict):
        for key, value in messages.items():
            if key == "_schema":
                child = path
            elif isinstance(key, int):
                child = f"{path}[{key}]"
            else:
                child = f"{path}.{key}" if path else str(key)
            yield from _flatten(value, child)
    elif isinstance(messages, list):
        for item in messages:
            yield from _flatten(item, path)
    else:
        yield (path or "(document)", messages)


def error_lines(source: str, messages: Any) -> list[str]:
    """Render marshmallow messages as `file: path: reason` lines."""
    return [error_line(source, reason, path) for path, reason in _flatten(messages)]


def load_competencies(path: Path | str) -> dict[str, dict[str, Any]]:
    """Load the competency catalogue as {key: {"name": {...}, "description": {...}}}."""
    raw = read_yaml(path)
    try:
        data = CompetencyCatalogueSchema().load(raw if raw is not None else {})
    except ValidationError as err:
        raise FormDefinitionError(error_lines(str(path), err.messages)) from err
    return {
        c["key"]: {"name": c["name"], "description": c["description"]} for c in data["competencies"]
    }


def validate_definition(
    raw: Any, competencies: Iterable[str] | None = None, source: str = "<input>"
) -> dict[str, Any]:
    """Validate a parsed definition and return it normalised (see the module docstring)."""
    known = set(competencies) if competencies is not None else None
    if not isinstance(raw, dict):
        raise FormDefinitionError([error_line(source, Term("Must be a mapping."), "(document)")])
    try:
        data = FormDefinitionSchema(competencies=known).load(raw)
    except ValidationError as err:
        raise FormDefinitionError(error_lines(source, err.messages)) from err
    return normalise(data)


def load_form_file(path: Path | str, competencies: Iterable[str] | None) -> dict[str, Any]:
    """Read, validate and normalise one form file; its key must match the file name."""
    path = Path(path)
    definition = validate_definition(read_yaml(path), competencies, str(path))
    if definition["key"] != path.stem:
        reason = Term(
            "Must match the file name {stem} (got {key}).",
            stem=repr(path.stem),
            key=repr(definition["key"]),
        )
        raise FormDefinitionError([error_line(str(path), reason, "key")])
    return definition


def content_sha256(definition: dict[str, Any]) -> str:
    """Return the SHA-256 of the canonical JSON of a normalised definition."""
    canonical = json.dumps(definition, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def check_files(paths: Iterable[Path | str]) -> list[str]:
    """Lint form files (and competency catalogues); return one line per error.

    A form is checked against the `competencies.yaml` beside it when there is one.
    """
    errors: list[str] = []
    catalogues: dict[Path, set[str] | None] = {}
    for path in map(Path, paths):
        try:
            if path.name == CATALOGUE_NAME:
                load_competencies(path)
                continue
            if path.name == INDICATORS_NAME:
                continue  # checked by the caller with the scorecard's rules
            known = _catalogue_beside(path, catalogues)
            load_form_file(path, known)
        except FormDefinitionError as err:
            errors.extend(err.errors)
    return errors


def _catalogue_beside(path: Path, cache: dict[Path, set[str] | None]) -> set[str] | None:
    catalogue = path.parent / CATALOGUE_NAME
    if catalogue not in cache:
        cache[catalogue] = set(load_competencies(catalogue)) if catalogue.exists() else None
    return cache[catalogue]


def sync_forms(session: Session, directory: Path | str) -> list[tuple[str, int, bool]]:
    """Load every form of a directory, adding a version only where content changed.

    All files are validated before anything is written; any error aborts the
    sync with FormDefinitionError. Returns (key, version, created) per form,
    where version is the new one or the existing version with identical content
    (which may be older than the latest when a file was reverted).
    """
    directory = Path(directory)
    catalogue_path = directory / CATALOGUE_NAME
    catalogue = load_competencies(catalogue_path) if catalogue_path.exists() else None
    paths = sorted(p for p in directory.glob("*.y*ml") if p.name not in NOT_FORMS)
    definitions, errors = [], []
    for path in paths:
        try:
            definitions.append(load_form_file(path, catalogue))
        except FormDefinitionError as err:
            errors.extend(err.errors)
    if errors:
        raise FormDefinitionError(errors)
    if catalogue is not None:
        sync_competencies(session, catalogue)
    return [save_definition(session, definition) for definition in definitions]


def save_definition(session: Session, definition: dict[str, Any]) -> tuple[str, int, bool]:
    """Store a normalised definition as a new FormVersion unless its SHA-256 exists."""
    from server.models import Form, FormVersion

    sha = content_sha256(definition)
    form = session.scalar(select(Form).where(Form.key == definition["key"]))
    if form is None:
        form = Form(key=definition["key"])
        session.add(form)
        session.flush()
    existing = session.scalar(
        select(FormVersion).where(FormVersion.form_id == form.id, FormVersion.sha256 == sha)
    )
    if existing is not None:
        return form.key, existing.version, False
    latest = session.scalar(
        select(func.max(FormVersion.version)).where(FormVersion.form_id == form.id)
    )
    version = FormVersion(
        form_id=form.id, version=(latest or 0) + 1, sha256=sha, definition=definition
    )
    session.add(version)
    session.flush()
    return form.key, version.version, True


def sync_competencies(session: Session, catalogue: dict[str, dict[str, Any]]) -> int:
    """Insert or update the Competency rows from a catalogue; return rows changed."""
    from server.models import Competency

    existing = {c.key: c for c in session.scalars(select(Competency))}
    changed = 0
    for key, entry in catalogue.items():
        row = existing.get(key)
        if row is None:
            session.add(Competency(key=key, name=entry["name"], description=entry["description"]))
            changed += 1
        elif (row.name, row.description) != (entry["name"], entry["description"]):
            row.name, row.description = entry["name"], entry["description"]
            changed += 1
    session.flush()
    return changed
