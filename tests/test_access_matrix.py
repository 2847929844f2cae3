"""SPEC §9 roles and access: Access matrix: every route of app.url_map × every role × own/foreign
ids vs tests/access_policy.

One world (two stores, their staff and managers, two shoppers, a released 360 campaign, a
released mystery-shop campaign with approved visits and photos, an open nomination campaign,
a customer campaign with an active and an inactive link, action items and a report job) is
built once per module into a template SQLite file; each test works on a copy, and the copy
is restored before every unsafe call so that one role's change never decides another's
outcome. Every response is also checked for the security headers and, for errors, the
JSON error shape.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from server import create_app
from server.extensions import db
from tests import live_server as live
from tests.access_policy import POLICY, ROLES, Rule
from tests.api_tokens_world import add_tokens
from tests.conftest import TEST_CONFIG
from tests.cycles_world import matrix_template_id
from tests.factories import PASSWORD, ApiClient
from tests.jobs_world import matrix_jobs
from tests.test_security_headers import assert_security_headers

SKIP_METHODS = {"HEAD", "OPTIONS"}


def route_keys(app: Flask) -> list[str]:
    """'METHOD rule' for every route the app serves."""
    keys = []
    for rule in app.url_map.iter_rules():
        for method in sorted((rule.methods or set()) - SKIP_METHODS):
            keys.append(f"{method} {rule.rule}")
    return sorted(keys)


def _collect_app() -> Flask:
    return create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": "sqlite://"})


ROUTES = route_keys(_collect_app())


# --- the world ----------------------------------------------------------------------------------


@dataclass
class World:
    ids: dict[str, Any]
    emails: dict[str, str]

    def params(self, role: str, variant: str, rule: Rule) -> dict[str, Any]:
        """URL values for this role: own objects, or another person's."""
        own = variant == "own"
        i = self.ids
        campaign = (
            rule.campaign
            if isinstance(rule.campaign, str)
            else (rule.campaign[0] if own else rule.campaign[1])
        )
        item_owner = {"manager": "item_m"}.get(role, "item_a")
        return {
            "campaign_id": i[campaign],
            "employee_id": i["A"] if own else i["B"],
            "user_id": i["A"] if own else i["B"],
            "unit_id": i["u1"] if own else i["u2"],
            "assignment_id": i["asg_a_self"] if own else i["asg_b_self"],
            "nomination_id": i["nom_a"] if own else i["nom_b"],
            "item_id": i[item_owner] if own else i["item_b"],
            "link_id": i["link_on"] if own else i["link_off"],
            "template_id": i["template"],  # HR's, no owner
            "job_id": i["job"],  # jobs belong to staff, who see every job
            "submission_id": i["sub_s1"] if own else i["sub_s2"],
            "sha256": i["p1"] if own else i["p2"],
            "version_id": i["v360"],
            # A guessed token: unknown (404). An inactive one answers 410, see below.
            "token": i["token_on"] if own else "tok-guess-" + uuid.uuid4().hex,
            "kind": "answers",
            "fmt": "csv",
            "name": "today",
            "filename": "missing.txt",
            "notification_id": i[f"note_{role}"] if own and f"note_{role}" in i else i["note_B"],
            "token_id": i["api_token"],  # admin's, no owner
            "endpoint_id": 999_999,  # webhooks: no endpoint in the world (admin: 404)
            "delivery_id": 999_999,
            "offer_id": i["offer_s1"] if own else i["offer_s2"],  # S1's job, S2's job
            "application_id": i["job_application"] if own else i["job_application_s2"],
            "conflict_id": i["job_conflict"],
            "visit_id": i["visit_S1"] if own else i["visit_S2"],  # shopper pay (issue 16)
            "expense_id": i["expense_S1"] if own else i["expense_S2"],
            "run_id": i["pay_run"],
        }


def _bi(text: str) -> dict[str, str]:
    return {"en": text, "zh-CN": text + "（中）"}


