"""Issue 17 §1: hostile Authorization headers never reach a 500, never authenticate, and
always answer in the SPEC §8 error shape; a token only ever works byte for byte."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_api_tokens import issue

HEADER_TEXT = st.text(
    st.characters(min_codepoint=0x20, max_codepoint=0xFF, blacklist_characters="\x7f"),
    max_size=120,
)
SCHEMES = st.sampled_from(["Bearer", "bearer", "BEARER", "Bearer  ", "Basic", "Token", ""])
FEW = settings(
    max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True
)


def _check(resp, value: str) -> None:
    assert resp.status_code < 500, (value, resp.status_code)
    if resp.status_code >= 400:
        assert set(resp.get_json()["error"]) == {"code", "message", "details"}


@FEW
@given(scheme=SCHEMES, value=HEADER_TEXT, method=st.sampled_from(["get", "post"]))
def test_random_headers_never_authenticate(app, admin_client, scheme, value, method):
    header = f"{scheme} {value}" if scheme else value
    client = app.test_client()
    url = "/api/v1/org/units" if method == "get" else "/api/v1/org/sync"
    resp = getattr(client, method)(url, headers={"Authorization": header}, json={})
    _check(resp, header)
    assert resp.status_code in (401, 403), (header, resp.status_code)
    if scheme.strip().lower() == "bearer":
        assert resp.get_json()["error"]["code"] == "invalid_token"


@FEW
@given(data=st.data())
def test_mutated_tokens_are_refused(app, admin_client, data):
    app.config["API_TOKEN_LIMIT"] = "100000 per minute"  # one token, many examples
    token = app.config.get("_test_token") or issue(admin_client, ["org:read"])
    app.config["_test_token"] = token
    kind = data.draw(st.sampled_from(["flip", "cut", "extend", "case", "space"]))
    at = data.draw(st.integers(0, len(token) - 1))
    if kind == "flip":
        char = data.draw(st.sampled_from("aZ09_-x"))
        mutated = token[:at] + char + token[at + 1 :]
    elif kind == "cut":
        mutated = token[:at]
    elif kind == "extend":
        mutated = token + data.draw(HEADER_TEXT.filter(bool))
    elif kind == "case":
        mutated = token.swapcase()
    else:
        mutated = token[:at] + " " + token[at:]
    resp = app.test_client().get(
        "/api/v1/org/units", headers={"Authorization": f"Bearer {mutated}"}
    )
    _check(resp, mutated)
    if mutated.strip() != token:
        assert resp.status_code == 401, mutated
    assert (
        app.test_client()
        .get("/api/v1/org/units", headers={"Authorization": f"Bearer {token}"})
        .status_code
        == 200
    )
