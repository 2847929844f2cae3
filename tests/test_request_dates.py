"""Bad input gets a clear error: every date a request carries lies in the product's calendar.

marshmallow's Date and DateTime take any year from 1 to 9999. Such a date then met
time-zone arithmetic and overflowed: `GET /api/v1/scorecard?date=9999-12-31` answered 500
(found by the deeper fuzz run). Every date and date-time field of every request (JSON
bodies, query strings and forms, walked from the OpenAPI registrations, nested schemas,
lists and maps included) must be a `Day` or an `Instant` (or the sync API's
`ClientDateTime`): 2000 up to 2200, outside it a 422 in the user's language.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st
from marshmallow import ValidationError, fields

from server.schemas.base import EARLIEST, LATEST, Day, Instant
from server.schemas.sync import ClientDateTime
from tests.schema_walk import leaves, request_schemas

BOUNDED = (Day, Instant, ClientDateTime)


def _unbounded(field: fields.Field, path: str) -> Iterator[str]:
    for where, leaf in leaves(field, path):
        if isinstance(leaf, fields.Date | fields.DateTime) and not isinstance(leaf, BOUNDED):
            yield where


def test_every_request_date_is_bounded(app):
    schemas = list(request_schemas(app))
    assert len(schemas) > 40  # the walk finds the API's bodies and query strings
    found = [
        f"{endpoint}: {path}"
        for endpoint, schema in schemas
        for name, field in schema.fields.items()
        for path in _unbounded(field, f"{type(schema).__name__}.{name}")
    ]
    assert found == [], "\n".join(found)


def test_the_walk_finds_an_unbounded_date_where_there_is_one():
    from server.schemas.base import Schema

    class Inner(Schema):
        since = fields.Date()
        ok = Day()

    class Outer(Schema):
        items = fields.List(fields.Nested(Inner))
        when = fields.AwareDateTime()
        fine = Instant()

    found = [p for n, f in Outer().fields.items() for p in _unbounded(f, n)]
    assert found == ["items[].since", "when"]


OFFSETS = st.integers(-14 * 60, 14 * 60).map(lambda m: timezone(timedelta(minutes=m)))


@given(day=st.dates())
def test_a_day_is_taken_inside_the_calendar_and_refused_outside(day):
    inside = EARLIEST.date() <= day < LATEST.date()
    if inside:
        assert Day().deserialize(day.isoformat()) == day
    else:
        with pytest.raises(ValidationError):
            Day().deserialize(day.isoformat())


@given(when=st.datetimes(), tz=OFFSETS)
def test_an_instant_is_taken_inside_the_calendar_and_refused_outside(when, tz):
    text = when.replace(tzinfo=tz).isoformat()
    try:
        inside = EARLIEST <= when.replace(tzinfo=tz) < LATEST
    except OverflowError:  # pragma: no cover - CPython compares without overflow
        inside = False
    if inside:
        got = Instant().deserialize(text)
        assert got == when.replace(tzinfo=tz)
        got.astimezone(UTC)  # the arithmetic that overflowed: safe now
    else:
        with pytest.raises(ValidationError):
            Instant().deserialize(text)


def test_a_naive_instant_is_refused_or_read_in_the_default_zone():
    with pytest.raises(ValidationError):
        Instant().deserialize("2026-12-05T10:00:00")
    got = Instant(default_timezone=UTC).deserialize("2026-12-05T10:00:00")
    assert got == datetime(2026, 12, 5, 10, tzinfo=UTC)
    with pytest.raises(ValidationError):
        Instant(default_timezone=UTC).deserialize("9999-12-31T23:59:59")


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1999-12-31", "2200-01-01"])
def test_the_scorecard_refuses_a_day_outside_the_calendar_in_the_users_language(hr_client, day):
    resp = hr_client.client.get(
        f"/api/v1/scorecard?date={day}", headers={"Accept-Language": "zh-CN"}
    )
    assert resp.status_code == 422, resp.get_data(as_text=True)
    err = resp.get_json()["error"]
    assert err["code"] == "invalid"
    message = err["details"]["fields"]["query"]["date"][0]
    assert "2000" in message and "Must lie" not in message  # said in Chinese


def test_the_scorecard_still_answers_for_a_day_inside(hr_client):
    assert hr_client.client.get(f"/api/v1/scorecard?date={date(2026, 12, 5)}").status_code == 200