def _users(ids: dict[str, Any], emails: dict[str, str]) -> dict[str, Any]:
    from server.models import OrgUnit
    from server.services.org import accounts

    u1 = OrgUnit(
        path="Co/Store 1", name=_bi("Store 1"), kind="branch", latitude=31.2, longitude=121.4
    )
    u2 = OrgUnit(path="Co/Store 2", name=_bi("Store 2"), kind="branch")
    db.session.add_all([u1, u2])
    db.session.flush()
    people: dict[str, Any] = {}
    specs = [
        ("admin", "admin", None, None),
        ("hr", "hr", None, None),
        ("M", "employee", u1.id, None),
        ("M2", "employee", u2.id, None),
        ("A", "employee", u1.id, "M"),
        ("B", "employee", u2.id, "M2"),
        ("S1", "shopper", None, None),
        ("S2", "shopper", None, None),
    ]
    for key, role, unit, manager in specs:
        email = f"{key.lower()}-{uuid.uuid4().hex[:6]}@example.test"
        people[key] = accounts.create_user(
            db.session,
            email=email,
            name=f"User {key}",
            role=role,
            password=PASSWORD,
            unit_id=unit,
            manager_id=people[manager].id if manager else None,
            employee_number=f"E-{key}" if role == "employee" else None,
            job_title="Sales",
        )
        emails[key] = email
        ids[key] = people[key].id
    ids["u1"], ids["u2"] = u1.id, u2.id
    return people


def _campaign(kind: str, status: str, forms: dict[str, int], **kw: Any) -> Any:
    from server.models import Campaign, CampaignForm

    campaign = Campaign(
        name=_bi(f"{kind} campaign"),
        kind=kind,
        status=status,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 6, 30),
        **kw,
    )
    db.session.add(campaign)
    db.session.flush()
    for rel, version_id in forms.items():
        db.session.add(
            CampaignForm(campaign_id=campaign.id, relationship=rel, form_version_id=version_id)
        )
    db.session.flush()
    return campaign


def _assignment(campaign: Any, rel: str, rater: Any, version_id: int, **kw: Any) -> Any:
    from server.models import Assignment

    row = Assignment(
        campaign_id=campaign.id,
        relationship=rel,
        rater_id=rater.id,
        form_version_id=version_id,
        status="pending",
        **kw,
    )
    db.session.add(row)
    db.session.flush()
    return row


def _sync(user: Any, items: list[dict[str, Any]]) -> None:
    from server.services.sync import sync

    results = sync.sync_batch(db.session, user, items)
    assert all(r["status"] == "created" for r in results), results


def _versions() -> tuple[int, int]:
    from server.models import FormVersion
    from server.services.forms import forms

    rels360 = ["self", "supervisor", "peer", "subordinate", "customer"]
    d360 = live.form_definition(8, photo=False)
    d360.update(key="matrix-360", relationships=rels360)
    dms = live.form_definition(8, photo=True)
    dms.update(key="matrix-shop")
    out = []
    for raw in (d360, dms):
        definition = forms.validate_definition(raw)
        forms.save_definition(db.session, definition)
        out.append(
            db.session.scalars(db.select(FormVersion).order_by(FormVersion.id.desc())).first()
        )
    return out[0], out[1]


def _photos(app: Flask, people: dict[str, Any], ids: dict[str, Any]) -> None:
    from server import storage
    from server.services.attachments import attachments

    store = storage.for_app(app)
    limits = attachments.Limits(10_000_000, 40_000_000)
    for key, shopper, seed in (("p1", "S1", 1), ("p2", "S2", 2)):
        data = live.png(seed)
        sha = hashlib.sha256(data).hexdigest()
        attachments.store_upload(db.session, store, sha, data, people[shopper], limits)
        ids[key] = sha


