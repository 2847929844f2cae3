"""The work of a sync batch that needs no write lock: parsing, answer checks and scores.

On SQLite every transaction takes the database's one write lock (BEGIN IMMEDIATE,
server.database), so a sync request that validated and scored its 50 submissions inside
its transaction kept every other writer waiting through all of that Python. The endpoint
therefore runs a batch in three steps:

1. `parse` the items (no database);
2. `load` the form versions and the campaigns' critical policies they need (one short
   read, ended by the caller before step 3);
3. `check` each item: answer validation and scores (no database);

then `sync.sync_batch` locks, decides what can change meanwhile (assignments, ids,
chains, photos) and writes. It reuses a `Checked` result only when the version
definition it loaded is the very object checked here and the campaign's policy is
unchanged; otherwise it checks again, so a change between the steps is never missed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from marshmallow import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import Assignment, Campaign
from server.schemas.base import unsafe_text
from server.schemas.sync import SyncSubmissionSchema
from server.services.forms import answers
from server.services.scoring import scoring
from server.services.sync import sync_context
from server.services.sync.sync_context import Version
from server.services.sync.sync_results import Outcome, flatten_messages, invalid
from server.services.sync.sync_store import content_hash

Parsed = tuple[Any, dict[str, Any] | None, Outcome | None]


@dataclass(frozen=True)
class Checked:
    """Answer problems and scores of one item, and what they were computed from."""

    definition: dict[str, Any]
    policy: str | None
    errors: dict[str, str]
    score: scoring.SubmissionScore | None

    def errors_for(self, definition: dict[str, Any]) -> dict[str, str] | None:
        """The stored problems if computed from this very definition, else None."""
        return dict(self.errors) if definition is self.definition else None

    def score_for(
        self, definition: dict[str, Any], policy: str | None
    ) -> scoring.SubmissionScore | None:
        """The stored scores if computed from this definition and policy, else None."""
        if definition is self.definition and policy == self.policy:
            return self.score
        return None


@dataclass
class Prepared:
    """A parsed batch and its lock-free checks, by position (an id may come twice)."""

    parsed: list[Parsed]
    digests: list[str]
    checked: list[Checked | None] = field(default_factory=list)


@dataclass
class Facts:
    """What `check` needs from the database."""

    versions: dict[int, Version]
    policies: dict[int, str | None]


def _raw_id(item: Any) -> Any:
    value = item.get("id") if isinstance(item, dict) else None
    return value if isinstance(value, str) and len(value) <= 64 and not unsafe_text(value) else None


def parse_item(
    item: Any, schema: SyncSubmissionSchema | None = None
) -> tuple[Any, dict[str, Any] | None, Outcome | None]:
    """Load one batch item: (id as sent, data, None) or (id, None, invalid outcome)."""
    raw_id = _raw_id(item)
    if not isinstance(item, dict):
        return raw_id, None, invalid(raw_id, {"_item": "Must be an object."})
    try:
        data = (schema or SyncSubmissionSchema()).load(item)
    except ValidationError as err:
        return raw_id, None, invalid(raw_id, flatten_messages(err.messages))
    data["id"] = str(data["id"])
    data["replaces"] = str(data["replaces"]) if data["replaces"] else None
    return raw_id, data, None


def parse(items: list[Any]) -> Prepared:
    """Load every item (no database)."""
    schema = SyncSubmissionSchema()
    parsed = [parse_item(item, schema) for item in items]
    return Prepared(parsed, [content_hash(d) if d else "" for _, d, _ in parsed])


def _loaded(prepared: Prepared) -> list[dict[str, Any]]:
    return [d for _, d, _ in prepared.parsed if d]


def load(session: Session, user_id: int, prepared: Prepared) -> Facts:
    """The form versions the items name and the critical policy of their assignments'
    campaigns (only the user's own assignments; anything else is decided later)."""
    items = _loaded(prepared)
    versions = sync_context.load_versions(session, {d["form_version_id"] for d in items})
    ids = sorted({d["assignment_id"] for d in items})
    rows = session.execute(
        select(Assignment.id, Campaign.critical_policy)
        .join(Campaign, Campaign.id == Assignment.campaign_id)
        .where(Assignment.id.in_(ids), Assignment.rater_id == user_id)
    ).all()
    return Facts(versions, {aid: policy for aid, policy in rows})


def check(prepared: Prepared, facts: Facts) -> None:
    """Validate and score every item whose version and assignment are known (no database)."""
    prepared.checked = [_check(data, facts) for _, data, _ in prepared.parsed]


def _check(data: dict[str, Any] | None, facts: Facts) -> Checked | None:
    if data is None:
        return None
    version = facts.versions.get(data["form_version_id"])
    if version is None or data["assignment_id"] not in facts.policies:
        return None
    policy = facts.policies[data["assignment_id"]]
    errors = answers.validate(version.definition, data["answers"], data["na"])
    score = (
        None
        if errors
        else scoring.score_submission(version.definition, data["answers"], data["na"], policy)
    )
    return Checked(version.definition, policy, errors, score)


def answer_errors(
    pre: Checked | None, definition: dict[str, Any], data: dict[str, Any]
) -> dict[str, str]:
    """The item's answer problems: checked before the lock when still valid, else now."""
    errors = pre.errors_for(definition) if pre else None
    if errors is None:
        errors = answers.validate(definition, data["answers"], data["na"])
    return errors


def scores(
    pre: Checked | None, definition: dict[str, Any], data: dict[str, Any], policy: str | None
) -> scoring.SubmissionScore:
    """The item's scores: computed before the lock when still valid, else now."""
    score = pre.score_for(definition, policy) if pre else None
    if score is None:
        score = scoring.score_submission(definition, data["answers"], data["na"], policy)
    return score
