"""Error messages in both languages: one catalogue from English template to zh-CN.

Call sites pass the English template (`"Send at most {max} submissions at once."`) and
the values separately; the error handler renders the template in the request's
language. Strings that arrive already formatted (marshmallow's field messages, the
per-item errors of a sync batch, org-import row messages) are matched against the
templates, placeholders included, and translated the same way. Anything not in the
catalogue (codes, ids, hashes, field paths) is left as it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from flask import has_request_context, request
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError

LOCALES = ("zh-CN", "en")
DEFAULT_LOCALE = "en"

CATALOGUE: dict[str, str] = {
    # access and sessions
    "Log in first.": "请先登录。",
    "Your role may not do this.": "您的角色无权执行此操作。",
    "Wrong email or password.": "邮箱或密码错误。",
    "Missing or wrong X-CSRF-Token header.": "X-CSRF-Token 请求头缺失或不正确。",
    "Cross-origin request refused.": "已拒绝跨域请求。",
    "The current password is wrong.": "当前密码不正确。",
    "Password must have at least {min} characters.": "密码至少需要 {min} 个字符。",
    # request shape
    "The body is not valid JSON (or is nested too deeply, or holds a number too long).": (
        "请求体不是有效的 JSON（或嵌套过深，或包含过长的数字）。"
    ),
    "Send the body as {types}.": "请以 {types} 格式发送请求体。",
    "The request body is missing.": "缺少请求体。",
    "Text must not contain control characters or unpaired surrogates.": (
        "文本不得包含控制字符或不成对的代理字符。"
    ),
    "The request body or parameters are invalid.": "请求体或参数无效。",
    "The body must be a JSON object.": "请求体必须是 JSON 对象。",
    "Internal error.": "服务器内部错误。",
    "The database is unreachable.": "无法连接数据库。",
    "No such file.": "文件不存在。",
    "The web app is not built; run `make pwa` (see README).": (
        "网页应用尚未构建；请运行 `make pwa`（参见 README）。"
    ),
    # users and org
    "Unknown role {role}.": "未知角色 {role}。",
    "Unknown locale {locale}.": "未知语言 {locale}。",
    "A user with this email already exists.": "该邮箱已被其他用户使用。",
    "No such user.": "用户不存在。",
    "Only an admin manages hr and admin accounts.": "只有管理员可以管理人事和管理员账号。",
    "This employee number is in use.": "该员工编号已被使用。",
    "Only an admin changes roles.": "只有管理员可以更改角色。",
    "Keep at least one active admin.": "至少需要保留一名在职管理员。",
    "Invalid references.": "引用的对象无效。",
    "Unknown or inactive user.": "用户不存在或已停用。",
    "No such unit.": "单位不存在。",
    "No such employee.": "员工不存在。",
    "Send the file in the multipart field `file`.": "请在 multipart 字段 `file` 中上传文件。",
    "Upload a .csv or .xlsx file.": "请上传 .csv 或 .xlsx 文件。",
    "The file is empty.": "文件为空。",
    "The header row lacks required columns.": "表头缺少必填列。",
    "At most {max} rows per import.": "每次导入最多 {max} 行。",
    "{count} problem(s); nothing was imported.": "发现 {count} 个问题，未导入任何数据。",
    "The CSV is neither UTF-8 nor GB18030.": "CSV 文件的编码既不是 UTF-8 也不是 GB18030。",
    "The file is not a readable XLSX workbook.": "该文件不是可读取的 XLSX 工作簿。",
    # org import rows (details)
    "Missing columns: {columns}": "缺少列：{columns}",
    "{column} is required.": "{column} 为必填项。",
    "Not an email address: {email}.": "不是有效的邮箱地址：{email}。",
    "Locale must be zh-CN or en (got {locale}).": "语言必须为 zh-CN 或 en（当前为 {locale}）。",
    "Unit path has an empty segment.": "组织路径中有空的层级。",
    "unit_path_zh needs one non-empty name per unit_path segment.": (
        "unit_path_zh 须为 unit_path 的每一级提供一个非空名称。"
    ),
    "{column} {value} already on line {line}.": "{column} {value} 已出现在第 {line} 行。",
    "{email} belongs to employee {number}.": "{email} 已属于员工 {number}。",
    "{email} belongs to another user.": "{email} 已属于其他用户。",
    "An employee cannot manage themselves.": "员工不能担任自己的上级。",
    "No employee {number} in the file or the database.": "文件和数据库中都没有员工 {number}。",
    "The management chain of {number} loops back to itself.": ("{number} 的汇报链形成了循环。"),
    # forms
    "Send the YAML in the multipart field `file`.": "请在 multipart 字段 `file` 中上传 YAML 文件。",
    "Form files are limited to 512 KB.": "表单文件不能超过 512 KB。",
    "The file is not valid UTF-8 YAML.": "该文件不是有效的 UTF-8 YAML。",
    "The form definition is invalid.": "表单定义无效。",
    "No such form version.": "表单版本不存在。",
    "Unknown form version.": "未知的表单版本。",
    # campaigns
    "No such campaign.": "评估活动不存在。",
    "Un-release the campaign before editing it.": "请先撤回发布，再编辑该活动。",
    "These settings are fixed once the campaign is open.": "活动开启后，这些设置不能再修改。",
    "The campaign settings are invalid.": "活动设置无效。",
    "The campaign forms are invalid.": "活动表单设置无效。",
    "The campaign has no form for {relationship}.": "该活动尚未为“{relationship}”关系指定表单。",
    "Choose a form for every relationship before opening.": "开启前，请为每种评估关系选择表单。",
    "Generate the assignments before opening.": "开启前，请先生成评估任务。",
    "This campaign is {current}; only {status} campaigns can be {done}.": (
        "该活动当前为“{current}”，只有“{status}”的活动才能{done}。"
    ),
    "Only draft campaigns can be deleted.": "只能删除草稿状态的活动。",
    "The campaign already has submissions.": "该活动已有提交记录。",
    # assignments and nominations
    "Only 360 or mixed campaigns generate 360 raters.": "仅 360 度或混合活动会生成 360 度评估人。",
    "Assignments are generated while draft or open.": "只能在草稿或进行中状态下生成评估任务。",
    "Raters cannot change after release.": "结果发布后不能再更改评估人。",
    "Use visits or customer links for this relationship.": "此评估关系请改用暗访或顾客链接。",
    "Only a self assignment has the subject as rater.": "只有自评任务的评估人才能是被评估人本人。",
    "This rater already rates this subject.": "该评估人已在评估此员工。",
    "No such assignment.": "评估任务不存在。",
    "The rater has already answered this assignment.": "评估人已完成此任务的作答。",
    "This assignment's rater cannot be moved.": "此任务的评估人不能更换。",
    "Visits go to an active shopper.": "暗访任务只能分配给在职的神秘顾客。",
    "A subject cannot be their own peer or supervisor.": "被评估人不能担任自己的同事或上级评估人。",
    "This campaign chooses peers automatically.": "该活动由系统自动选择同事评估人。",
    "Nominations are closed for this campaign.": "该活动的同事提名已截止。",
    "Nominate between {min} and {max} peers (approved ones included).": (
        "请提名 {min} 到 {max} 名同事（含已批准的）。"
    ),
    "Say whose peers these are.": "请说明这些同事评估人是为谁提名的。",
    "Some nominees cannot be peers.": "部分被提名人不能担任同事评估人。",
    "No such nomination.": "提名不存在。",
    "Already {max} approved peers.": "已批准的同事评估人已达 {max} 名。",
    "This peer has already answered.": "该同事已完成评价。",
    "An approved peer cannot be withdrawn once the campaign is open; ask HR.": (
        "评估活动开启后不能撤回已批准的同事评价人，请联系人力资源部门。"
    ),
    # customer links and responses
    "Links belong to customer or mixed campaigns.": "顾客链接仅适用于顾客评价或混合活动。",
    "Links are issued while draft or open.": "只能在草稿或进行中状态下生成链接。",
    "List existing units.": "请列出已存在的单位。",
    "List active employees.": "请列出在职员工。",
    "No such link.": "链接不存在。",
    "The campaign has no active links to print.": "该活动没有可打印的有效链接。",
    "This link does not exist.": "此链接不存在。",
    "This link is no longer active.": "此链接已失效。",
    "A different response with this id was already received.": "已收到此 ID 的另一份不同回答。",
    "The response is not valid.": "回答无效。",
    "Photos are not supported here.": "此处不支持上传照片。",
    # sync
    "Send at most {max} submissions at once.": "每次最多提交 {max} 份。",
    "No such submission.": "提交记录不存在。",
    "This submission was not late.": "此提交并未逾期。",
    "This late submission was already accepted.": "此逾期提交已被接受。",
    "Some answers are not valid.": "部分答案无效。",
    "This assignment is not yours or does not exist.": "此任务不属于您或不存在。",
    "A different submission with this id was already received.": "已收到此 ID 的另一份不同提交。",
    "The campaign is not open yet.": "该活动尚未开启。",
    "This assignment was declined.": "此任务已被拒绝。",
    "Upload these photos, then send again.": "请先上传这些照片，然后重新发送。",
    "This assignment was already submitted; resubmit with `replaces`.": (
        "此任务已提交过；如需重新提交，请使用 `replaces`。"
    ),
    "Must be an object.": "必须是对象。",
    # attachments
    "Send image/jpeg, image/png or image/webp.": "请发送 image/jpeg、image/png 或 image/webp。",
    "The photo is too large.": "照片过大。",
    "The stored photo is missing.": "存储的照片已丢失。",
    "No such attachment.": "附件不存在。",
    "The file holds data beyond the image.": "文件在图像数据之后还包含其他数据。",
    "The body does not match its SHA-256.": "请求体与其 SHA-256 值不符。",
    "The image has too many pixels.": "图像像素过多。",
    "Only JPEG, PNG and WebP photos.": "仅支持 JPEG、PNG 和 WebP 格式的照片。",
    "The image is truncated or corrupt.": "图像不完整或已损坏。",
    "X-Capture-Time must be an ISO 8601 time with a UTC offset.": (
        "X-Capture-Time 必须是带 UTC 偏移的 ISO 8601 时间。"
    ),
    "X-Capture-Time must lie between 2000 and 2200.": "X-Capture-Time 须在 2000 至 2200 年之间。",
    "X-Capture-Geo must be `lat,lon` or `lat,lon,accuracy` (degrees, metres).": (
        "X-Capture-Geo 的格式必须为 `lat,lon` 或 `lat,lon,accuracy`（单位：度、米）。"
    ),
    # reviews, reports, actions, visits
    "No such review.": "评估报告不存在。",
    "No such job.": "任务不存在。",
    "The ZIP is not ready yet.": "ZIP 文件尚未生成。",
    "No such action item.": "整改事项不存在。",
    "The item is already {status}.": "该事项已是“{status}”状态。",
    "Add a note.": "请填写备注。",
    "Visits belong to mystery-shop or mixed campaigns.": "暗访仅适用于神秘顾客暗访或混合活动。",
    "Visits are planned while draft or open.": "只能在草稿或进行中状态下安排暗访。",
    "The visit is invalid.": "暗访信息无效。",
    "Only mystery-shop reports are reviewed.": "只有神秘顾客暗访报告需要审核。",
    "A newer report replaces this one.": "已有更新的报告取代了此报告。",
    "Give the shopper a reason.": "请向神秘顾客说明原因。",
    "Name the served employee (or null).": "请指明接待的员工（或设为 null）。",
    "This report is already approved.": "此报告已通过审核。",
    "This report is already rejected.": "此报告已被退回。",
    "That employee does not work in the visited unit.": "该员工不在被暗访的单位工作。",
    # our schemas' own field messages
    "Must lie between 2000 and 2200.": "必须在 2000 年到 2200 年之间。",
    "Each question may be listed once.": "每道题只能列出一次。",
    "staff_id goes with decision correct.": "只有决定为 correct 时才能填写 staff_id。",
    "NUL not allowed.": "不允许包含 NUL 字符。",
    "Give both en and zh-CN (1-200 characters).": "请同时填写 en 和 zh-CN（1–200 个字符）。",
    "Give rater_id and/or due_at.": "请填写 rater_id 和/或 due_at。",
    # marshmallow / webargs defaults our schemas can produce
    "Missing data for required field.": "缺少必填字段。",
    "Field may not be null.": "字段不能为 null。",
    "Invalid value.": "值无效。",
    "Unknown field.": "未知字段。",
    "Invalid input type.": "输入类型无效。",
    "Invalid type.": "类型无效。",
    "Not a valid string.": "不是有效的字符串。",
    "Not a valid utf-8 string.": "不是有效的 UTF-8 字符串。",
    "Not a valid integer.": "不是有效的整数。",
    "Not a valid number.": "不是有效的数字。",
    "Number too large.": "数字过大。",
    "Special numeric values (nan or infinity) are not permitted.": (
        "不允许使用特殊数值（nan 或 infinity）。"
    ),
    "Not a valid boolean.": "不是有效的布尔值。",
    "Not a valid email address.": "不是有效的邮箱地址。",
    "Not a valid list.": "不是有效的列表。",
    "Not a valid mapping type.": "不是有效的映射类型。",
    "Not a valid UUID.": "不是有效的 UUID。",
    "Not a valid date.": "不是有效的日期。",
    "Not a valid datetime.": "不是有效的日期时间。",
    "Not a valid aware datetime.": "不是有效的带时区日期时间。",
    "Not a valid naive datetime.": "不是有效的不带时区日期时间。",
    "String does not match expected pattern.": "字符串不符合要求的格式。",
    "Invalid JSON body.": "JSON 请求体无效。",
    "Length must be between {min} and {max}.": "长度必须在 {min} 到 {max} 之间。",
    "Length must be {equal}.": "长度必须为 {equal}。",
    "Longer than maximum length {max}.": "超过最大长度 {max}。",
    "Shorter than minimum length {min}.": "短于最小长度 {min}。",
    "Must be greater than or equal to {min} and less than or equal to {max}.": (
        "必须大于或等于 {min} 且小于或等于 {max}。"
    ),
    "Must be greater than or equal to {min}.": "必须大于或等于 {min}。",
    "Must be greater than {min}.": "必须大于 {min}。",
    "Must be less than or equal to {max}.": "必须小于或等于 {max}。",
    "Must be one of: {choices}.": "必须是以下之一：{choices}。",
    # form definitions (uploaded YAML): lines read `file: path: message`
    "cannot read file: {reason}": "无法读取文件：{reason}",
    "invalid YAML: {problem}": "YAML 无效：{problem}",
    "Must match the file name {stem} (got {key}).": "必须与文件名 {stem} 一致（当前为 {key}）。",
    "Must not be empty.": "不能为空。",
    "Must be a mapping.": "必须是映射。",
    "Must be a mapping of scale points to labels.": "必须是从量表分值到标签的映射。",
    "Scale point must be an integer.": "量表分值必须是整数。",
    "Must be lower than max.": "必须小于 max。",
    "Outside the scale {min}..{max}.": "超出量表范围 {min}..{max}。",
    "Duplicate option value {value}.": "选项值 {value} 重复。",
    "Give a score to every option or to none.": "请为所有选项设置分数，或全部不设置。",
    "At least one option must score above 0.": "至少要有一个选项的分数大于 0。",
    "Only a scored question can be critical.": "只有计分题才能设为关键题。",
    "Needs option scores.": "需要设置选项分数。",
    "Must lie within min..max.": "必须在 min..max 范围内。",
    "Must not exceed pass_max.": "不能超过 pass_max。",
    "Must not exceed max_count.": "不能超过 max_count。",
    "An optional photo question needs min_count 0.": "非必答的照片题的 min_count 必须为 0。",
    "A required photo question needs min_count >= 1.": "必答的照片题的 min_count 必须 >= 1。",
    "Not allowed on unscored type {type}.": "不计分的题型 {type} 不允许设置此项。",
    "Duplicate competency key {key}.": "能力项 key {key} 重复。",
    "Unknown competency {key} (not in the competency catalogue).": (
        "未知能力项 {key}（不在能力项目录中）。"
    ),
    "Duplicate relationship {relationship}.": "评估关系 {relationship} 重复。",
    "Duplicate section id (see sections[{index}]).": "分节 id 重复（参见 sections[{index}]）。",
    "Duplicate question id (first used at {where}).": "题目 id 重复（首次出现在 {where}）。",
    "Required: the form has no scale.": "必填：表单没有定义量表。",
    "The section weights must not all be 0.": "各分节的权重不能全部为 0。",
    "Must be a JsonLogic operation (object) or boolean.": "必须是 JsonLogic 运算（对象）或布尔值。",
    "Invalid JsonLogic: {error}.": "JsonLogic 无效：{error}。",
    "Must not reference its own question.": "不能引用本题自身。",
    "References unknown question id {ref}.": "引用了未知的题目 id {ref}。",
    "Circular show_if dependency: {cycle}.": "show_if 存在循环依赖：{cycle}。",
    # werkzeug's default descriptions
    "The browser (or proxy) sent a request that this server could not understand.": (
        "服务器无法理解此请求。"
    ),
    "The requested URL was not found on the server. If you entered the URL manually please "
    "check your spelling and try again.": (
        "请求的地址不存在。如果是手动输入的地址，请检查拼写后重试。"
    ),
    "The method is not allowed for the requested URL.": "请求的地址不支持此方法。",
    "The data value transmitted exceeds the capacity limit.": "发送的数据超出了容量限制。",
    "The server does not support the media type transmitted in the request.": (
        "服务器不支持请求中的媒体类型。"
    ),
    "Too many requests (limit: {limit}). Try again later.": (
        "请求过于频繁（限制：{limit}），请稍后再试。"
    ),
    "This user has exceeded an allotted request count. Try again later.": (
        "请求次数过多，请稍后再试。"
    ),
    # command line (`flask ...`; language from LC_ALL / LC_MESSAGES / LANG)
    "Error: {message}": "错误：{message}",
    "Invalid --{option}: {message}": "--{option} 无效：{message}",
    "Not a UTF-8 text file.": "不是 UTF-8 文本文件。",
    "Nested too deeply.": "嵌套层级过深。",
    "Rendering reviews": "正在生成评估报告",
    "{label}: {done} of {total} ({percent} %)": "{label}：已完成 {done}/{total}（{percent}%）",
}

_CAMPAIGN_STATUS = {"draft": "草稿", "open": "进行中", "closed": "已关闭", "released": "已发布"}
_UNITS_ZH = {"second": "秒", "minute": "分钟", "hour": "小时", "day": "天"}
_LIMIT = re.compile(r"(\d+) per (?:(\d+) )?(second|minute|hour|day)s?")


def _limit_zh(text: str) -> str:
    """flask-limiter's "10 per 15 minute" as "每 15 分钟最多 10 次" (other text unchanged)."""
    match = _LIMIT.fullmatch(text.strip())
    if not match:
        return text
    count, every, unit = match.groups()
    span = f" {every} " if every else ""
    return f"每{span}{_UNITS_ZH[unit]}最多 {count} 次"


