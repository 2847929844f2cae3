"""Issue 13 §2 (object storage): one factory builds the store from STORAGE_URL, once per app,
and a store the server cannot reach is a clear 503 `storage_unavailable`, never a 500.
"""

from __future__ import annotations

import os
import socket
import threading
from pathlib import Path
from typing import Any

import pytest
from botocore.config import Config
from flask import Flask

from server import create_app, storage
from server.domain_errors import Unavailable
from server.errors import status_of
from server.storage import s3
from tests.conftest import TEST_CONFIG
from tests.factories import image_bytes, sha


def test_the_default_is_files_under_attachment_dir(app: Flask) -> None:
    store = storage.for_app(app)
    assert isinstance(store, storage.LocalStorage)
    assert store.root == Path(app.config["ATTACHMENT_DIR"])
    assert app.config["STORAGE_URL"] == "file://"


def test_an_absolute_file_url_names_the_folder(app: Flask, tmp_path: Path) -> None:
    app.config["STORAGE_URL"] = f"file://{tmp_path / 'elsewhere'}"
    store = storage.for_app(app)
    assert isinstance(store, storage.LocalStorage) and store.root == tmp_path / "elsewhere"


def test_the_store_is_built_once_per_app_even_under_threads(app: Flask, use_s3: str) -> None:
    seen: list[Any] = []
    barrier = threading.Barrier(8)

    def build() -> None:
        barrier.wait()
        seen.append(storage.for_app(app))

    threads = [threading.Thread(target=build) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert len(seen) == 8 and len({id(store) for store in seen}) == 1
    assert isinstance(seen[0], s3.S3Storage) and storage.for_app(app) is seen[0]
    with app.app_context():
        assert storage.for_app() is seen[0]  # the current app's


def test_a_forked_process_builds_its_own_store(
    app: Flask, use_s3: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = storage.for_app(app)
    parent = os.getpid()
    monkeypatch.setattr(os, "getpid", lambda: parent + 1)  # as seen in a forked child
    child = storage.for_app(app)
    assert child is not first and storage.for_app(app) is child
    assert child.client is not first.client  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "settings",
    [
        {"STORAGE_URL": "ftp://host/x"},
        {"STORAGE_URL": "file://relative/path"},
        {"STORAGE_URL": "file:///abs?x=1"},
        {"STORAGE_URL": "s3://"},
        {"STORAGE_URL": "s3://bucket/../up"},
        {"STORAGE_URL": "s3://bucket/p?region=x"},
        {"STORAGE_URL": "s3://bucket", "S3_ADDRESSING_STYLE": "sideways"},
    ],
)
def test_a_bad_storage_url_stops_the_app_at_start(settings: dict[str, str]) -> None:
    with pytest.raises(ValueError, match="STORAGE_URL|S3_ADDRESSING_STYLE"):
        create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": "sqlite://", **settings})


def test_s3_settings_reach_the_client(s3_endpoint: str) -> None:
    store: Any = storage.from_config(
        {
            "STORAGE_URL": "s3://photos/",
            "S3_ENDPOINT_URL": s3_endpoint,
            "S3_REGION": "eu-west-3",
            "S3_ADDRESSING_STYLE": "virtual",
        }
    )
    assert (store.bucket, store.prefix) == ("photos", "")
    assert store.client.meta.endpoint_url == s3_endpoint
    assert store.client.meta.region_name == "eu-west-3"
    assert store.client.meta.config.s3["addressing_style"] == "virtual"


def test_the_endpoint_may_come_from_the_environment(
    s3_endpoint: str, s3_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("S3_ENDPOINT_URL", s3_endpoint)
    store: Any = storage.from_config({"STORAGE_URL": s3_url, "S3_ENDPOINT_URL": ""})
    assert store.client.meta.endpoint_url == s3_endpoint
    store.put("ab/cd/x.jpg", b"x")
    assert store.get("ab/cd/x.jpg") == b"x"


def test_no_checksum_trailers_for_services_that_refuse_them(s3_endpoint: str, s3_url: str) -> None:
    """botocore >= 1.36 adds CRC32 (aws-chunked) by default; OSS and older MinIO refuse it."""
    store: Any = storage.from_config({"STORAGE_URL": s3_url, "S3_ENDPOINT_URL": s3_endpoint})
    sent: list[dict[str, str]] = []

    def keep(request: Any, **_: Any) -> None:
        sent.append(
            {k: v.decode() if isinstance(v, bytes) else v for k, v in request.headers.items()}
        )

    store.client.meta.events.register("before-send.s3.PutObject", keep)
    store.put("reviews/r.pdf", b"%PDF-1.7")
    names = {name.lower() for name in sent[0]}
    assert not {n for n in names if n.startswith("x-amz-checksum")}
    assert "x-amz-sdk-checksum-algorithm" not in names and "x-amz-trailer" not in names
    assert sent[0]["Content-Type"] == "application/pdf"


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_an_unreachable_s3_endpoint_is_unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    once = s3.CLIENT_CONFIG.merge(Config(retries={"max_attempts": 1}, connect_timeout=2))
    monkeypatch.setattr(s3, "CLIENT_CONFIG", once)
    url = f"http://127.0.0.1:{_closed_port()}"
    store = storage.from_config({"STORAGE_URL": "s3://b/p", "S3_ENDPOINT_URL": url})
    for call in (
        lambda: store.put("ab/cd/x.jpg", b"x"),
        lambda: store.get("ab/cd/x.jpg"),
        lambda: store.exists("ab/cd/x.jpg"),
        lambda: store.delete("ab/cd/x.jpg"),
    ):
        with pytest.raises(Unavailable) as err:
            call()
        assert err.value.code == "storage_unavailable" and status_of(err.value) == 503


def test_a_missing_bucket_is_unavailable_not_a_missing_key(s3_endpoint: str) -> None:
    config = {"STORAGE_URL": "s3://no-such-bucket-here/p", "S3_ENDPOINT_URL": s3_endpoint}
    store = storage.from_config(config)
    with pytest.raises(Unavailable):
        store.get("ab/cd/x.jpg")
    with pytest.raises(Unavailable):
        store.put("ab/cd/x.jpg", b"x")


def test_a_broken_folder_is_unavailable(tmp_path: Path) -> None:
    (tmp_path / "file").write_bytes(b"not a folder")
    store = storage.LocalStorage(tmp_path / "file")
    with pytest.raises(Unavailable):
        store.put("ab/cd/x.jpg", b"x")


def test_an_outage_is_a_translated_503(app: Flask, shopper_client: Any, use_s3: str) -> None:
    data = image_bytes()
    url = f"/api/v1/attachments/{sha(data)}"
    headers = {"Content-Type": "image/jpeg", "Accept-Language": "zh-CN"}
    assert shopper_client.put(url, data=data, headers=headers).status_code == 201
    app.config["STORAGE_URL"] = "s3://no-such-bucket-here/p"  # the store goes away
    other = image_bytes(size=(90, 60))
    for resp in (
        shopper_client.get(url, headers=headers),
        shopper_client.get(url + "/thumb", headers=headers),
        shopper_client.put(f"/api/v1/attachments/{sha(other)}", data=other, headers=headers),
    ):
        assert resp.status_code == 503, resp.get_json()
        assert resp.headers["Retry-After"] == "30"  # the PWA's outbox waits, then retries
        assert resp.get_json()["error"] == {
            "code": "storage_unavailable",
            "message": "文件存储暂时不可用，请稍后重试。",
            "details": {},
        }
    app.config["STORAGE_URL"] = use_s3  # back: nothing was half-stored
    assert shopper_client.get(url).status_code == 200
    assert shopper_client.get(f"/api/v1/attachments/{sha(other)}").status_code == 404
