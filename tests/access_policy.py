"""The declared access policy: who may call which endpoint, with own and foreign object ids.

Read by tests/test_access_matrix.py, which calls every route of `app.url_map` as each role
and compares the outcome class with this table. A route missing here fails that test, so a
new endpoint cannot ship without a decision about who may call it.

Roles: anonymous (no session), customer (no session, holding a valid link token), shopper,
employee (A, reports to manager M), manager (M, an employee with A as direct report), hr,
admin. Outcome classes: "ok" (the call passed authorisation: 2xx/3xx, or a 4xx about the
input such as 409/415/422), "401", "403", "404" (foreign or hidden objects: no IDOR).
A value is either one class for both variants or a pair (own ids, foreign ids).

Object ids per role (see `World` in test_access_matrix.py): "own" is A's review, S1's visit
photo, A's action item, ...; "foreign" is B's / S2's. `campaign` picks the world campaign
the route is called on (pair: own, foreign); `body` is the JSON sent to unsafe methods
(default `{}`: usually 422 for allowed roles, so nothing changes).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ROLES = ("anonymous", "customer", "shopper", "employee", "manager", "hr", "admin")

Expect = str | tuple[str, str]


@dataclass(frozen=True)
class Rule:
    expect: dict[str, Expect]
    campaign: str | tuple[str, str] = "c360"
    body: Any = field(default_factory=dict)
    query: str = ""


def _roles(
    anonymous: Expect,
    shopper: Expect,
    employee: Expect,
    manager: Expect,
    hr: Expect = "ok",
    admin: Expect = "ok",
    customer: Expect | None = None,
) -> dict[str, Expect]:
    return {
        "anonymous": anonymous,
        "customer": anonymous if customer is None else customer,
        "shopper": shopper,
        "employee": employee,
        "manager": manager,
        "hr": hr,
        "admin": admin,
    }


EVERYONE = _roles("ok", "ok", "ok", "ok")
LOGGED_IN = _roles("401", "ok", "ok", "ok")
STAFF = _roles("401", "403", "403", "403")
ADMIN_ONLY = _roles("401", "403", "403", "403", hr="403")
SHOPPER_ONLY = _roles("401", "ok", "403", "403", hr="403", admin="403")
SHOPPER_OWN = _roles("401", ("ok", "404"), "403", "403", hr="403", admin="403")
OWN_ONLY = _roles("401", ("ok", "404"), ("ok", "404"), ("ok", "404"))
#: Reviews: the employee's own and (campaign allows) the manager's direct report's.
REVIEW_READERS = _roles("401", "404", ("ok", "404"), ("ok", "404"))
TOKEN = _roles(
    ("ok", "404"),
    ("ok", "404"),
    ("ok", "404"),
    ("ok", "404"),
    ("ok", "404"),
    ("ok", "404"),
    customer=("ok", "404"),
)

#: Shopper pay (issue 16): a shopper's own visit; anyone else (HR too, on /me) 404.
MY_VISIT = _roles("401", ("ok", "404"), "404", "404", hr="404", admin="404")
#: A valid expense body, so a foreign visit answers 404 rather than 422 for the body.
EXPENSE = {
    "id": "6f1c1c1e-0000-4000-8000-000000000001",
    "amount_minor": 1250,
    "currency": "CNY",
    "receipt_sha256": "0" * 64,
}

P = "/api/v1"

POLICY: dict[str, Rule] = {
    # Web shell, health, documents
    "GET /": Rule(EVERYONE),
    "GET /<page:name>": Rule(EVERYONE),
    "GET /c/<token>": Rule(EVERYONE),
    "GET /healthz": Rule(EVERYONE),
    "GET /static/<path:filename>": Rule(_roles("404", "404", "404", "404", "404", "404")),
    f"GET {P}/openapi.json": Rule(EVERYONE),
    # Sessions
    f"POST {P}/auth/login": Rule(EVERYONE),
    f"POST {P}/auth/logout": Rule(LOGGED_IN),
    # One-time links by mail (a body {} is 422: nothing is sent)
    f"POST {P}/auth/password-reset": Rule(EVERYONE),
    f"POST {P}/auth/password-reset/confirm": Rule(EVERYONE),
    f"GET {P}/me": Rule(LOGGED_IN),
    f"POST {P}/me/password": Rule(LOGGED_IN),
    # Field
    f"GET {P}/me/assignments": Rule(LOGGED_IN),
    f"GET {P}/forms/versions/<id:version_id>": Rule(LOGGED_IN),
    f"PUT {P}/attachments/<string:sha256>": Rule(LOGGED_IN),
    f"GET {P}/attachments/<string:sha256>": Rule(OWN_ONLY),
    f"GET {P}/attachments/<string:sha256>/thumb": Rule(OWN_ONLY),
    f"POST {P}/sync": Rule(LOGGED_IN),
    # Customers
    f"GET {P}/public/links/<string:token>": Rule(TOKEN),
    f"POST {P}/public/links/<string:token>/responses": Rule(TOKEN),
    # Action items: everyone sees the items they own; HR all
    f"GET {P}/action-items": Rule(LOGGED_IN),
    f"PATCH {P}/action-items/<id:item_id>": Rule(
        _roles("401", "404", ("ok", "404"), ("ok", "404")), body={"action": "acknowledge"}
    ),
    # Closed loop on the phone (issue 14 §2): owners their own items, HR all, others 404
    f"GET {P}/action-items/<id:item_id>": Rule(_roles("401", "404", ("ok", "404"), ("ok", "404"))),
    f"POST {P}/action-items/<id:item_id>/follow-up": Rule(
        _roles("401", "404", ("ok", "404"), ("ok", "404")),
        body={"kind": "call", "at": "2030-01-01T10:00:00+00:00"},
    ),
    f"GET {P}/action-items/<id:item_id>/follow-up-options": Rule(
        _roles("401", "404", ("ok", "404"), ("ok", "404"))
    ),
    f"GET {P}/action-items/sla": Rule(STAFF),
    # A customer's contact after a complaint: body {} is 422 for anyone (nothing stored)
    f"POST {P}/public/links/<string:token>/responses/<string:submission_id>/contact": Rule(
        EVERYONE
    ),
    # Campaign administration
    f"GET {P}/campaigns": Rule(STAFF),
    f"POST {P}/campaigns": Rule(STAFF),
    f"GET {P}/campaigns/<id:campaign_id>": Rule(STAFF),
    f"PATCH {P}/campaigns/<id:campaign_id>": Rule(STAFF),
    f"DELETE {P}/campaigns/<id:campaign_id>": Rule(STAFF, campaign="cnom"),
    f"POST {P}/campaigns/<id:campaign_id>/open": Rule(STAFF, campaign="cnom"),
    f"POST {P}/campaigns/<id:campaign_id>/close": Rule(STAFF, campaign="cnom"),
    f"POST {P}/campaigns/<id:campaign_id>/release": Rule(STAFF),
    f"POST {P}/campaigns/<id:campaign_id>/unrelease": Rule(STAFF),
    f"POST {P}/campaigns/<id:campaign_id>/assignments/generate": Rule(STAFF, campaign="cnom"),
    f"GET {P}/campaigns/<id:campaign_id>/assignments": Rule(STAFF),
    f"POST {P}/campaigns/<id:campaign_id>/assignments": Rule(STAFF),
    f"PATCH {P}/campaigns/<id:campaign_id>/assignments/<id:assignment_id>": Rule(STAFF),
    f"DELETE {P}/campaigns/<id:campaign_id>/assignments/<id:assignment_id>": Rule(STAFF),
    f"GET {P}/campaigns/<id:campaign_id>/progress": Rule(STAFF),
    f"GET {P}/campaigns/<id:campaign_id>/outstanding": Rule(STAFF),
    # The rated employee sees counts for campaigns where they are a subject (M is not).
    f"GET {P}/campaigns/<id:campaign_id>/my-progress": Rule(
        _roles("401", "404", ("ok", "404"), "404", "404", "404"), campaign=("c360", "cnom")
    ),
    # Visits and submissions (mystery-shop review queue)
    f"POST {P}/campaigns/<id:campaign_id>/visits": Rule(STAFF, campaign="cms"),
    f"GET {P}/campaigns/<id:campaign_id>/visits": Rule(STAFF, campaign="cms"),
    f"GET {P}/submissions": Rule(STAFF),
    f"GET {P}/submissions/<string:submission_id>": Rule(STAFF),
    f"POST {P}/submissions/<string:submission_id>/review": Rule(STAFF),
    f"POST {P}/submissions/<string:submission_id>/accept-late": Rule(STAFF),
    # Review timers (issue 14 §4): my own visits (everyone signed in: shoppers have some),
    # the reports the timers decided (HR)
    f"GET {P}/me/visits": Rule(LOGGED_IN),
    f"GET {P}/visits/automatic": Rule(STAFF),
    # Customer links
    f"GET {P}/campaigns/<id:campaign_id>/links": Rule(STAFF, campaign="ccust"),
    f"POST {P}/campaigns/<id:campaign_id>/links": Rule(STAFF, campaign="ccust"),
    f"GET {P}/campaigns/<id:campaign_id>/links/cards.pdf": Rule(STAFF, campaign="ccust"),
    f"PATCH {P}/links/<id:link_id>": Rule(STAFF),
    # Peer nominations: employees on open nomination campaigns; managers decide for reports
    f"GET {P}/campaigns/<id:campaign_id>/nominations": Rule(
        _roles("401", "404", ("ok", "404"), ("ok", "404")), campaign=("cnom", "c360")
    ),
    f"POST {P}/campaigns/<id:campaign_id>/nominations": Rule(
        _roles("401", "404", ("ok", "404"), ("ok", "404")),
        campaign=("cnom", "c360"),
        body={"nominee_ids": []},
    ),
    f"POST {P}/campaigns/<id:campaign_id>/nominations/<id:nomination_id>/approve": Rule(
        _roles("401", "404", "404", ("ok", "404")), campaign="cnom"
    ),
    f"POST {P}/campaigns/<id:campaign_id>/nominations/<id:nomination_id>/reject": Rule(
        _roles("401", "404", "404", ("ok", "404")), campaign="cnom"
    ),
    f"GET {P}/campaigns/<id:campaign_id>/nomination-candidates": Rule(
        _roles("401", "404", ("ok", "404"), ("ok", "404")), campaign=("cnom", "c360")
    ),
    # Recurring cycles (issue 14 §3): templates (HR), the daily self-check grid
    f"GET {P}/cycle-templates": Rule(STAFF),
    f"POST {P}/cycle-templates": Rule(STAFF),
    f"GET {P}/cycle-templates/<id:template_id>": Rule(STAFF),
    f"PATCH {P}/cycle-templates/<id:template_id>": Rule(STAFF),
    f"POST {P}/cycle-templates/<id:template_id>/pause": Rule(STAFF),
    f"POST {P}/cycle-templates/<id:template_id>/resume": Rule(STAFF),
    f"GET {P}/me/self-checks": Rule(LOGGED_IN),
    f"GET {P}/me/team-self-checks": Rule(LOGGED_IN),
    f"GET {P}/self-checks/completion": Rule(STAFF),
    f"GET {P}/me/nominations": Rule(LOGGED_IN),
    # Reviews, reports, exports
    f"GET {P}/me/reviews": Rule(LOGGED_IN),
    f"GET {P}/me/team-reviews": Rule(LOGGED_IN),
    f"GET {P}/me/scorecard": Rule(LOGGED_IN),
    f"GET {P}/me/team-scorecard": Rule(LOGGED_IN),
    f"GET {P}/scorecard": Rule(STAFF),
    f"GET {P}/scorecard/export.csv": Rule(STAFF),
    f"GET {P}/scorecard/export.xlsx": Rule(STAFF),
    f"GET {P}/campaigns/<id:campaign_id>/reviews/<id:employee_id>": Rule(REVIEW_READERS),
    f"GET {P}/campaigns/<id:campaign_id>/reviews/<id:employee_id>.pdf": Rule(REVIEW_READERS),
    # The employee's response to a review (issue 15): acknowledge own; plan own or report's
    f"POST {P}/campaigns/<id:campaign_id>/reviews/<id:employee_id>/acknowledgement": Rule(
        _roles("401", "404", ("ok", "404"), ("403", "404"), hr="403", admin="403"),
        body={"comment": "Read, thank you."},
    ),
    f"POST {P}/campaigns/<id:campaign_id>/reviews/<id:employee_id>/plan": Rule(
        _roles("401", "404", ("ok", "404"), ("ok", "404"), hr="403", admin="403"),
        body={
            "goals": [
                {
                    "focus": "no-such-item",
                    "goal": "g",
                    "actions": "a",
                    "due": "2027-06-30",
                    "measure": "m",
                }
            ]
        },
    ),
    f"GET {P}/campaigns/<id:campaign_id>/acknowledgements": Rule(STAFF),
    f"GET {P}/campaigns/<id:campaign_id>/units/<id:unit_id>/summary": Rule(STAFF),
    f"GET {P}/campaigns/<id:campaign_id>/units/<id:unit_id>/summary.pdf": Rule(STAFF),
    f"GET {P}/campaigns/<id:campaign_id>/dashboard": Rule(STAFF),  # console: dashboard
    f"GET {P}/campaigns/<id:campaign_id>/exports/<any(answers,summary):kind>."
    "<any(csv,xlsx):fmt>": Rule(STAFF),
    f"POST {P}/campaigns/<id:campaign_id>/exports": Rule(STAFF),
    f"POST {P}/campaigns/<id:campaign_id>/reviews.zip": Rule(STAFF),
    f"GET {P}/jobs/<string:job_id>": Rule(STAFF),
    f"GET {P}/jobs/<string:job_id>/download": Rule(STAFF),
    # Service stars and league (issue 14 §5): own / team stars for people, all for HR
    f"GET {P}/me/stars": Rule(_roles("401", "403", "ok", "ok")),
    f"GET {P}/me/team-stars": Rule(_roles("401", "403", "ok", "ok")),
    f"GET {P}/stars": Rule(STAFF),
    f"GET {P}/league": Rule(STAFF),
    f"GET {P}/stars/export.csv": Rule(STAFF),
    f"GET {P}/stars/export.xlsx": Rule(STAFF),
    # Operations (admin only)
    f"GET {P}/admin/ops": Rule(ADMIN_ONLY),
    f"POST {P}/admin/jobs/<string:job_id>/retry": Rule(ADMIN_ONLY),
    # Organisation, users, forms, audit
    f"POST {P}/org/import": Rule(STAFF),
    f"GET {P}/org/units": Rule(STAFF),
    f"PATCH {P}/org/units/<id:unit_id>": Rule(STAFF),
    f"GET {P}/users": Rule(STAFF),
    f"POST {P}/users": Rule(STAFF),
    f"GET {P}/users/<id:user_id>": Rule(STAFF),
    f"PATCH {P}/users/<id:user_id>": Rule(STAFF),
    f"POST {P}/users/<id:user_id>/invitation": Rule(STAFF),
    f"GET {P}/admin/mail": Rule(_roles("401", "403", "403", "403", hr="403")),
    # Notifications (issue 14 §1): each role reads and marks only its own
    f"GET {P}/me/notifications": Rule(LOGGED_IN),
    f"POST {P}/me/notifications/<id:notification_id>/read": Rule(
        _roles("401", ("ok", "404"), ("ok", "404"), ("ok", "404"), ("ok", "404"), ("ok", "404"))
    ),
    f"POST {P}/me/notifications/read-all": Rule(LOGGED_IN),
    f"GET {P}/me/notification-settings": Rule(LOGGED_IN),
    f"PATCH {P}/me/notification-settings": Rule(LOGGED_IN),
    f"GET {P}/campaigns/<id:campaign_id>/reminders": Rule(STAFF),
    f"GET {P}/forms": Rule(STAFF),
    f"POST {P}/forms": Rule(STAFF),
    f"GET {P}/audit": Rule(STAFF),
    # API tokens (issue 17 §1): admins manage them; the org sync (§3): staff or org:write
    f"GET {P}/admin/api-tokens": Rule(ADMIN_ONLY),
    f"POST {P}/admin/api-tokens": Rule(ADMIN_ONLY),
    f"POST {P}/admin/api-tokens/<id:token_id>/revoke": Rule(ADMIN_ONLY),
    f"POST {P}/org/sync": Rule(STAFF),
    # Webhooks (issue 17 §2): admin only. The matrix world holds no endpoint or delivery,
    # so an admin's call on an id answers 404 (past authorisation).
    f"GET {P}/admin/webhooks/endpoints": Rule(ADMIN_ONLY),
    f"POST {P}/admin/webhooks/endpoints": Rule(ADMIN_ONLY),
    f"PATCH {P}/admin/webhooks/endpoints/<id:endpoint_id>": Rule(
        _roles("401", "403", "403", "403", hr="403", admin="404")
    ),
    f"POST {P}/admin/webhooks/endpoints/<id:endpoint_id>/rotate-secret": Rule(
        _roles("401", "403", "403", "403", hr="403", admin="404")
    ),
    f"GET {P}/admin/webhooks/deliveries": Rule(ADMIN_ONLY),
    f"POST {P}/admin/webhooks/deliveries/<id:delivery_id>/replay": Rule(
        _roles("401", "403", "403", "403", hr="403", admin="404")
    ),
    # Job board (issue 16 §1): shoppers see open jobs and only their own; HR publishes
    f"GET {P}/jobs": Rule(SHOPPER_ONLY),
    f"GET {P}/me/jobs": Rule(SHOPPER_ONLY),
    f"POST {P}/jobs/<id:offer_id>/take": Rule(SHOPPER_ONLY),
    f"POST {P}/jobs/<id:offer_id>/apply": Rule(SHOPPER_ONLY),
    f"POST {P}/me/jobs/<id:offer_id>/schedule": Rule(
        SHOPPER_OWN, body={"scheduled_at": "2000-01-01T00:00:00+00:00"}
    ),
    f"POST {P}/me/jobs/<id:offer_id>/cancel": Rule(SHOPPER_OWN),
    f"POST {P}/me/job-applications/<id:application_id>/withdraw": Rule(SHOPPER_OWN),
    f"GET {P}/me/home": Rule(SHOPPER_ONLY),
    f"PUT {P}/me/home": Rule(SHOPPER_ONLY),
    f"POST {P}/campaigns/<id:campaign_id>/jobs": Rule(STAFF),
    f"GET {P}/campaigns/<id:campaign_id>/jobs": Rule(STAFF),
    f"POST {P}/visits/<id:visit_id>/job": Rule(STAFF),
    f"GET {P}/campaigns/<id:campaign_id>/job-settings": Rule(STAFF),
    f"PUT {P}/campaigns/<id:campaign_id>/job-settings": Rule(STAFF),
    f"GET {P}/job-applications": Rule(STAFF),
    f"POST {P}/job-applications/<id:application_id>/decision": Rule(STAFF),
    f"GET {P}/job-conflicts": Rule(STAFF),
    f"POST {P}/job-conflicts": Rule(STAFF),
    f"DELETE {P}/job-conflicts/<id:conflict_id>": Rule(STAFF),
    # Shopper pay (issue 16 §3): the shopper's own visits only (anyone else's: 404); HR all
    f"GET {P}/me/pay": Rule(LOGGED_IN),
    f"GET {P}/me/visits/<id:visit_id>/pay": Rule(MY_VISIT),
    f"POST {P}/me/visits/<id:visit_id>/expenses": Rule(MY_VISIT, body=EXPENSE),
    f"PATCH {P}/me/visits/<id:visit_id>/expenses/<string:expense_id>": Rule(
        MY_VISIT, body={"note": "taxi"}
    ),
    f"DELETE {P}/me/visits/<id:visit_id>/expenses/<string:expense_id>": Rule(MY_VISIT),
    f"GET {P}/pay/visits": Rule(STAFF),
    f"GET {P}/visits/<id:visit_id>/pay": Rule(STAFF),
    f"PUT {P}/visits/<id:visit_id>/terms": Rule(STAFF),
    f"PUT {P}/visits/<id:visit_id>/adjustment": Rule(STAFF),
    f"GET {P}/payment-runs": Rule(STAFF),
    f"POST {P}/payment-runs": Rule(STAFF),
    f"GET {P}/payment-runs/<id:run_id>": Rule(STAFF),
    f"POST {P}/payment-runs/<id:run_id>/paid": Rule(STAFF),
    f"DELETE {P}/payment-runs/<id:run_id>": Rule(STAFF),
    f"GET {P}/payment-runs/<id:run_id>.<any(csv,xlsx):fmt>": Rule(STAFF),
    # Certification (issue 16 §2): shoppers their own quizzes and attempts, HR the holders
    f"GET {P}/me/certification": Rule(_roles("401", "ok", "403", "403", hr="403", admin="403")),
    f"POST {P}/me/quiz-attempts": Rule(_roles("401", "ok", "403", "403", hr="403", admin="403")),
    f"GET {P}/certification/holders": Rule(STAFF),
}

#: Issue 17 §1: the routes each API token scope opens (declared here independently of
#: server/services/tokens/scopes.py). A bearer request gets the admin's outcome on its
#: scope's routes (and on the OpenAPI document), 403 on every other /api/ route; routes
#: outside /api/ ignore the header (the anonymous outcome).
TOKEN_SCOPES: dict[str, tuple[str, ...]] = {
    "campaigns:read": (
        f"GET {P}/campaigns",
        f"GET {P}/campaigns/<id:campaign_id>",
        f"GET {P}/campaigns/<id:campaign_id>/assignments",
        f"GET {P}/campaigns/<id:campaign_id>/progress",
        f"GET {P}/campaigns/<id:campaign_id>/outstanding",
        f"GET {P}/campaigns/<id:campaign_id>/visits",
        f"GET {P}/campaigns/<id:campaign_id>/links",
        f"GET {P}/campaigns/<id:campaign_id>/reminders",
        f"GET {P}/cycle-templates",
        f"GET {P}/cycle-templates/<id:template_id>",
        f"GET {P}/self-checks/completion",
        f"GET {P}/forms",
        f"GET {P}/forms/versions/<id:version_id>",
    ),
    "reviews:read": (
        f"GET {P}/campaigns/<id:campaign_id>/reviews/<id:employee_id>",
        f"GET {P}/campaigns/<id:campaign_id>/reviews/<id:employee_id>.pdf",
        f"GET {P}/campaigns/<id:campaign_id>/units/<id:unit_id>/summary",
        f"GET {P}/campaigns/<id:campaign_id>/units/<id:unit_id>/summary.pdf",
        f"GET {P}/campaigns/<id:campaign_id>/acknowledgements",
        f"GET {P}/campaigns/<id:campaign_id>/dashboard",
        f"GET {P}/scorecard",
        f"GET {P}/stars",
        f"GET {P}/league",
        f"GET {P}/action-items",
        f"GET {P}/action-items/sla",
    ),
    "exports:read": (
        f"GET {P}/campaigns/<id:campaign_id>/exports/<any(answers,summary):kind>."
        "<any(csv,xlsx):fmt>",
        f"POST {P}/campaigns/<id:campaign_id>/exports",
        f"POST {P}/campaigns/<id:campaign_id>/reviews.zip",
        f"GET {P}/jobs/<string:job_id>",
        f"GET {P}/jobs/<string:job_id>/download",
        f"GET {P}/scorecard/export.csv",
        f"GET {P}/scorecard/export.xlsx",
        f"GET {P}/stars/export.csv",
        f"GET {P}/stars/export.xlsx",
    ),
    "org:read": (f"GET {P}/org/units", f"GET {P}/users", f"GET {P}/users/<id:user_id>"),
    "org:write": (f"POST {P}/org/sync", f"POST {P}/org/import"),
    "audit:read": (f"GET {P}/audit",),
}
TOKEN_ANY_SCOPE = (f"GET {P}/openapi.json",)
# Personal-data rights and retention (issue 17 §4-5): admins only; the matrix's job is a
# review ZIP, no personal-data export, hence 404 for the admin
POLICY.update(
    {
        f"POST {P}/admin/privacy/people/<id:user_id>/export": Rule(ADMIN_ONLY),
        f"POST {P}/admin/privacy/people/<id:user_id>/erase": Rule(ADMIN_ONLY),
        f"GET {P}/admin/privacy/exports/<string:job_id>": Rule(
            _roles("401", "403", "403", "403", hr="403", admin="404")
        ),
        f"GET {P}/admin/privacy/exports/<string:job_id>/download": Rule(
            _roles("401", "403", "403", "403", hr="403", admin="404")
        ),
        f"GET {P}/admin/privacy/retention": Rule(ADMIN_ONLY),
    }
)
