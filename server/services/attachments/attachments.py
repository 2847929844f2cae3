"""Photo uploads: verify, inspect, strip and store content-addressed images (SPEC §3, §9).

An upload is accepted only when its SHA-256 matches the name it was sent under,
Pillow decodes it completely as JPEG, PNG or WebP, nothing follows the image's
own end marker (no polyglots), and it stays within the byte and pixel limits.
EXIF DateTimeOriginal and GPS are copied to columns (server.services.attachments.exif;
where EXIF has none, the device's X-Capture-Time / X-Capture-Geo headers, see
server.services.attachments.capture_headers; the source is recorded); the stored copy
is re-encoded from the pixels (EXIF orientation applied, EXIF/XMP dropped, ICC kept) and
a JPEG thumbnail is made. The key stays the SHA-256 of the upload, so the client's hash
names the photo everywhere.

Choices where SPEC is silent: a capture time without an EXIF offset is taken as
UTC; a truncated, corrupt or polyglot file is 422 `invalid_image`; a decoded
format outside the three is 415 even if the Content-Type claimed otherwise.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from PIL import Image, ImageOps
from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from server.domain_errors import Invalid, NotFound, TooLarge, UnsupportedMedia
from server.models import (
    Attachment,
    AttachmentHolder,
    Campaign,
    Submission,
    SubmissionAttachment,
    User,
)
from server.services.attachments import exif
from server.services.attachments.capture_headers import DeviceCapture
from server.services.attachments.image_checks import image_end
from server.services.forms.answers import SHA256_RE
from server.services.reviews import access
from server.storage import Storage

MIME_BY_FORMAT = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
EXT_BY_FORMAT = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
THUMB_SIDE = 320
STAFF = ("hr", "admin")


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_pixels: int


def check_sha(sha: str) -> str:
    """Return the lower-case hash or raise 404 for something that cannot be one."""
    sha = sha.lower()
    if not SHA256_RE.match(sha):
        raise NotFound("not_found", "No such attachment.")
    return sha


def _open(data: bytes, limits: Limits) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in MIME_BY_FORMAT:
                raise UnsupportedMedia("unsupported_media_type", "Only JPEG, PNG and WebP photos.")
            width, height = image.size
            if width * height > limits.max_pixels:
                raise TooLarge(
                    "too_large",
                    "The image has too many pixels.",
                    {"pixels": width * height, "max_pixels": limits.max_pixels},
                )
            image.load()
    except Image.DecompressionBombError as err:
        raise TooLarge("too_large", "The image has too many pixels.") from err
    except Image.UnidentifiedImageError as err:
        raise UnsupportedMedia("unsupported_media_type", "Only JPEG, PNG and WebP photos.") from err
    except (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError) as err:
        raise Invalid("invalid_image", "The image is truncated or corrupt.") from err
    end = image_end(image.format or "", data)
    if end is None or data[end:].strip(b"\x00"):
        raise Invalid("invalid_image", "The file holds data beyond the image.")
    return image


def _clean_copy(image: Image.Image) -> Image.Image:
    """Apply the EXIF orientation and return the pixels with no metadata but ICC."""
    icc = image.info.get("icc_profile")
    upright = ImageOps.exif_transpose(image) or image
    clean = upright.copy()
    clean.info = {"icc_profile": icc} if icc else {}
    return clean


def _encode(image: Image.Image, fmt: str) -> bytes:
    out = io.BytesIO()
    extra: dict[str, Any] = {}
    if image.info.get("icc_profile"):
        extra["icc_profile"] = image.info["icc_profile"]
    if fmt == "JPEG":
        if image.mode not in ("L", "RGB", "CMYK"):
            image = _flatten(image)
        image.save(out, "JPEG", quality=90, exif=b"", **extra)
    elif fmt == "PNG":
        image.save(out, "PNG", **extra)
    else:
        if image.mode not in ("RGB", "RGBA"):
            image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
        image.save(out, "WEBP", quality=90, exif=b"", **extra)
    return out.getvalue()


def _flatten(image: Image.Image) -> Image.Image:
    """Return an RGB image, transparent parts on white."""
    if "A" in image.getbands() or image.mode == "P":
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def _thumbnail(image: Image.Image) -> bytes:
    thumb = _flatten(image)
    thumb.thumbnail((THUMB_SIDE, THUMB_SIDE))
    out = io.BytesIO()
    thumb.save(out, "JPEG", quality=80)
    return out.getvalue()


def storage_keys(sha: str, fmt: str) -> tuple[str, str]:
    """Return the keys of the stored copy and of its thumbnail."""
    prefix = f"{sha[:2]}/{sha[2:4]}/{sha}"
    return f"{prefix}.{EXT_BY_FORMAT[fmt]}", f"{prefix}.thumb.jpg"


def store_upload(
    session: Session,
    store: Storage,
    sha: str,
    data: bytes,
    user: User,
    limits: Limits,
    device: DeviceCapture | None = None,
) -> tuple[Attachment, bool]:
    """Verify and store one upload; return (attachment, created). Idempotent per hash.

    `device` (from the X-Capture-* headers) fills capture time / position only where the
    image has no EXIF. A photo already stored is returned unchanged (its first upload's
    metadata stands).
    """
    sha = _checked(sha, data, limits)
    existing = session.get(Attachment, sha)
    if existing is not None:
        hold(session, sha, user)  # same bytes: this sender holds the photo too
        return existing, False
    row = _stored_copy(store, sha, data, limits, device)
    row.uploaded_by_id = user.id
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        # A concurrent PUT of the same photo won the race: same bytes, same answer.
        hold(session, sha, user)
        return session.get(Attachment, sha, populate_existing=True), False  # type: ignore[return-value]
    hold(session, sha, user)
    return row, True


def _checked(sha: str, data: bytes, limits: Limits) -> str:
    """The lower-case hash, once the body is within the byte limit and matches it."""
    sha = check_sha(sha)
    if len(data) > limits.max_bytes:
        raise TooLarge("too_large", "The photo is too large.", {"max_bytes": limits.max_bytes})
    if hashlib.sha256(data).hexdigest() != sha:
        raise Invalid("hash_mismatch", "The body does not match its SHA-256.")
    return sha


def _stored_copy(
    store: Storage, sha: str, data: bytes, limits: Limits, device: DeviceCapture | None
) -> Attachment:
    """Decode, strip and store the photo and its thumbnail; return its (unsaved) row."""
    image = _open(data, limits)
    fmt = image.format or ""
    capture = exif.capture_columns(image, device)
    clean = _clean_copy(image)
    key, thumb_key = storage_keys(sha, fmt)
    store.put(key, _encode(clean, fmt))
    store.put(thumb_key, _thumbnail(clean))
    return Attachment(
        sha256=sha,
        mime_type=MIME_BY_FORMAT[fmt],
        size=len(data),
        width=clean.width,
        height=clean.height,
        storage_key=key,
        thumb_key=thumb_key,
        **capture,
    )


def hold(session: Session, sha: str, user: User) -> None:
    """Record that `user` has uploaded the photo's bytes (idempotent, race-safe)."""
    if session.get(AttachmentHolder, (sha, user.id)) is not None:
        return
    try:
        with session.begin_nested():
            session.add(AttachmentHolder(sha256=sha, user_id=user.id))
    except IntegrityError:
        pass  # a concurrent PUT by the same user recorded it


