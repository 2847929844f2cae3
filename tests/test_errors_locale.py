"""SPEC §8 error shape: Error messages in the request's language: catalogue completeness and the API
answers."""

from __future__ import annotations

import ast
import io
import re
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po

from server import messages
from server.errors import ApiError
from server.services.sync import sync_results
from tests.factories import (
    ApiClient,
    field_form,
    make_campaign,
    make_link,
    make_user,
    save_form,
    sub,
)
from tests.worlds import field_setup

pytestmark = pytest.mark.world("field", store=False)  # the sync-item tests

SERVER = Path(__file__).resolve().parent.parent / "server"
CJK = re.compile(r"[\u4e00-\u9fff]")
#: Calls whose message argument (position, keyword) is a catalogue template.
MESSAGE_CALLS = {
    "ApiError": (2, "message"),
    **{
        kind: (1, "message")
        for kind in (
            "DomainError",
            "BadRequest",
            "Unauthenticated",
            "Forbidden",
            "NotFound",
            "Conflict",
            "Gone",
            "TooLarge",
            "UnsupportedMedia",
            "Invalid",
            "TooManyRequests",
        )
    },
    "Outcome": (3, "message"),
    "forbidden": (2, "message"),
}


def _call_name(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Name):
        return node.func.id
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return None


def _message_arg(node: ast.Call, position: int, keyword: str) -> ast.expr | None:
    if len(node.args) > position:
        return node.args[position]
    return next((k.value for k in node.keywords if k.arg == keyword), None)


def scan(source: str, where: str) -> tuple[list[str], dict[str, str]]:
    """(problems, {template: location}) for the message calls in one module's source."""
    problems: list[str] = []
    found: dict[str, str] = {}
    tree = ast.parse(source)
    # a wrapper such as sync_results.forbidden forwards its own message argument
    wrapped = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef) and node.name in MESSAGE_CALLS
        for inner in ast.walk(node)
    }
    for node in ast.walk(tree):
        name = _call_name(node) if isinstance(node, ast.Call) else None
        if name not in MESSAGE_CALLS or id(node) in wrapped:
            continue
        assert isinstance(node, ast.Call)
        arg = _message_arg(node, *MESSAGE_CALLS[name])
        location = f"{where}:{node.lineno}"
        if arg is None:
            if name not in ("Outcome", "forbidden"):
                problems.append(f"{location}: {name} without a message")
            continue
        if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
            problems.append(f"{location}: {name} message is not a plain string literal")
            continue
        found[arg.value] = location
        params = next((k.value for k in node.keywords if k.arg == "params"), None)
        wanted = messages.placeholders(arg.value)
        if isinstance(params, ast.Dict):
            given = {k.value for k in params.keys if isinstance(k, ast.Constant)}
            if given != wanted:
                problems.append(f"{location}: params {sorted(given)} != {sorted(wanted)}")
        elif params is None and wanted:
            problems.append(f"{location}: placeholders {sorted(wanted)} without params")
    return problems, found


def scan_server() -> tuple[list[str], dict[str, str]]:
    problems: list[str] = []
    found: dict[str, str] = {}
    for path in sorted(SERVER.rglob("*.py")):
        more, templates = scan(path.read_text(encoding="utf-8"), str(path.relative_to(SERVER)))
        problems += more
        found.update(templates)
    return problems, found


def test_every_error_message_is_a_literal_template_with_matching_params() -> None:
    problems, found = scan_server()
    assert problems == []
    assert len(found) > 100  # the scan really sees the call sites


def test_every_error_message_has_a_chinese_entry() -> None:
    _, found = scan_server()
    missing = {t: where for t, where in found.items() if not messages.has_translation(t, "zh-CN")}
    assert missing == {}


