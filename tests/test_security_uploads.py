"""SPEC §9 uploads: Hostile uploads: polyglots, decompression bombs, oversized bodies, lying content
types."""

from __future__ import annotations

import hashlib
import io
import struct
import zlib

import pytest
from PIL import Image

from tests.test_security_headers import assert_security_headers


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _image(fmt: str = "JPEG", size: tuple[int, int] = (40, 30), **save: object) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(out, fmt, **save)
    return out.getvalue()


def _put(api, data: bytes, content_type: str = "image/jpeg", sha: str | None = None):
    return api.put(
        f"/api/v1/attachments/{sha or _sha(data)}",
        data=data,
        headers={"Content-Type": content_type},
    )


def _error(resp, status: int, *codes: str) -> None:
    assert resp.status_code == status, (resp.status_code, resp.get_data(as_text=True)[:300])
    body = resp.get_json()
    assert body["error"]["code"] in codes, body
    assert_security_headers(resp, api=True)


def _noise_png(side: int) -> bytes:
    """A PNG that does not compress (random pixels), so its size is about 3 * side**2."""
    import os

    out = io.BytesIO()
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(out, "PNG")
    return out.getvalue()


def _png_chunk(kind: bytes, payload: bytes) -> bytes:
    return (
        struct.pack(">I", len(payload))
        + kind
        + payload
        + struct.pack(">I", zlib.crc32(kind + payload) & 0xFFFFFFFF)
    )


