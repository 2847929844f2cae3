"""Report strings of the closed-loop SLA block (issue 14 §2, server/reports/templates/_sla.html),
merged into server.reports.report_strings.ENGLISH."""

from __future__ import annotations

from server.messages import P_

SLA_ENGLISH: dict[str, str] = {
    "sla_title": P_("sla_title", "Closed loop: on time"),
    "sla_stage": P_("sla_stage", "Stage"),
    "sla_on_time": P_("sla_on_time", "Done on time"),
    "sla_share": P_("sla_share", "Share on time"),
    "sla_stage_ack": P_("sla_stage_ack", "Acknowledge"),
    "sla_stage_response": P_("sla_stage_response", "Respond and apologise"),
    "sla_stage_plan": P_("sla_stage_plan", "Corrective plan"),
    "sla_stage_followup": P_("sla_stage_followup", "Follow-up and close"),
    "sla_items": P_("sla_items", "Action items: {n}, closed: {closed}"),
    "sla_median": P_("sla_median", "Median time to close: {hours} h"),
    "sla_no_median": P_("sla_no_median", "Median time to close: none closed yet"),
    "sla_overdue": P_("sla_overdue", "Open and overdue: {n}"),
    "sla_none": P_("sla_none", "No action items to measure."),
    "sla_note": P_(
        "sla_note",
        "A stage counts once it is done or past its due time. Items from groups too small to "
        "show are not counted.",
    ),
}
