"""SPEC §8 errors: Issue 11 §2 and §5: one input rule for every endpoint, on SQLite and PostgreSQL.

- Text: a lone surrogate, NUL or another C0 control (tab, LF, CR excepted) in any string
  of any JSON body or query string is a 4xx naming the field, never a 500.
- Ids: a path id outside 1..2^31-1 is a 404 on every route, whatever the method.
- Bodies: a body of an undocumented type is 415, JSON that does not parse 400, a missing
  required body 422, a boolean must be `true`/`false`.
- Sync: a hostile item gets its own `invalid` result; the good items beside it are stored.
"""

from __future__ import annotations

import io
import json
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from server.api.converters import IdConverter, decimal_up_to
from server.extensions import db
from server.schemas.base import MAX_ID, unsafe_text, unsafe_text_paths
from tests import live_server as live
from tests.factories import ApiClient, make_user
from tests.test_fuzz_payloads import field  # noqa: F401 - fixture

FEW = settings(
    max_examples=25,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)

FORBIDDEN_CHARS = st.one_of(
    st.characters(min_codepoint=0, max_codepoint=0x1F).filter(lambda c: c not in "\t\n\r"),
    st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF),
)
#: A string holding at least one forbidden character, anywhere.
HOSTILE_TEXT = st.builds(
    lambda a, c, b: a + c + b, st.text(max_size=6), FORBIDDEN_CHARS, st.text(max_size=6)
)
SAFE_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters=[]).filter(
        lambda c: ord(c) >= 0x20 or c in "\t\n\r"
    ),
    max_size=20,
)


@pytest.fixture(params=["sqlite", "postgresql"])
def engine_app(request):
    return request.getfixturevalue("app" if request.param == "sqlite" else "pg_app")


def _admin(app: Any) -> ApiClient:
    client = ApiClient(app.test_client())
    assert client.login(make_user(role="admin").email).status_code == 200
    return client


# --- the text rule ------------------------------------------------------------------------------


@FEW
@given(text=HOSTILE_TEXT)
def test_hostile_text_is_always_unsafe(text):
    assert unsafe_text(text)


@FEW
@given(text=SAFE_TEXT)
def test_safe_text_is_accepted_crlf_and_tabs_included(text):
    assert not unsafe_text(text + "\r\n\t")


@FEW
@given(text=HOSTILE_TEXT, depth=st.integers(0, 40), key=SAFE_TEXT.filter(bool))
def test_unsafe_text_is_found_however_deep(text, depth, key):
    doc: Any = text
    for i in range(depth):
        doc = {key: doc} if i % 2 else [doc]
    paths = unsafe_text_paths({"top": doc})
    assert len(paths) == 1 and paths[0][0] == "top"


# --- ids ----------------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None, database=None, derandomize=True)
@given(n=st.integers(-10, 2**70), limit=st.integers(1, 2**40))
def test_id_regex_matches_exactly_one_to_the_limit(n, limit):
    matches = re.fullmatch(decimal_up_to(limit), str(n)) is not None
    assert matches == (1 <= n <= limit)


def _id_rules(app: Any) -> list[Any]:
    return [
        r
        for r in app.url_map.iter_rules()
        if r.rule.startswith("/api/")
        and any(isinstance(c, IdConverter) for c in r._converters.values())
    ]


def test_every_integer_path_parameter_is_an_id(app):
    """No route bypasses the id rule with werkzeug's plain `int` converter."""
    from werkzeug.routing import IntegerConverter

    plain = [
        r.rule
        for r in app.url_map.iter_rules()
        for c in r._converters.values()
        if isinstance(c, IntegerConverter) and not isinstance(c, IdConverter)
    ]
    assert not plain
    assert len(_id_rules(app)) >= 30


def _with_ids(rule: Any, value: int) -> str:
    url = re.sub(r"<id:\w+>", str(value), rule.rule)
    url = re.sub(r"<any\(([^),]+)[^)]*\):\w+>", r"\1", url)
    return re.sub(r"<(?:\w+:)?\w+>", "x", url)


@pytest.mark.parametrize("value", [2**31, 2**31 + 7, 2**63, 2**64, 10**30, 0])
def test_ids_outside_the_database_range_are_404_everywhere(engine_app, value):
    admin = _admin(engine_app)
    failures = []
    for rule in _id_rules(engine_app):
        url = _with_ids(rule, value)
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            resp = getattr(admin, method.lower())(url, json={})
            if resp.status_code != 404:
                failures.append(f"{method} {url}: {resp.status_code}")
        db.session.rollback()
    assert not failures, failures


