"""SPEC §3 Attachment storage: Storage backend and the attachment service without HTTP (races,
idempotency, keys)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from server import storage
from server.domain_errors import DomainError
from server.errors import status_of
from server.extensions import db
from server.models import Attachment
from server.services.attachments import attachments, image_checks
from tests.factories import image_bytes, make_user, sha

LIMITS = attachments.Limits(10 * 1024 * 1024, 40_000_000)


def test_local_storage_round_trip_and_key_check(tmp_path: Path) -> None:
    store = storage.LocalStorage(tmp_path)
    store.put("ab/cd/abcd.jpg", b"one")
    store.put("ab/cd/abcd.jpg", b"two")  # atomic replace
    assert store.get("ab/cd/abcd.jpg") == b"two" and store.exists("ab/cd/abcd.jpg")
    assert not store.exists("ab/cd/other.jpg")
    assert [p.name for p in (tmp_path / "ab" / "cd").iterdir()] == ["abcd.jpg"]  # no temp left
    for bad in ("../etc/passwd", "ab/cd/../../x", "/abs/olute/x", "AB/cd/x"):
        with pytest.raises(ValueError):
            store.get(bad)


def test_store_upload_is_idempotent(app: Flask, tmp_path: Path) -> None:
    user = make_user(role="shopper")
    store = storage.LocalStorage(tmp_path)
    data = image_bytes()
    row, created = attachments.store_upload(
        db.session, store, sha(data).upper(), data, user, LIMITS
    )
    assert created and row.sha256 == sha(data)
    again, created_again = attachments.store_upload(
        db.session, store, sha(data), data, user, LIMITS
    )
    assert not created_again and again is row
    assert store.exists(row.storage_key) and store.exists(row.thumb_key or "")


def test_concurrent_puts_of_the_same_photo(app: Flask, backend: str) -> None:
    user = make_user(role="shopper")
    data = image_bytes("PNG", (300, 200))
    user_id = user.id
    db.session.close()
    codes: list[int] = []
    errors: list[Any] = []

    def worker() -> None:
        with app.app_context():
            from tests.factories import ApiClient

            client = ApiClient(app.test_client())
            client.login(db.session.get(type(user), user_id).email)
            resp = client.put(
                f"/api/v1/attachments/{sha(data)}", data=data, headers={"Content-Type": "image/png"}
            )
            codes.append(resp.status_code)
            if resp.status_code >= 300:
                errors.append(resp.get_json())
            db.session.remove()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors and sorted(codes) == [200] * 7 + [201]
    assert db.session.scalar(select(func.count()).select_from(Attachment)) == 1


def test_image_end_finders_refuse_broken_framing() -> None:
    jpeg = image_bytes("JPEG")
    assert image_checks.jpeg_end(jpeg) == len(jpeg)
    assert image_checks.jpeg_end(jpeg[:-2]) is None
    assert image_checks.jpeg_end(b"GIF89a") is None
    png = image_bytes("PNG")
    assert image_checks.png_end(png) == len(png)
    assert image_checks.png_end(png[:-5]) is None
    webp = image_bytes("WEBP")
    assert image_checks.webp_end(webp) == len(webp)
    assert image_checks.webp_end(webp[:-3]) is None


def test_sha_names_are_checked(app: Flask) -> None:
    for bad in ("", "g" * 64, "a" * 63, "a" * 65):
        with pytest.raises(DomainError) as err:
            attachments.check_sha(bad)
        assert status_of(err.value) == 404
