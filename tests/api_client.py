"""A Flask test client that logs in and sends the CSRF token (SPEC §8 sessions and CSRF)."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

PASSWORD = "correct-horse-battery"


class ApiClient:
    """A test client that logs in and sends the CSRF token on unsafe requests."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client
        self.csrf = ""

    def login(self, email: str, password: str = PASSWORD) -> Any:
        resp = self.client.post("/api/v1/auth/login", json={"email": email, "password": password})
        if resp.status_code == 200:
            self.csrf = resp.get_json()["csrf_token"]
        return resp

    def _call(self, method: str, url: str, **kwargs: Any) -> Any:
        headers = dict(kwargs.pop("headers", {}) or {})
        if method in ("post", "put", "patch", "delete") and self.csrf:
            headers.setdefault("X-CSRF-Token", self.csrf)
        return getattr(self.client, method)(url, headers=headers, **kwargs)

    def get(self, url: str, **kw: Any) -> Any:
        return self._call("get", url, **kw)

    def post(self, url: str, **kw: Any) -> Any:
        return self._call("post", url, **kw)

    def put(self, url: str, **kw: Any) -> Any:
        return self._call("put", url, **kw)

    def patch(self, url: str, **kw: Any) -> Any:
        return self._call("patch", url, **kw)

    def delete(self, url: str, **kw: Any) -> Any:
        return self._call("delete", url, **kw)


def signed_in(app: Any, user: Any) -> ApiClient:
    """A client of `app` signed in as `user` (the login must succeed)."""
    api = ApiClient(app.test_client())
    assert api.login(user.email).status_code == 200
    return api
