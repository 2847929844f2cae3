"""One `world` per domain: the data a test module starts from (a plugin loaded by conftest).

A module names its domain with a marker, `pytestmark = pytest.mark.world("field")`, and a
test asks for the `world` fixture; the marker's keywords vary it, e.g.
`pytest.mark.world("field", visits=3)`. Domains: "field" (a shopper's visits, SPEC §8 sync),
"customer" (a public customer link, SPEC §8), "actions" (a field campaign with due times,
SPEC §3 ActionItem), "visits" (a mystery-shop visit planned by HR through the API, SPEC §7).
The org shapes and `field_setup` below are also called directly where a test needs the same
data outside the fixture (PostgreSQL, threads, a second shopper).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from server.models import User
from tests.factories import (
    KIND_GROUPS,
    ApiClient,
    field_form,
    make_assignment,
    make_campaign,
    make_link,
    make_unit,
    make_user,
    save_form,
)

_stores = itertools.count(1)


def make_team(size: int = 5) -> dict[str, Any]:
    """A manager with `size` direct reports in one unit, plus the manager's own boss."""
    unit = make_unit(
        path="Co/Store A/Team 1",
        name={"en": "Team 1", "zh-CN": "一组"},
        latitude=31.2363,
        longitude=121.4803,
    )
    boss = make_user(name="Boss", employee_number="B1", unit_id=unit.id)
    manager = make_user(name="Manager", employee_number="M1", unit_id=unit.id, manager_id=boss.id)
    staff = [
        make_user(
            name=f"Staff {i}", employee_number=f"S{i}", unit_id=unit.id, manager_id=manager.id
        )
        for i in range(size)
    ]
    return {"unit": unit, "boss": boss, "manager": manager, "staff": staff}


def store_with_staff() -> dict[str, Any]:
    """A store with a manager and two staff, plus a team below it with one more."""
    store = make_unit(
        path=f"Co/Store {next(_stores)}",
        kind="branch",
        latitude=31.23,
        longitude=121.47,
        address="1 Main St",
    )
    team = make_unit(path=f"{store.path}/Team", parent_id=store.id)
    manager = make_user(unit_id=store.id)
    staff = [
        make_user(unit_id=store.id, manager_id=manager.id, job_title="Sales") for _ in range(2)
    ]
    team_member = make_user(unit_id=team.id, manager_id=manager.id)
    return {
        "store": store,
        "team": team,
        "manager": manager,
        "staff": staff,
        "team_member": team_member,
    }


def field_setup(
    shopper: User | None = None,
    *,
    kind: str = "mixed",
    visits: int = 1,
    store: bool = True,
    visit: dict[str, Any] | None = None,
    **fields: Any,
) -> dict[str, Any]:
    """Field work: an open campaign whose field groups answer `field_form`, a store with staff
    (unless `store=False`) and `visits` mystery-shop visits of `shopper` there (`visit`: their
    extra columns). Keys: version, campaign, visits, assignment (the first), the store's."""
    version = save_form(field_form())
    campaign = make_campaign(kind, form=version, groups=KIND_GROUPS["mixed"], **fields)
    org = store_with_staff() if store else {}
    at = {"unit_id": org["store"].id} if store else {}
    made = [
        make_assignment(campaign, shopper, version, **at, **(visit or {}))
        for _ in range(visits if shopper else 0)
    ]
    world = {"version": version, "campaign": campaign, "visits": made, **org}
    return world | ({"assignment": made[0]} if made else {})


# --- the fixture ------------------------------------------------------------------------------


def _field(request: pytest.FixtureRequest, **options: Any) -> dict[str, Any]:
    client = request.getfixturevalue("shopper_client")
    world = field_setup(client.user, **options)
    return world | {"client": client, "visit": world["assignment"]}


def _customer(request: pytest.FixtureRequest, **options: Any) -> dict[str, Any]:
    request.getfixturevalue("app")
    world = field_setup(kind="customer", **options)
    subject = world["staff"][0]
    return world | {"subject": subject, "link": make_link(world["campaign"], subject)}


def _actions(request: pytest.FixtureRequest, **options: Any) -> dict[str, Any]:
    request.getfixturevalue("app")
    return field_setup(**options)


def _visits(request: pytest.FixtureRequest, **options: Any) -> dict[str, Any]:
    """A team, a shopper, an open mystery-shop campaign and one visit HR planned by the API."""
    app, hr = request.getfixturevalue("app"), request.getfixturevalue("hr_client")
    team, shopper = make_team(3), make_user(role="shopper")
    campaign = make_campaign("mystery_shop", status="open")
    now = datetime.now(UTC).replace(microsecond=0)
    plan = {
        "unit_id": team["unit"].id,
        "shopper_id": shopper.id,
        "window_start": (now - timedelta(hours=2)).isoformat(),
        "window_end": (now + timedelta(hours=2)).isoformat(),
        **options,
    }
    resp = hr.post(f"/api/v1/campaigns/{campaign.id}/visits", json=plan)
    assert resp.status_code == 201, resp.get_json()
    client = ApiClient(app.test_client())
    client.login(shopper.email)
    visit = resp.get_json()
    return {"team": team, "shopper": client, "campaign": campaign, "hr": hr, "visit": visit}


WORLDS: dict[str, Callable[..., dict[str, Any]]] = {
    "field": _field,
    "customer": _customer,
    "actions": _actions,
    "visits": _visits,
}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "world(domain, **options): the data the `world` fixture builds (tests/worlds.py)"
    )


@pytest.fixture
def world(request: pytest.FixtureRequest) -> dict[str, Any]:
    marker = request.node.get_closest_marker("world")
    assert marker is not None, "mark the module or test: pytest.mark.world(<domain>, ...)"
    return WORLDS[marker.args[0]](request, **marker.kwargs)
