"""Issue 17 §1: the access matrix for API tokens: every route × every scope.

The world of tests/test_access_matrix.py holds one token per scope (issued by its admin,
tests/api_tokens_world.py). Each route is called with each token (no cookie, no CSRF):
on the routes tests/access_policy.TOKEN_SCOPES gives the scope, the outcome is the
admin's of POLICY (own and foreign ids); every other /api/ route is 403 `token_scope`;
routes outside /api/ ignore the header (the anonymous outcome)."""

from __future__ import annotations

import pytest

from server.services.tokens import scopes
from tests.access_policy import POLICY, TOKEN_ANY_SCOPE, TOKEN_SCOPES, Rule
from tests.test_access_matrix import ROUTES, _call, _expected, _url, outcome
from tests.test_access_matrix import matrix_app as matrix_app  # the fixtures
from tests.test_access_matrix import template as template
from tests.test_security_headers import assert_security_headers


class BearerClient:
    """Calls with `Authorization: Bearer` only (what _call expects of a client)."""

    def __init__(self, client, token: str) -> None:
        self.client, self.token = client, token

    def __getattr__(self, method: str):
        def call(url: str, **kw):
            return getattr(self.client, method)(
                url, headers={"Authorization": f"Bearer {self.token}"}, **kw
            )

        return call


def expected(route: str, rule: Rule, scope: str, variant: str) -> str:
    if not route.split(" ", 1)[1].startswith("/api/"):
        return _expected(rule, "anonymous", variant)
    if route in TOKEN_SCOPES[scope] or route in TOKEN_ANY_SCOPE:
        return _expected(rule, "admin", variant)
    return "403"


def test_the_policy_and_the_product_agree_on_every_scope():
    assert tuple(TOKEN_SCOPES) == scopes.SCOPE_NAMES
    for scope, routes in TOKEN_SCOPES.items():
        assert set(routes) <= set(ROUTES), scope
        opened = {
            r for r in ROUTES if r.startswith("GET ") or r.startswith("POST ")
        }  # every route a scope can name
        assert set(routes) <= opened


@pytest.mark.parametrize("scope", scopes.SCOPE_NAMES)
def test_token_access_matrix(request, scope):
    app, world, restore = request.getfixturevalue("matrix_app")
    restore()
    app.config["API_TOKEN_LIMIT"] = "100000 per minute"
    api = BearerClient(app.test_client(), world.ids[f"secret:{scope}"])
    mismatches = []
    for route in ROUTES:
        rule = POLICY[route]
        method, path = route.split(" ", 1)
        for variant in ("own", "foreign"):
            url = _url(path, world.params("admin", variant, rule))
            if variant == "foreign" and url == _url(path, world.params("admin", "own", rule)):
                continue
            want = expected(route, rule, scope, variant)
            if method != "GET" and want == "ok":
                restore()
            resp = _call(api, method, url, rule)
            got = outcome(resp.status_code)
            assert_security_headers(resp, api=path.startswith("/api/"))
            if resp.status_code >= 400 and resp.mimetype == "application/json":
                error = resp.get_json()["error"]
                assert set(error) == {"code", "message", "details"}
                if want == "403" and got == "403":
                    assert error["code"] == "token_scope", route
            if got != want:
                body = resp.get_data(as_text=True)[:160]
                mismatches.append(
                    f"{scope} {method} {url}: got {resp.status_code}, want {want}: {body}"
                )
            resp.close()
    assert not mismatches, "\n".join(mismatches)
