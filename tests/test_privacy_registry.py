"""Privacy's registry covers every column that refers to a person: a new table with a
foreign key to user.id (or to a photo) fails here until privacy says what erasure does to
it, so erasure never again meets a foreign key it did not expect (a 500)."""

from __future__ import annotations

from server.extensions import db
from server.services.privacy import erasure, registry

ACTIONS = {"keep", "delete", "revoke", "photos"}


def _references(table: str, column: str) -> set[str]:
    return {
        f"{t.name}.{fk.parent.name}"
        for t in db.metadata.sorted_tables
        for fk in t.foreign_keys
        if fk.column.table.name == table and fk.column.name == column
    }


def test_every_user_foreign_key_is_in_the_registry() -> None:
    found = _references("user", "id")
    assert found - set(registry.ERASURE) == set(), "add these to privacy/registry.py ERASURE"
    assert set(registry.ERASURE) - found == set(), "stale entries in privacy/registry.py"
    assert set(registry.ERASURE.values()) <= ACTIONS
    assert registry.EXPORTED <= found


def test_every_photo_reference_is_handled_by_photo_removal() -> None:
    handled = {
        f"{c.class_.__tablename__}.{c.key}" for c in (*erasure.PHOTO_LINKS, *erasure.DETACHED)
    }
    assert _references("attachment", "sha256") == handled


def _names(columns: tuple[object, ...]) -> set[str]:
    return {f"{c.class_.__tablename__}.{c.key}" for c in columns}  # type: ignore[attr-defined]


def test_what_the_registry_says_is_what_erasure_does() -> None:
    says = {action: {k for k, v in registry.ERASURE.items() if v == action} for action in ACTIONS}
    assert says["delete"] == _names(erasure.DELETED)
    assert says["revoke"] == {"api_token.created_by_id"}
    assert says["photos"] == {"attachment.uploaded_by_id", "attachment_holder.user_id"}