#: zh-CN words for the values some templates insert (statuses, actions, rate limits), by
#: template and placeholder, so a Chinese message never shows an English status name.
VALUES_ZH: dict[str, dict[str, dict[str, str] | Callable[[str], str]]] = {
    "This campaign is {current}; only {status} campaigns can be {done}.": {
        "current": _CAMPAIGN_STATUS,
        "status": _CAMPAIGN_STATUS,
        "done": {"opened": "开启", "closed": "关闭", "released": "发布", "unreleased": "撤回发布"},
    },
    "Too many requests (limit: {limit}). Try again later.": {"limit": _limit_zh},
    "Invalid --{option}: {message}": {"message": lambda text: translate(text, "zh-CN")},
    "The item is already {status}.": {
        "status": {
            "open": "待处理",
            "acknowledged": "已确认",
            "responded": "已回复",
            "planned": "已制定计划",
            "closed": "已关闭",
        }
    },
}

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def placeholders(template: str) -> set[str]:
    """The `{name}` placeholders of a template."""
    return set(_PLACEHOLDER.findall(template))


def _pattern(template: str) -> re.Pattern[str]:
    parts = _PLACEHOLDER.split(template)
    regex = "".join(
        f"(?P<{part}>.+?)" if index % 2 else re.escape(part) for index, part in enumerate(parts)
    )
    return re.compile(regex, re.DOTALL)


