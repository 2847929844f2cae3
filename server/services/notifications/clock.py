"""Local time for notifications: a person's time zone, "today", and quiet hours.

A person's time zone is their unit's `timezone`, else the nearest parent unit's, else the
default (Config DEFAULT_TIMEZONE). Quiet hours are a window of local wall-clock time
[start, end) that may cross midnight (21:00-08:00); start == end means no quiet hours.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.orm import Session

from server.models import OrgUnit, User

FALLBACK_ZONE = "Asia/Shanghai"


@dataclass(frozen=True)
class MailRules:
    """When notification e-mails may go out (from Config)."""

    default_zone: str = FALLBACK_ZONE
    quiet_start: time = time(21, 0)
    quiet_end: time = time(8, 0)


def parse_hhmm(text: str) -> time:
    """'21:00' -> time(21, 0) (raises ValueError on anything else)."""
    hours, _, minutes = text.strip().partition(":")
    return time(int(hours), int(minutes or 0))


def zone(name: str | None, default: str = FALLBACK_ZONE) -> ZoneInfo:
    """The IANA zone `name`, else `default` (an unknown or empty name is not an error)."""
    for candidate in (name, default, FALLBACK_ZONE):
        if candidate:
            try:
                return ZoneInfo(candidate)
            except (ZoneInfoNotFoundError, ValueError):
                continue
    return ZoneInfo("UTC")


def valid_zone(name: str) -> bool:
    """Whether `name` is a known IANA time zone."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def unit_zone_name(session: Session, unit_id: int | None) -> str | None:
    """The time zone of a unit or of its nearest ancestor that has one."""
    seen: set[int] = set()
    while unit_id is not None and unit_id not in seen:
        seen.add(unit_id)
        unit = session.get(OrgUnit, unit_id)
        if unit is None:
            return None
        if unit.timezone:
            return unit.timezone
        unit_id = unit.parent_id
    return None


def user_zone(session: Session, user: User, rules: MailRules) -> ZoneInfo:
    """The time zone a person lives in (their unit's, else the default)."""
    return zone(unit_zone_name(session, user.unit_id), rules.default_zone)


def local_day(now: datetime, tz: ZoneInfo) -> date:
    """The calendar day `now` (UTC) falls on in `tz`."""
    return now.astimezone(tz).date()


def in_quiet_hours(local: time, start: time, end: time) -> bool:
    """Whether wall-clock time `local` is inside [start, end) (which may cross midnight)."""
    if start == end:
        return False
    if start < end:
        return start <= local < end
    return local >= start or local < end


def quiet_ends(now: datetime, tz: ZoneInfo, rules: MailRules) -> datetime | None:
    """When the quiet hours around `now` end (UTC), or None when `now` is not quiet."""
    local = now.astimezone(tz)
    if not in_quiet_hours(local.time(), rules.quiet_start, rules.quiet_end):
        return None
    end_day = local.date()
    if local.time() >= rules.quiet_end:
        end_day += timedelta(days=1)
    wall = datetime.combine(end_day, rules.quiet_end).replace(tzinfo=tz)
    return wall.astimezone(UTC)
