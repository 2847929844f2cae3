"""Schemathesis against /api/v1/openapi.json: no 500s, responses match their documented schemas.

Runs every documented operation with generated (valid and invalid) input, logged in as HR
with the CSRF header, on the access-matrix world (small integer ids hit real objects).
Examples are bounded (MAX_EXAMPLES per operation, fewer for PDF/ZIP rendering) and
derandomised, so the run is reproducible and takes well under a minute.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from tests.factories import ApiClient
from tests.test_access_matrix import matrix_app, template  # noqa: F401 - fixtures

pytestmark = pytest.mark.slow

MAX_EXAMPLES = 20
#: Operations that end the fuzzing session itself (they would only test 401s afterwards).
SKIP = {("POST", "/api/v1/auth/logout"), ("POST", "/api/v1/me/password")}
EXPENSIVE = (".pdf", ".zip", "/exports/", "/download")


def _examples(path: str) -> int:
    return 3 if any(marker in path for marker in EXPENSIVE) else MAX_EXAMPLES


def _session(app: Any, email: str) -> tuple[dict[str, str], dict[str, str]]:
    api = ApiClient(app.test_client())
    assert api.login(email).status_code == 200
    cookie = api.client.get_cookie("session")
    assert cookie is not None
    return {"X-CSRF-Token": api.csrf}, {"session": cookie.value}


def _fuzz_operation(operation: Any, headers: dict[str, str], cookies: dict[str, str]) -> list[str]:
    failures: list[str] = []

    @given(case=operation.as_strategy())
    @settings(
        max_examples=_examples(operation.path),
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        try:
            case.call_and_validate(
                headers=headers,
                cookies=cookies,
                checks=[not_a_server_error, response_schema_conformance],
            )
        except Exception as err:  # noqa: BLE001 - collected and reported per operation
            failures.append(
                f"{operation.method.upper()} {operation.path}: "
                f"{type(err).__name__}: {str(err)[:600]}"
            )
            raise

    try:
        run()
    except Exception:  # noqa: BLE001 - hypothesis re-raises the minimal failing example
        pass
    return failures[-1:]


def test_openapi_operations_never_500_and_match_their_schemas(matrix_app):  # noqa: F811
    app, world, _ = matrix_app
    app.config["LOGIN_LIMIT_PER_ADDRESS"] = "100000 per minute"
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    headers, cookies = _session(app, world.emails["hr"])
    failures: list[str] = []
    tested = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        if (operation.method.upper(), operation.path) in SKIP:
            continue
        tested += 1
        failures += _fuzz_operation(operation, headers, cookies)
    assert tested >= 40, f"only {tested} operations documented"
    assert not failures, "\n\n".join(failures)
