"""Erasure reaches the stored copies of sent mail (the `file://` backend's .eml files):
a message addressed to the person is deleted, one to someone else that names them is
rewritten with the pseudonym (headers and every text part, whatever their encoding), one
that does not name them is left byte for byte; afterwards no file's text (decoded) holds
the old name, address or employee number. A message being written while its recipient is
erased goes too."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete

from server import mail
from server.extensions import db
from server.mail.outbox import Envelope
from server.mail.transport import FileTransport, ascii_address
from server.models import MailMessage
from server.services.privacy import erasure
from tests.factories import make_user
from tests.privacy_helpers import found_in, mail_text, scan_mail

LATIN = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyzéüß"
CJK = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英"
word = st.text(alphabet=LATIN + CJK, min_size=2, max_size=6)
names = st.tuples(word, word).map(" ".join) | st.text(alphabet=CJK, min_size=2, max_size=4)
locals_ = st.from_regex(r"[a-z0-9]{1,8}(\.[a-z0-9]{1,8})?", fullmatch=True)
domains = st.sampled_from(["example.test", "例子.test", "corp.example.com"])
emails = st.builds(lambda local, domain: f"p.{local}@{domain}", locals_, domains)
numbers = st.from_regex(r"E[0-9]{4,6}", fullmatch=True)
locales = st.sampled_from(["en", "zh-CN"])


def _notification(to: str, to_name: str, locale: str, subject: str, body: str) -> bytes:
    item = {"title": subject, "body": body, "url": "https://x.test/#/inbox"}
    out = mail.compose(
        "notification",
        key="k",
        sender=mail.sender(),
        recipient=to,
        name=to_name,
        locale=locale,
        context={"items": [item], "inbox_url": "https://x.test/#/inbox", "subject": subject},
    )
    assert out.error is None, out.error
    return out.raw


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=names, email=emails, number=numbers, locale=locales, shout=st.booleans())
def test_erasure_deletes_or_rewrites_every_stored_mail_that_holds_the_person(
    app: Any, name: str, email: str, number: str, locale: str, shout: bool
) -> None:
    terms = [name, email, number, ascii_address(email)]
    old = {name: "Erased person 0a1b2c", email: "erased-0a1b2c@erased.invalid"}
    old[number] = "erased-0a1b2c"
    assume(not found_in(" ".join(old.values()), terms))
    spelled = name.upper() if shout else name  # a copy in other letter case is found too
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "mail"
        app.config["MAIL_URL"] = f"file://{folder}"
        store = FileTransport(folder)
        theirs = _notification(email, name, locale, "News", f"Your number {number}")
        about = _notification(
            "reader@example.test",
            "Reader",
            locale,
            f"Your rating of {spelled}",
            f"{spelled} ({email.upper() if shout else email}, {number}) waits for you.",
        )
        other = _notification("reader@example.test", "Reader", locale, "News", "Nothing")
        assume(not found_in(mail_text(other), terms))
        for key, raw in (("00000001", theirs), ("00000002", about), ("00000003", other)):
            store.send(raw, "no-reply@x.test", "r", key)
        assert {f for f, _ in scan_mail(folder, terms)} == {"00000001.eml", "00000002.eml"}

        assert erasure._mail_files(old, email) == 2

        assert scan_mail(folder, terms) == []
        # theirs deleted; the one naming them rewritten, unless a copy in other letter
        # case cannot be matched back ("SS" for "ß"): then deleted too
        rewritable = spelled.lower() == name.lower()
        assert store.stored() == (["00000002", "00000003"] if rewritable else ["00000003"])
        if rewritable:
            kept = mail_text(store.read("00000002") or b"")
            assert found_in(kept, list(old.values())) == list(old.values())
        assert store.read("00000003") == other  # untouched, byte for byte
        assert erasure._mail_files(old, email) == 0  # nothing left to do


def test_an_smtp_backend_stores_nothing_to_erase(app: Any) -> None:
    app.config["MAIL_URL"] = "smtp://127.0.0.1:25"
    assert erasure._mail_files({"A Name": "Erased person x"}, "a@example.test") == 0


@dataclass(frozen=True)
class ErasedWhileWriting(FileTransport):
    """Writes the file, and meanwhile the recipient is erased (their rows deleted)."""

    def send(self, raw: bytes, sender: str, recipient: str, name: str) -> None:
        super().send(raw, sender, recipient, name)
        with db.engine.begin() as conn:
            conn.execute(delete(MailMessage).where(MailMessage.recipient == recipient))


def test_a_message_written_while_its_recipient_is_erased_is_removed(
    app: Any, tmp_path: Path
) -> None:
    user = make_user(name="Zhao Lei")
    outgoing = mail.message_for(
        user, "password_reset", key="race", context={"link": "x", "valid_for": timedelta(hours=1)}
    )
    row, _ = mail.outbox.record(db.session, outgoing)
    message_id = row.id
    db.session.commit()
    transport = ErasedWhileWriting(tmp_path / "mail")
    envelope = Envelope(outgoing.raw, "no-reply@x.test", f"{message_id:08d}")
    assert mail.outbox.deliver(db.session, message_id, envelope, transport) == "erased"
    assert transport.stored() == []
    assert scan_mail(tmp_path / "mail", [user.name, user.email]) == []