def _campaigns(people: dict[str, Any], ids: dict[str, Any], v360: Any, vms: Any) -> None:
    from server.models import ActionItem, CustomerLink, Job, PeerNomination, Submission

    rels = {r: v360.id for r in ("self", "supervisor", "peer", "subordinate")}
    c360 = _campaign("360", "open", rels, manager_visibility=True)
    a_self = _assignment(c360, "self", people["A"], v360.id, subject_id=people["A"].id)
    b_self = _assignment(c360, "self", people["B"], v360.id, subject_id=people["B"].id)
    m_sup = _assignment(c360, "supervisor", people["M"], v360.id, subject_id=people["A"].id)
    answers = live.answers_for(v360.definition, 3, [])
    _sync(people["A"], [live.submission(a_self.id, v360.id, answers)])
    _sync(people["B"], [live.submission(b_self.id, v360.id, answers)])
    _sync(people["M"], [live.submission(m_sup.id, v360.id, answers)])

    cms = _campaign("mystery_shop", "open", {"mystery_shopper": vms.id}, manager_visibility=True)
    subs = {}
    for shopper, unit, staff, photo in (("S1", "u1", "A", "p1"), ("S2", "u2", "B", "p2")):
        visit = _assignment(cms, "mystery_shopper", people[shopper], vms.id, unit_id=ids[unit])
        item = live.submission(visit.id, vms.id, live.answers_for(vms.definition, 1, [ids[photo]]))
        item["staff_id"] = people[staff].id
        _sync(people[shopper], [item])
        subs[shopper] = item["id"]
        ids[f"visit_{shopper}"] = visit.id
    for sub_id in subs.values():
        db.session.get(Submission, sub_id).status = "approved"
    c360.status = cms.status = "released"

    cnom = _campaign("360", "open", rels, peer_selection="nomination", peer_min=0, peer_max=5)
    nom_a = PeerNomination(
        campaign_id=cnom.id,
        subject_id=people["A"].id,
        nominee_id=people["M2"].id,
        status="proposed",
    )
    nom_b = PeerNomination(
        campaign_id=cnom.id, subject_id=people["B"].id, nominee_id=people["M"].id, status="proposed"
    )
    ccust = _campaign("customer", "open", {"customer": v360.id})
    on = CustomerLink(
        token="tok-on-" + uuid.uuid4().hex,
        campaign_id=ccust.id,
        subject_id=people["A"].id,
        active=True,
    )
    off = CustomerLink(
        token="tok-off-" + uuid.uuid4().hex,
        campaign_id=ccust.id,
        subject_id=people["B"].id,
        active=False,
    )
    job = Job(
        id=str(uuid.uuid4()),
        kind="reviews_zip",
        campaign_id=c360.id,
        status="queued",
        created_by_id=people["hr"].id,
    )
    db.session.add_all([nom_a, nom_b, on, off, job])
    items = {}
    for owner in ("A", "M", "B"):
        from datetime import UTC, datetime, timedelta

        now = datetime.now(UTC)
        items[owner] = ActionItem(
            campaign_id=c360.id,
            owner_id=people[owner].id,
            subject_id=people[owner].id,
            kind="customer_low",
            title=_bi("Follow up"),
            ack_due_at=now + timedelta(hours=1),
            response_due_at=now + timedelta(hours=24),
            plan_due_at=now + timedelta(hours=48),
            followup_due_at=now + timedelta(hours=72),
        )
        db.session.add(items[owner])
    db.session.flush()
    ids.update(
        c360=c360.id,
        cms=cms.id,
        cnom=cnom.id,
        ccust=ccust.id,
        v360=v360.id,
        vms=vms.id,
        asg_a_self=a_self.id,
        asg_b_self=b_self.id,
        sub_s1=subs["S1"],
        sub_s2=subs["S2"],
        nom_a=nom_a.id,
        nom_b=nom_b.id,
        link_on=on.id,
        link_off=off.id,
        token_on=on.token,
        token_off=off.token,
        job=job.id,
        item_a=items["A"].id,
        item_m=items["M"].id,
        item_b=items["B"].id,
    )


