"""SPEC §3 Attachment, §7 evidence checks: PUT /api/v1/attachments/{sha256} with X-Capture-Time /
X-Capture-Geo (canvas-downsized photos).

The headers fill capture time and position only where the image has no EXIF, the
source is recorded ('exif' | 'device'), and bad values are 422 JSON errors, never 500.
"""

from __future__ import annotations

from typing import Any

import pytest
from PIL import Image
from PIL.TiffImagePlugin import IFDRational

from server.extensions import db
from server.models import Attachment
from server.services.attachments import capture_headers
from tests.factories import image_bytes, sha


def put(client: Any, data: bytes, **headers: str) -> Any:
    return client.put(
        f"/api/v1/attachments/{sha(data)}",
        data=data,
        headers={
            "Content-Type": "image/jpeg",
            **{k.replace("_", "-"): v for k, v in headers.items()},
        },
    )


def stored(data: bytes) -> Attachment:
    db.session.expire_all()
    row = db.session.get(Attachment, sha(data))
    assert row is not None
    return row


def exif_photo(time: bool = True, gps: bool = True) -> bytes:
    exif = Image.Exif()
    if time:
        ifd = exif.get_ifd(0x8769)
        ifd[36867] = "2026:05:01 10:15:00"
        ifd[36881] = "+08:00"
    if gps:
        exif.get_ifd(0x8825).update(
            {
                1: "N",
                2: (IFDRational(31), IFDRational(14), IFDRational(6)),
                3: "E",
                4: (IFDRational(121), IFDRational(28), IFDRational(12)),
            }
        )
    return image_bytes("JPEG", (64, 48), exif=exif, color=(time * 100, gps * 100, 7))


def test_device_headers_fill_a_photo_without_exif(app: Any, shopper_client: Any) -> None:
    data = image_bytes("JPEG", (64, 48), color=(1, 2, 3))
    resp = put(
        shopper_client,
        data,
        X_Capture_Time="2026-11-20T14:05:09+08:00",
        X_Capture_Geo="31.2304, 121.4737, 12.5",
    )
    assert resp.status_code == 201, resp.get_json()
    row = stored(data)
    assert row.captured_at.isoformat() == "2026-11-20T06:05:09+00:00"
    assert row.captured_at_source == "device"
    assert (row.gps_lat, row.gps_lon, row.gps_accuracy) == (31.2304, 121.4737, 12.5)
    assert row.gps_source == "device"


def test_exif_wins_over_device_headers(app: Any, shopper_client: Any) -> None:
    data = exif_photo()
    resp = put(
        shopper_client, data, X_Capture_Time="2026-11-20T14:05:09+08:00", X_Capture_Geo="1,2,3"
    )
    assert resp.status_code == 201, resp.get_json()
    row = stored(data)
    assert row.captured_at.isoformat() == "2026-05-01T02:15:00+00:00"
    assert row.captured_at_source == "exif"
    assert row.gps_lat == pytest.approx(31.235) and row.gps_source == "exif"
    assert row.gps_accuracy is None


def test_each_part_falls_back_on_its_own(app: Any, shopper_client: Any) -> None:
    only_gps = exif_photo(time=False, gps=True)
    assert (
        put(
            shopper_client, only_gps, X_Capture_Time="2026-11-20T06:00:00Z", X_Capture_Geo="1,2"
        ).status_code
        == 201
    )
    row = stored(only_gps)
    assert (row.captured_at_source, row.gps_source) == ("device", "exif")
    assert row.captured_at.isoformat() == "2026-11-20T06:00:00+00:00"
    assert row.gps_lat == pytest.approx(31.235)
    only_time = exif_photo(time=True, gps=False)
    assert (
        put(
            shopper_client,
            only_time,
            X_Capture_Time="2026-11-20T06:00:00Z",
            X_Capture_Geo="-33.86,151.21",
        ).status_code
        == 201
    )
    row = stored(only_time)
    assert (row.captured_at_source, row.gps_source) == ("exif", "device")
    assert (row.gps_lat, row.gps_lon, row.gps_accuracy) == (-33.86, 151.21, None)


def test_no_exif_and_no_headers_leaves_everything_empty(app: Any, shopper_client: Any) -> None:
    data = image_bytes("JPEG", (64, 48), color=(9, 9, 9))
    assert put(shopper_client, data).status_code == 201
    row = stored(data)
    assert row.captured_at is None and row.captured_at_source is None
    assert row.gps_lat is None and row.gps_source is None


@pytest.mark.parametrize(
    "header,value,code",
    [
        ("X-Capture-Time", "2026-11-20T14:05:09", "invalid_capture_time"),  # no offset
        ("X-Capture-Time", "yesterday", "invalid_capture_time"),
        ("X-Capture-Time", "1970-01-01T00:00:00Z", "invalid_capture_time"),
        ("X-Capture-Time", "9999-12-31T23:59:59-23:59", "invalid_capture_time"),
        ("X-Capture-Time", "2026-11-20T14:05:09+08:00" + " " * 100, "invalid_capture_time"),
        ("X-Capture-Geo", "31.2", "invalid_capture_geo"),
        ("X-Capture-Geo", "91,0", "invalid_capture_geo"),
        ("X-Capture-Geo", "0,181", "invalid_capture_geo"),
        ("X-Capture-Geo", "0,0,-1", "invalid_capture_geo"),
        ("X-Capture-Geo", "nan,0", "invalid_capture_geo"),
        ("X-Capture-Geo", "0,inf", "invalid_capture_geo"),
        ("X-Capture-Geo", "1,2,3,4", "invalid_capture_geo"),
        ("X-Capture-Geo", "a,b", "invalid_capture_geo"),
        ("X-Capture-Geo", "1e999,0", "invalid_capture_geo"),
    ],
)
def test_bad_header_values_are_422_and_store_nothing(
    app: Any, shopper_client: Any, header: str, value: str, code: str
) -> None:
    data = image_bytes("JPEG", (64, 48), color=(4, 5, 6))
    resp = shopper_client.put(
        f"/api/v1/attachments/{sha(data)}",
        data=data,
        headers={"Content-Type": "image/jpeg", header: value},
    )
    assert resp.status_code == 422, resp.get_data(as_text=True)
    body = resp.get_json()
    assert body["error"]["code"] == code
    assert body["error"]["details"] == {"header": header}
    db.session.expire_all()
    assert db.session.get(Attachment, sha(data)) is None


def test_blank_headers_count_as_absent() -> None:
    assert capture_headers.parse("", "  ") == capture_headers.DeviceCapture()


def test_stored_photo_keeps_its_first_metadata(app: Any, shopper_client: Any) -> None:
    data = image_bytes("JPEG", (64, 48), color=(7, 8, 9))
    assert put(shopper_client, data).status_code == 201
    again = put(shopper_client, data, X_Capture_Time="2026-11-20T06:00:00Z")
    assert again.status_code == 200
    assert stored(data).captured_at is None