def held_by(session: Session, user_id: int, hashes: Collection[str]) -> set[str]:
    """Those of `hashes` whose bytes `user_id` has uploaded."""
    if not hashes:
        return set()
    h = AttachmentHolder
    return set(
        session.scalars(select(h.sha256).where(h.user_id == user_id, h.sha256.in_(sorted(hashes))))
    )


def can_view(session: Session, user: User, attachment: Attachment) -> bool:
    """HR, whoever uploaded the photo's bytes, and whoever may see a review showing it.

    Referencing a hash in one's own submission is not enough: sync accepts a reference only
    from a holder (server.services.sync.sync_context), so a hash works as a name, not as a key.
    """
    if user.role in STAFF or held_by(session, user.id, [attachment.sha256]):
        return True
    referenced = (
        select(SubmissionAttachment.id)
        .join(Submission, Submission.id == SubmissionAttachment.submission_id)
        .where(SubmissionAttachment.attachment_sha256 == attachment.sha256)
    )
    # A review shows the employee's approved mystery-shop visits with their photos.
    shown = (
        referenced.join(Campaign, Campaign.id == Submission.campaign_id)
        .join(User, User.id == Submission.subject_id)
        .where(
            Submission.status == "approved",
            Submission.relationship == "mystery_shopper",
            access.may_read_review_clause(user),
        )
    )
    return bool(session.scalar(select(exists(shown))))


def find_visible(session: Session, user: User, sha: str) -> Attachment:
    """Return the attachment if this user may see it, else 404 (existence never leaks)."""
    row = session.get(Attachment, check_sha(sha))
    if row is None or not can_view(session, user, row):
        raise NotFound("not_found", "No such attachment.")
    return row
