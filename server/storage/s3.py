"""The S3 backend of server.storage: any S3-compatible service (AWS S3, Alibaba Cloud OSS,
MinIO) through boto3.

`STORAGE_URL=s3://bucket/optional/prefix` names the bucket and a key prefix. The rest:

- S3_ENDPOINT_URL: the service's address (config, else the environment variable of that
  name; empty: AWS S3 itself, or botocore's own AWS_ENDPOINT_URL_S3);
- S3_REGION: the region (empty: boto3's AWS_REGION / AWS_DEFAULT_REGION / profile);
- S3_ADDRESSING_STYLE: empty (botocore decides: path style with an endpoint URL, which MinIO
  wants), `virtual` (bucket in the host name: Alibaba Cloud OSS requires it) or `path`;
- credentials: boto3's usual chain (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY /
  AWS_SESSION_TOKEN, AWS_PROFILE, an instance or task role); never in the config file.

Checksums are sent only where an operation requires them: since botocore 1.36 the default
adds CRC32 trailers (aws-chunked bodies) that several S3-compatible services refuse. A
missing key is FileNotFoundError (from `get`); any other failure (unreachable endpoint,
refused credentials, a missing bucket, a 5xx) is logged and raised as
`domain_errors.Unavailable`.
"""

from __future__ import annotations

import os
import re
from typing import Any
from urllib.parse import SplitResult

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from server.storage.keys import check_key, content_type, unavailable

#: Error codes meaning "no such key" (GetObject says NoSuchKey; HeadObject only the status).
MISSING = frozenset({"NoSuchKey", "404", "NotFound"})
#: Bounded waits and a few retries with backoff, then the request is answered with a 503.
CLIENT_CONFIG = Config(
    connect_timeout=5,
    read_timeout=30,
    retries={"max_attempts": 3, "mode": "standard"},
    request_checksum_calculation="when_required",
    response_checksum_validation="when_required",
)
_PREFIX_RE = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*")
_STYLES = ("", "auto", "virtual", "path")


class S3Storage:
    """Objects `<prefix><key>` in one bucket; a put replaces the object whole (S3 is atomic)."""

    def __init__(self, client: Any, bucket: str, prefix: str = "") -> None:
        self.client = client
        self.bucket = bucket
        self.prefix = f"{prefix.strip('/')}/" if prefix.strip("/") else ""

    def _call(self, action: str, key: str, **params: Any) -> Any:
        name = self.prefix + check_key(key)
        try:
            return getattr(self.client, action)(Bucket=self.bucket, Key=name, **params)
        except ClientError as err:
            if err.response.get("Error", {}).get("Code") in MISSING:
                raise FileNotFoundError(key) from None
            raise unavailable(action, key, err) from err
        except BotoCoreError as err:
            raise unavailable(action, key, err) from err

    def put(self, key: str, data: bytes) -> None:
        """Store `data` under `key` with the media type its extension names."""
        self._call("put_object", key, Body=data, ContentType=content_type(key))

    def get(self, key: str) -> bytes:
        """Return the bytes stored under `key` (FileNotFoundError when absent)."""
        response = self._call("get_object", key)
        try:
            return response["Body"].read()  # type: ignore[no-any-return]
        except (BotoCoreError, OSError) as err:
            raise unavailable("get_object", key, err) from err

    def exists(self, key: str) -> bool:
        """Tell whether `key` holds data."""
        try:
            self._call("head_object", key)
        except FileNotFoundError:
            return False
        return True

    def delete(self, key: str) -> None:
        """Remove `key` (nothing happens when it is absent)."""
        self._call("delete_object", key)


def client_for(config: Any) -> Any:
    """A boto3 S3 client for the app's S3_* settings (thread-safe once built)."""
    style = str(config.get("S3_ADDRESSING_STYLE") or "")
    if style not in _STYLES:
        raise ValueError(f"S3_ADDRESSING_STYLE: {style!r} is not one of auto, virtual, path")
    options = CLIENT_CONFIG.merge(Config(s3={"addressing_style": style or "auto"}))
    return boto3.session.Session().client(
        "s3",
        endpoint_url=config.get("S3_ENDPOINT_URL") or os.environ.get("S3_ENDPOINT_URL") or None,
        region_name=config.get("S3_REGION") or None,
        config=options,
    )


def from_url(parts: SplitResult, config: Any) -> S3Storage:
    """The store of `s3://bucket/optional/prefix` (ValueError for a malformed URL)."""
    prefix = parts.path.strip("/")
    if not parts.hostname or parts.query or (prefix and not _PREFIX_RE.fullmatch(prefix)):
        raise ValueError(f"STORAGE_URL: use s3://bucket/optional/prefix, not {parts.geturl()!r}")
    return S3Storage(client_for(config), parts.netloc, prefix)
