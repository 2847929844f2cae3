"""SPEC §8 errors, §4 form definitions: Hostile input fuzzing: the form-definition loader, the sync
payload, and every JSON endpoint.

Invariants: the loader either returns a storable normalised definition or raises
FormDefinitionError naming the problem; the API answers every body with a JSON client
error or a per-item result — never a 500 — whatever it holds (NUL bytes, 5,000-digit
integers, NaN, deep nesting, wrong types).
"""

from __future__ import annotations

import copy
import json
import re
import uuid
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from server.extensions import db
from server.services.forms import answers as answer_rules
from server.services.forms import forms
from tests import live_server as live
from tests.factories import ApiClient, make_campaign, make_user, save_form

FUZZ = settings(
    max_examples=60,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
RESULT_STATUSES = {
    "created",
    "duplicate",
    "conflict",
    "invalid",
    "missing_attachments",
    "forbidden",
    "late",
}

NASTY_TEXT = st.sampled_from(
    [
        "\x00",
        "a\x00b",
        "\u202e",
        "💥" * 50,
        "' OR 1=1 --",
        "<script>alert(1)</script>",
        "x" * 10_000,
        "",
        " ",
        "../../etc/passwd",
        "%s%n",
        "\ud7ff",
        "NaN",
    ]
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.sampled_from([2**31, 2**63, -(2**63) - 1, 10**308, 0, -1]),
    st.floats(allow_nan=True, allow_infinity=True),
    NASTY_TEXT,
    st.text(max_size=30),
)


def _deep(depth: int, leaf: Any = 1, kind: str = "list") -> Any:
    value = leaf
    for _ in range(depth):
        value = [value] if kind == "list" else {"k": value}
    return value


HOSTILE = st.one_of(
    SCALARS,
    st.lists(SCALARS, max_size=5),
    st.dictionaries(st.text(max_size=8), SCALARS, max_size=4),
    st.builds(_deep, st.integers(10, 400), SCALARS, st.sampled_from(["list", "dict"])),
)


# --- the form-definition loader -----------------------------------------------------------------


def _check_loader(raw: Any) -> None:
    try:
        result = forms.validate_definition(raw)
    except forms.FormDefinitionError as err:
        assert str(err) or getattr(err, "errors", None)
        return
    json.dumps(result, allow_nan=False)  # storable: no NaN/Infinity, only JSON types
    forms.content_sha256(result)


@FUZZ
@given(raw=HOSTILE)
def test_loader_survives_arbitrary_documents(raw):
    _check_loader(raw)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            out += _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            out += _paths(child, (*prefix, i))
    return out


BASE_FORM = live.form_definition(8, photo=True)
FORM_PATHS = [p for p in _paths(BASE_FORM) if p]


def _replace(doc: Any, path: tuple[Any, ...], value: Any) -> Any:
    doc = copy.deepcopy(doc)
    target = doc
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return doc


@FUZZ
@given(edits=st.lists(st.tuples(st.sampled_from(FORM_PATHS), HOSTILE), min_size=1, max_size=3))
def test_loader_survives_hostile_edits_of_a_valid_form(edits):
    doc = BASE_FORM
    for path, value in edits:
        try:
            doc = _replace(doc, path, value)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier edit removed the parent
    _check_loader(doc)


def test_loader_errors_name_the_path():
    doc = _replace(BASE_FORM, ("sections", 1, "questions", 1, "weight"), -5)
    with pytest.raises(forms.FormDefinitionError) as err:
        forms.validate_definition(doc)
    assert "sections[1].questions[1].weight" in str(err.value)


@pytest.mark.parametrize("bad_type", [[1], {"a": 1}, 5, None, True])
def test_question_type_of_the_wrong_kind_is_a_definition_error(bad_type):
    doc = _replace(BASE_FORM, ("sections", 0, "questions", 0, "type"), bad_type)
    with pytest.raises(forms.FormDefinitionError) as err:
        forms.validate_definition(doc)
    assert "sections[0].questions[0]" in str(err.value)


def test_yaml_alias_bomb_is_refused(tmp_path):
    """A 'billion laughs' file must not expand into memory or a definition."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 9):
        refs = ", ".join(f"*a{i - 1}" for _ in range(9))
        lines.append(f"a{i}: &a{i} [{refs}]")
    lines.append("key: bomb\ntitle: *a8\nsections: *a8")
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines))
    with pytest.raises(forms.FormDefinitionError):
        forms.load_form_file(path, None)


# --- the sync payload ---------------------------------------------------------------------------


@pytest.fixture
def field(app):
    shopper = make_user(role="shopper")
    from server.models import Assignment

    version = save_form(forms.validate_definition(live.form_definition(8, photo=False)))
    campaign = make_campaign("mystery_shop", form=version, name=live.bi("Fuzz"))
    ids = {"campaign": campaign.id, "shopper": shopper.id, "version": version.id}

    def assignments():
        while True:  # a fresh visit per draw, however often hypothesis replays
            row = Assignment(
                campaign_id=ids["campaign"],
                relationship="mystery_shopper",
                rater_id=ids["shopper"],
                form_version_id=ids["version"],
                status="pending",
            )
            db.session.add(row)
            db.session.commit()
            yield row.id

    api = ApiClient(app.test_client())
    assert api.login(shopper.email).status_code == 200
    return {
        "api": api,
        "version": version.id,
        "definition": version.definition,
        "assignments": assignments(),
    }


ITEM_KEYS = [
    "id",
    "assignment_id",
    "form_version_id",
    "answers",
    "na",
    "started_at",
    "completed_at",
    "device_time",
    "geo",
    "replaces",
    "staff_id",
    "unknown_field",
]


def _post_raw(api: ApiClient, body: Any) -> Any:
    text = json.dumps(body, allow_nan=True)
    return api.post("/api/v1/sync", data=text, content_type="application/json")


def _check_sync_response(resp: Any, sent: list[Any]) -> None:
    assert resp.status_code < 500, resp.get_data(as_text=True)[:500]
    body = resp.get_json()
    if resp.status_code != 200:
        assert set(body["error"]) == {"code", "message", "details"}
        return
    results = body["results"]
    assert len(results) == len(sent)
    for result in results:
        assert result["status"] in RESULT_STATUSES, result


def _verify_stored(definition: dict[str, Any]) -> None:
    """Whatever was stored passes the answer rules: nothing hostile slipped through."""
    from server.models import Submission

    for sub in db.session.scalars(db.select(Submission)):
        assert answer_rules.validate(definition, sub.answers, sub.na) == {}
        json.dumps(sub.answers, allow_nan=False)


@FUZZ
@given(data=st.data())
def test_sync_items_with_hostile_fields(field, data):
    api, version = field["api"], field["version"]
    item = live.submission(
        next(field["assignments"]), version, live.answers_for(field["definition"], 1, [])
    )
    for _ in range(data.draw(st.integers(1, 3))):
        where = data.draw(st.sampled_from(["item", "answers", "na"]))
        value = data.draw(HOSTILE)
        if where == "item":
            item[data.draw(st.sampled_from(ITEM_KEYS))] = value
        elif where == "answers" and isinstance(item.get("answers"), dict):
            qid = data.draw(st.sampled_from([*item["answers"], "unknown_q", "\x00"]))
            item["answers"][qid] = value
        elif where == "na":
            item["na"] = value if not isinstance(value, str) else [value]
    batch = [
        item,
        live.submission(
            next(field["assignments"]), version, live.answers_for(field["definition"], 2, [])
        ),
    ]
    resp = _post_raw(api, {"submissions": batch})
    _check_sync_response(resp, batch)
    if resp.status_code == 200:
        assert resp.get_json()["results"][1]["status"] == "created"  # one bad item blocks none
    db.session.rollback()
    _verify_stored(field["definition"])


@FUZZ
@given(
    body=st.one_of(
        HOSTILE,
        st.fixed_dictionaries({"submissions": HOSTILE}),
        st.fixed_dictionaries({"submissions": st.lists(HOSTILE, max_size=4)}),
    )
)
def test_sync_batches_of_any_shape(field, body):
    resp = _post_raw(field["api"], body)
    sent = body.get("submissions") if isinstance(body, dict) else None
    _check_sync_response(resp, sent if isinstance(sent, list) else [])


def test_replayed_batch_with_hostile_twin_ids(field):
    """Duplicate ids inside one batch: the first is created, the second is a duplicate."""
    api, version = field["api"], field["version"]
    item = live.submission(
        next(field["assignments"]), version, live.answers_for(field["definition"], 1, [])
    )
    twin = copy.deepcopy(item)
    other = copy.deepcopy(item)
    other["answers"]["s0q0"] = 5 if item["answers"]["s0q0"] != 5 else 4
    resp = _post_raw(api, {"submissions": [item, twin, other]})
    assert [r["status"] for r in resp.get_json()["results"]] == ["created", "duplicate", "conflict"]


# --- every JSON endpoint -----------------------------------------------------------------------


def _sample(match: re.Match[str]) -> str:
    name = match.group(1)
    return {"kind": "answers", "fmt": "csv", "sha256": "0" * 64}.get(
        name, "1" if name.endswith("_id") else "x"
    )


def _unsafe_json_routes(app: Any) -> list[tuple[str, str]]:
    """Every unsafe API route with sample values in its URL."""
    out = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/"):
            continue
        url = re.sub(r"<(?:[^:<>]+(?:\([^)]*\))?:)?(\w+)>", _sample, rule.rule)
        for method in sorted((rule.methods or set()) & {"POST", "PATCH", "PUT", "DELETE"}):
            out.append((method, url))
    return out


DEEP_BODIES = [
    ("deep array", "[" * 100_000 + "]" * 100_000),
    ("deep object", '{"a":' * 5_000 + "1" + "}" * 5_000),
    ("deep field", '{"email":' + "[" * 3_000 + "]" * 3_000 + ',"submissions":[]}'),
    ("long integer", '{"email": "a@b.c", "password": ' + "9" * 5_000 + ', "x": 1}'),
    ("nul bytes", '{"email": "a\\u0000@b.c", "name": "\\u0000", "password": "\\u0000"}'),
    ("nan", '{"email": NaN, "nominee_ids": [Infinity], "submissions": [-Infinity]}'),
    ("top-level scalar", "12345678901234567890"),
    ("invalid utf-8", b'{"email": "\xff\xfe"}'),
]


@pytest.mark.parametrize("label,body", DEEP_BODIES, ids=[b[0] for b in DEEP_BODIES])
def test_no_json_body_makes_any_endpoint_fail(app, label, body):
    hr = ApiClient(app.test_client())
    assert hr.login(make_user(role="admin").email).status_code == 200
    failures = []
    for method, url in _unsafe_json_routes(app):
        resp = getattr(hr, method.lower())(url, data=body, content_type="application/json")
        if resp.status_code >= 500:
            text = resp.get_data(as_text=True)[:200]
            failures.append(f"{method} {url}: {resp.status_code} {text}")
        elif resp.status_code >= 400:
            assert set(resp.get_json()["error"]) == {"code", "message", "details"}
        db.session.rollback()
    assert not failures, "\n".join(failures)


def test_login_survives_hostile_bodies_anonymously(client):
    for _, body in DEEP_BODIES:
        resp = client.post("/api/v1/auth/login", data=body, content_type="application/json")
        assert 400 <= resp.status_code < 500, (body[:40], resp.status_code)
    assert (
        client.post(
            "/api/v1/public/links/" + uuid.uuid4().hex + "/responses",
            data=DEEP_BODIES[0][1],
            content_type="application/json",
        ).status_code
        < 500
    )


@pytest.mark.parametrize(
    "path", ["/api/v1/audit", "/api/v1/users", "/api/v1/submissions", "/api/v1/action-items"]
)
def test_huge_offsets_are_client_errors(app, path):
    """Found by schemathesis: an offset past SQLite's 64-bit integers was a 500."""
    hr = ApiClient(app.test_client())
    assert hr.login(make_user(role="hr").email).status_code == 200
    for offset in ("425273969771520655360", str(2**63), "-1"):
        resp = hr.get(f"{path}?offset={offset}")
        assert resp.status_code in (200, 422), (offset, resp.status_code)
