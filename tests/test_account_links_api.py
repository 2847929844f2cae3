"""Issue 13 §4 (mail: password reset / invitation with a one-time link), SPEC §8 (errors):
the link arrives by real SMTP, sets the password once, expires, dies with a password change,
ends every session; a reset request says nothing about whether the address exists; hostile
bodies are a clear 422, never a 500."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from server.extensions import db
from tests import mail_smtp
from tests.factories import PASSWORD, ApiClient, make_user
from tests.mail_helpers import link_token
from tests.mail_smtp import SmtpServer

smtp_server = mail_smtp.smtp_server  # the fixture
RESET = "/api/v1/auth/password-reset"
CONFIRM = "/api/v1/auth/password-reset/confirm"
NEW = "a-brand-new-password-7"
FEW = settings(
    max_examples=30,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def smtp(app, smtp_server: SmtpServer) -> SmtpServer:
    app.config["MAIL_URL"] = smtp_server.url
    return smtp_server


def reset_token(client: Any, smtp: SmtpServer, email: str) -> str:
    """Ask for a reset of `email` and read the token from the mail that arrived."""
    before = len(smtp.to(email))
    assert client.post(RESET, json={"email": email}).status_code == 202
    messages = smtp.to(email)
    assert len(messages) == before + 1
    return link_token(messages[-1])


def login(app: Any, email: str, password: str) -> int:
    return int(ApiClient(app.test_client()).login(email, password).status_code)


def test_the_mailed_link_sets_the_password_and_ends_every_session(app, client, smtp) -> None:
    user = make_user(locale="zh-CN")
    signed_in = ApiClient(app.test_client())
    assert signed_in.login(user.email).status_code == 200
    token = reset_token(client, smtp, user.email)
    resp = client.post(CONFIRM, json={"token": token, "password": NEW})
    assert resp.status_code == 204
    assert signed_in.get("/api/v1/me").status_code == 401
    assert login(app, user.email, NEW) == 200
    assert login(app, user.email, PASSWORD) == 401


def test_the_link_works_once(app, client, smtp) -> None:
    user = make_user()
    token = reset_token(client, smtp, user.email)
    assert client.post(CONFIRM, json={"token": token, "password": NEW}).status_code == 204
    again = client.post(CONFIRM, json={"token": token, "password": "another-password-9"})
    assert again.status_code == 410
    assert again.get_json()["error"]["code"] == "invalid_token"
    assert login(app, user.email, NEW) == 200


def test_a_weak_password_keeps_the_link_usable(app, client, smtp) -> None:
    user = make_user()
    token = reset_token(client, smtp, user.email)
    weak = client.post(CONFIRM, json={"token": token, "password": "short"})
    assert weak.status_code == 422
    assert client.post(CONFIRM, json={"token": token, "password": NEW}).status_code == 204


@pytest.mark.parametrize(("hours", "status"), [(0.99, 204), (1.01, 410)])
def test_a_reset_link_expires_after_an_hour(app, client, smtp, hours: float, status: int) -> None:
    user = make_user()
    token = reset_token(client, smtp, user.email)
    with time_machine.travel(datetime.now(UTC) + timedelta(hours=hours), tick=False):
        assert client.post(CONFIRM, json={"token": token, "password": NEW}).status_code == status


def test_a_password_change_kills_older_links(app, client, smtp) -> None:
    user = make_user()
    first = reset_token(client, smtp, user.email)
    second = reset_token(client, smtp, user.email)
    me = ApiClient(app.test_client())
    me.login(user.email)
    changed = me.post(
        "/api/v1/me/password", json={"current_password": PASSWORD, "new_password": NEW}
    )
    assert changed.status_code == 204
    for token in (first, second):
        resp = client.post(CONFIRM, json={"token": token, "password": "yet-another-pass-1"})
        assert resp.status_code == 410
    assert login(app, user.email, NEW) == 200


def test_known_unknown_and_inactive_addresses_answer_alike(app, client, smtp) -> None:
    known = make_user()
    inactive = make_user(active=False)
    answers = []
    for email in (known.email, "nobody@example.test", inactive.email):
        resp = client.post(RESET, json={"email": email})
        answers.append((resp.status_code, resp.get_data(), sorted(resp.headers.keys())))
    assert answers[0] == answers[1] == answers[2]
    assert answers[0][0] == 202
    assert [a.rcpt_tos for a in smtp.arrived] == [[known.email]]


def test_reset_requests_are_throttled_per_address_known_or_not(app, client, smtp) -> None:
    user = make_user()
    for email in (user.email, "ghost@example.test"):
        codes = [client.post(RESET, json={"email": email}).status_code for _ in range(6)]
        assert codes == [202] * 5 + [429]
    assert len(smtp.to(user.email)) == 5


def test_a_forged_or_unknown_token_is_410(client) -> None:
    resp = client.post(CONFIRM, json={"token": "x" * 43, "password": NEW})
    assert resp.status_code == 410
    assert resp.get_json()["error"]["code"] == "invalid_token"


HOSTILE_EMAILS = st.one_of(
    st.text(max_size=40).filter(lambda s: "@" not in s),
    st.just("a@" + "b" * 300 + ".test"),
    st.just("victim@example.test\x00"),
    st.just("victim\ud800@example.test"),
    st.integers(),
    st.none(),
    st.lists(st.just("a@b.test"), max_size=2),
    st.dictionaries(st.just("x"), st.just(1), max_size=1),
)


@FEW
@given(email=HOSTILE_EMAILS)
def test_hostile_reset_requests_are_a_clear_422(app, client, email: object) -> None:
    resp = client.post(RESET, json={"email": email})
    assert resp.status_code == 422, resp.get_data()
    error = resp.get_json()["error"]
    assert error["code"] == "invalid" and "email" in error["details"]["fields"]["json"]


@FEW
@given(
    token=st.one_of(st.text(max_size=200), st.integers(), st.none(), st.lists(st.text())),
    password=st.one_of(st.text(max_size=20), st.just("p" * 2000), st.integers(), st.none()),
)
def test_hostile_confirmations_are_4xx_never_500(app, client, token: object, password: object):
    app.config["PASSWORD_RESET_LIMIT_PER_ADDRESS"] = "100000 per hour"  # 410s count
    resp = client.post(CONFIRM, json={"token": token, "password": password})
    assert resp.status_code in (410, 422), resp.get_data()
    assert resp.get_json()["error"]["code"] in ("invalid", "invalid_token", "weak_password")
    db.session.rollback()


@pytest.mark.parametrize("bad", ["\x00" * 43, "a\ud800" * 20, "t" * 43 + "\x07"])
def test_control_characters_and_surrogates_in_a_token_are_422(client, bad: str) -> None:
    resp = client.post(CONFIRM, json={"token": bad, "password": NEW})
    assert resp.status_code == 422
    assert "token" in resp.get_json()["error"]["details"]["fields"]["json"]


def test_a_signed_in_user_may_ask_without_a_csrf_token(app, employee_client, smtp) -> None:
    resp = employee_client.client.post(RESET, json={"email": employee_client.user.email})
    assert resp.status_code == 202
    assert link_token(smtp.to(employee_client.user.email)[0])
