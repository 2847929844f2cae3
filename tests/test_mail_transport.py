"""Issue 13 §4 (mail): MAIL_URL names the transport; an SMTP server that wants a login gets
the URL's (percent-decoded) user and password; without it the refusal (530) is permanent."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from server.mail.transport import (
    FileTransport,
    PermanentFailure,
    SmtpTransport,
    TemporaryFailure,
    from_url,
)
from tests.mail_smtp import SmtpServer, free_port

#: aiosmtpd warns when AUTH goes without TLS: deliberate here (no certificate in the test).
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
RAW = b"Subject: hi\r\nTo: a@example.test\r\n\r\nhello\r\n"


def test_mail_url_names_the_transport(tmp_path: Path) -> None:
    instance = str(tmp_path)
    assert from_url("file://", instance) == FileTransport(tmp_path / "mail")
    assert from_url("file://instance/mail", instance) == FileTransport(tmp_path / "mail")
    assert from_url("file:///srv/mail", instance) == FileTransport(Path("/srv/mail"))
    smtp = from_url("smtp://u%40x:p%2Fw@mx.example:2525?starttls=true", instance)
    assert smtp == SmtpTransport("mx.example", 2525, "u@x", "p/w", starttls=True)
    assert from_url("smtps://mx.example", instance) == SmtpTransport(
        "mx.example", 465, implicit_tls=True
    )
    with pytest.raises(ValueError, match="unsupported scheme"):
        from_url("ftp://x", instance)


@pytest.fixture
def auth_server() -> Iterator[SmtpServer]:
    """An SMTP server that takes AUTH (without TLS, for the test) as u@x / p/w only."""
    handler = SmtpServer(port=free_port())

    def check(server: object, session: object, envelope: object, mechanism: str, data: object):
        ok = isinstance(data, LoginPassword) and (data.login, data.password) == (b"u@x", b"p/w")
        return AuthResult(success=ok)

    controller = Controller(
        handler,
        hostname="127.0.0.1",
        port=handler.port,
        authenticator=check,
        auth_required=True,
        auth_require_tls=False,
    )
    controller.start()
    try:
        yield handler
    finally:
        controller.stop()


def test_the_urls_login_reaches_the_server(auth_server: SmtpServer, tmp_path: Path) -> None:
    base = f"127.0.0.1:{auth_server.port}"
    from_url(f"smtp://u%40x:p%2Fw@{base}", str(tmp_path)).send(RAW, "s@x", "a@example.test", "1")
    assert [a.rcpt_tos for a in auth_server.arrived] == [["a@example.test"]]
    anonymous = from_url(f"smtp://{base}", str(tmp_path))
    with pytest.raises(PermanentFailure, match="530"):
        anonymous.send(RAW, "s@x", "a@example.test", "3")


def test_an_smtps_url_without_a_tls_server_is_a_temporary_failure(
    auth_server: SmtpServer, tmp_path: Path
) -> None:
    plain = from_url(f"smtps://127.0.0.1:{auth_server.port}", str(tmp_path), timeout=5)
    with pytest.raises(TemporaryFailure):
        plain.send(RAW, "s@x", "a@example.test", "4")
    assert auth_server.arrived == []
