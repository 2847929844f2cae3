"""Report strings of the review's scorecard page (issue 18 §4,
server/reports/templates/_scorecard.html), merged into server.reports.report_strings.ENGLISH."""

from __future__ import annotations

from server.messages import P_

SCORECARD_ENGLISH: dict[str, str] = {
    "sc_title": P_("sc_title", "Service scorecard"),
    "sc_period": P_("sc_period", "Period {label}"),
    "sc_score": P_("sc_score", "Weighted score"),
    "sc_previous": P_("sc_previous", "Previous period"),
    "sc_trend": P_("sc_trend", "Change"),
    "sc_indicator": P_("sc_indicator", "Indicator"),
    "sc_weight": P_("sc_weight", "Weight"),
    "sc_value": P_("sc_value", "Value"),
    "sc_sources": P_("sc_sources", "Sources"),
    "sc_not_enough": P_("sc_not_enough", "not enough data"),
    "sc_no_data": P_("sc_no_data", "No scorecard data for this period."),
    "sc_note": P_(
        "sc_note",
        "Values are on 0-100. Indicators with not enough data are left out and the weights of "
        "the others renormalised. Supervisors' observations are not anonymous.",
    ),
}
