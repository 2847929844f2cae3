"""Blob storage behind a small interface, so an object store can replace the local disk.

Keys are relative, slash-separated names made by the services: photos
(`ab/cd/<sha256>.jpg`), and namespaced files such as `reviews/<hash>.pdf`, `zips/<job>.zip`;
a backend never interprets them beyond that.

`for_app(app)` is the one factory: it builds the store that the app's STORAGE_URL names
(default: files under ATTACHMENT_DIR, i.e. instance/attachments).
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import Any, Protocol

_KEY_RE = re.compile(r"^[0-9a-z][0-9a-z_-]{0,40}(/[0-9a-z][0-9a-z._-]{0,100}){1,3}$")


class Storage(Protocol):
    """What the attachment service needs from a blob store."""

    def put(self, key: str, data: bytes) -> None: ...

    def get(self, key: str) -> bytes: ...

    def exists(self, key: str) -> bool: ...

    def delete(self, key: str) -> None: ...


class LocalStorage:
    """Files under one root directory; writes are atomic (temp file + rename)."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        if not _KEY_RE.match(key):
            raise ValueError(f"invalid storage key {key!r}")
        return self.root / key

    def put(self, key: str, data: bytes) -> None:
        """Store `data` under `key`, replacing any earlier content atomically."""
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def get(self, key: str) -> bytes:
        """Return the bytes stored under `key` (FileNotFoundError when absent)."""
        return self._path(key).read_bytes()

    def exists(self, key: str) -> bool:
        """Tell whether `key` holds data."""
        return self._path(key).is_file()

    def delete(self, key: str) -> None:
        """Remove `key` (nothing happens when it is absent)."""
        self._path(key).unlink(missing_ok=True)


def local(root: str | Path) -> Storage:
    """Return the filesystem backend rooted at `root` (ATTACHMENT_DIR)."""
    return LocalStorage(root)


def for_app(app: Any = None) -> Storage:
    """The store the app's configuration names (the current app by default)."""
    if app is None:
        from flask import current_app

        app = current_app
    return LocalStorage(app.config["ATTACHMENT_DIR"])