def test_the_largest_id_is_an_ordinary_unknown_id(engine_app):
    admin = _admin(engine_app)
    resp = admin.get(f"/api/v1/campaigns/{MAX_ID}")
    assert resp.status_code == 404
    assert resp.get_json()["error"]["code"] == "not_found"


def test_nul_in_a_text_path_segment_is_404(engine_app):
    assert ApiClient(engine_app.test_client()).get("/api/v1/public/links/a%00b").status_code == 404


# --- every JSON string field of every operation -------------------------------------------------


def _resolve(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = spec["components"]["schemas"][name]
    return schema


def _string_fields(spec: dict[str, Any], schema: dict[str, Any]) -> list[tuple[str, ...]]:
    """Paths of the string properties of a body schema (one nesting level of objects)."""
    out = []
    for name, prop in (_resolve(spec, schema).get("properties") or {}).items():
        prop = _resolve(spec, prop)
        if prop.get("readOnly"):
            continue
        if prop.get("type") == "string" or "string" in (prop.get("type") or []):
            out.append((name,))
        elif prop.get("type") == "object" and "properties" in prop:
            out += [(name, *sub) for sub in _string_fields(spec, prop)]
        elif prop.get("type") == "object":  # free or bilingual map: a string value in it
            out.append((name, "en"))
        elif (
            prop.get("type") == "array"
            and _resolve(spec, prop.get("items", {})).get("type") == "string"
        ):
            out.append((name, 0))
    return out


def _json_string_cases(app: Any) -> list[tuple[str, str, tuple[Any, ...]]]:
    spec = app.test_client().get("/api/v1/openapi.json").get_json()
    cases = []
    for path, item in spec["paths"].items():
        for method, op in item.items():
            if method not in ("post", "put", "patch"):
                continue
            content = (op.get("requestBody") or {}).get("content", {})
            if "application/json" in content:
                for where in _string_fields(spec, content["application/json"]["schema"]):
                    cases.append((method, path, where))
    return cases


def _place(where: tuple[Any, ...], value: Any) -> Any:
    for key in reversed(where):
        value = [value] if isinstance(key, int) else {key: value}
    return value


def _concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "1", path)


def test_the_operation_table_covers_the_document(app):
    cases = _json_string_cases(app)
    operations = {(m, p) for m, p, _ in cases}
    assert len(operations) >= 12, operations
    assert ("post", "/api/v1/auth/login", ("email",)) in cases


