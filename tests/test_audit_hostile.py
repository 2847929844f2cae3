"""SPEC §8 errors, §12 command line: Outside audit of issue 11 (§2, §7): hostile command-line
arguments and files.

The API refuses a user whose email is not an address or whose text breaks the text rule
(lone surrogates, NUL, C0 controls but tab/LF/CR); `flask users create` must apply the
same rules (it created such accounts), as one error line in the user's language with
exit status 2. `flask forms check` on a file that is not UTF-8 printed a traceback.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from server.models import User
from tests.test_cli_errors import CHINESE, ENGLISH, _one_error_line

CONTROL = st.characters(min_codepoint=1, max_codepoint=0x1F).filter(lambda c: c not in "\t\n\r")
HOSTILE_NAME = st.builds(
    lambda a, c, b: a + c + b, st.text("abc ", max_size=4), CONTROL, st.text("xyz", max_size=4)
)
NOT_AN_EMAIL = st.sampled_from(
    ["bad", "a@b", "@x.example", "a b@x.example", "a@@x.example", ""]
) | st.text("abc.", min_size=1, max_size=8)


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(
    name=HOSTILE_NAME,
    env=st.sampled_from([ENGLISH, CHINESE]),
    which=st.sampled_from(["name", "email"]),
)
def test_users_create_refuses_hostile_text_in_one_line(runner, app, name, env, which):
    email = "ok@example.test" if which == "name" else f"{name}@example.test"
    args = ["users", "create", "--email", email, "--name", name if which == "name" else "N"]
    result = runner.invoke(args=[*args, "--role", "hr", "--password", "long-enough-pw"], env=env)
    line = _one_error_line(result)
    assert f"--{which}" in line, line
    assert line.startswith("错误：" if env is CHINESE else "Error: "), line
    with app.app_context():
        from server.extensions import db

        assert db.session.query(User).filter(User.role == "hr").count() == 0  # nothing was created


@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(email=NOT_AN_EMAIL)
def test_users_create_refuses_what_is_not_an_email_address(runner, email):
    args = ["users", "create", "--email", email, "--name", "N", "--role", "hr"]
    result = runner.invoke(args=[*args, "--password", "long-enough-pw"], env=ENGLISH)
    assert _one_error_line(result).startswith("Error: Invalid --email: "), result.stderr


@pytest.mark.parametrize("env", [ENGLISH, CHINESE])
def test_users_create_still_creates_a_valid_user(runner, env):
    args = [
        "users",
        "create",
        "--email",
        "new.hr@example.test",
        "--name",
        "Tab\tName",
        "--role",
        "hr",
    ]
    result = runner.invoke(args=[*args, "--password", "long-enough-pw"], env=env)
    assert result.exit_code == 0, result.output


@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(data=st.binary(min_size=1, max_size=64).filter(lambda b: not _utf8(b)))
def test_forms_check_on_a_file_that_is_not_utf8_is_a_line_not_a_traceback(
    runner, tmp_path_factory, data
):
    path = tmp_path_factory.mktemp("forms") / "x.yaml"
    path.write_bytes(data)
    result = runner.invoke(args=["forms", "check", str(path)], env=ENGLISH)
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit | None)
    assert result.exit_code == 1 and result.output.strip() == f"{path}: Not a UTF-8 text file."


def _utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


# --- §1: a manager's nomination decisions must not tell which peer answered ---------------

STATES = ("pending", "submitted", "declined")


def test_a_managers_withdrawal_answers_alike_whatever_the_peer_did(app):
    """It succeeded for a pending peer and failed 409 "has_submission" for one who had
    answered: the manager could learn, peer by peer, who of a hidden group answered."""
    from sqlalchemy import select

    from server.extensions import db
    from server.models import Assignment
    from server.services.campaigns import assignments, campaigns
    from tests.factories import ApiClient, make_campaign
    from tests.worlds import make_team

    team = make_team(2 * len(STATES))
    campaign = make_campaign("360", peer_selection="nomination", peer_min=1, peer_max=2)
    base = f"/api/v1/campaigns/{campaign.id}/nominations"
    manager = ApiClient(app.test_client())
    assert manager.login(team["manager"].email).status_code == 200
    pairs = list(zip(team["staff"][: len(STATES)], team["staff"][len(STATES) :], strict=True))
    nominations = []
    for subject, peer in pairs:
        mine = ApiClient(app.test_client())
        assert mine.login(subject.email).status_code == 200
        listed = mine.post(base, json={"nominee_ids": [peer.id]}).get_json()["nominations"]
        nominations.append(listed[0]["id"])
        assert manager.post(f"{base}/{listed[0]['id']}/approve").status_code == 200
    assignments.generate(db.session, None, campaign)
    campaigns.open_campaign(db.session, None, campaign)
    for (subject, peer), state in zip(pairs, STATES, strict=True):
        peer_row = db.session.scalar(
            select(Assignment).where(
                Assignment.rater_id == peer.id, Assignment.subject_id == subject.id
            )
        )
        assert peer_row is not None
        peer_row.status = state
    db.session.commit()
    seen = {}
    for nid, state in zip(nominations, STATES, strict=True):
        resp = manager.post(f"{base}/{nid}/reject")
        body = resp.get_json()
        seen[state] = (
            resp.status_code,
            body["error"]["code"] if resp.status_code >= 400 else body["status"],
        )
    assert len(set(seen.values())) == 1, seen
    assert seen["pending"] == (409, "peer_locked")


# --- §2: a form file nested deeper than the YAML parser recurses --------------------------

NESTING = st.tuples(
    st.sampled_from([("[", "]"), ("{a: ", "}")]),
    st.sampled_from([200, 1500, 6000]),
    st.sampled_from(["key: f\nsections: ", "a: ", ""]),
)


def _nested(shape: tuple[tuple[str, str], int, str]) -> bytes:
    (opening, closing), depth, prefix = shape
    return (prefix + opening * depth + "1" + closing * depth + "\n").encode()


@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(shape=NESTING)
def test_deeply_nested_form_upload_is_a_422_not_a_500(app, shape):
    """A nested YAML document raised RecursionError inside the parser: 500."""
    import io

    from tests.conftest import _logged_in

    admin = _logged_in(app, "admin")
    resp = admin.client.post(
        "/api/v1/forms",
        data={"file": (io.BytesIO(_nested(shape)), "deep.yaml")},
        headers={"X-CSRF-Token": admin.csrf},
        content_type="multipart/form-data",
    )
    assert resp.status_code == 422, resp.get_data()[:300]
    assert resp.get_json()["error"]["code"] == "invalid_form"


@settings(max_examples=4, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(shape=NESTING)
def test_deeply_nested_form_file_is_one_line_in_forms_check(runner, tmp_path_factory, shape):
    path = tmp_path_factory.mktemp("forms") / "deep.yaml"
    path.write_bytes(_nested(shape))
    result = runner.invoke(args=["forms", "check", str(path)], env=ENGLISH)
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)
    assert result.exit_code == 1 and result.output.startswith(f"{path}: "), result.output[:300]
