"""POST one delivery (stdlib urllib): the status code, or the error that prevented one.
Redirects are not followed (a 3xx is a failed attempt); any answer is read at most
`READ_LIMIT` bytes; nothing of the answer is kept but its status."""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

TIMEOUT = 10
READ_LIMIT = 4096


@dataclass(frozen=True)
class Answer:
    status: int | None
    error: str | None


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def post(url: str, body: bytes, headers: dict[str, str], timeout: float = TIMEOUT) -> Answer:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            response.read(READ_LIMIT)
            return Answer(int(response.status), None)
    except urllib.error.HTTPError as err:
        return Answer(int(err.code), f"HTTP {err.code}")
    except (OSError, ValueError) as err:  # refused, timeout, TLS, DNS, bad address
        return Answer(None, f"{type(err).__name__}: {err}"[:500])