def _png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header claims a huge canvas while the file stays tiny (a bomb)."""
    header = _png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
    rows = zlib.compress(b"\x00" * 64, 9)
    return b"\x89PNG\r\n\x1a\n" + header + _png_chunk(b"IDAT", rows) + _png_chunk(b"IEND", b"")


# --- polyglots ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fmt,mime", [("JPEG", "image/jpeg"), ("PNG", "image/png"), ("WEBP", "image/webp")]
)
@pytest.mark.parametrize(
    "tail",
    [
        b"<html><script>alert(document.cookie)</script></html>",
        b"PK\x03\x04" + b"\x00" * 26 + b"evil.js",  # image + ZIP (GIFAR-style)
        b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF",
    ],
)
def test_image_with_appended_payload_is_refused(shopper_client, fmt, mime, tail):
    data = _image(fmt) + tail
    _error(_put(shopper_client, data, mime), 422, "invalid_image")


def test_html_disguised_as_jpeg_is_refused(shopper_client):
    data = b"<!doctype html><script>fetch('/api/v1/me')</script>"
    _error(_put(shopper_client, data, "image/jpeg"), 415, "unsupported_media_type")


def test_svg_with_script_is_refused(shopper_client):
    data = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    _error(_put(shopper_client, data, "image/png"), 415, "unsupported_media_type")


def test_gif_and_bmp_are_refused_even_with_an_image_content_type(shopper_client):
    for fmt in ("GIF", "BMP", "TIFF"):
        _error(_put(shopper_client, _image(fmt), "image/jpeg"), 415, "unsupported_media_type")


def test_truncated_image_is_refused(shopper_client):
    data = _image("JPEG", (200, 200))[:300]
    _error(_put(shopper_client, data), 422, "invalid_image")


# --- decompression bombs and size limits -------------------------------------------------------


def test_decompression_bomb_header_is_refused_before_decoding(shopper_client):
    bomb = _png_claiming(100_000, 100_000)  # 10 gigapixels in a few hundred bytes
    assert len(bomb) < 500
    _error(_put(shopper_client, bomb, "image/png"), 413, "too_large")


def test_pixel_limit_is_configurable(app, shopper_client):
    app.config["UPLOAD_MAX_PIXELS"] = 100 * 100
    _error(_put(shopper_client, _image("PNG", (101, 100)), "image/png"), 413, "too_large")
    assert _put(shopper_client, _image("PNG", (100, 100)), "image/png").status_code == 201


def test_upload_over_the_byte_limit_is_413(app, shopper_client):
    app.config["UPLOAD_MAX_BYTES"] = 2_000
    big = _noise_png(40)
    assert len(big) > 2_000
    _error(_put(shopper_client, big, "image/png"), 413, "too_large")


def test_body_over_max_content_length_is_json_413(app, shopper_client):
    app.config["MAX_CONTENT_LENGTH"] = 10_000
    data = b"\xff\xd8" + b"\x00" * 20_000
    _error(_put(shopper_client, data), 413, "too_large")


def test_oversized_sync_body_is_json_413(app, shopper_client):
    app.config["MAX_CONTENT_LENGTH"] = 10_000
    resp = shopper_client.post("/api/v1/sync", json={"submissions": [{"x": "y" * 20_000}]})
    _error(resp, 413, "too_large")


def test_chunked_body_without_length_still_limited(app, shopper_client):
    app.config["UPLOAD_MAX_BYTES"] = 2_000
    app.config["MAX_CONTENT_LENGTH"] = 4_000
    big = _noise_png(60)
    assert len(big) > 4_000
    resp = shopper_client.put(
        f"/api/v1/attachments/{_sha(big)}",
        input_stream=io.BytesIO(big),
        headers={"Content-Type": "image/png", "Transfer-Encoding": "chunked"},
        environ_overrides={"wsgi.input_terminated": True},
    )
    _error(resp, 413, "too_large")


# --- content types and names --------------------------------------------------------------------


@pytest.mark.parametrize(
    "content_type",
    [
        "text/html",
        "application/octet-stream",
        "image/gif",
        "image/svg+xml",
        "multipart/form-data; boundary=x",
        "",
    ],
)
def test_wrong_content_type_is_415(shopper_client, content_type):
    _error(_put(shopper_client, _image(), content_type), 415, "unsupported_media_type")


def test_type_is_taken_from_content_not_header(shopper_client):
    jpeg = _image("JPEG")
    resp = _put(shopper_client, jpeg, "image/png")
    assert resp.status_code in (201, 415), resp.get_json()
    if resp.status_code == 201:
        assert resp.get_json()["mime_type"] == "image/jpeg"
        served = shopper_client.get(f"/api/v1/attachments/{_sha(jpeg)}")
        assert served.mimetype == "image/jpeg"
        assert served.headers["X-Content-Type-Options"] == "nosniff"


def test_hash_mismatch_is_422(shopper_client):
    data = _image()
    _error(_put(shopper_client, data, sha="0" * 64), 422, "hash_mismatch")


@pytest.mark.parametrize("name", ["..%2F..%2Fetc%2Fpasswd", "ABC", "g" * 64, "0" * 63])
def test_malformed_hash_names_never_touch_the_disk(shopper_client, name):
    resp = shopper_client.put(
        f"/api/v1/attachments/{name}", data=_image(), headers={"Content-Type": "image/jpeg"}
    )
    assert resp.status_code in (404, 422)
    assert shopper_client.get(f"/api/v1/attachments/{name}").status_code == 404


def test_anonymous_upload_is_401(client):
    data = _image()
    resp = client.put(
        f"/api/v1/attachments/{_sha(data)}", data=data, headers={"Content-Type": "image/jpeg"}
    )
    _error(resp, 401, "unauthenticated")


def test_upload_without_csrf_token_is_403(shopper_client):
    data = _image()
    resp = shopper_client.client.put(
        f"/api/v1/attachments/{_sha(data)}", data=data, headers={"Content-Type": "image/jpeg"}
    )
    _error(resp, 403, "csrf_failed")


# --- metadata stripping -------------------------------------------------------------------------


def test_gps_is_removed_from_the_stored_copy(app, shopper_client):
    exif = Image.Exif()
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (31.0, 14.0, 0.0), 3: "E", 4: (121.0, 28.0, 0.0)})
    exif[0x8825] = gps
    exif[0x010F] = "SecretCam"  # Make
    data = _image("JPEG", exif=exif.tobytes())
    assert b"SecretCam" in data
    assert _put(shopper_client, data).status_code == 201
    served = shopper_client.get(f"/api/v1/attachments/{_sha(data)}")
    assert served.status_code == 200
    stored = served.data
    assert b"SecretCam" not in stored
    with Image.open(io.BytesIO(stored)) as img:
        assert not img.getexif().get_ifd(0x8825)
    from server.extensions import db
    from server.models import Attachment

    row = db.session.get(Attachment, _sha(data))
    assert row is not None and row.gps_lat == pytest.approx(31 + 14 / 60)
