"""The S3 test endpoint (issue 13 §2): moto's standalone server, in this process, on a free
port, so the S3 backend runs on every test run with no external service.

- `s3_endpoint` (session): the server's URL; fake AWS credentials are in the environment
  for the session (boto3 reads them as it would real ones).
- `s3_url`: `s3://<fresh bucket>/<prefix>`, a bucket made for the one test.
- `use_s3`: points the test's `app` at that bucket (STORAGE_URL, S3_ENDPOINT_URL).
- `backend`: parametrises a test over "file" (the default, files under ATTACHMENT_DIR) and
  "s3" (`use_s3`); request it next to `app` to run an API test against both stores.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from flask import Flask
from moto.server import ThreadedMotoServer

CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
}
#: Variables that could point boto3 elsewhere than the test server.
CLEARED = ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3")
PREFIX = "site-a"


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """moto's S3 server on 127.0.0.1, a free port, for the whole session."""
    with pytest.MonkeyPatch.context() as patch:
        for name, value in CREDENTIALS.items():
            patch.setenv(name, value)
        for name in CLEARED:
            patch.delenv(name, raising=False)
        server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        server.start()
        host, port = server.get_host_and_port()
        try:
            yield f"http://{host}:{port}"
        finally:
            server.stop()


def s3_client(endpoint: str) -> Any:
    """A plain boto3 client on the test server (to look behind the store's back)."""
    return boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")


@pytest.fixture
def s3_bucket(s3_endpoint: str) -> str:
    """A new, empty bucket for this test."""
    bucket = f"test-{uuid.uuid4().hex[:16]}"
    s3_client(s3_endpoint).create_bucket(Bucket=bucket)
    return bucket


@pytest.fixture
def s3_url(s3_bucket: str) -> str:
    """STORAGE_URL of this test's bucket, with a key prefix."""
    return f"s3://{s3_bucket}/{PREFIX}"


@pytest.fixture
def use_s3(app: Flask, s3_endpoint: str, s3_url: str) -> str:
    """Point the test's app at this test's bucket; return its STORAGE_URL."""
    app.config.update(STORAGE_URL=s3_url, S3_ENDPOINT_URL=s3_endpoint)
    return s3_url


@pytest.fixture(params=["file", "s3"])
def backend(request: pytest.FixtureRequest) -> str:
    """Run the test once on the file store and once on S3 (moto)."""
    if request.param == "s3":
        request.getfixturevalue("use_s3")
    return str(request.param)