@pytest.mark.parametrize(
    ("source", "problem"),
    [
        ('ApiError(404, "not_found", f"No such {x}.")', "not a plain string literal"),
        ('ApiError(404, "not_found", "No such " + x)', "not a plain string literal"),
        ("ApiError(404, 'not_found', message=text)", "not a plain string literal"),
        ('forbidden(raw, "x", f"Not {y}.")', "not a plain string literal"),
        ('ApiError(413, "too_large", "At most {max} rows per import.")', "without params"),
        ('ApiError(413, "x", "At most {max} rows.", params={"n": 1})', "params ['n']"),
    ],
)
def test_the_scan_catches_a_bad_call(source: str, problem: str) -> None:
    problems, _ = scan(source, "example.py")
    assert len(problems) == 1 and problem in problems[0]


def test_the_scan_reports_templates_missing_from_the_catalogue() -> None:
    _, found = scan('ApiError(404, "not_found", "No such thing at all.")', "example.py")
    assert [t for t in found if not messages.has_translation(t, "zh-CN")] == [
        "No such thing at all."
    ]


ZH_PO = SERVER.parent / "translations" / "zh_CN" / "LC_MESSAGES" / "messages.po"
with ZH_PO.open("rb") as po:
    #: the error messages (report strings, with a context, may read alike in both languages)
    ZH_ENTRIES = sorted(
        (m.id, m.string) for m in read_po(po) if isinstance(m.id, str) and m.id and not m.context
    )


@pytest.mark.parametrize(("en", "zh"), ZH_ENTRIES)
def test_catalogue_entry_is_chinese_with_the_same_placeholders(en: str, zh: str) -> None:
    assert messages.placeholders(en) == messages.placeholders(zh)
    assert CJK.search(zh), "not translated"
    assert not CJK.search(en), "the key must be the English template"


def test_marshmallow_messages_our_schemas_produce_are_in_the_catalogue() -> None:
    from marshmallow import Schema as _Base
    from marshmallow import fields, validate

    defaults = [
        *fields.Field.default_error_messages.values(),
        fields.String.default_error_messages["invalid"],
        fields.Integer.default_error_messages["invalid"],
        fields.Boolean.default_error_messages["invalid"],
        fields.Email.default_error_messages["invalid"],
        fields.List.default_error_messages["invalid"],
        fields.Dict.default_error_messages["invalid"],
        fields.UUID.default_error_messages["invalid_uuid"],
        *_Base._default_error_messages.values(),  # noqa: SLF001
        validate.Length.message_min,
        validate.Length.message_max,
        validate.Length.message_all,
        validate.OneOf.default_message,
    ]
    assert [m for m in defaults if not messages.has_translation(m, "zh-CN")] == []


def test_api_error_keeps_the_english_text_for_logs() -> None:
    err = ApiError(
        413, "batch_too_large", "Send at most {max} submissions at once.", params={"max": 3}
    )
    assert err.message == str(err) == "Send at most 3 submissions at once."
    assert err.template == "Send at most {max} submissions at once."
    assert messages.localize(err.template, err.params, "zh-CN") == "每次最多提交 3 份。"


def test_messages_are_translated_by_code_and_machine_values_stay() -> None:
    """Issue 12 §5: a message is a `Term` (msgid and values, as marshmallow's messages and
    the org-import rows are made); codes and other values are left as they are."""
    from server.domain_errors import Term

    details = {
        "fields": {
            "json.name": [Term("Length must be between {min} and {max}.", min=1, max=200)],
            "answers.smile": "range",
            "form_version_id": "unknown_form_version",
        },
        "hashes": ["ab" * 32],
        "rows": [
            {
                "line": 3,
                "reason": "bad_email",
                "message": Term("Not an email address: {email}.", email="x@"),
            }
        ],
        "max": 50,
    }
    assert details["fields"]["json.name"] == ["Length must be between 1 and 200."]
    assert details["rows"][0]["message"] == "Not an email address: x@."
    assert messages.localize_details(details, "zh-CN") == {
        "fields": {
            "json.name": ["长度必须在 1 到 200 之间。"],
            "answers.smile": "range",
            "form_version_id": "unknown_form_version",
        },
        "hashes": ["ab" * 32],
        "rows": [{"line": 3, "reason": "bad_email", "message": "不是有效的邮箱地址：x@。"}],
        "max": 50,
    }
    assert messages.localize_details(details, "en") == details


