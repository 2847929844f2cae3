"""Every string printed in a report: its key (the gettext context) and English msgid. The
translations are in translations/<locale>/LC_MESSAGES/messages.po; server.reports.i18n
looks them up."""

from __future__ import annotations

from server.messages import P_

#: English msgid of every report string, by key (the gettext context): translations in
#: translations/<locale>/LC_MESSAGES/messages.po.
ENGLISH: dict[str, str] = {
    "report_title": P_("report_title", "Service performance review"),
    "unit_summary_title": P_("unit_summary_title", "Unit summary"),
    "confidential": P_("confidential", "Confidential"),
    "draft": P_("draft", "DRAFT"),
    "draft_note": P_("draft_note", "Draft: results are not released yet and may still change."),
    "page_of": P_("page_of", "Page {page} of {pages}"),
    "employee": P_("employee", "Employee"),
    "employee_number": P_("employee_number", "Employee no."),
    "job_title": P_("job_title", "Job title"),
    "unit": P_("unit", "Unit"),
    "campaign": P_("campaign", "Campaign"),
    "period": P_("period", "Period"),
    "generated": P_("generated", "Generated"),
    "responses": P_("responses", "Responses"),
    "group": P_("group", "Group"),
    "n_responses": P_("n_responses", "{n} responses"),
    "n_response": P_("n_response", "1 response"),
    "n_short": P_("n_short", "n"),
    "s_summary": P_("s_summary", "Summary"),
    "s_guide": P_("s_guide", "How to read this report"),
    "s_competencies": P_("s_competencies", "Competencies"),
    "s_gaps": P_("s_gaps", "Self vs others"),
    "s_top_bottom": P_("s_top_bottom", "Highest and lowest items"),
    "s_items": P_("s_items", "Item detail"),
    "s_mystery": P_("s_mystery", "Mystery-shop visits"),
    "s_customer": P_("s_customer", "Customer feedback"),
    "s_comments": P_("s_comments", "Comments"),
    "s_actions": P_("s_actions", "Open action items"),
    "s_plan": P_("s_plan", "Development plan"),
    "row_self": P_("row_self", "Self"),
    "row_supervisor": P_("row_supervisor", "Supervisor"),
    "row_peer": P_("row_peer", "Peers"),
    "row_subordinate": P_("row_subordinate", "Direct reports"),
    "row_colleagues": P_("row_colleagues", "Colleagues"),
    "row_others": P_("row_others", "All others"),
    "row_customer": P_("row_customer", "Customers"),
    "row_mystery_shopper": P_("row_mystery_shopper", "Mystery shoppers"),
    "short_self": P_("short_self", "Self"),
    "short_supervisor": P_("short_supervisor", "Superv."),
    "short_peer": P_("short_peer", "Peers"),
    "short_subordinate": P_("short_subordinate", "Reports"),
    "short_colleagues": P_("short_colleagues", "Colleag."),
    "short_others": P_("short_others", "Others"),
    "short_customer": P_("short_customer", "Cust."),
    "short_mystery_shopper": P_("short_mystery_shopper", "Shopper"),
    "customer_items": P_("customer_items", "Customer survey"),
    "hidden_fewer_than": P_("hidden_fewer_than", "fewer than {k} responses"),
    "hidden_no_responses": P_("hidden_no_responses", "no responses"),
    "hidden_back_calculation": P_(
        "hidden_back_calculation",
        "not shown separately, so that a smaller group cannot be worked out",
    ),
    "hidden_figure": P_("hidden_figure", "fewer than {k} responses"),
    "hidden_item_short": P_("hidden_item_short", "not shown (too few answers)"),
    "overall_index": P_("overall_index", "Overall index"),
    "index_of_100": P_("index_of_100", "out of 100"),
    "index_based_on": P_("index_based_on", "Based on: {rows}"),
    "no_index": P_(
        "no_index", "No overall index: no group reached its minimum number of responses."
    ),
    "trend_vs": P_("trend_vs", "vs {name}"),
    "no_trend": P_("no_trend", "No earlier campaign with the same form to compare with."),
    "not_comparable": P_("not_comparable", "not comparable"),
    "rank": P_("rank", "Rank in unit"),
    "rank_value": P_("rank_value", "{rank} of {of}"),
    "rank_in_unit": P_("rank_in_unit", "{rank} of {of} in the unit"),
    "rank_higher": P_(
        "rank_higher", "Index higher than {lower} of the {others} other people in the unit."
    ),
    "rank_small_unit": P_(
        "rank_small_unit", "A small unit ({of} people): read the rank together with the scores."
    ),
    "dash_too_few": P_("dash_too_few", "– not shown: too few responses"),
    "dash_not_asked": P_("dash_not_asked", "n/a: not asked of this group"),
    "na_short": P_("na_short", "n/a"),
    "more_actions": P_(
        "more_actions", "and {n} more open action items (all of them: HR console, Action items)"
    ),
    "row_peer_only": P_("row_peer_only", "Peers (no direct reports)"),
    "prepared_for": P_("prepared_for", "Prepared for {company}"),
    "s_response": P_("s_response", "Employee's response"),
    "acknowledged_on": P_("acknowledged_on", "Read and acknowledged on {date}."),
    "not_acknowledged": P_("not_acknowledged", "Not yet acknowledged by the employee."),
    "employee_comment": P_("employee_comment", "Comment"),
    "plan_due": P_("plan_due", "Due"),
    "plan_measure": P_("plan_measure", "Measure"),
    "plan_focus_item": P_("plan_focus_item", "Focus"),
    "plan_empty": P_(
        "plan_empty",
        "No development plan yet: the employee and their manager write it in the app (My reviews).",
    ),
    "previous_plan": P_("previous_plan", "Last plan's goals and the change in their items"),
    "plan_then": P_("plan_then", "Then"),
    "plan_now": P_("plan_now", "Now"),
    "strengths": P_("strengths", "Strengths"),
    "development_areas": P_("development_areas", "Development areas"),
    "strengths_basis": P_("strengths_basis", "Competencies rated highest and lowest by {row}."),
    "no_strengths": P_("no_strengths", "Not enough visible ratings to name strengths."),
    "guide_rows": P_(
        "guide_rows",
        "Groups. Ratings are shown per group of raters: self, supervisor, "
        "colleagues (peers and direct reports together), all others (everyone "
        "except you), customers and mystery shoppers. Each rater counts once.",
    ),
    "guide_scores": P_(
        "guide_scores",
        "Scores run from 0 to 100. On a 1-5 scale, 1 is 0, 3 is 50 and 4 is 75. "
        "Means on the original scale (e.g. 4.20) are shown beside them.",
    ),
    "guide_index": P_(
        "guide_index",
        "The overall index combines the groups' scores with fixed weights "
        "(supervisor, colleagues, customers, mystery shoppers); groups without "
        "enough responses are left out and the weights of the others are scaled "
        "up.",
    ),
    "guide_gaps": P_(
        "guide_gaps",
        "Gap = your self-rating minus the rating of all others, in points. A gap "
        "of +{t} or more is a blind spot (you rate yourself higher than others "
        "do); {mt} or less is a hidden strength.",
    ),
    "guide_hidden": P_(
        "guide_hidden",
        "To protect anonymity, a group's figures appear only when enough people "
        "answered (for peers and direct reports usually 3). Where a figure is "
        "missing, the report says why.",
    ),
    "guide_agreement": P_(
        "guide_agreement",
        '"Raters disagree" marks items where the raters\' answers are far apart: '
        "read those averages with care.",
    ),
    "competency": P_("competency", "Competency"),
    "form_score": P_("form_score", "Overall score"),
    "chart_note": P_(
        "chart_note",
        "Scores 0-100; one mark per group. Groups without enough responses are not drawn.",
    ),
    "no_competency_data": P_("no_competency_data", "No competency scores can be shown."),
    "self_short": P_("self_short", "Self"),
    "others_short": P_("others_short", "Others"),
    "gap": P_("gap", "Gap"),
    "blind_spot": P_("blind_spot", "Blind spot"),
    "hidden_strength": P_("hidden_strength", "Hidden strength"),
    "flagged_items": P_("flagged_items", "Items with a large gap"),
    "no_flagged_items": P_("no_flagged_items", "No item shows a gap of {t} points or more."),
    "no_gaps": P_(
        "no_gaps", "No comparison: the self-assessment or the others' ratings are missing."
    ),
    "item": P_("item", "Item"),
    "score": P_("score", "Score"),
    "mean": P_("mean", "Mean"),
    "distribution": P_("distribution", "Distribution"),
    "agreement": P_("agreement", "Agreement"),
    "disagree": P_("disagree", "raters disagree"),
    "change": P_("change", "Change"),
    "highest": P_("highest", "Highest five (all others)"),
    "lowest": P_("lowest", "Lowest five (all others)"),
    "no_items": P_("no_items", "No item ratings can be shown."),
    "items_note": P_(
        "items_note",
        "Scores 0-100 per group; n is shown where fewer people answered the item "
        "than the group has. Mean (original scale) and distribution are those of "
        "all others, or of the widest group shown.",
    ),
    "dist_legend": P_("dist_legend", "Distribution: darker = higher rating; numbers are counts."),
    "visit_date": P_("visit_date", "Date"),
    "outcome": P_("outcome", "Result"),
    "pass": P_("pass", "Pass"),
    "fail": P_("fail", "Fail"),
    "section": P_("section", "Section"),
    "na": P_("na", "N/A"),
    "critical_failures": P_("critical_failures", "Failed critical items"),
    "narrative": P_("narrative", "Shopper's account"),
    "photos": P_("photos", "Evidence photos"),
    "photo_missing": P_("photo_missing", "photo unavailable"),
    "visit": P_("visit", "Visit"),
    "no_visits": P_("no_visits", "No approved mystery-shop visit in this campaign."),
    "monthly": P_("monthly", "By month"),
    "month": P_("month", "Month"),
    "visits": P_("visits", "Visits"),
    "mean_score": P_("mean_score", "Mean score"),
    "pooled_points": P_("pooled_points", "Pooled points"),
    "satisfaction": P_("satisfaction", "Satisfaction"),
    "recommendation": P_("recommendation", "Likelihood to recommend"),
    "nps": P_("nps", "Net promoter score"),
    "of_max": P_("of_max", "{v} / {max}"),
    "customer_comments": P_("customer_comments", "Customer comments"),
    "no_customer": P_("no_customer", "No customer feedback for this campaign."),
    "no_comments": P_("no_comments", "No comments can be shown."),
    "comments_note": P_(
        "comments_note", "Comments appear as written, in random order and without names."
    ),
    "customer_in_section": P_(
        "customer_in_section", "Customer comments are listed under Customer feedback."
    ),
    "title": P_("title", "Item"),
    "status": P_("status", "Status"),
    "created": P_("created", "Opened"),
    "action_from": P_("action_from", "From"),
    "status_open": P_("status_open", "Open"),
    "status_acknowledged": P_("status_acknowledged", "Acknowledged"),
    "status_responded": P_("status_responded", "Responded"),
    "status_planned": P_("status_planned", "Plan agreed"),
    "status_closed": P_("status_closed", "Closed"),
    "no_actions": P_("no_actions", "No open action items."),
    "plan_intro": P_(
        "plan_intro",
        "Agree two or three goals with your manager, based on the development "
        "areas above. Review progress together at least once a quarter.",
    ),
    "plan_focus": P_("plan_focus", "Suggested focus areas"),
    "plan_goal": P_("plan_goal", "Goal"),
    "plan_actions": P_("plan_actions", "Actions"),
    "plan_support": P_("plan_support", "Support needed"),
    "plan_by": P_("plan_by", "By when"),
    "sign_employee": P_("sign_employee", "Employee signature / date"),
    "sign_manager": P_("sign_manager", "Manager signature / date"),
    "ranking": P_("ranking", "Ranking by overall index"),
    "rank_short": P_("rank_short", "Rank"),
    "name": P_("name", "Name"),
    "heat_table": P_("heat_table", "Competencies (all others, 0-100)"),
    "mystery_trend": P_("mystery_trend", "Mystery-shop trend"),
    "no_employees": P_("no_employees", "No employee of this unit takes part in the campaign."),
    "no_index_short": P_("no_index_short", "no index"),
    # Service stars (issue 14 §5, the unit summary's stars block: templates/_stars.html)
    "stars_title": P_("stars_title", "Service stars"),
    "stars_nobody": P_("stars_nobody", "No service star (nobody eligible)"),
    "stars_rule": P_(
        "stars_rule",
        "Top employees by the period's score (mean overall index of the period's campaigns, "
        "visible figures only), with a minimum number of observations.",
    ),
    "stars_observations": P_("stars_observations", "Observations"),
    "stars_league": P_("stars_league", "League (units of the same kind)"),
    "trend_up": P_("trend_up", "up"),
    "trend_down": P_("trend_down", "down"),
    "trend_same": P_("trend_same", "unchanged"),
}

# The closed-loop SLA block's strings live with it (server/reports/sla_strings.py).
from server.reports.sla_strings import SLA_ENGLISH  # noqa: E402

ENGLISH.update(SLA_ENGLISH)

# The review's scorecard page (server/reports/scorecard_strings.py).
from server.reports.scorecard_strings import SCORECARD_ENGLISH  # noqa: E402

ENGLISH.update(SCORECARD_ENGLISH)
