"""Issue 13 §2 (object storage): one contract, two backends.

Files (`file://`, `file:///abs/path`) and S3 (`s3://bucket/prefix` on moto's server) answer
put/get/exists/delete alike: an overwrite replaces, a missing key is FileNotFoundError, a
delete of nothing is nothing, and a key outside the one rule (traversal, absolute, NUL,
newline, upper case, non-ASCII, too long: generated) is refused before anything is touched.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from server import storage
from server.storage import KEY_RE
from tests.services.s3 import PREFIX, s3_client

#: Valid keys, as the rule generates them.
KEYS = st.from_regex(KEY_RE, fullmatch=True)
BAD_PARTS = ["..", "../", "/", "//", "\x00", "\n", "\r", "\\", " ", "A", "é", "\u202e", "%2e"]


def _refused(key: str) -> bool:
    return KEY_RE.fullmatch(key) is None


def _spliced(key: str, at: int, bad: str) -> str:
    at = min(at, len(key))
    return key[:at] + bad + key[at:]


#: Keys no backend may accept: arbitrary text, valid keys with one hostile piece spliced
#: in, traversal and absolute forms, a trailing newline, segments or depths too long.
HOSTILE = st.one_of(
    st.text(max_size=60),
    st.builds(_spliced, KEYS, st.integers(0, 300), st.sampled_from(BAD_PARTS)),
    KEYS.map(lambda k: "/" + k),
    KEYS.map(lambda k: "../" + k),
    KEYS.map(lambda k: k + "\n"),
    KEYS.map(lambda k: k + "/.."),
    KEYS.map(lambda k: k.split("/", 1)[0] + "/" + "a" * 101),
    KEYS.map(lambda k: k + "/a/b/c"),
    st.just("x" * 10_000),
).filter(_refused)

CHECKS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture(params=["file", "s3"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Any:
    """The store STORAGE_URL names, built by the factory."""
    if request.param == "file":
        return storage.from_config({"STORAGE_URL": f"file://{tmp_path / 'blobs'}"})
    endpoint = request.getfixturevalue("s3_endpoint")
    url = request.getfixturevalue("s3_url")
    return storage.from_config({"STORAGE_URL": url, "S3_ENDPOINT_URL": endpoint})


def _everything(store: Any, tmp_path: Path) -> list[str]:
    """Every name the backend holds, looked at behind its back."""
    if isinstance(store, storage.LocalStorage):
        root = tmp_path / "blobs"
        return sorted(str(p.relative_to(root)) for p in root.rglob("*")) if root.exists() else []
    listing = s3_client(store.client.meta.endpoint_url).list_objects_v2(Bucket=store.bucket)
    return sorted(item["Key"] for item in listing.get("Contents", []))


def test_round_trip_overwrite_and_delete(store: Any) -> None:
    key = "ab/cd/abcd.jpg"
    assert not store.exists(key)
    store.put(key, b"one")
    store.put(key, b"two")  # replaces
    assert store.get(key) == b"two" and store.exists(key)
    assert not store.exists("ab/cd/other.jpg")
    store.put("reviews/r1.pdf", b"")
    assert store.get("reviews/r1.pdf") == b"" and store.exists("reviews/r1.pdf")
    store.delete(key)
    assert not store.exists(key)
    store.delete(key)  # deleting nothing is nothing
    with pytest.raises(FileNotFoundError):
        store.get(key)


def test_missing_keys_and_prefixes_are_not_found(store: Any) -> None:
    store.put("ab/cd/abcd.jpg", b"x")
    for key in ("zz/zz/none.jpg", "ab/cd/abcd.png", "ab/cd/abcd.jpg.gz"):
        with pytest.raises(FileNotFoundError):
            store.get(key)
        assert not store.exists(key)


@CHECKS
@given(key=KEYS, data=st.binary(max_size=2048))
def test_any_valid_key_round_trips(store: Any, key: str, data: bytes) -> None:
    store.put(key, data)
    assert store.get(key) == data and store.exists(key)
    store.delete(key)
    assert not store.exists(key)


@CHECKS
@given(key=HOSTILE)
def test_hostile_keys_are_refused_before_anything_is_touched(
    store: Any, tmp_path: Path, key: str
) -> None:
    for call in (lambda: store.put(key, b"x"), lambda: store.get(key)):
        with pytest.raises(ValueError):
            call()
    with pytest.raises(ValueError):
        store.exists(key)
    with pytest.raises(ValueError):
        store.delete(key)
    assert _everything(store, tmp_path) == []


@settings(max_examples=100, deadline=None)
@given(key=KEYS)
def test_an_accepted_key_stays_inside_the_root(key: str) -> None:
    root = Path("/srv/blobs")
    assert not key.startswith("/") and ".." not in key.split("/")
    assert (root / key).resolve().is_relative_to(root)


@settings(max_examples=100, deadline=None)
@given(first=KEYS, second=KEYS)
def test_no_key_is_the_folder_of_another(first: str, second: str) -> None:
    assert not second.startswith(first + "/")


def test_s3_objects_carry_their_media_type_under_the_prefix(s3_endpoint: str, s3_url: str) -> None:
    store: Any = storage.from_config({"STORAGE_URL": s3_url, "S3_ENDPOINT_URL": s3_endpoint})
    expected = {
        "ab/cd/abcd.jpg": "image/jpeg",
        "ab/cd/abcd.thumb.jpg": "image/jpeg",
        "ab/cd/abcd.webp": "image/webp",
        "reviews/r1.pdf": "application/pdf",
        "zips/j1.zip": "application/zip",
        "exports/e1.bin": "application/octet-stream",
    }
    client = s3_client(s3_endpoint)
    for key, media_type in expected.items():
        store.put(key, b"x")
        head = client.head_object(Bucket=store.bucket, Key=f"{PREFIX}/{key}")
        assert head["ContentType"] == media_type