@settings(
    max_examples=60,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
@given(data=st.data())
def test_hostile_text_in_any_json_string_field_is_a_4xx_naming_it(engine_app, data):
    app = engine_app
    cases = _json_string_cases(app)
    method, path, where = data.draw(st.sampled_from(cases))
    text = data.draw(HOSTILE_TEXT)
    client = ApiClient(app.test_client())
    if path != "/api/v1/auth/login":
        admin = make_user(role="admin")
        assert client.login(admin.email).status_code == 200
    body = json.dumps(_place(where, text))  # lone surrogates travel as "\ud800" escapes
    resp = getattr(client, method)(_concrete(path), data=body, content_type="application/json")
    db.session.rollback()
    assert 400 <= resp.status_code < 500, (method, path, where, resp.status_code)
    if resp.status_code == 422:
        assert f'"{where[0]}"' in resp.get_data(as_text=True), (method, path, resp.get_json())


@pytest.mark.parametrize(
    "url,field_name",
    [
        ("/api/v1/auth/login", "email"),
        ("/api/v1/auth/login", "password"),
    ],
)
@pytest.mark.parametrize("text", ["a\ud800@b.cn", "a\x00@b.cn", "a\x1b@b.cn"])
def test_login_refuses_hostile_text_without_a_session(engine_app, url, field_name, text):
    body = {"email": "a@b.cn", "password": "x" * 12, field_name: text}
    resp = engine_app.test_client().post(
        url, data=json.dumps(body), content_type="application/json"
    )
    assert resp.status_code == 422
    error = resp.get_json()["error"]
    assert error["code"] == "invalid"
    assert field_name in error["details"]["fields"]["json"]


@pytest.mark.parametrize(
    "method,url,body,field_name",
    [
        ("post", "/api/v1/users", {"email": "x@y.cn", "name": "N\x00", "role": "hr"}, "name"),
        ("patch", "/api/v1/users/1", {"name": "\ud800"}, "name"),
        (
            "post",
            "/api/v1/campaigns",
            {
                "name": {"en": "A\x00", "zh-CN": "B"},
                "kind": "360",
                "period_start": "2026-01-01",
                "period_end": "2026-02-01",
            },
            "name",
        ),
        ("patch", "/api/v1/campaigns/1", {"name": {"en": "x", "zh-CN": "\udfff"}}, "name"),
        ("patch", "/api/v1/action-items/1", {"action": "respond", "note": "\ud800"}, "note"),
    ],
)
def test_names_and_notes_refuse_hostile_text(engine_app, method, url, body, field_name):
    admin = _admin(engine_app)
    resp = getattr(admin, method)(url, data=json.dumps(body), content_type="application/json")
    assert resp.status_code == 422, resp.get_json()
    assert field_name in resp.get_json()["error"]["details"]["fields"]["json"]


def test_query_strings_refuse_control_characters(engine_app):
    admin = _admin(engine_app)
    for url in ("/api/v1/users?q=a%00b", "/api/v1/audit?action=%00", "/api/v1/users?q=%1b"):
        resp = admin.get(url)
        assert resp.status_code == 422, (url, resp.status_code)
        assert resp.get_json()["error"]["details"]["fields"]["query"]


def test_a_crlf_text_is_accepted(app):
    admin = _admin(app)
    user = make_user(role="employee")
    resp = admin.patch(f"/api/v1/users/{user.id}", json={"job_title": "Line 1\r\nLine 2\tend"})
    assert resp.status_code == 200, resp.get_json()


def test_org_import_refuses_control_characters_in_a_cell(engine_app):
    admin = _admin(engine_app)
    csv = (
        "employee_number,name,email,unit_path\n"
        "E1,Good,good@x.cn,HQ\n"
        "E2,Bad\x00Name,bad@x.cn,HQ\n"
        "E3,Esc\x1b,e\x00sc@x.cn,HQ\n"
    )
    resp = admin.post(
        "/api/v1/org/import",
        data={"file": (io.BytesIO(csv.encode()), "org.csv")},
        content_type="multipart/form-data",
    )
    assert resp.status_code == 422, resp.get_json()
    rows = resp.get_json()["error"]["details"]["rows"]
    bad = {(r["line"], r["column"]) for r in rows if r["reason"] == "invalid_characters"}
    assert {(3, "name"), (4, "name"), (4, "email")} <= bad


# --- request bodies (§5) ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data,content_type",
    [
        ("", "text/plain"),
        ("report_locale=en", "text/plain"),
        ("report_locale=en", "application/x-www-form-urlencoded"),
        ("<campaign><report_locale>en</report_locale></campaign>", "application/xml"),
        ("report_locale=en", None),
    ],
)
def test_a_body_that_is_not_json_is_415(app, data, content_type):
    admin = _admin(app)
    kwargs = {"data": data}
    if content_type:
        kwargs["content_type"] = content_type
    resp = admin.patch("/api/v1/campaigns/1", **kwargs)
    if content_type is None and not data:
        assert resp.status_code == 422
    else:
        assert resp.status_code == 415, (resp.status_code, resp.get_json())
        assert resp.get_json()["error"]["code"] == "unsupported_media_type"


@pytest.mark.parametrize(
    "method,url", [("patch", "/api/v1/campaigns/1"), ("post", "/api/v1/auth/login")]
)
@pytest.mark.parametrize("data", ["{", '{"a": }', "[1,]", b"\xff\xfe", "{'a': 1}"])
def test_json_that_does_not_parse_is_400(app, method, url, data):
    admin = _admin(app)
    resp = getattr(admin, method)(url, data=data, content_type="application/json")
    assert resp.status_code == 400, resp.get_json()
    assert resp.get_json()["error"]["code"] == "bad_request"


@pytest.mark.parametrize(
    "method,url",
    [
        ("patch", "/api/v1/campaigns/1"),
        ("patch", "/api/v1/org/units/1"),
        ("post", "/api/v1/campaigns/1/links"),
        ("patch", "/api/v1/users/1"),
    ],
)
def test_a_missing_required_body_is_422(app, method, url):
    admin = _admin(app)
    for kwargs in ({}, {"content_type": "application/json"}):
        resp = getattr(admin, method)(url, **kwargs)
        assert resp.status_code == 422, (url, resp.get_json())
        assert resp.get_json()["error"]["details"]["fields"] == {"_body": "required"}


