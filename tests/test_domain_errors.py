"""SPEC §8: the rules raise domain errors; `server/errors.py` alone gives them an HTTP shape.

No service module imports Flask, `server.errors` (ApiError) or `server.extensions` (the
request-scoped `db`); every kind of domain error is answered with its status and the one
JSON error shape.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from server import domain_errors
from server.domain_errors import DomainError
from server.errors import STATUS, ApiError, headers_of, status_of

SERVICES = Path(__file__).resolve().parent.parent / "server" / "services"
BANNED = ("flask", "flask_login", "flask_smorest", "werkzeug", "server.errors", "server.extensions")


def _banned(module: str) -> bool:
    return any(module == name or module.startswith(f"{name}.") for name in BANNED) or (
        module.startswith("flask_")
    )


def banned_imports(source: str, where: str) -> list[str]:
    """`where:line module` for every import (top-level or nested) of a banned module."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules = [node.module]
            if node.module == "server":  # `from server import errors, extensions`
                modules += [f"server.{alias.name}" for alias in node.names]
        else:
            continue
        found += [f"{where}:{node.lineno} {m}" for m in modules if _banned(m)]
    return found


def test_no_service_imports_flask_api_error_or_the_request_session() -> None:
    paths = sorted(SERVICES.rglob("*.py"))
    assert len(paths) > 20  # the walk really sees the services
    found = [
        line
        for path in paths
        for line in banned_imports(path.read_text(encoding="utf-8"), str(path.name))
    ]
    assert found == []


@pytest.mark.parametrize(
    "source",
    [
        "from flask import current_app",
        "import flask",
        "from flask_login import current_user",
        "def f():\n    from server.errors import ApiError",
        "from server.extensions import db",
        "from server import extensions",
        "import server.errors",
    ],
)
def test_the_import_walk_catches(source: str) -> None:
    assert len(banned_imports(source, "x.py")) == 1


def test_the_domain_module_imports_nothing_from_the_web_layer() -> None:
    path = Path(domain_errors.__file__)
    assert banned_imports(path.read_text(encoding="utf-8"), path.name) == []
    imported = {
        alias.name.split(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in (node.names if isinstance(node, ast.Import) else [])
    } | {
        (node.module or "").split(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom)
    }
    assert imported <= {"__future__", "typing"}


KINDS = [
    kind
    for kind in vars(domain_errors).values()
    if isinstance(kind, type) and issubclass(kind, DomainError) and kind is not DomainError
]


def test_every_kind_has_a_status() -> None:
    assert len(KINDS) >= 8
    assert {kind: kind in STATUS for kind in KINDS} == dict.fromkeys(KINDS, True)


def test_english_text_and_defaults() -> None:
    err = domain_errors.TooLarge(None, "Send at most {max} submissions at once.", params={"max": 3})
    assert err.code == "too_large" and err.details == {}
    assert err.message == str(err) == "Send at most 3 submissions at once."
    assert err.template == "Send at most {max} submissions at once."
    assert status_of(err) == 413 and headers_of(err) == {}
    api = ApiError(418, "teapot", "No such file.", headers={"X-A": "1"})
    assert (status_of(api), headers_of(api), api.code) == (418, {"X-A": "1"}, "teapot")


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.__name__)
def test_each_kind_is_answered_in_the_spec_shape(app: Flask, kind: type[DomainError]) -> None:
    extra: dict[str, Any] = {"retry_after": 7} if kind is domain_errors.TooManyRequests else {}

    def raising() -> None:
        raise kind(None, "No such campaign.", {"fields": {"name": "required"}}, **extra)

    app.add_url_rule("/test-domain-error", "test_domain_error", raising)
    for language, message in (("en", "No such campaign."), ("zh-CN", "评估活动不存在。")):
        resp = app.test_client().get("/test-domain-error", headers={"Accept-Language": language})
        assert resp.status_code == STATUS[kind]
        assert resp.get_json() == {
            "error": {
                "code": kind.default_code,
                "message": message,
                "details": {"fields": {"name": "required"}},
            }
        }
        assert resp.headers.get("Retry-After") == ("7" if extra else None)
