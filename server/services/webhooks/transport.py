"""POST one delivery (stdlib http.client): the status code, or the error that prevented one.

The host is resolved and checked once (`guard.pin`: no private network) and the connection
goes only to those checked addresses; TLS still verifies the certificate for the host name (SNI).
Redirects are not followed (a 3xx is a failed attempt); no proxy is used; any answer is
read at most `READ_LIMIT` bytes; nothing of the answer is kept but its status."""

from __future__ import annotations

import http.client
import socket
import ssl
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from server.services.webhooks import guard

TIMEOUT = 10
READ_LIMIT = 4096


@dataclass(frozen=True)
class Answer:
    status: int | None
    error: str | None


def _connection(url: str, timeout: float, allow_local: bool) -> tuple[Any, str]:
    """A connection to the checked address of `url`'s host, and the request target."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    https = parts.scheme == "https"
    port = parts.port or (443 if https else 80)
    addresses = [str(a) for a in guard.pin(host, port, allow_local)]
    conn: http.client.HTTPConnection
    if https:
        conn = http.client.HTTPSConnection(
            host, port, timeout=timeout, context=ssl.create_default_context()
        )
    else:
        conn = http.client.HTTPConnection(host, port, timeout=timeout)

    def pinned(_addr: Any, *args: Any, **kwargs: Any) -> socket.socket:
        for address in addresses[:-1]:
            try:
                return socket.create_connection((address, port), *args, **kwargs)
            except OSError:
                continue
        return socket.create_connection((addresses[-1], port), *args, **kwargs)

    conn._create_connection = pinned  # type: ignore[attr-defined]
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return conn, target


def post(
    url: str,
    body: bytes,
    headers: dict[str, str],
    timeout: float = TIMEOUT,
    allow_local: bool = False,
) -> Answer:
    try:
        conn, target = _connection(url, timeout, allow_local)
    except guard.Refused as err:
        return Answer(None, str(err)[:500])
    try:
        conn.request("POST", target, body=body, headers=headers)
        response = conn.getresponse()
        response.read(READ_LIMIT)
        status = int(response.status)
    except (OSError, ValueError, http.client.HTTPException) as err:  # refused, timeout, TLS
        return Answer(None, f"{type(err).__name__}: {err}"[:500])
    finally:
        conn.close()
    return Answer(status, None if 200 <= status < 300 else f"HTTP {status}")