# --- the API answers -----------------------------------------------------------------


def error_of(resp: Any, status: int) -> dict[str, Any]:
    assert resp.status_code == status, resp.get_json()
    return resp.get_json()["error"]


def both(call: Any, status: int) -> tuple[dict[str, Any], dict[str, Any]]:
    zh = error_of(call({"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.8"}), status)
    en = error_of(call({"Accept-Language": "en-US,en;q=0.9"}), status)
    assert zh["code"] == en["code"]
    return zh, en


def test_unknown_campaign_404_in_each_language(hr_client: ApiClient) -> None:
    zh, en = both(lambda h: hr_client.get("/api/v1/campaigns/999999", headers=h), 404)
    assert (zh["code"], zh["message"]) == ("not_found", "评估活动不存在。")
    assert en["message"] == "No such campaign."


def test_without_a_header_the_users_locale_decides(app: Any) -> None:
    answers = {}
    for locale in ("zh-CN", "en"):
        user = make_user(role="hr", locale=locale)
        api = ApiClient(app.test_client())
        assert api.login(user.email).status_code == 200
        answers[locale] = error_of(api.get("/api/v1/campaigns/999999"), 404)["message"]
    assert answers == {"zh-CN": "评估活动不存在。", "en": "No such campaign."}


def test_the_header_wins_over_the_users_locale(hr_client: ApiClient) -> None:
    assert hr_client.user.locale == "zh-CN"  # type: ignore[attr-defined]
    resp = hr_client.get("/api/v1/campaigns/999999", headers={"Accept-Language": "en"})
    assert error_of(resp, 404)["message"] == "No such campaign."


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("en, zh-CN", "No such campaign."),  # the client's order decides a tie
        ("zh-CN, en", "评估活动不存在。"),
        ("en;q=0.5, zh-TW", "评估活动不存在。"),
        ("fr, en;q=0.3", "No such campaign."),
        ("fr", "评估活动不存在。"),  # nothing we speak: the user's locale (zh-CN)
        ("*", "评估活动不存在。"),
    ],
)
def test_accept_language_preferences(hr_client: ApiClient, header: str, message: str) -> None:
    resp = hr_client.get("/api/v1/campaigns/999999", headers={"Accept-Language": header})
    assert error_of(resp, 404)["message"] == message


def test_wrong_login_401_in_each_language(client: Any) -> None:
    user = make_user()
    body = {"email": user.email, "password": "not-the-password"}
    zh, en = both(lambda h: client.post("/api/v1/auth/login", json=body, headers=h), 401)
    assert (zh["code"], zh["message"]) == ("invalid_credentials", "邮箱或密码错误。")
    assert en["message"] == "Wrong email or password."
    anonymous = error_of(client.post("/api/v1/auth/login", json=body), 401)
    assert anonymous["message"] == "Wrong email or password."


def test_invalid_body_422_field_messages_in_each_language(client: Any) -> None:
    body = {"email": "ab", "extra": 1}
    zh, en = both(lambda h: client.post("/api/v1/auth/login", json=body, headers=h), 422)
    assert zh["message"] == "请求体或参数无效。"
    assert en["message"] == "The request body or parameters are invalid."
    assert zh["details"] == {
        "fields": {
            "json": {
                "email": ["长度必须在 3 到 254 之间。"],
                "password": ["缺少必填字段。"],
                "extra": ["未知字段。"],
            }
        }
    }
    assert en["details"]["fields"]["json"] == {
        "email": ["Length must be between 3 and 254."],
        "password": ["Missing data for required field."],
        "extra": ["Unknown field."],
    }