def _notifications(ids: dict[str, Any]) -> None:
    """One notification per signed-in role's user, and B's (the foreign one)."""
    from server.services.notifications import notify

    owners = {"shopper": "S1", "employee": "A", "manager": "M", "hr": "hr", "admin": "admin"}
    for role, key in [*owners.items(), ("B", "B")]:
        note = notify(db.session, ids[key], "review_released", key=f"matrix:{key}")
        assert note is not None
        ids[f"note_{role}"] = note.id


def _pay(ids: dict[str, Any]) -> None:
    """Shopper pay (issue 16): an expense on S1's and S2's visit, an open payment run."""
    from server.models import PaymentRun, VisitExpense

    for shopper, photo in (("S1", "p1"), ("S2", "p2")):
        expense = VisitExpense(
            id=str(uuid.uuid4()),
            assignment_id=ids[f"visit_{shopper}"],
            amount_minor=1250,
            currency="CNY",
            note="",
            receipt_sha256=ids[photo],
            created_by_id=ids[shopper],
        )
        db.session.add(expense)
        ids[f"expense_{shopper}"] = expense.id
    run = PaymentRun(period_start=date(2026, 1, 1), period_end=date(2026, 1, 31))
    db.session.add(run)
    db.session.flush()
    ids["pay_run"] = run.id


def build_world(app: Flask) -> World:
    ids: dict[str, Any] = {}
    emails: dict[str, str] = {}
    with app.app_context():
        people = _users(ids, emails)
        v360, vms = _versions()
        _photos(app, people, ids)
        _campaigns(people, ids, v360, vms)
        _notifications(ids)
        _pay(ids)
        ids["template"] = matrix_template_id()  # recurring cycles (issue 14 §3)
        add_tokens(people, ids)  # API tokens (issue 17 §1)
        matrix_jobs(ids)  # the job board (issue 16 §1)
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return World(ids, emails)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, World]:
    root = tmp_path_factory.mktemp("matrix")
    path = root / "world.db"
    app = create_app(
        {
            **TEST_CONFIG,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
            "ATTACHMENT_DIR": str(root / "attachments"),
        }
    )
    with app.app_context():
        db.create_all()
        db.session.remove()
        db.engine.dispose()
    world = build_world(app)
    return root, world


