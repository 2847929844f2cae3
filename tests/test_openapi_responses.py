"""SPEC §8 (API): every JSON response matches its documented schema, field for field.

After `flask demo`, every GET endpoint is fetched as each demo role (HR, admin, an
employee, a team lead, a store manager, a mystery shopper, the public customer page)
and each JSON body is validated against the response schema of the OpenAPI document
(/api/v1/openapi.json) with `additionalProperties: false` added to every object that
lists its properties: a field the document does not describe fails, as does a field of
the wrong type. Objects without listed properties must name the type of their values
(a map such as `{relationship: form id}`); an untyped object fails the test.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import jsonschema_rs
import pytest
from flask import Flask
from sqlalchemy import select

from server.extensions import db
from server.models.campaign import Assignment, Campaign
from server.models.cycle import CampaignTemplate
from server.models.engagement import ActionItem, CustomerLink
from server.models.form import FormVersion
from server.models.org import OrgUnit
from server.models.pay import PaymentRun
from server.models.submission import Submission
from server.models.user import User
from tests.factories import ApiClient

#: The demo builder's password (its module moves; the value is in the README's table).
DEMO_PASSWORD = "demo-password-2026"
ROLES = (
    "hr@demo.example",
    "admin@demo.example",
    "staff111@demo.example",
    "lead11@demo.example",
    "manager1@demo.example",
    "shopper1@demo.example",
)
PARAM = re.compile(r"\{(\w+)\}")


def strict(node: Any, components: dict[str, Any], path: str = "#", typed: bool = True) -> Any:
    """The OpenAPI 3.0 schema `node` as closed JSON Schema: refs inlined, `nullable`
    spelled as a "null" type, no undeclared property allowed, no untyped object."""
    if isinstance(node, list):
        return [strict(item, components, path, typed) for item in node]
    if not isinstance(node, dict):
        return node
    if node == {"type": "object", "nullable": True}:  # apispec's null branch of an anyOf
        return {"type": "null"}
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        return strict(components[name], components, f"{path}->{name}", typed)
    # `pattern` is the input text rule (a lone-surrogate class no JSON Schema regex takes)
    out = {
        key: strict(value, components, f"{path}/{key}", typed)
        for key, value in node.items()
        if key != "pattern"
    }
    if out.pop("nullable", False):
        out = _or_null(out)
    if "properties" in out:
        out.setdefault("additionalProperties", False)
    elif typed:
        assert not _untyped(node), f"untyped object at {path}"
    return out


def _or_null(schema: dict[str, Any]) -> dict[str, Any]:
    kind = schema.get("type")
    if kind is None:
        return {"anyOf": [schema, {"type": "null"}]}
    return {**schema, "type": [kind, "null"] if isinstance(kind, str) else [*kind, "null"]}


def _untyped(node: dict[str, Any]) -> bool:
    """An object schema with neither listed properties nor typed values."""
    if node.get("type") != "object" or "properties" in node:
        return False
    values = node.get("additionalProperties")
    return not (isinstance(values, dict) and values) and node != {
        "type": "object",
        "nullable": True,
    }


def response_schema(spec: dict[str, Any], template: str, status: int) -> Any:
    responses = spec["paths"][template]["get"]["responses"]
    documented = responses.get(str(status)) or responses["default"]
    if "$ref" in documented:
        documented = spec["components"]["responses"][documented["$ref"].rsplit("/", 1)[-1]]
    content = documented.get("content", {}).get("application/json")
    assert content is not None, f"{template} {status}: no JSON schema documented"
    # typed=False: the untyped objects still left are listed by the test below
    return strict(content["schema"], spec["components"]["schemas"], template, typed=False)


def json_templates(spec: dict[str, Any]) -> list[str]:
    """GET paths whose 200 response is JSON."""
    found = []
    for template, operations in spec["paths"].items():
        if "get" not in operations:
            continue
        ok = operations["get"]["responses"].get("200", {})
        if "application/json" in ok.get("content", {}):
            found.append(template)
    return found


def demo_values(employee_ids: list[int]) -> dict[str, list[Any]]:
    """Values of each path parameter, taken from the demo database."""

    def ids(model: Any, limit: int = 4) -> list[Any]:
        return list(db.session.scalars(select(model.id).order_by(model.id).limit(limit)))

    return {
        "campaign_id": list(db.session.scalars(select(Campaign.id))),
        "employee_id": employee_ids,
        "unit_id": ids(OrgUnit, 6),
        "version_id": ids(FormVersion, 10),
        "submission_id": ids(Submission, 6)
        + list(db.session.scalars(select(Submission.id).order_by(Submission.id.desc()).limit(6))),
        "user_id": ids(User),
        "token": list(db.session.scalars(select(CustomerLink.token).limit(2))),
        "item_id": ids(ActionItem, 3),
        "template_id": ids(CampaignTemplate),  # recurring cycles (issue 14 §3)
        # shopper pay (issue 16): every visit (each shopper finds their own), the runs
        "visit_id": list(
            db.session.scalars(
                select(Assignment.id).where(Assignment.relationship == "mystery_shopper")
            )
        ),
        "run_id": ids(PaymentRun),
    }


def urls(template: str, values: dict[str, list[Any]]) -> Iterator[str]:
    names = PARAM.findall(template)
    if any(not values.get(name) for name in names):
        return
    if not names:
        yield template
        return
    # one value at a time for each parameter, the others at their first value
    seen: set[str] = set()
    for name in names:
        for value in values[name]:
            chosen = {n: values[n][0] for n in names} | {name: value}
            url = PARAM.sub(lambda m, chosen=chosen: str(chosen[m.group(1)]), template)
            if url not in seen:
                seen.add(url)
                yield url


def fetch_all(app: Flask) -> dict[tuple[str, str], tuple[str, int, Any]]:
    """{(login, url): (template, status, body)} for every JSON GET of every demo role."""
    spec = app.test_client().get("/api/v1/openapi.json").get_json()
    templates = json_templates(spec)
    employees = [
        db.session.scalar(select(User.id).where(User.email == email))
        for email in ("staff111@demo.example", "lead11@demo.example", "staff212@demo.example")
    ]
    values = demo_values([e for e in employees if e is not None])
    results: dict[tuple[str, str], tuple[str, int, Any]] = {}
    for login in (*ROLES, "anonymous"):
        api = ApiClient(app.test_client())
        if login != "anonymous":
            assert api.login(login, DEMO_PASSWORD).status_code == 200, login
        for template in templates:
            if login == "anonymous" and "/public/" not in template:
                continue
            for url in urls(template, values):
                resp = api.get(url + ("?offset=0&limit=500" if url.endswith("audit") else ""))
                if resp.status_code == 304 or not resp.is_json:
                    continue
                results[(login, url)] = (template, resp.status_code, resp.get_json())
    return results


def test_every_demo_response_matches_the_openapi_document(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    spec = app.test_client().get("/api/v1/openapi.json").get_json()
    fetched = fetch_all(app)
    ok = [key for key, (_, status, _) in fetched.items() if status == 200]
    assert len(ok) > 100, len(ok)
    # every JSON GET endpoint was seen answering 200 at least once
    assert {fetched[key][0] for key in ok} == set(json_templates(spec)) - {
        "/api/v1/jobs/{job_id}",  # no job in the demo; typed by JobSchema
        "/api/v1/admin/privacy/exports/{job_id}",  # no job in the demo (test_privacy_api)
    }
    failures = []
    validators: dict[tuple[str, int], Any] = {}
    for (login, url), (template, status, body) in fetched.items():
        if status != 200:  # the error shape has its own tests (free-form details)
            continue
        key = (template, status)
        if key not in validators:
            validators[key] = jsonschema_rs.Draft7Validator(
                response_schema(spec, template, status), validate_formats=True
            )
        for error in validators[key].iter_errors(body):
            failures.append(f"{login} GET {url} {status}: {error.instance_path}: {error.message}")
    assert not failures, "\n".join(failures[:40])


#: Response objects not described field by field: the list may only shrink; a new untyped
#: object fails the test. An audit event's `details` are free-form by design (its
#: particulars differ per event).
STILL_UNTYPED = {
    "AuditEvent.details",
}


def _children(node: dict[str, Any], where: str) -> list[tuple[Any, str]]:
    found = [(value, f"{where}.{key}") for key, value in node.get("properties", {}).items()]
    found += [(item, where) for key in ("allOf", "anyOf", "oneOf") for item in node.get(key, [])]
    if isinstance(node.get("items"), dict):
        found.append((node["items"], f"{where}[]"))
    if isinstance(node.get("additionalProperties"), dict):
        found.append((node["additionalProperties"], f"{where}{{}}"))
    return found


def untyped_spots(spec: dict[str, Any]) -> set[str]:
    """`Component.field` of each object, reachable from a 2xx JSON response, that has
    neither listed properties nor typed values."""
    stack: list[tuple[Any, str]] = [
        (response["content"]["application/json"]["schema"], "response")
        for operations in spec["paths"].values()
        for operation in operations.values()
        if isinstance(operation, dict)
        for status, response in operation.get("responses", {}).items()
        if status.startswith("2") and "application/json" in response.get("content", {})
    ]
    found: set[str] = set()
    done: set[str] = set()
    while stack:
        node, where = stack.pop()
        if "$ref" in node:
            name = node["$ref"].rsplit("/", 1)[-1]
            if name not in done:
                done.add(name)
                stack.append((spec["components"]["schemas"][name], name))
            continue
        if _untyped(node):
            found.add(where)
        stack.extend(_children(node, where))
    return found


def test_the_openapi_document_types_every_response_object(app: Flask) -> None:
    """Each JSON response object lists its fields or types its values."""
    spec = app.test_client().get("/api/v1/openapi.json").get_json()
    assert untyped_spots(spec) == STILL_UNTYPED


def test_every_success_response_documents_its_body(app: Flask) -> None:
    """No `@blp.response(200)` without a schema: each 2xx but 204 has a content type."""
    spec = app.test_client().get("/api/v1/openapi.json").get_json()
    bare = [
        f"{method.upper()} {template} {status}"
        for template, operations in spec["paths"].items()
        for method, operation in operations.items()
        if isinstance(operation, dict) and "responses" in operation
        for status, response in operation["responses"].items()
        if status.startswith("2") and status != "204" and not response.get("content")
    ]
    assert not bare, bare


def test_the_strict_check_refuses_an_undocumented_field() -> None:
    """The validation above would catch a key missing from a schema, or an untyped map."""
    components = {"Thing": {"type": "object", "properties": {"id": {"type": "integer"}}}}
    with pytest.raises(AssertionError, match="untyped object"):
        strict({"type": "object", "additionalProperties": {}}, {})
    schema = strict({"$ref": "#/components/schemas/Thing"}, components)
    assert jsonschema_rs.is_valid(schema, {"id": 1})
    assert not jsonschema_rs.is_valid(schema, {"id": 1, "secret": "x"})
    nullable = strict({"type": "string", "nullable": True}, {})
    assert jsonschema_rs.is_valid(nullable, None)
    with pytest.raises(AssertionError, match="untyped object"):
        strict({"type": "object"}, {})
