"""Capture time and position of a photo (SPEC §3, §9): EXIF first, the device's
X-Capture-* headers (server.services.attachments.capture_headers) only where EXIF is silent.

A capture time without an EXIF offset is taken as UTC; a broken EXIF block reads as none
(the photo is still accepted).
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from PIL import Image

from server.services.attachments.capture_headers import DeviceCapture


def _exif_time(exif: Image.Exif) -> datetime | None:
    ifd = exif.get_ifd(0x8769)
    raw = ifd.get(36867) or exif.get(306)
    if not isinstance(raw, str):
        return None
    try:
        value = datetime.strptime(raw.strip("\x00 ").strip(), "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    offset = ifd.get(36881)
    tz: timezone = UTC
    if isinstance(offset, str) and len(offset) >= 6 and offset[0] in "+-":
        try:
            hours, minutes = int(offset[1:3]), int(offset[4:6])
            sign = 1 if offset[0] == "+" else -1
            tz = timezone(sign * timedelta(hours=hours, minutes=minutes))
        except ValueError:
            tz = UTC
    return value.replace(tzinfo=tz).astimezone(UTC)


def _degrees(parts: Any, ref: Any, negative: str) -> float | None:
    try:
        d, m, s = (float(p) for p in parts)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    value = d + m / 60 + s / 3600
    if not math.isfinite(value):
        return None
    return -value if isinstance(ref, str) and ref.upper().startswith(negative) else value


def _exif_gps(exif: Image.Exif) -> tuple[float | None, float | None]:
    gps = exif.get_ifd(0x8825)
    lat = _degrees(gps.get(2), gps.get(1), "S")
    lon = _degrees(gps.get(4), gps.get(3), "W")
    if lat is None or lon is None or abs(lat) > 90 or abs(lon) > 180:
        return None, None
    return lat, lon


def metadata(image: Image.Image) -> tuple[datetime | None, float | None, float | None]:
    try:
        exif = image.getexif()
        return (_exif_time(exif), *_exif_gps(exif))
    except Exception:  # noqa: BLE001 - a broken EXIF block must not refuse the photo
        return None, None, None


def capture_columns(image: Image.Image, device: DeviceCapture | None) -> dict[str, Any]:
    """Capture time and position: EXIF first, the device's headers only where EXIF is silent."""
    device = device or DeviceCapture()
    captured_at, lat, lon = metadata(image)
    cols: dict[str, Any] = {
        "captured_at": captured_at,
        "captured_at_source": "exif",
        "gps_lat": lat,
        "gps_lon": lon,
        "gps_accuracy": None,
        "gps_source": "exif",
    }
    if captured_at is None:
        cols["captured_at"] = device.captured_at
        cols["captured_at_source"] = "device" if device.captured_at else None
    if lat is None or lon is None:
        found = device.lat is not None and device.lon is not None
        cols.update(
            gps_lat=device.lat,
            gps_lon=device.lon,
            gps_accuracy=device.accuracy,
            gps_source="device" if found else None,
        )
    return cols