def test_converted_template_with_params_in_each_language(hr_client: ApiClient) -> None:
    campaign = make_campaign("mixed", form=save_form(field_form()), status="draft")
    url = f"/api/v1/campaigns/{campaign.id}/close"
    zh, en = both(lambda h: hr_client.post(url, headers=h), 409)
    assert zh["code"] == en["code"] == "invalid_transition"
    assert en["message"] == "This campaign is draft; only open campaigns can be closed."
    assert zh["message"] == "该活动当前为“草稿”，只有“进行中”的活动才能关闭。"
    assert zh["details"] == en["details"] == {"status": "draft", "required": "open"}


def test_sync_item_errors_in_each_language(world: dict[str, Any]) -> None:
    api: ApiClient = world["client"]
    good = sub(world["assignment"], world["version"])
    bad = {**good, "started_at": "yesterday", "assignment_id": "x"}
    foreign = sub(None, world["version"], assignment_id=999999)
    answers = {}
    for lang in ("zh-CN", "en"):
        resp = api.post(
            "/api/v1/sync",
            json={"submissions": [bad, foreign]},
            headers={"Accept-Language": lang},
        )
        assert resp.status_code == 200, resp.get_json()
        answers[lang] = resp.get_json()["results"]
    zh, en = answers["zh-CN"], answers["en"]
    assert [r["status"] for r in zh] == [r["status"] for r in en] == ["invalid", "forbidden"]
    assert [r["error"]["code"] for r in zh] == [r["error"]["code"] for r in en]
    assert en[0]["error"]["message"] == "Some answers are not valid."
    assert zh[0]["error"]["message"] == "部分答案无效。"
    assert en[0]["error"]["details"]["fields"] == {
        "started_at": "Not a valid datetime.",
        "assignment_id": "Not a valid integer.",
    }
    assert zh[0]["error"]["details"]["fields"] == {
        "started_at": "不是有效的日期时间。",
        "assignment_id": "不是有效的整数。",
    }
    assert zh[1]["error"]["message"] == "此任务不属于您或不存在。"
    assert en[1]["error"]["message"] == "This assignment is not yours or does not exist."


def test_sync_item_error_follows_the_users_locale_without_a_header(
    world: dict[str, Any],
) -> None:
    api: ApiClient = world["client"]
    item = sub(world["assignment"], world["version"], answers={"smile": 99})
    resp = api.post("/api/v1/sync", json={"submissions": [item]})
    result = resp.get_json()["results"][0]
    assert result["status"] == "invalid"
    assert result["error"]["message"] == "部分答案无效。"
    assert result["error"]["details"]["fields"]["smile"] == "range"  # codes stay codes


def test_customer_response_errors_in_each_language(client: Any, app: Any) -> None:
    world = field_setup(kind="customer", store=False)
    version = world["version"]
    link = make_link(world["campaign"])
    body = sub(None, version, completed_at=3)
    url = f"/api/v1/public/links/{link.token}/responses"
    zh, en = both(lambda h: client.post(url, json=body, headers=h), 422)
    assert (zh["message"], en["message"]) == ("回答无效。", "The response is not valid.")
    assert zh["details"]["fields"]["completed_at"] == "不是有效的日期时间。"
    assert en["details"]["fields"]["completed_at"] == "Not a valid datetime."
    gone = f"/api/v1/public/links/{'x' * 30}/responses"
    zh, en = both(lambda h: client.post(gone, json=body, headers=h), 404)
    assert (zh["message"], en["message"]) == ("此链接不存在。", "This link does not exist.")


def test_sync_outcome_messages_are_in_the_catalogue() -> None:
    outcome = sync_results.invalid("x", {})
    assert outcome.message and messages.has_translation(outcome.message, "zh-CN")
    message = sync_results.forbidden("x").message
    assert message and messages.has_translation(message, "zh-CN")


BAD_FORM = """key: quick-check
title: {en: Quick check, zh-CN: 快速检查}
relationships: [self]
scale: {min: 5, max: 1}
sections:
  - id: s1
    weight: -1
    title: {en: Basics, zh-CN: 基本}
    questions:
      - id: q1
        type: rating
        label: {en: Greeting, zh-CN: 问候}
"""


