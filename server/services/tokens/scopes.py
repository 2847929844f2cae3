"""What each API token scope opens: a closed list of (method, endpoint) per scope.

A bearer request reaches a route only if one of the token's scopes lists it; everything
else (the web shell, sign-in, the person's own `/me` views, user administration, token
administration itself, operations) answers 403 `token_scope`. On the routes it opens, a
scope acts with the hr role's access (these are all hr/admin routes): the token signs in
as its creator, who must still be an active admin, so a token never gets more than its
scopes nor more than its creator could do.

Scopes (docs/api-tokens.md repeats this table for integrators):

- `campaigns:read`: campaigns, their assignments, progress, outstanding raters, visits,
  customer links, reminders, cycle templates, self-check completion, forms.
- `reviews:read`: reviews and their PDFs, unit summaries, acknowledgements, dashboards,
  scorecard, service stars and league, action items and the SLA view.
- `exports:read`: CSV/XLSX exports (direct and as jobs), review ZIP jobs, job status and
  download, scorecard and star exports.
- `org:read`: org units and users (read).
- `org:write`: the org sync (JSON, `POST /api/v1/org/sync`) and the file import.
- `audit:read`: the audit log.
"""

from __future__ import annotations

Route = tuple[str, str]  # (HTTP method, Flask endpoint)


def _get(*endpoints: str) -> frozenset[Route]:
    return frozenset(("GET", e) for e in endpoints)


SCOPES: dict[str, frozenset[Route]] = {
    "campaigns:read": _get(
        "campaigns.list_campaigns",
        "campaigns.get_campaign",
        "campaigns.list_assignments",
        "campaigns.campaign_progress",
        "campaigns.outstanding",
        "visits.list_visits",
        "links.list_links",
        "notifications.campaign_reminders",
        "cycles.list_templates",
        "cycles.get_template",
        "cycles.completion",
        "forms_admin.list_forms",
        "field.form_version",
    ),
    "reviews:read": _get(
        "reviews.get_review",
        "reports.review_pdf",
        "reviews.unit_summary",
        "reports.unit_summary_pdf",
        "review_response.acknowledgements",
        "dashboard.campaign_dashboard",
        "scorecard.scorecard_table",
        "stars.all_stars",
        "stars.league",
        "actions.list_action_items",
        "action_loop.action_sla",
    ),
    "exports:read": _get(
        "reports.export",
        "reports.job_status",
        "reports.job_download",
        "scorecard.scorecard_export_csv",
        "scorecard.scorecard_export_xlsx",
        "stars.export_csv",
        "stars.export_xlsx",
    )
    | {("POST", "reports.start_export"), ("POST", "reports.start_zip")},
    "org:read": _get("org.list_units", "users.list_users", "users.get_user"),
    "org:write": frozenset({("POST", "org_sync.sync_org"), ("POST", "org.import_org")}),
    "audit:read": _get("audit.list_events"),
}

#: Open to every valid token whatever its scopes (the API description is public anyway).
ANY_TOKEN: frozenset[Route] = _get("api-docs.openapi_json")

SCOPE_NAMES = tuple(SCOPES)


def allows(scopes: list[str], method: str, endpoint: str | None) -> bool:
    """Whether a token with `scopes` may call `endpoint` with `method` (HEAD counts as GET)."""
    if endpoint is None:
        return False
    route = ("GET" if method == "HEAD" else method, endpoint)
    if route in ANY_TOKEN:
        return True
    return any(route in SCOPES.get(scope, frozenset()) for scope in scopes)


def routes_of(scope: str) -> frozenset[Route]:
    """The (method, endpoint) pairs a scope opens."""
    return SCOPES[scope]