# Formatted text is matched against the templates with placeholders, longest first.
_PATTERNS = [
    (_pattern(en), en, zh)
    for en, zh in sorted(CATALOGUE.items(), key=lambda item: -len(item[0]))
    if placeholders(en)
]


def _zh_values(template: str, params: dict[str, Any]) -> dict[str, Any]:
    words = VALUES_ZH.get(template, {})
    out = dict(params)
    for name, value in params.items():
        table = words.get(name)
        if isinstance(value, str) and table is not None:
            out[name] = table(value) if callable(table) else table.get(value, value)
    return out


def request_locale() -> str:
    """The language to answer in: Accept-Language, else the user's locale, else English."""
    if not has_request_context():
        return DEFAULT_LOCALE
    for tag, quality in request.accept_languages:
        tag = tag.lower()
        if quality > 0 and (tag == "zh" or tag.startswith("zh-")):
            return "zh-CN"
        if quality > 0 and (tag == "en" or tag.startswith("en-")):
            return "en"
    try:
        if current_user.is_authenticated and current_user.locale in LOCALES:
            return str(current_user.locale)
    except SQLAlchemyError:  # an error page must not fail because the database did
        pass
    return DEFAULT_LOCALE


def localize(template: str, params: dict[str, Any] | None, locale: str) -> str:
    """Render an English template in `locale` with its values."""
    if locale != "zh-CN":
        return template.format_map(params) if params else template
    text = CATALOGUE.get(template, template)
    return text.format_map(_zh_values(template, params)) if params else text


