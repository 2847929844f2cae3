"""SPEC §8 attachments, §9 uploads: PUT/GET /api/v1/attachments/{sha256}: hash, type by decoding,
limits, EXIF, access.

The tests that store and serve photos run on both stores (`backend`: files, and S3 on
moto's server; issue 13 §2)."""

from __future__ import annotations

import io
import uuid
import zipfile
from typing import Any

import pytest
from PIL import Image
from PIL.TiffImagePlugin import IFDRational

from server.extensions import db
from server.models import Attachment, Submission, SubmissionAttachment
from tests.conftest import _logged_in
from tests.factories import (
    field_form,
    image_bytes,
    make_assignment,
    make_campaign,
    make_user,
    save_form,
    sha,
)


def put(client: Any, data: bytes, mime: str = "image/jpeg", name: str | None = None) -> Any:
    return client.put(
        f"/api/v1/attachments/{name or sha(data)}", data=data, headers={"Content-Type": mime}
    )


def exif_photo() -> bytes:
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    ifd = exif.get_ifd(0x8769)
    ifd[36867] = "2026:05:01 10:15:00"
    ifd[36881] = "+08:00"
    gps = exif.get_ifd(0x8825)
    gps.update(
        {
            1: "N",
            2: (IFDRational(31), IFDRational(14), IFDRational(6)),
            3: "E",
            4: (IFDRational(121), IFDRational(28), IFDRational(12)),
        }
    )
    return image_bytes("JPEG", (64, 48), exif=exif)


def test_put_is_idempotent_and_stores_a_thumbnail(
    app: Any, backend: str, shopper_client: Any
) -> None:
    data = image_bytes("JPEG", (800, 600))
    first = put(shopper_client, data)
    assert first.status_code == 201, first.get_json()
    assert first.get_json() == {
        "sha256": sha(data),
        "mime_type": "image/jpeg",
        "size": len(data),
        "width": 800,
        "height": 600,
    }
    again = put(shopper_client, data)
    assert again.status_code == 200 and again.get_json() == first.get_json()
    thumb = shopper_client.get(f"/api/v1/attachments/{sha(data)}/thumb")
    assert thumb.status_code == 200 and thumb.mimetype == "image/jpeg"
    assert max(Image.open(io.BytesIO(thumb.data)).size) == 320
    assert db.session.get(Attachment, sha(data)).uploaded_by_id == shopper_client.user.id


@pytest.mark.parametrize("fmt,mime", [("PNG", "image/png"), ("WEBP", "image/webp")])
def test_png_and_webp_are_accepted(
    app: Any, backend: str, shopper_client: Any, fmt: str, mime: str
) -> None:
    data = image_bytes(fmt)
    resp = put(shopper_client, data, mime)
    assert resp.status_code == 201 and resp.get_json()["mime_type"] == mime
    full = shopper_client.get(f"/api/v1/attachments/{sha(data)}")
    assert full.mimetype == mime and Image.open(io.BytesIO(full.data)).format == fmt


def test_hash_mismatch(app: Any, shopper_client: Any) -> None:
    data = image_bytes()
    resp = put(shopper_client, data, name="0" * 64)
    assert resp.status_code == 422 and resp.get_json()["error"]["code"] == "hash_mismatch"
    assert db.session.get(Attachment, "0" * 64) is None


def test_content_type_outside_images_is_415(app: Any, shopper_client: Any) -> None:
    data = image_bytes()
    resp = put(shopper_client, data, "text/html")
    assert resp.status_code == 415
    assert resp.get_json()["error"]["code"] == "unsupported_media_type"


@pytest.mark.parametrize(
    "payload",
    [
        b"<html><script>alert(1)</script></html>",
        b"%PDF-1.4 not an image",
    ],
)
def test_type_is_checked_by_decoding_not_by_header(
    app: Any, shopper_client: Any, payload: bytes
) -> None:
    resp = put(shopper_client, payload, "image/jpeg")
    assert resp.status_code == 415


def test_gif_is_refused_even_when_called_png(app: Any, shopper_client: Any) -> None:
    data = image_bytes("GIF")
    resp = put(shopper_client, data, "image/png")
    assert resp.status_code == 415


def test_truncated_image_is_refused(app: Any, shopper_client: Any) -> None:
    data = image_bytes("JPEG", (400, 300))[:-400]
    resp = put(shopper_client, data)
    assert resp.status_code == 422 and resp.get_json()["error"]["code"] == "invalid_image"


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_polyglot_with_appended_archive_is_refused(app: Any, shopper_client: Any, fmt: str) -> None:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("evil.html", "<script>alert(1)</script>")
    data = image_bytes(fmt) + archive.getvalue()
    mime = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}[fmt]
    resp = put(shopper_client, data, mime)
    assert resp.status_code == 422 and resp.get_json()["error"]["code"] == "invalid_image"


def test_byte_limit(app: Any, shopper_client: Any) -> None:
    app.config["UPLOAD_MAX_BYTES"] = 1000
    data = image_bytes("PNG", (300, 300), color=(1, 2, 3))
    noisy = Image.effect_noise((200, 200), 64).convert("RGB")
    out = io.BytesIO()
    noisy.save(out, "PNG")
    resp = put(shopper_client, out.getvalue(), "image/png")
    assert resp.status_code == 413 and resp.get_json()["error"]["code"] == "too_large"
    assert put(shopper_client, data, "image/png").status_code == 201  # small enough