def test_form_definition_errors_translate_the_message_part_only(hr_client: ApiClient) -> None:
    def upload(h: dict[str, str]) -> Any:
        return hr_client.post(
            "/api/v1/forms",
            data={"file": (io.BytesIO(BAD_FORM.encode()), "quick-check.yaml")},
            content_type="multipart/form-data",
            headers=h,
        )

    zh, en = both(upload, 422)
    assert (zh["code"], zh["message"]) == ("invalid_form", "表单定义无效。")
    assert sorted(en["details"]["errors"]) == [
        "quick-check.yaml: scale.min: Must be lower than max.",
        "quick-check.yaml: sections[0].weight: Must be greater than or equal to 0.",
    ]
    assert sorted(zh["details"]["errors"]) == [
        "quick-check.yaml: scale.min: 必须小于 max。",
        "quick-check.yaml: sections[0].weight: 必须大于或等于 0。",
    ]


def test_our_schemas_validation_messages_are_in_the_catalogue() -> None:
    raised = set()
    for path in sorted((SERVER / "schemas").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            if _call_name(node) == "ValidationError" and node.args:
                arg: ast.expr | None = node.args[0]
            else:
                arg = next((k.value for k in node.keywords if k.arg == "error"), None)
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                raised.add(arg.value)
    assert {"Must not be empty.", "NUL not allowed.", "Give rater_id and/or due_at."} <= raised
    assert sorted(m for m in raised if messages.translate(m, "zh-CN") == m) == []


def test_throttled_login_429_in_each_language(app: Any) -> None:
    app.config["LOGIN_LIMIT_PER_ADDRESS"] = "1 per 15 minutes"
    client = app.test_client()
    body = {"email": "nobody@example.test", "password": "wrong-password"}
    assert client.post("/api/v1/auth/login", json=body).status_code == 401
    zh, en = both(lambda h: client.post("/api/v1/auth/login", json=body, headers=h), 429)
    assert zh["code"] == "too_many_requests"
    assert en["message"] == "Too many requests (limit: 1 per 15 minute). Try again later."
    assert zh["message"] == "请求过于频繁（限制：每 15 分钟最多 1 次），请稍后再试。"


def test_werkzeug_404_for_an_unknown_api_path_in_each_language(client: Any) -> None:
    zh, en = both(lambda h: client.get("/api/v1/no-such-endpoint", headers=h), 404)
    assert en["message"].startswith("The requested URL was not found on the server.")
    assert zh["message"] == "请求的地址不存在。如果是手动输入的地址，请检查拼写后重试。"


def test_inserted_status_words_are_chinese_too() -> None:
    """Values a template inserts (statuses, moves) are named in Chinese in zh-CN messages:
    each is a `Term` looked up in the catalogue with its context."""
    from server.domain_errors import Term
    from server.messages import localize

    item = "The item is already {status}."
    acknowledged = {"status": Term("acknowledged", "action item status")}
    assert localize(item, acknowledged, "zh-CN") == "该事项已是“已确认”状态。"
    assert localize(item, acknowledged, "en") == "The item is already acknowledged."
    planned = {"status": Term("planned", "action item status")}
    assert localize(item, planned, "zh-CN") == "该事项已是“已制定计划”状态。"


def test_rate_limit_words() -> None:
    from server.domain_errors import rate_limit
    from server.messages import localize

    def zh(limit: str) -> str:
        return localize("{limit}", {"limit": limit}, "zh-CN")

    assert zh(rate_limit(10, 15, "minute")) == "每 15 分钟最多 10 次"
    assert zh(rate_limit(50, None, "minute")) == "每分钟最多 50 次"
    assert zh(rate_limit(3, 1, "day")) == "每 1 天最多 3 次"
    assert rate_limit(10, 15, "minute") == "10 per 15 minute"  # the limits library's text
    assert zh("whatever the limiter says") == "whatever the limiter says"