@pytest.mark.parametrize("value", [0, 1, "true", "yes", "1", None, [], {}])
def test_booleans_are_booleans(app, value):
    admin = _admin(app)
    user = make_user(role="employee")
    resp = admin.patch(f"/api/v1/users/{user.id}", json={"active": value})
    assert resp.status_code == 422, (value, resp.get_json())
    assert "active" in resp.get_json()["error"]["details"]["fields"]["json"]


def test_query_booleans_are_true_or_false(app):
    admin = _admin(app)
    assert admin.get("/api/v1/users?active=true").status_code == 200
    assert admin.get("/api/v1/users?active=false").status_code == 200
    assert admin.get("/api/v1/users?active=1").status_code == 422


def test_the_document_lists_the_other_body_types(app):
    spec = app.test_client().get("/api/v1/openapi.json").get_json()
    paths = spec["paths"]
    assert set(paths["/api/v1/attachments/{sha256}"]["put"]["requestBody"]["content"]) == {
        "image/jpeg",
        "image/png",
        "image/webp",
    }
    for path in ("/api/v1/org/import", "/api/v1/forms"):
        assert set(paths[path]["post"]["requestBody"]["content"]) == {"multipart/form-data"}
    public = paths["/api/v1/public/links/{token}/responses"]["post"]["requestBody"]
    assert public["required"] and "application/json" in public["content"]


# --- sync: one bad item never blocks its batch --------------------------------------------------


@FEW
@given(text=HOSTILE_TEXT, where=st.sampled_from(["answer", "na", "id", "key", "nested"]))
def test_a_hostile_sync_item_is_invalid_and_the_others_are_stored(field, text, where):  # noqa: F811
    api, version, definition = field["api"], field["version"], field["definition"]

    def item(seed: int) -> dict[str, Any]:
        return live.submission(
            next(field["assignments"]), version, live.answers_for(definition, seed, [])
        )

    bad = item(3)
    if where == "answer":
        qid = next(iter(bad["answers"]))
        bad["answers"][qid] = text
    elif where == "na":
        bad["na"] = [text]
    elif where == "id":
        bad["id"] = text
    elif where == "key":
        bad["answers"][text] = 1
    else:
        qid = next(iter(bad["answers"]))
        bad["answers"][qid] = [{"deep": [text]}]
    good = [item(1), item(2)]
    batch = [good[0], bad, good[1]]
    resp = api.post(
        "/api/v1/sync", data=json.dumps({"submissions": batch}), content_type="application/json"
    )
    assert resp.status_code == 200, resp.get_data(as_text=True)[:300]
    results = resp.get_json()["results"]
    assert [r["status"] for r in results] == ["created", "invalid", "created"], results
    assert results[1]["error"]["code"] == "invalid"
    assert results[1]["error"]["details"]["fields"]
    from server.models import Submission

    db.session.rollback()
    stored = set(db.session.scalars(db.select(Submission.id)))
    assert {g["id"] for g in good} <= stored


@pytest.mark.parametrize("escape", ["\\ud800", "\\x00", "\\x1b"])
def test_a_form_upload_with_hostile_text_is_refused(app, escape):
    admin = _admin(app)
    doc = f'key: hostile\ntitle: {{en: "T{escape}", zh-CN: "T"}}\nsections: []\n'
    resp = admin.post(
        "/api/v1/forms",
        data={"file": (io.BytesIO(doc.encode()), "f.yaml")},
        content_type="multipart/form-data",
    )
    assert resp.status_code == 422, resp.get_json()
    assert resp.get_json()["error"]["code"] == "invalid_form"


def test_a_csrf_header_that_is_not_ascii_is_403(app):
    """Found while fuzzing: secrets.compare_digest raised TypeError on non-ASCII text."""
    admin = _admin(app)
    resp = admin.client.patch(
        "/api/v1/users/1", json={"name": "x"}, headers={"X-CSRF-Token": "\u00e9t\u00e9"}
    )
    assert resp.status_code == 403


def test_every_api_module_uses_the_blueprint_with_the_body_rule():
    """A module on flask-smorest's own Blueprint would read `{}` from a foreign body."""
    import importlib

    from server.api import SMOREST_MODULES
    from server.api.body import Blueprint

    plain = [
        m for m in SMOREST_MODULES if not isinstance(importlib.import_module(m).blp, Blueprint)
    ]
    assert not plain
