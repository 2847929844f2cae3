"""SPEC §9 login throttling: Login lockout kept in the database: the sliding window, in-flight
attempts, the API."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import limits
import pytest
import time_machine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, func, select

from server.domain_errors import DomainError
from server.errors import headers_of, status_of
from server.extensions import db
from server.models import LoginAttempt
from server.services.org import login_throttle
from tests.factories import PASSWORD, make_user

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
RULE = login_throttle.Rule("account", "victim@example.test", "10 per 15 minutes")


def attempt(rule: login_throttle.Rule, now: datetime, ok: bool = False) -> int | None:
    """One attempt at `now`: None when allowed, else the Retry-After seconds of the 429."""
    try:
        ticket = login_throttle.reserve(db.session, [rule], now=now)
    except DomainError as err:
        assert status_of(err) == 429 and err.code == "too_many_requests"
        assert err.params["limit"] == str(limits.parse(rule.limit))
        return int(headers_of(err)["Retry-After"])
    if ok:
        login_throttle.release(db.session, ticket)
    db.session.commit()
    return None


def rows() -> int:
    return db.session.scalar(select(func.count()).select_from(LoginAttempt)) or 0


def test_window_slides_and_refused_attempts_do_not_extend_it(app) -> None:
    _window_scenario()


def test_window_on_postgresql(pg_app) -> None:
    _window_scenario()
    test_attempts_in_flight_count_until_released(pg_app)


def _window_scenario() -> None:
    for minute in range(10):  # failures at 0..9 minutes
        assert attempt(RULE, T0 + timedelta(minutes=minute)) is None
    # The 11th within the window is refused, the right password too, until the first expires.
    assert attempt(RULE, T0 + timedelta(minutes=10)) == 300
    assert attempt(RULE, T0 + timedelta(minutes=10), ok=True) == 300
    assert attempt(RULE, T0 + timedelta(minutes=14, seconds=59.5)) == 1
    # Refused attempts were not counted: at 15:00 the first failure left the window.
    assert attempt(RULE, T0 + timedelta(minutes=15), ok=True) is None
    assert attempt(RULE, T0 + timedelta(minutes=15, seconds=1)) is None  # a failure (10 again)
    assert attempt(RULE, T0 + timedelta(minutes=15, seconds=2)) == 58  # minute 1's at 16:00
    # Other keys and scopes are independent.
    other = login_throttle.Rule("account", "someone@example.test", RULE.limit)
    assert attempt(other, T0 + timedelta(minutes=15, seconds=3)) is None
    address = login_throttle.Rule("address", "victim@example.test", RULE.limit)
    assert attempt(address, T0 + timedelta(minutes=15, seconds=3)) is None


def test_attempts_in_flight_count_until_released(app) -> None:
    """Parallel guesses cannot slip through: an unfinished attempt counts for the others."""
    rule = login_throttle.Rule("account", "x@example.test", "2 per 15 minutes")
    first = login_throttle.reserve(db.session, [rule], now=T0)
    second = login_throttle.reserve(db.session, [rule], now=T0)
    with pytest.raises(DomainError):
        login_throttle.reserve(db.session, [rule], now=T0)
    login_throttle.release(db.session, first)  # the first one had the right password
    db.session.commit()
    third = login_throttle.reserve(db.session, [rule], now=T0)
    assert len({*first.ids, *second.ids, *third.ids}) == 3
    key = login_throttle.digest("account", "x@example.test")
    assert db.session.scalar(select(func.count()).where(LoginAttempt.key == key)) == 2


def test_expired_rows_are_deleted_and_keys_are_digests(app) -> None:
    for minute in range(5):
        attempt(RULE, T0 + timedelta(minutes=minute))
    assert rows() == 5
    attempt(RULE, T0 + timedelta(hours=1))
    assert rows() == 1
    stored = db.session.scalars(select(LoginAttempt.key)).all()
    assert stored == [login_throttle.digest("account", "victim@example.test")]
    assert all(len(k) == 64 and "@" not in k for k in stored)
    # Any text hashes, a lone surrogate included.
    assert len(login_throttle.digest("account", "\ud800")) == 64


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    limit=st.integers(1, 4),
    window=st.integers(1, 30),
    steps=st.lists(st.tuples(st.integers(0, 20 * 60), st.booleans()), min_size=1, max_size=25),
)
def test_decisions_match_a_sliding_window_model(app, limit, window, steps) -> None:
    """Allowed iff fewer than `limit` counted failures in the last `window` minutes."""
    db.session.execute(delete(LoginAttempt))
    db.session.commit()
    rule = login_throttle.Rule("account", "model@example.test", f"{limit} per {window} minutes")
    span = timedelta(minutes=window)
    failures: list[datetime] = []
    now = T0
    for gap, ok in steps:
        now += timedelta(seconds=gap)
        recent = sorted(f for f in failures if f > now - span)
        expected = None
        if len(recent) >= limit:
            wait = (recent[len(recent) - limit] + span - now).total_seconds()
            expected = max(1, int(-(-wait // 1)))
        assert attempt(rule, now, ok) == expected, (now, recent)
        if expected is None and not ok:
            failures.append(now)


# --- the API, with the clock moved by time-machine ------------------------------------------


def _login(app, email: str, password: str, addr: str = "10.0.0.1"):
    return app.test_client().post(
        "/api/v1/auth/login",
        json={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": addr},
    )


def test_right_password_refused_during_lockout_until_the_window_passes(app) -> None:
    user = make_user(email="victim@example.test")
    with time_machine.travel(T0, tick=False) as clock:
        for i in range(10):
            assert _login(app, user.email, f"wrong-{i}-xxxx", f"10.1.0.{i}").status_code == 401
            clock.shift(timedelta(seconds=30))
        refused = _login(app, user.email, PASSWORD, "10.1.1.1")
        assert refused.status_code == 429
        assert refused.get_json()["error"]["code"] == "too_many_requests"
        assert int(refused.headers["Retry-After"]) == 15 * 60 - 5 * 60
        clock.shift(timedelta(minutes=10) - timedelta(seconds=1))
        assert _login(app, user.email, PASSWORD, "10.1.1.2").status_code == 429
        clock.shift(timedelta(seconds=1))
        assert _login(app, user.email, PASSWORD, "10.1.1.3").status_code == 200


def test_lockout_message_in_both_languages(app) -> None:
    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "2 per 15 minutes"
    for i in range(2):
        _login(app, "nobody@example.test", f"wrong-{i}-xxxx")
    for lang, message in (
        ("en", "Too many requests (limit: 2 per 15 minute). Try again later."),
        ("zh-CN", "请求过于频繁（限制：每 15 分钟最多 2 次），请稍后再试。"),
    ):
        resp = app.test_client().post(
            "/api/v1/auth/login",
            json={"email": "nobody@example.test", "password": "whatever-1"},
            headers={"Accept-Language": lang},
        )
        assert resp.status_code == 429
        assert resp.get_json()["error"]["message"] == message
        assert int(resp.headers["Retry-After"]) > 0


def test_successful_logins_leave_no_rows(app) -> None:
    user = make_user()
    for _ in range(3):
        assert _login(app, user.email, PASSWORD).status_code == 200
    assert rows() == 0


def test_throttle_off_when_rate_limiting_is_disabled(app) -> None:
    app.config["RATELIMIT_ENABLED"] = False
    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "1 per 15 minutes"
    user = make_user()
    assert _login(app, user.email, "wrong-password-1").status_code == 401
    assert _login(app, user.email, PASSWORD).status_code == 200
    assert rows() == 0


def test_password_change_guesses_share_the_store(app) -> None:
    """Wrong current passwords are counted in the database too; a weak new password is not."""
    from tests.factories import ApiClient

    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "3 per 15 minutes"
    user = make_user()
    api = ApiClient(app.test_client())
    assert api.login(user.email).status_code == 200
    weak = api.post(
        "/api/v1/me/password", json={"current_password": PASSWORD, "new_password": "short"}
    )
    assert weak.status_code == 422
    codes = [
        api.post(
            "/api/v1/me/password",
            json={"current_password": f"guess-{i:05d}", "new_password": "x" * 12},
        ).status_code
        for i in range(4)
    ]
    assert codes == [403, 403, 403, 429]
    assert (
        api.post(
            "/api/v1/me/password",
            json={"current_password": PASSWORD, "new_password": "brand-new-pass-1"},
        ).status_code
        == 429
    )
