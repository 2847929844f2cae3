"""Device-reported capture time and position of a photo (PUT /attachments headers).

The PWA downsizes photos through a canvas, which drops EXIF, so it sends what it knew
before downscaling: `X-Capture-Time` (ISO 8601 with a UTC offset, from EXIF
DateTimeOriginal or File.lastModified) and `X-Capture-Geo` (`lat,lon[,accuracy]`,
degrees and metres). The server uses them only when the image itself carries no EXIF
time or GPS, and records the source ('exif' or 'device') next to the value.

Choices where the contract is silent: a time without an offset is refused (a device
clock's zone cannot be guessed); times must lie between 2000 and 2200 like every
client datetime; the accuracy must be 0..10,000,000 m; headers longer than 100
characters are refused. Bad values are 422 `invalid_capture_time` /
`invalid_capture_geo` with the header named in details.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime

from server.domain_errors import Invalid

TIME_HEADER = "X-Capture-Time"
GEO_HEADER = "X-Capture-Geo"
MAX_LENGTH = 100
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
LATEST = datetime(2200, 1, 1, tzinfo=UTC)
MAX_ACCURACY = 1e7


@dataclass(frozen=True)
class DeviceCapture:
    """What the device said about a photo (each part optional)."""

    captured_at: datetime | None = None
    lat: float | None = None
    lon: float | None = None
    accuracy: float | None = None


def _bad_time() -> Invalid:
    return Invalid(
        "invalid_capture_time",
        "X-Capture-Time must be an ISO 8601 time with a UTC offset.",
        {"header": TIME_HEADER},
    )


def _bad_geo() -> Invalid:
    return Invalid(
        "invalid_capture_geo",
        "X-Capture-Geo must be `lat,lon` or `lat,lon,accuracy` (degrees, metres).",
        {"header": GEO_HEADER},
    )


def parse_time(raw: str | None) -> datetime | None:
    """An aware UTC datetime from `X-Capture-Time`, None when absent or blank."""
    if raw is None or not raw.strip():
        return None
    if len(raw) > MAX_LENGTH:
        raise _bad_time()
    try:
        value = datetime.fromisoformat(raw.strip())
    except ValueError as err:
        raise _bad_time() from err
    if value.tzinfo is None or value.utcoffset() is None:
        raise _bad_time()
    try:
        value = value.astimezone(UTC)
    except OverflowError as err:
        raise _bad_time() from err
    if not EARLIEST <= value <= LATEST:
        raise Invalid(
            "invalid_capture_time",
            "X-Capture-Time must lie between 2000 and 2200.",
            {"header": TIME_HEADER},
        )
    return value


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def parse_geo(raw: str | None) -> tuple[float, float, float | None] | None:
    """(lat, lon, accuracy) from `X-Capture-Geo`, None when absent or blank."""
    if raw is None or not raw.strip():
        return None
    parts = raw.split(",") if len(raw) <= MAX_LENGTH else []
    numbers = [_number(p.strip()) for p in parts]
    if len(numbers) not in (2, 3) or any(n is None for n in numbers):
        raise _bad_geo()
    lat, lon = float(numbers[0]), float(numbers[1])  # type: ignore[arg-type]
    accuracy = numbers[2] if len(numbers) == 3 else None
    if (
        abs(lat) > 90
        or abs(lon) > 180
        or (accuracy is not None and not 0 <= accuracy <= MAX_ACCURACY)
    ):
        raise _bad_geo()
    return lat, lon, accuracy


def parse(time_raw: str | None, geo_raw: str | None) -> DeviceCapture:
    """Validate both headers (422 on a bad value) and return what they said."""
    captured_at = parse_time(time_raw)
    geo = parse_geo(geo_raw)
    if geo is None:
        return DeviceCapture(captured_at)
    return DeviceCapture(captured_at, *geo)
