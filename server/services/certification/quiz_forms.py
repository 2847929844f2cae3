"""The quiz forms: which forms are quizzes, their current version, and the quiz as a shopper
is given it (without the correct answers, which never leave the server before an attempt
is scored)."""

from __future__ import annotations

import copy
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.domain_errors import NotFound
from server.models import Form, FormVersion


def is_quiz(definition: dict[str, Any]) -> bool:
    """True for the definition of a certification quiz (`kind: quiz`)."""
    return definition.get("kind") == "quiz"


def without_answers(definition: dict[str, Any]) -> dict[str, Any]:
    """The definition with every question's `correct` removed (any form; a copy for a quiz)."""
    if not is_quiz(definition):
        return definition
    served = copy.deepcopy(definition)
    for section in served["sections"]:
        for question in section["questions"]:
            question.pop("correct", None)
    return served


def current_quizzes(session: Session) -> list[FormVersion]:
    """The latest version of every quiz form, by form key."""
    latest = (
        select(FormVersion.form_id, func.max(FormVersion.version).label("version"))
        .group_by(FormVersion.form_id)
        .subquery()
    )
    rows = session.scalars(
        select(FormVersion)
        .join(
            latest,
            (latest.c.form_id == FormVersion.form_id) & (latest.c.version == FormVersion.version),
        )
        .join(Form, Form.id == FormVersion.form_id)
        .order_by(Form.key)
    )
    return [v for v in rows if is_quiz(v.definition)]


def by_scenario(session: Session) -> dict[str, dict[str, Any]]:
    """{scenario: {form_key, title}} of the current quizzes (the first by form key when two
    certify one scenario): how a job names the certification it requires."""
    found: dict[str, dict[str, Any]] = {}
    for version in current_quizzes(session):
        scenario = version.definition["quiz"]["scenario"]
        found.setdefault(
            scenario, {"form_key": version.form.key, "title": version.definition["title"]}
        )
    return found


def current_quiz(session: Session, key: str) -> FormVersion:
    """The latest version of the quiz form `key`, or NotFound."""
    version = session.scalar(
        select(FormVersion)
        .join(Form, Form.id == FormVersion.form_id)
        .where(Form.key == key)
        .order_by(FormVersion.version.desc())
        .limit(1)
    )
    if version is None or not is_quiz(version.definition):
        raise NotFound("not_found", "No such quiz.")
    return version


def served(version: FormVersion) -> dict[str, Any]:
    """The quiz as the shopper's app gets it: the version and its definition, no answers."""
    return {
        "form_key": version.form.key,
        "form_version_id": version.id,
        "version": version.version,
        "definition": without_answers(version.definition),
    }
