"""Every string printed in a report, in zh-CN and en, plus number and date formatting.

Numbers are rounded only here, at display time: scores on 0-100 with one decimal, means on
the native scale with two, deltas signed with a true minus sign. Templates call `fmt_*` so a
test can format a figure exactly as the PDF shows it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from server.services.scoring import anonymity

LOCALES = ("zh-CN", "en")
MINUS = "\u2212"

STRINGS: dict[str, dict[str, str]] = {
    "report_title": {"en": "Service performance review", "zh-CN": "服务绩效评估报告"},
    "unit_summary_title": {"en": "Unit summary", "zh-CN": "部门汇总"},
    "confidential": {"en": "Confidential", "zh-CN": "保密"},
    "draft": {"en": "DRAFT", "zh-CN": "草稿 DRAFT"},
    "draft_note": {
        "en": "Draft: results are not released yet and may still change.",
        "zh-CN": "草稿：结果尚未发布，仍可能变化。",
    },
    "page_of": {"en": "Page {page} of {pages}", "zh-CN": "第 {page} 页，共 {pages} 页"},
    "employee": {"en": "Employee", "zh-CN": "员工"},
    "employee_number": {"en": "Employee no.", "zh-CN": "工号"},
    "job_title": {"en": "Job title", "zh-CN": "职位"},
    "unit": {"en": "Unit", "zh-CN": "部门"},
    "campaign": {"en": "Campaign", "zh-CN": "评估活动"},
    "period": {"en": "Period", "zh-CN": "评估周期"},
    "generated": {"en": "Generated", "zh-CN": "生成时间"},
    "responses": {"en": "Responses", "zh-CN": "回复情况"},
    "group": {"en": "Group", "zh-CN": "评价来源"},
    "n_responses": {"en": "{n} responses", "zh-CN": "{n} 份回复"},
    "n_response": {"en": "1 response", "zh-CN": "1 份回复"},
    "n_short": {"en": "n", "zh-CN": "人数"},
    # Section headings (SPEC section 11).
    "s_summary": {"en": "Summary", "zh-CN": "总体概览"},
    "s_guide": {"en": "How to read this report", "zh-CN": "阅读指南"},
    "s_competencies": {"en": "Competencies", "zh-CN": "能力维度"},
    "s_gaps": {"en": "Self vs others", "zh-CN": "自评与他评对比"},
    "s_top_bottom": {"en": "Highest and lowest items", "zh-CN": "得分最高与最低的题目"},
    "s_items": {"en": "Item detail", "zh-CN": "题目明细"},
    "s_mystery": {"en": "Mystery-shop visits", "zh-CN": "神秘顾客暗访"},
    "s_customer": {"en": "Customer feedback", "zh-CN": "顾客反馈"},
    "s_comments": {"en": "Comments", "zh-CN": "文字评语"},
    "s_actions": {"en": "Open action items", "zh-CN": "待办改进事项"},
    "s_plan": {"en": "Development plan", "zh-CN": "个人发展计划"},
    # Rows.
    "row_self": {"en": "Self", "zh-CN": "自评"},
    "row_supervisor": {"en": "Supervisor", "zh-CN": "上级"},
    "row_peer": {"en": "Peers", "zh-CN": "同级同事"},
    "row_subordinate": {"en": "Direct reports", "zh-CN": "直接下属"},
    "row_colleagues": {"en": "Colleagues", "zh-CN": "同事（同级与下属）"},
    "row_others": {"en": "All others", "zh-CN": "他评（全部）"},
    "row_customer": {"en": "Customers", "zh-CN": "顾客"},
    "row_mystery_shopper": {"en": "Mystery shoppers", "zh-CN": "神秘顾客"},
    "short_self": {"en": "Self", "zh-CN": "自评"},
    "short_supervisor": {"en": "Superv.", "zh-CN": "上级"},
    "short_peer": {"en": "Peers", "zh-CN": "同级"},
    "short_subordinate": {"en": "Reports", "zh-CN": "下属"},
    "short_colleagues": {"en": "Colleag.", "zh-CN": "同事"},
    "short_others": {"en": "Others", "zh-CN": "他评"},
    "short_customer": {"en": "Cust.", "zh-CN": "顾客"},
    "short_mystery_shopper": {"en": "Shopper", "zh-CN": "暗访"},
    "customer_items": {"en": "Customer survey", "zh-CN": "顾客问卷"},
    # Why a figure is hidden.
    "hidden_fewer_than": {"en": "fewer than {k} responses", "zh-CN": "少于 {k} 份回复"},
    "hidden_no_responses": {"en": "no responses", "zh-CN": "无回复"},
    "hidden_back_calculation": {
        "en": "not shown separately, so that a smaller group cannot be worked out",
        "zh-CN": "不单独显示，以免推算出人数较少的组",
    },
    "hidden_figure": {"en": "fewer than {k} responses", "zh-CN": "少于 {k} 份回复"},
    "hidden_item_short": {"en": "not shown (too few answers)", "zh-CN": "未显示（回答人数不足）"},
    # Summary.
    "overall_index": {"en": "Overall index", "zh-CN": "综合指数"},
    "index_of_100": {"en": "out of 100", "zh-CN": "满分 100"},
    "index_based_on": {"en": "Based on: {rows}", "zh-CN": "计算依据：{rows}"},
    "no_index": {
        "en": "No overall index: no group reached its minimum number of responses.",
        "zh-CN": "无综合指数：没有任何评价来源达到最低回复人数。",
    },
    "trend_vs": {"en": "vs {name}", "zh-CN": "对比{name}"},
    "no_trend": {
        "en": "No earlier campaign with the same form to compare with.",
        "zh-CN": "没有使用相同问卷的往期评估可供对比。",
    },
    "not_comparable": {"en": "not comparable", "zh-CN": "不可比"},
    "rank": {"en": "Rank in unit", "zh-CN": "部门内排名"},
    "rank_value": {"en": "{rank} of {of}", "zh-CN": "第 {rank} 名 / 共 {of} 人"},
    "percentile": {
        "en": "higher than {p}% of colleagues in the unit",
        "zh-CN": "高于本部门 {p}% 的同事",
    },
    "strengths": {"en": "Strengths", "zh-CN": "优势"},
    "development_areas": {"en": "Development areas", "zh-CN": "待提升领域"},
    "strengths_basis": {
        "en": "Competencies rated highest and lowest by {row}.",
        "zh-CN": "依据{row}对各能力维度的评分高低。",
    },
    "no_strengths": {
        "en": "Not enough visible ratings to name strengths.",
        "zh-CN": "可显示的评分不足，无法列出优势。",
    },
    # Reading guide.
    "guide_rows": {
        "en": "Groups. Ratings are shown per group of raters: self, supervisor, colleagues "
        "(peers and direct reports together), all others (everyone except you), "
        "customers and mystery shoppers. Each rater counts once.",
        "zh-CN": "评价来源：评分按评价人群分组显示，包括自评、上级、同事（同级与下属合并）、"
        "他评（除本人外的所有评价人）、顾客和神秘顾客。每位评价人的权重相同。",
    },
    "guide_scores": {
        "en": "Scores run from 0 to 100. On a 1-5 scale, 1 is 0, 3 is 50 and 4 is 75. "
        "Means on the original scale (e.g. 4.20) are shown beside them.",
        "zh-CN": "分数范围为 0-100。在 1-5 分制中，1 分对应 0，3 分对应 50，4 分对应 75。"
        "旁边同时列出原始量表上的平均分（如 4.20）。",
    },
    "guide_index": {
        "en": "The overall index combines the groups' scores with fixed weights "
        "(supervisor, colleagues, customers, mystery shoppers); groups without enough "
        "responses are left out and the weights of the others are scaled up.",
        "zh-CN": "综合指数按固定权重合并各来源的得分（上级、同事、顾客、神秘顾客）；"
        "回复不足的来源不计入，其余来源的权重按比例放大。",
    },
    "guide_gaps": {
        "en": "Gap = your self-rating minus the rating of all others, in points. "
        "A gap of +{t} or more is a blind spot (you rate yourself higher than others "
        "do); {mt} or less is a hidden strength.",
        "zh-CN": "差距 = 自评分减去他评分（单位：分）。差距达到 +{t} 分及以上为“盲点”"
        "（自评高于他人评价）；{mt} 分及以下为“潜在优势”。",
    },
    "guide_hidden": {
        "en": "To protect anonymity, a group's figures appear only when enough people "
        "answered (for peers and direct reports usually 3). Where a figure is missing, "
        "the report says why.",
        "zh-CN": "为保护匿名性，只有回复人数达到要求（同级同事和下属通常为 3 人）时才显示该组数据。"
        "数据未显示时，报告会说明原因。",
    },
    "guide_agreement": {
        "en": '"Raters disagree" marks items where the ratings are widely spread '
        "(agreement r_wg below 0.5): read those means with care.",
        "zh-CN": "“评价分歧”标记评分差异较大的题目（一致性系数 r_wg 低于 0.5），"
        "解读其平均分时需谨慎。",
    },
    # Competencies and chart.
    "competency": {"en": "Competency", "zh-CN": "能力维度"},
    "form_score": {"en": "Overall score", "zh-CN": "总分"},
    "chart_note": {
        "en": "Scores 0-100; one mark per group. Groups without enough responses are not drawn.",
        "zh-CN": "分数 0-100；每个评价来源一个标记。回复不足的来源不绘制。",
    },
    "no_competency_data": {
        "en": "No competency scores can be shown.",
        "zh-CN": "没有可显示的能力维度得分。",
    },
    # Gaps.
    "self_short": {"en": "Self", "zh-CN": "自评"},
    "others_short": {"en": "Others", "zh-CN": "他评"},
    "gap": {"en": "Gap", "zh-CN": "差距"},
    "blind_spot": {"en": "Blind spot", "zh-CN": "盲点"},
    "hidden_strength": {"en": "Hidden strength", "zh-CN": "潜在优势"},
    "flagged_items": {"en": "Items with a large gap", "zh-CN": "差距较大的题目"},
    "no_flagged_items": {
        "en": "No item shows a gap of {t} points or more.",
        "zh-CN": "没有题目的差距达到 {t} 分。",
    },
    "no_gaps": {
        "en": "No comparison: the self-assessment or the others' ratings are missing.",
        "zh-CN": "无法对比：缺少自评或他评数据。",
    },
    # Items.
    "item": {"en": "Item", "zh-CN": "题目"},
    "score": {"en": "Score", "zh-CN": "得分"},
    "mean": {"en": "Mean", "zh-CN": "平均分"},
    "distribution": {"en": "Distribution", "zh-CN": "评分分布"},
    "agreement": {"en": "Agreement", "zh-CN": "一致性"},
    "disagree": {"en": "raters disagree", "zh-CN": "评价分歧"},
    "change": {"en": "Change", "zh-CN": "变化"},
    "highest": {"en": "Highest five (all others)", "zh-CN": "最高的五项（他评）"},
    "lowest": {"en": "Lowest five (all others)", "zh-CN": "最低的五项（他评）"},
    "no_items": {"en": "No item ratings can be shown.", "zh-CN": "没有可显示的题目评分。"},
    "items_note": {
        "en": "Scores 0-100 per group; n is shown where fewer people answered the "
        "item than the group has. Mean (original scale) and distribution "
        "are those of all others, or of the widest group shown.",
        "zh-CN": "各来源得分（0-100）；若回答该题的人数少于该来源总人数，则注明人数。"
        "平均分（原始量表）和评分分布取自他评（全部），无他评时取范围最广的来源。",
    },
    "dist_legend": {
        "en": "Distribution: darker = higher rating; numbers are counts.",
        "zh-CN": "评分分布：颜色越深表示评分越高；数字为人数。",
    },
    # Mystery shop.
    "visit_date": {"en": "Date", "zh-CN": "日期"},
    "outcome": {"en": "Result", "zh-CN": "结果"},
    "pass": {"en": "Pass", "zh-CN": "通过"},
    "fail": {"en": "Fail", "zh-CN": "未通过"},
    "section": {"en": "Section", "zh-CN": "环节"},
    "na": {"en": "N/A", "zh-CN": "不适用"},
    "critical_failures": {"en": "Failed critical items", "zh-CN": "未通过的关键项"},
    "narrative": {"en": "Shopper's account", "zh-CN": "暗访员描述"},
    "photos": {"en": "Evidence photos", "zh-CN": "证据照片"},
    "photo_missing": {"en": "photo unavailable", "zh-CN": "照片不可用"},
    "visit": {"en": "Visit", "zh-CN": "暗访"},
    "no_visits": {
        "en": "No approved mystery-shop visit in this campaign.",
        "zh-CN": "本次评估中没有已审核通过的神秘顾客暗访。",
    },
    "monthly": {"en": "By month", "zh-CN": "按月汇总"},
    "month": {"en": "Month", "zh-CN": "月份"},
    "visits": {"en": "Visits", "zh-CN": "暗访次数"},
    "mean_score": {"en": "Mean score", "zh-CN": "平均得分"},
    "pooled_points": {"en": "Pooled points", "zh-CN": "合计得分率"},
    # Customer.
    "satisfaction": {"en": "Satisfaction", "zh-CN": "满意度"},
    "recommendation": {"en": "Likelihood to recommend", "zh-CN": "推荐意愿"},
    "nps": {"en": "Net promoter score", "zh-CN": "净推荐值"},
    "of_max": {"en": "{v} / {max}", "zh-CN": "{v} / {max}"},
    "customer_comments": {"en": "Customer comments", "zh-CN": "顾客留言"},
    "no_customer": {
        "en": "No customer feedback for this campaign.",
        "zh-CN": "本次评估没有顾客反馈。",
    },
    # Comments.
    "no_comments": {"en": "No comments can be shown.", "zh-CN": "没有可显示的评语。"},
    "comments_note": {
        "en": "Comments appear as written, in random order and without names.",
        "zh-CN": "评语按原文显示，顺序随机，不显示评价人姓名。",
    },
    "customer_in_section": {
        "en": "Customer comments are listed under Customer feedback.",
        "zh-CN": "顾客留言见“顾客反馈”部分。",
    },
    # Actions and plan.
    "title": {"en": "Item", "zh-CN": "事项"},
    "status": {"en": "Status", "zh-CN": "状态"},
    "created": {"en": "Opened", "zh-CN": "创建日期"},
    "action_from": {"en": "From", "zh-CN": "来源"},
    "status_open": {"en": "Open", "zh-CN": "待处理"},
    "status_acknowledged": {"en": "Acknowledged", "zh-CN": "已确认"},
    "status_responded": {"en": "Responded", "zh-CN": "已答复"},
    "status_planned": {"en": "Plan agreed", "zh-CN": "已制定计划"},
    "status_closed": {"en": "Closed", "zh-CN": "已关闭"},
    "no_actions": {"en": "No open action items.", "zh-CN": "没有待办的改进事项。"},
    "plan_intro": {
        "en": "Agree two or three goals with your manager, based on the development areas "
        "above. Review progress together at least once a quarter.",
        "zh-CN": "请与上级根据上文的待提升领域，共同确定两到三个发展目标，"
        "并至少每季度回顾一次进展。",
    },
    "plan_focus": {"en": "Suggested focus areas", "zh-CN": "建议关注的领域"},
    "plan_goal": {"en": "Goal", "zh-CN": "目标"},
    "plan_actions": {"en": "Actions", "zh-CN": "具体行动"},
    "plan_support": {"en": "Support needed", "zh-CN": "所需支持"},
    "plan_by": {"en": "By when", "zh-CN": "完成时间"},
    "sign_employee": {"en": "Employee signature / date", "zh-CN": "员工签名 / 日期"},
    "sign_manager": {"en": "Manager signature / date", "zh-CN": "上级签名 / 日期"},
    # Unit summary.
    "ranking": {"en": "Ranking by overall index", "zh-CN": "综合指数排名"},
    "rank_short": {"en": "Rank", "zh-CN": "排名"},
    "name": {"en": "Name", "zh-CN": "姓名"},
    "heat_table": {"en": "Competencies (all others, 0-100)", "zh-CN": "能力维度（他评，0-100）"},
    "mystery_trend": {"en": "Mystery-shop trend", "zh-CN": "神秘顾客暗访趋势"},
    "no_employees": {
        "en": "No employee of this unit takes part in the campaign.",
        "zh-CN": "本部门没有员工参与此次评估。",
    },
    "no_index_short": {"en": "no index", "zh-CN": "无指数"},
}

MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def translator(locale: str) -> Callable[..., str]:
    """Return t(key, **values) for `locale` (unknown locales fall back to English)."""
    lang = locale if locale in LOCALES else "en"

    def t(key: str, **values: Any) -> str:
        text = STRINGS[key][lang]
        return text.format(**values) if values else text

    return t


def pick(text: dict[str, str] | str | None, locale: str) -> str:
    """Choose the locale's text of a bilingual object, falling back to the other language."""
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    return text.get(locale) or text.get("en") or text.get("zh-CN") or next(iter(text.values()), "")


