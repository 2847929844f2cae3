"""Issue 13 §4 (mail: account invitation with a one-time link): HR or an admin mails a new
user a link to choose their first password, in the user's language; who may invite whom."""

from __future__ import annotations

from typing import Any

import pytest

from tests import mail_smtp
from tests.factories import ApiClient, make_user
from tests.mail_helpers import LINK, body, link_token
from tests.mail_smtp import SmtpServer

smtp_server = mail_smtp.smtp_server  # the fixture
CONFIRM = "/api/v1/auth/password-reset/confirm"
NEW = "my-first-password-1"


@pytest.fixture
def smtp(app, smtp_server: SmtpServer) -> SmtpServer:
    app.config["MAIL_URL"] = smtp_server.url
    app.config["PUBLIC_URL"] = "https://eval.example.com/"
    return smtp_server


def new_account(staff: ApiClient, locale: str = "zh-CN", role: str = "employee") -> dict[str, Any]:
    resp = staff.post(
        "/api/v1/users",
        json={
            "email": f"new-{locale}-{role}@example.test",
            "name": "Wang Fang",
            "role": role,
            "locale": locale,
        },
    )
    assert resp.status_code == 201, resp.get_json()
    return dict(resp.get_json())


def invite(staff: ApiClient, user_id: int) -> Any:
    return staff.post(f"/api/v1/users/{user_id}/invitation")


@pytest.mark.parametrize(
    ("locale", "subject"),
    [
        ("zh-CN", "您在服务评估平台的账号"),
        ("en", "Your account on the service evaluation platform"),
    ],
)
def test_an_invited_user_chooses_a_password_and_signs_in(
    app, client, hr_client, smtp, locale: str, subject: str
) -> None:
    user = new_account(hr_client, locale)
    assert ApiClient(app.test_client()).login(user["email"], NEW).status_code == 401
    resp = invite(hr_client, user["id"])
    assert resp.status_code == 202
    data = resp.get_json()
    assert data["recipient"] == user["email"] and data["message_id"] > 0
    [message] = smtp.to(user["email"])
    assert message["Subject"] == subject
    text = body(message, "plain")
    assert ("1周" if locale == "zh-CN" else "1 week") in text
    match = LINK.search(text)
    assert match is not None and match.group(0).startswith("https://eval.example.com/#/reset")
    assert match.group(2) == "&kind=invitation"
    token = link_token(message)
    assert client.post(CONFIRM, json={"token": token, "password": NEW}).status_code == 204
    assert ApiClient(app.test_client()).login(user["email"], NEW).status_code == 200
    assert client.post(CONFIRM, json={"token": token, "password": NEW}).status_code == 410
    again = invite(hr_client, user["id"])
    assert again.status_code == 409
    assert again.get_json()["error"]["code"] == "password_already_set"


def test_a_second_invitation_before_acceptance_is_a_new_link(app, hr_client, smtp) -> None:
    user = new_account(hr_client)
    assert invite(hr_client, user["id"]).status_code == 202
    assert invite(hr_client, user["id"]).status_code == 202
    first, second = (link_token(m) for m in smtp.to(user["email"]))
    assert first != second


def test_who_may_invite_whom(app, client, hr_client, admin_client, employee_client, smtp):
    hr_account = new_account(admin_client, "en", "hr")
    assert invite(hr_client, hr_account["id"]).status_code == 403
    assert invite(admin_client, hr_account["id"]).status_code == 202
    employee = new_account(hr_client)
    assert invite(employee_client, employee["id"]).status_code == 403
    assert client.post(f"/api/v1/users/{employee['id']}/invitation").status_code == 401
    assert invite(hr_client, 999_999).status_code == 404
    assert invite(hr_client, 2**40).status_code == 404
    gone = make_user(active=False, password=None)
    resp = invite(hr_client, gone.id)
    assert resp.status_code == 409 and resp.get_json()["error"]["code"] == "user_inactive"
    assert invite(hr_client, employee_client.user.id).status_code == 409  # has a password
