"""Per-item results of a sync batch: `{"id", "status", "error"?}` (API.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Outcome:
    """The answer for one submission of a batch."""

    id: Any
    status: str
    code: str | None = None
    message: str | None = None
    details: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """Render as the JSON result object (error only for non-success statuses)."""
        result: dict[str, Any] = {"id": self.id, "status": self.status}
        if self.code is not None:
            result["error"] = {
                "code": self.code,
                "message": self.message or self.code,
                "details": self.details,
            }
        return result


def forbidden(
    raw_id: Any,
    code: str = "forbidden",
    message: str = "This assignment is not yours or does not exist.",
) -> Outcome:
    """The same answer whether the object is someone else's or does not exist."""
    return Outcome(raw_id, "forbidden", code, message)


def invalid(raw_id: Any, fields: dict[str, str]) -> Outcome:
    """An item that needs attention, with a reason per field or question id."""
    return Outcome(raw_id, "invalid", "invalid", "Some answers are not valid.", {"fields": fields})


def flatten_messages(messages: Any, prefix: str = "") -> dict[str, str]:
    """Turn marshmallow's nested messages into {"path.to.field": "first message"}."""
    flat: dict[str, str] = {}
    if isinstance(messages, dict):
        for key, value in messages.items():
            path = f"{prefix}.{key}" if prefix else str(key)
            flat.update(flatten_messages(value, path))
    elif isinstance(messages, list) and messages and all(isinstance(m, str) for m in messages):
        flat[prefix or "_item"] = messages[0]
    elif isinstance(messages, list):
        for item in messages:
            flat.update(flatten_messages(item, prefix))
    else:
        flat[prefix or "_item"] = str(messages)
    return flat