@pytest.fixture(scope="module")
def matrix_app(
    template: tuple[Path, World], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Flask, World, Any]]:
    """One app for the module on a copy of the world; `restore()` resets the copy."""
    root, world = template
    work = tmp_path_factory.mktemp("matrix-run")
    path = work / "world.db"
    shutil.copy(root / "world.db", path)
    shutil.copytree(root / "attachments", work / "attachments")
    dist = work / "dist"
    dist.mkdir()
    (dist / "index.html").write_text("<!doctype html><title>app</title>")
    (dist / "customer.html").write_text("<!doctype html><title>customer</title>")
    app = create_app(
        {
            **TEST_CONFIG,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
            "ATTACHMENT_DIR": str(work / "attachments"),
            "PWA_DIST": str(dist),
            "REPORTS_DIR": str(work / "reports"),
            "LOGIN_LIMIT_PER_ADDRESS": "100000 per minute",
        }
    )

    def restore() -> None:
        db.session.remove()
        db.engine.dispose()
        for suffix in ("-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        shutil.copy(root / "world.db", path)

    # The ZIP job's renderer runs in a thread; access is decided before it starts.
    from server.api import reports as reports_api

    with pytest.MonkeyPatch.context() as patch, app.app_context():
        patch.setattr(reports_api, "_run_in_background", lambda *a, **k: None)
        yield app, world, restore
        db.session.remove()
        db.engine.dispose()


# --- calling --------------------------------------------------------------------------------


def _client(app: Flask, world: World, role: str) -> ApiClient:
    api = ApiClient(app.test_client())
    key = {"shopper": "S1", "employee": "A", "manager": "M", "hr": "hr", "admin": "admin"}.get(role)
    if key:
        resp = api.login(world.emails[key])
        assert resp.status_code == 200, resp.get_json()
    return api


def outcome(status: int) -> str:
    if status in (401, 403, 404):
        return str(status)
    if status >= 500:
        return f"server error {status}"
    return "ok"


def _url(rule: str, values: dict[str, Any]) -> str:
    def sub(match: re.Match[str]) -> str:
        name = match.group(2)
        return str(values[name])

    return re.sub(r"<(?:([^:<>]+(?:\([^)]*\))?):)?([a-z_0-9]+)>", sub, rule)


def _expected(rule: Rule, role: str, variant: str) -> str:
    value = rule.expect[role]
    if isinstance(value, tuple):
        return value[0] if variant == "own" else value[1]
    return value


def _call(api: ApiClient, method: str, url: str, rule: Rule) -> Any:
    kwargs: dict[str, Any] = {}
    if method in ("POST", "PUT", "PATCH", "DELETE") and method != "PUT":
        kwargs["json"] = rule.body
    return getattr(api, method.lower())(url + rule.query, **kwargs)


def test_every_route_is_in_the_policy_table():
    missing = sorted(set(ROUTES) - set(POLICY))
    stale = sorted(set(POLICY) - set(ROUTES))
    assert not missing, f"routes without a declared access policy: {missing}"
    assert not stale, f"policy entries for routes that no longer exist: {stale}"


@pytest.mark.parametrize("route", ROUTES)
def test_access_matrix(matrix_app, route):
    app, world, restore = matrix_app
    if route not in POLICY:
        pytest.fail(f"{route} has no entry in tests/access_policy.py")
    rule = POLICY[route]
    method, path = route.split(" ", 1)
    unsafe = method in ("POST", "PUT", "PATCH", "DELETE")
    restore()  # a clean world for every route
    mismatches = []
    for role in ROLES:
        for variant in ("own", "foreign"):
            values = world.params(role, variant, rule)
            url = _url(path, values)
            if variant == "foreign" and url == _url(path, world.params(role, "own", rule)):
                continue  # no object id in this route: nothing foreign to try
            if unsafe:
                restore()
            api = _client(app, world, role)
            resp = _call(api, method, url, rule)
            got, want = outcome(resp.status_code), _expected(rule, role, variant)
            assert_security_headers(resp, api=path.startswith("/api/"))
            if resp.status_code >= 400 and resp.mimetype == "application/json":
                assert set(resp.get_json()["error"]) == {"code", "message", "details"}
            if got != want:
                body = resp.get_data(as_text=True)[:160]
                mismatches.append(
                    f"{role}/{variant} {method} {url}: got {resp.status_code} "
                    f"({got}), policy says {want}: {body}"
                )
            resp.close()
    assert not mismatches, "\n".join(mismatches)


ANONYMOUS_401 = [r for r in ROUTES if r in POLICY and POLICY[r].expect["anonymous"] == "401"]


def test_anonymous_gets_401_before_any_input_validation(matrix_app):
    """Without a session the answer is 401 whatever the body or query (no schema probing)."""
    app, world, _ = matrix_app
    wrong = []
    for route in ANONYMOUS_401:
        method, path = route.split(" ", 1)
        url = _url(path, world.params("anonymous", "own", POLICY[route]))
        resp = getattr(app.test_client(), method.lower())(
            url + "?status=nope&limit=-5&page=x&subject_id=abc", json={"garbage": [1, {"x": None}]}
        )
        if resp.status_code != 401 or resp.get_json()["error"]["code"] != "unauthenticated":
            wrong.append(f"{route}: {resp.status_code} {resp.get_data(as_text=True)[:200]}")
    assert len(ANONYMOUS_401) > 40
    assert not wrong, "\n".join(wrong)


def test_inactive_link_is_gone_and_reveals_nothing(matrix_app):
    app, world, _ = matrix_app
    token = world.ids["token_off"]
    for resp in (
        app.test_client().get(f"/api/v1/public/links/{token}"),
        app.test_client().post(f"/api/v1/public/links/{token}/responses", json={}),
    ):
        assert resp.status_code in (404, 410)
        body = resp.get_json()
        assert set(body) == {"error"}  # no campaign, subject or form leaks out
