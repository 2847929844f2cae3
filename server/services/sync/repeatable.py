"""Repeatable forms (`repeatable: true`, e.g. the supervisor's observation, issue 18 §2):
one assignment takes many submissions, each a separate record.

A supervisor has one assignment per employee of the unit (a 360 campaign with the
`supervisor-observation` form) and records observation after observation on it, offline like
any form: each observation is its own submission with its own client id, so a replay of the
same id stays a `duplicate` (stored once) while a new id is always a new observation. The
assignment stays pending (listed every day, never "submitted"); `replaces` does not apply —
a wrong observation is followed by a right one, not edited. Observations count for the
scorecard by their own `completed_at` (server.services.scorecard.gather).
"""

from __future__ import annotations

from typing import Any

from server.services.sync.sync_results import Outcome


def is_repeatable(definition: dict[str, Any]) -> bool:
    """Whether a (normalised) form definition takes many submissions per assignment."""
    return bool(definition.get("repeatable"))


def repeat_problem(replaces: str | None, raw_id: Any) -> Outcome | None:
    """Why an item of a repeatable form cannot be stored (None: it can)."""
    if replaces is None:
        return None
    return Outcome(
        raw_id,
        "invalid",
        "invalid",
        "Some answers are not valid.",
        {"fields": {"replaces": "not_applicable"}},
    )