def test_pixel_limit(app: Any, shopper_client: Any) -> None:
    app.config["UPLOAD_MAX_PIXELS"] = 100_000
    data = image_bytes("PNG", (1000, 1000))
    resp = put(shopper_client, data, "image/png")
    assert resp.status_code == 413 and resp.get_json()["error"]["code"] == "too_large"


def test_decompression_bomb_is_413_not_500(app: Any, shopper_client: Any) -> None:
    bomb = Image.new("1", (20_000, 20_000))  # 400 Mpx, a few dozen KB as PNG
    out = io.BytesIO()
    bomb.save(out, "PNG")
    data = out.getvalue()
    assert len(data) < 1_000_000
    app.config["UPLOAD_MAX_PIXELS"] = 10**10  # let Pillow's own bomb guard fire
    resp = put(shopper_client, data, "image/png")
    assert resp.status_code == 413


def test_exif_time_and_gps_extracted_then_stripped(
    app: Any, backend: str, shopper_client: Any
) -> None:
    data = exif_photo()
    resp = put(shopper_client, data)
    assert resp.status_code == 201
    assert (resp.get_json()["width"], resp.get_json()["height"]) == (48, 64)  # orientation
    row = db.session.get(Attachment, sha(data))
    assert row.captured_at.isoformat() == "2026-05-01T02:15:00+00:00"
    assert row.gps_lat == pytest.approx(31.235) and row.gps_lon == pytest.approx(121.47)
    stored = shopper_client.get(f"/api/v1/attachments/{sha(data)}").data
    image = Image.open(io.BytesIO(stored))
    assert image.size == (48, 64)
    assert dict(image.getexif()) == {} and b"Exif" not in stored
    assert "xmp" not in image.info


def test_put_needs_login(app: Any, client: Any) -> None:
    data = image_bytes()
    resp = client.put(
        f"/api/v1/attachments/{sha(data)}", data=data, headers={"Content-Type": "image/jpeg"}
    )
    assert resp.status_code == 401


@pytest.mark.parametrize("name", ["nothex", "A" * 64 + "'--", "%00" * 10])
def test_bad_names_are_404(app: Any, shopper_client: Any, name: str) -> None:
    assert shopper_client.get(f"/api/v1/attachments/{name}").status_code == 404


def test_get_access_matrix(app: Any, backend: str, shopper_client: Any, hr_client: Any) -> None:
    data = image_bytes()
    assert put(shopper_client, data).status_code == 201
    url = f"/api/v1/attachments/{sha(data)}"
    assert shopper_client.get(url).status_code == 200  # uploader
    assert hr_client.get(url).status_code == 200
    stranger = _logged_in(app, "shopper")
    assert stranger.get(url).status_code == 404
    assert stranger.get(url + "/thumb").status_code == 404
    assert stranger.get("/api/v1/attachments/" + "f" * 64).status_code == 404
    # A submission of the stranger's that references the photo (stored behind sync's back).
    version = save_form(field_form())
    campaign = make_campaign("mixed", form=version)
    assignment = make_assignment(campaign, stranger.user, version)
    submission = Submission(
        id=str(uuid.uuid4()),
        assignment_id=assignment.id,
        campaign_id=campaign.id,
        form_version_id=version.id,
        relationship="mystery_shopper",
        rater_id=stranger.user.id,
        answers={},
        na=[],
        content_sha256="x" * 64,
    )
    db.session.add(submission)
    db.session.flush()
    db.session.add(
        SubmissionAttachment(
            submission_id=submission.id, question_id="receipt", attachment_sha256=sha(data)
        )
    )
    db.session.commit()
    # Referencing the hash is not holding the photo: the stranger never sent its bytes.
    assert stranger.get(url).status_code == 404
    # Uploading the same bytes proves possession; from then on the photo is theirs to see.
    assert put(stranger, data).status_code == 200
    assert stranger.get(url).status_code == 200


def test_released_mystery_shop_subject_sees_the_photos(
    app: Any, backend: str, shopper_client: Any
) -> None:
    data = image_bytes()
    put(shopper_client, data)
    employee = _logged_in(app, "employee")
    colleague = _logged_in(app, "employee")
    manager = make_user()
    employee.user.manager_id = manager.id
    version = save_form(field_form())
    campaign = make_campaign("mixed", form=version, status="closed")
    submission = Submission(
        id=str(uuid.uuid4()),
        campaign_id=campaign.id,
        form_version_id=version.id,
        relationship="mystery_shopper",
        rater_id=shopper_client.user.id,
        subject_id=employee.user.id,
        answers={},
        na=[],
        content_sha256="x" * 64,
        status="approved",
    )
    db.session.add(submission)
    db.session.flush()
    db.session.add(
        SubmissionAttachment(
            submission_id=submission.id, question_id="receipt", attachment_sha256=sha(data)
        )
    )
    db.session.commit()
    url = f"/api/v1/attachments/{sha(data)}"
    assert employee.get(url).status_code == 404  # not released yet
    campaign.status = "released"
    db.session.commit()
    assert employee.get(url).status_code == 200
    assert colleague.get(url).status_code == 404
