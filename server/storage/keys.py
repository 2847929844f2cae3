"""Storage keys: the one rule every backend applies, the media type a key names, and the
error a store that cannot be reached raises (server.storage)."""

from __future__ import annotations

import logging
import re

from server.domain_errors import Unavailable

log = logging.getLogger("server.storage")
#: Seconds a client is told to wait (Retry-After) when the store cannot be reached.
RETRY_AFTER = 30

_FOLDER = r"[0-9a-z][0-9a-z_-]{0,100}"
_NAME = r"[0-9a-z][0-9a-z_-]{0,100}(\.[0-9a-z_-]{1,20}){1,3}"
#: A namespace (or the photo's fan-out), up to two more folders, and a file name with its
#: extension: lower-case ASCII only, nothing absolute, no `..`. Folders have no dot and
#: names have one, so no key is the folder of another: files and S3 objects behave alike.
KEY_RE = re.compile(rf"[0-9a-z][0-9a-z_-]{{0,40}}(/{_FOLDER}){{0,2}}/{_NAME}")
#: Content types by file extension (keys carry the extension of what they hold).
CONTENT_TYPES = {
    "jpg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
    "pdf": "application/pdf",
    "zip": "application/zip",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


def check_key(key: str) -> str:
    """Return `key` if it is a valid storage key, else raise ValueError (every backend)."""
    if not isinstance(key, str) or not KEY_RE.fullmatch(key):
        raise ValueError(f"invalid storage key {key!r}")
    return key


def content_type(key: str) -> str:
    """The media type of what `key` holds, from its extension (octet-stream if unknown)."""
    ext = key.rsplit(".", 1)[-1] if "." in key.rsplit("/", 1)[-1] else ""
    return CONTENT_TYPES.get(ext, "application/octet-stream")


def unavailable(action: str, key: str, err: BaseException) -> Unavailable:
    """Log why the store failed (the operator's detail) and return the client's error."""
    log.error("storage %s %s failed: %s: %s", action, key, type(err).__name__, err)
    return Unavailable(
        "storage_unavailable",
        "The file store is unavailable; try again later.",
        retry_after=RETRY_AFTER,
    )
