"""The filesystem backend of server.storage: files under one directory."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from server.storage.keys import check_key, unavailable


class LocalStorage:
    """Files under one root directory; writes are atomic (temp file + rename)."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        return self.root / check_key(key)

    def put(self, key: str, data: bytes) -> None:
        """Store `data` under `key`, replacing any earlier content atomically."""
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        except OSError as err:
            raise unavailable("put", key, err) from err
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
        except OSError as err:
            Path(tmp).unlink(missing_ok=True)
            raise unavailable("put", key, err) from err
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def get(self, key: str) -> bytes:
        """Return the bytes stored under `key` (FileNotFoundError when absent)."""
        path = self._path(key)
        try:
            return path.read_bytes()
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            raise FileNotFoundError(key) from None
        except OSError as err:
            raise unavailable("get", key, err) from err

    def exists(self, key: str) -> bool:
        """Tell whether `key` holds data."""
        return self._path(key).is_file()

    def delete(self, key: str) -> None:
        """Remove `key` (nothing happens when it is absent)."""
        path = self._path(key)
        try:
            path.unlink(missing_ok=True)
        except IsADirectoryError:
            return
        except OSError as err:
            raise unavailable("delete", key, err) from err