def translate(text: str, locale: str) -> str:
    """Translate already formatted English text; text the catalogue does not know stays."""
    if locale != "zh-CN" or not text:
        return text
    translated = _exact(text)
    if translated != text:
        return translated
    # `where: message` lines (form definition errors): translate the message part
    start = text.find(": ")
    while start != -1:
        tail = text[start + 2 :]
        translated = _exact(tail)
        if translated != tail:
            return f"{text[: start + 2]}{translated}"
        start = text.find(": ", start + 2)
    return text


def _exact(text: str) -> str:
    if text in CATALOGUE:
        return CATALOGUE[text]
    for pattern, en, zh in _PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            return zh.format_map(_zh_values(en, match.groupdict()))
    return text


def localize_details(value: Any, locale: str) -> Any:
    """Translate the human-readable strings inside error details; keys stay as they are."""
    if locale != "zh-CN":
        return value
    if isinstance(value, str):
        return translate(value, locale)
    if isinstance(value, dict):
        return {key: localize_details(item, locale) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [localize_details(item, locale) for item in value]
    return value


def localize_result(result: dict[str, Any], locale: str) -> dict[str, Any]:
    """Translate the `error` of one per-item result (`{"id", "status", "error"?}`)."""
    error = result.get("error")
    if locale != "zh-CN" or not isinstance(error, dict):
        return result
    return {
        **result,
        "error": {
            **error,
            "message": translate(str(error.get("message", "")), locale),
            "details": localize_details(error.get("details", {}), locale),
        },
    }
