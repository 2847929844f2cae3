"""A real local HTTP receiver for webhook tests: a threaded http.server on a free port that
records every request and answers with the status codes a test queues (default 200).
With `verify_with` set it checks the signature as docs/webhooks.md tells a receiver to
(its own code, not the product's) and answers 401 when no `v1=` value matches that secret."""

from __future__ import annotations

import hashlib
import hmac
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Receiver:
    url: str
    requests: list[dict[str, Any]] = field(default_factory=list)
    answers: list[int] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    #: The secret this receiver verifies with (None: it accepts anything).
    verify_with: str | None = None

    def next_status(self) -> int:
        with self.lock:
            return self.answers.pop(0) if self.answers else 200

    def accepts(self, headers: Any, body: bytes) -> bool:
        """docs/webhooks.md's `verify`: any `v1=` value matches and the time is fresh."""
        if self.verify_with is None:
            return True
        stamp = headers.get("X-Webhook-Timestamp") or ""
        signature = headers.get("X-Webhook-Signature") or ""
        expected = hmac.new(
            self.verify_with.encode(), stamp.encode() + b"." + body, hashlib.sha256
        ).hexdigest()
        given = [p.strip()[3:] for p in signature.split(",") if p.strip().startswith("v1=")]
        fresh = stamp.isdigit() and abs(time.time() - int(stamp)) <= 300
        return fresh and any(hmac.compare_digest(expected, g) for g in given)


def _handler(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            with receiver.lock:
                receiver.requests.append(
                    {"path": self.path, "headers": dict(self.headers.items()), "body": body}
                )
            status = receiver.next_status()
            if not receiver.accepts(self.headers, body):
                status = 401
            self.send_response(status)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args: Any) -> None:
            return

    return Handler


def serve() -> Iterator[Receiver]:
    """Run a receiver for the duration of a fixture (`yield from serve()`)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(Receiver("")))
    rec = Receiver(f"http://127.0.0.1:{server.server_address[1]}/hook")
    server.RequestHandlerClass = _handler(rec)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield rec
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