def fmt_score(value: float | None) -> str:
    """Format a 0-100 figure as printed (one decimal)."""
    return "" if value is None else f"{value:.1f}"


def fmt_mean(value: float | None) -> str:
    """Format a mean on the native scale (two decimals)."""
    return "" if value is None else f"{value:.2f}"


def fmt_delta(value: float | None) -> str:
    """Format a change with its sign; a rounded zero prints as 0.0."""
    if value is None:
        return ""
    text = f"{abs(value):.1f}"
    if text == "0.0":
        return "0.0"
    return ("+" if value > 0 else MINUS) + text


def fmt_date(value: str | date | datetime | None, locale: str) -> str:
    """Format an ISO date (or datetime) as a reader in `locale` writes it."""
    if not value:
        return ""
    if isinstance(value, str):
        value = datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
    day = value.date() if isinstance(value, datetime) else value
    if locale == "zh-CN":
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}"


def fmt_month(value: str, locale: str) -> str:
    """Format YYYY-MM."""
    year, month = (int(p) for p in value.split("-")[:2])
    return f"{year}年{month}月" if locale == "zh-CN" else f"{MONTHS_EN[month - 1]} {year}"


def hidden_text(reason: dict[str, Any] | None, locale: str) -> str:
    """Explain in plain words why a figure or group is not shown."""
    t = translator(locale)
    if not reason:
        return t("hidden_no_responses")
    code = reason.get("code")
    if code == "fewer_than":
        return t("hidden_fewer_than", k=reason.get("k", anonymity.DEFAULT_K))
    if code == "back_calculation":
        return t("hidden_back_calculation")
    return t("hidden_no_responses")
