"""Blob storage behind a small interface, so an object store can replace the local disk.

Keys are relative, slash-separated names made by the attachment service
(`ab/cd/<sha256>.jpg`); a backend never interprets them beyond that.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import Protocol

_KEY_RE = re.compile(r"^[0-9a-z]{2}/[0-9a-z]{2}/[0-9a-z._-]{1,100}$")


class Storage(Protocol):
    """What the attachment service needs from a blob store."""

    def put(self, key: str, data: bytes) -> None: ...

    def get(self, key: str) -> bytes: ...

    def exists(self, key: str) -> bool: ...


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


def local(root: str | Path) -> Storage:
    """Return the filesystem backend rooted at `root` (ATTACHMENT_DIR)."""
    return LocalStorage(root)
