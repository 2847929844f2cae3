"""Blob storage behind a small interface: files under the instance folder, or an S3 bucket.

Keys are relative, slash-separated names made by the services: photos
(`ab/cd/<sha256>.jpg`), and namespaced files such as `reviews/<hash>.pdf`, `zips/<job>.zip`;
a backend never interprets them beyond that. `check_key` is the one rule every backend
applies before touching anything (no traversal, no absolute path, no upper case, NUL,
newline or non-ASCII, bounded length).

`for_app(app)` is the one factory: it builds the store that the app's STORAGE_URL names
and keeps it on the app (one boto3 client per app, not per request):

- `file://` (default): files under ATTACHMENT_DIR (instance/attachments), so an existing
  install keeps its photos; `file:///abs/path`: files under that directory;
- `s3://bucket/optional/prefix`: objects in an S3-compatible bucket (AWS S3, Alibaba Cloud
  OSS, MinIO) through boto3, see server.storage.s3.

A store the server cannot reach (disk error, S3 outage or refusal) raises
`domain_errors.Unavailable` (HTTP 503 `storage_unavailable`); a key that holds nothing is
`FileNotFoundError` from `get` in every backend.
"""

from __future__ import annotations

import os
import threading
from typing import Any, Protocol
from urllib.parse import urlsplit

from server.storage.files import LocalStorage
from server.storage.keys import KEY_RE, check_key, content_type

__all__ = [
    "KEY_RE",
    "LocalStorage",
    "Storage",
    "check_key",
    "content_type",
    "for_app",
    "from_config",
    "settings_of",
]

_LOCK = threading.Lock()


class Storage(Protocol):
    """What the services need from a blob store."""

    def put(self, key: str, data: bytes) -> None: ...

    def get(self, key: str) -> bytes: ...

    def exists(self, key: str) -> bool: ...

    def delete(self, key: str) -> None: ...


#: The settings a store is built from (`from_config`).
STORE_SETTINGS = (
    "STORAGE_URL",
    "ATTACHMENT_DIR",
    "S3_ENDPOINT_URL",
    "S3_REGION",
    "S3_ADDRESSING_STYLE",
)


def settings_of(config: Any) -> tuple[tuple[str, str], ...]:
    """The store settings of a config, as plain pairs (to hand to another process)."""
    return tuple((name, str(config.get(name) or "")) for name in STORE_SETTINGS)


def _settings(config: Any) -> tuple[str, ...]:
    """What the store depends on: a changed value builds a new store, and so does a forked
    process (a pre-forking server or a process pool must not share the parent's connections)."""
    return (str(os.getpid()), *(value for _, value in settings_of(config)))


def from_config(config: Any) -> Storage:
    """Build the store STORAGE_URL names (ValueError for a URL it cannot use)."""
    url = config.get("STORAGE_URL") or "file://"
    parts = urlsplit(url)
    if parts.scheme == "file":
        if parts.netloc or parts.query or (parts.path and not parts.path.startswith("/")):
            raise ValueError(f"STORAGE_URL: use file:// or file:///absolute/path, not {url!r}")
        return LocalStorage(parts.path or config["ATTACHMENT_DIR"])
    if parts.scheme == "s3":
        from server.storage import s3

        return s3.from_url(parts, config)
    raise ValueError(f"STORAGE_URL: unsupported scheme {parts.scheme!r} (file, s3)")


def for_app(app: Any = None) -> Storage:
    """The store the app's configuration names (the current app by default), built once."""
    if app is None:
        from flask import current_app

        app = current_app
    wanted = _settings(app.config)
    cached = app.extensions.get("storage")
    if cached is not None and cached[0] == wanted:
        return cached[1]  # type: ignore[no-any-return]
    with _LOCK:
        cached = app.extensions.get("storage")
        if cached is None or cached[0] != wanted:
            cached = (wanted, from_config(app.config))
            app.extensions["storage"] = cached
        return cached[1]  # type: ignore[no-any-return]
