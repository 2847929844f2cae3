"""Where mail goes, from MAIL_URL: .eml files in a folder, or an SMTP server.

- `file://` (default): `<instance>/mail/`; `file:///abs/dir`; `file://dir` relative to the
  instance folder (`file://instance/mail` names the default too).
- `smtp://user:pass@host:587?starttls=true` (STARTTLS when `starttls=true`), or
  `smtps://user:pass@host:465` (TLS from the first byte). User and password are
  percent-decoded; both may be left out.

A failed send raises `PermanentFailure` when the server refused for good (an SMTP 5xx reply:
no such mailbox, message rejected) and `TemporaryFailure` otherwise (4xx, connection refused,
timeout): the outbox retries the second, never the first.
"""

from __future__ import annotations

import os
import smtplib
import ssl
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol
from urllib.parse import parse_qs, unquote, urlparse

TRUE = ("1", "true", "yes", "on")


class DeliveryError(Exception):
    """Sending failed; `permanent` says whether trying again can help."""

    permanent = False


class PermanentFailure(DeliveryError):
    """The server refused the message or the address for good (SMTP 5xx)."""

    permanent = True


class TemporaryFailure(DeliveryError):
    """The server could not take the message now (4xx, no connection, timeout)."""


class Transport(Protocol):
    def send(self, raw: bytes, sender: str, recipient: str, name: str) -> None:
        """Deliver one message (`name`: a stable file-safe name for it)."""


@dataclass(frozen=True)
class FileTransport:
    """Each message becomes `<folder>/<name>.eml` (written whole, then renamed into place)."""

    folder: Path

    def send(self, raw: bytes, sender: str, recipient: str, name: str) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.folder, suffix=".part")
        with os.fdopen(fd, "wb") as out:
            out.write(raw)
        os.replace(tmp, self.folder / f"{name}.eml")

    # A transport that keeps what it sent (the others keep nothing) lets erasure reach it:
    # `stored()` lists the messages, `rewrite` and `remove` change one (privacy/mail_files).
    def stored(self) -> list[str]:
        """The names of the stored messages (without `.eml`)."""
        if not self.folder.is_dir():
            return []
        return sorted(p.stem for p in self.folder.glob("*.eml") if p.is_file())

    def read(self, name: str) -> bytes | None:
        """A stored message's bytes, or None when it is gone."""
        try:
            return (self.folder / f"{name}.eml").read_bytes()
        except FileNotFoundError:
            return None

    def rewrite(self, name: str, raw: bytes) -> None:
        """Replace a stored message whole (written, then renamed into place)."""
        fd, tmp = tempfile.mkstemp(dir=self.folder, suffix=".part")
        with os.fdopen(fd, "wb") as out:
            out.write(raw)
        os.replace(tmp, self.folder / f"{name}.eml")

    def remove(self, name: str) -> bool:
        """Delete a stored message; whether it was there."""
        try:
            (self.folder / f"{name}.eml").unlink()
        except FileNotFoundError:
            return False
        return True


@dataclass(frozen=True)
class SmtpTransport:
    """One SMTP connection per message (a consumer sends few, seconds apart)."""

    host: str
    port: int
    username: str = ""
    password: str = ""
    starttls: bool = False
    implicit_tls: bool = False
    timeout: float = 30

    def send(self, raw: bytes, sender: str, recipient: str, name: str) -> None:
        try:
            self._send(raw, sender, recipient)
        except smtplib.SMTPRecipientsRefused as err:
            code, reply = err.recipients.get(recipient, (451, b"refused"))
            raise _by_code(code, reply) from err
        except smtplib.SMTPResponseException as err:
            raise _by_code(err.smtp_code, err.smtp_error) from err
        except (UnicodeError, smtplib.SMTPNotSupportedError) as err:  # needs SMTPUTF8
            raise PermanentFailure(f"{type(err).__name__}: {err}") from err
        except (OSError, smtplib.SMTPException) as err:  # refused, reset, timeout, TLS
            raise TemporaryFailure(f"{type(err).__name__}: {err}") from err

    def _send(self, raw: bytes, sender: str, recipient: str) -> None:
        context = ssl.create_default_context()
        smtp: smtplib.SMTP
        if self.implicit_tls:
            smtp = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=context)
        else:
            smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        with smtp:
            if self.starttls:
                smtp.starttls(context=context)
            if self.username:
                smtp.login(self.username, self.password)
            smtp.sendmail(sender, [ascii_address(recipient)], raw)


def ascii_address(address: str) -> str:
    """`address` with its domain in IDNA (`a@例子.test` -> `a@xn--fsqu00a.test`); a
    non-ASCII local part stays (it cannot be sent without SMTPUTF8)."""
    local, at, domain = address.rpartition("@")
    try:
        return f"{local}{at}{domain.encode('idna').decode('ascii')}"
    except UnicodeError:
        return address


def _by_code(code: int, reply: bytes | str) -> DeliveryError:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
    message = f"{code} {text}".strip()
    return PermanentFailure(message) if 500 <= code < 600 else TemporaryFailure(message)


def from_url(url: str, instance_path: str, timeout: float = 30) -> Transport:
    """The transport MAIL_URL names (ValueError for an unknown scheme)."""
    parsed = urlparse(url or "file://")
    if parsed.scheme == "file":
        return FileTransport(_folder(parsed.netloc + parsed.path, Path(instance_path)))
    if parsed.scheme in ("smtp", "smtps"):
        implicit = parsed.scheme == "smtps"
        query = parse_qs(parsed.query)
        return SmtpTransport(
            host=parsed.hostname or "localhost",
            port=parsed.port or (465 if implicit else 587),
            username=unquote(parsed.username or ""),
            password=unquote(parsed.password or ""),
            starttls=query.get("starttls", ["false"])[0].lower() in TRUE,
            implicit_tls=implicit,
            timeout=timeout,
        )
    raise ValueError(f"MAIL_URL: unsupported scheme {parsed.scheme!r} (file, smtp, smtps)")


def _folder(path: str, instance: Path) -> Path:
    if not path:
        return instance / "mail"
    if path.startswith("/"):
        return Path(path)
    parts = Path(path).parts
    if parts[0] == "instance":
        parts = parts[1:]
    return instance.joinpath(*parts)
