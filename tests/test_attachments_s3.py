"""Issue 13 §2 (object storage): photos uploaded through the API live in the store STORAGE_URL
names (`flask demo` included), are served from it, and a review PDF embeds them from it
(reports.review_photos) — on the file store and on S3 (moto's server) alike.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from flask import Flask
from PIL import Image
from pypdf import PdfReader

from server import storage
from server.extensions import db
from server.models import Attachment
from server.reports import render
from server.reports.i18n import translator
from server.services.reviews import reports
from tests.factories import image_bytes, sha
from tests.fixtures_reports import sample_review
from tests.services.s3 import PREFIX, s3_client


def _upload(client: Any, data: bytes) -> Attachment:
    resp = client.put(
        f"/api/v1/attachments/{sha(data)}", data=data, headers={"Content-Type": "image/jpeg"}
    )
    assert resp.status_code == 201, resp.get_json()
    return db.session.get(Attachment, sha(data))  # type: ignore[return-value]


def test_s3_holds_the_photo_and_its_thumbnail(
    app: Flask, use_s3: str, s3_endpoint: str, s3_bucket: str, shopper_client: Any
) -> None:
    row = _upload(shopper_client, image_bytes("JPEG", (800, 600)))
    listing = s3_client(s3_endpoint).list_objects_v2(Bucket=s3_bucket)
    keys = sorted(item["Key"] for item in listing["Contents"])
    assert keys == sorted(f"{PREFIX}/{k}" for k in (row.storage_key, row.thumb_key))
    assert not Path(app.config["ATTACHMENT_DIR"]).exists()  # nothing on the local disk
    for key, path in ((row.storage_key, ""), (row.thumb_key, "/thumb")):
        obj = s3_client(s3_endpoint).get_object(Bucket=s3_bucket, Key=f"{PREFIX}/{key}")
        assert obj["ContentType"] == "image/jpeg"
        served = shopper_client.get(f"/api/v1/attachments/{row.sha256}{path}")
        assert served.status_code == 200 and served.data == obj["Body"].read()


def test_a_stored_object_gone_missing_is_a_404(
    app: Flask, backend: str, shopper_client: Any
) -> None:
    row = _upload(shopper_client, image_bytes())
    storage.for_app(app).delete(row.thumb_key or "")
    resp = shopper_client.get(f"/api/v1/attachments/{row.sha256}/thumb")
    assert resp.status_code == 404 and resp.get_json()["error"]["code"] == "not_found"
    assert shopper_client.get(f"/api/v1/attachments/{row.sha256}").status_code == 200


def test_a_review_pdf_embeds_the_stored_thumbnail(
    app: Flask, use_s3: str, shopper_client: Any
) -> None:
    """On S3 (the file store's path is the reports API's own tests)."""
    row = _upload(shopper_client, image_bytes("JPEG", (800, 600)))
    review = sample_review("en")
    photos = review["mystery_shop"]["visits"][0]["photos"]
    photos[0]["sha256"] = row.sha256  # the other ("b" * 64) was never uploaded
    loaded = reports.review_photos(db.session, review, storage.for_app(app))
    thumb = shopper_client.get(f"/api/v1/attachments/{row.sha256}/thumb").data
    assert loaded == {row.sha256: thumb, "b" * 64: None}
    pdf = render.render_review_pdf(review, draft=True, photo_loader=loaded.get)
    pages = PdfReader(io.BytesIO(pdf)).pages
    images = {img.data: img.image.size for page in pages for img in page.images if img.image}
    assert list(images.values()) == [Image.open(io.BytesIO(thumb)).size] == [(320, 240)]
    text = "".join(page.extract_text() or "" for page in pages)
    assert translator("en")("photo_missing") in text


def test_flask_demo_stores_its_photos_in_s3(app: Flask, use_s3: str, runner: Any) -> None:
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    rows = db.session.scalars(db.select(Attachment)).all()
    store = storage.for_app(app)
    assert rows and all(store.exists(r.storage_key) and store.exists(r.thumb_key) for r in rows)
    assert not Path(app.config["ATTACHMENT_DIR"]).exists()
