"""Photo uploads (content-addressed by SHA-256) and their download for allowed viewers."""

from __future__ import annotations

from typing import Any

from flask import Response, current_app, request
from werkzeug.wrappers import Response as BaseResponse

from server import storage
from server.api.access import current, login_required
from server.api.body import Blueprint, check_request_body
from server.errors import ApiError
from server.extensions import db
from server.schemas.attachments import AttachmentSchema
from server.services.attachments import attachments, capture_headers

blp = Blueprint("attachments", __name__, url_prefix="/api/v1", description="Photos")

ACCEPTED_TYPES = ("image/jpeg", "image/png", "image/webp")
PRIVATE_IMMUTABLE = "private, max-age=31536000, immutable"


def _payload(row: Any) -> dict[str, Any]:
    return {
        "sha256": row.sha256,
        "mime_type": row.mime_type,
        "size": row.size,
        "width": row.width,
        "height": row.height,
    }


@blp.route("/attachments/<string:sha256>", methods=["PUT"])
@blp.response(201, AttachmentSchema)
@blp.alt_response(200, schema=AttachmentSchema, description="Already stored")
@blp.doc(
    requestBody={
        "required": True,
        "description": "The photo's bytes, its SHA-256 in the path",
        "content": {t: {"schema": {"type": "string", "format": "binary"}} for t in ACCEPTED_TYPES},
    },
    parameters=[
        {
            "in": "header",
            "name": "X-Capture-Time",
            "required": False,
            "schema": {"type": "string"},
            "description": (
                "ISO 8601 capture time with offset (used when the image has no EXIF time)"
            ),
        },
        {
            "in": "header",
            "name": "X-Capture-Geo",
            "required": False,
            "schema": {"type": "string"},
            "description": "lat,lon[,accuracy] (used when the image has no EXIF GPS)",
        },
    ],
)
@login_required
def put_attachment(sha256: str) -> Any:
    """Upload a photo under its SHA-256 (idempotent: 201 created, 200 already stored).

    Optional headers X-Capture-Time / X-Capture-Geo give the capture time and position
    the device read before downscaling; used only where the image has no EXIF (422 on a
    bad value).
    """
    check_request_body()
    if request.mimetype not in ACCEPTED_TYPES:
        raise ApiError(415, "unsupported_media_type", "Send image/jpeg, image/png or image/webp.")
    limits = attachments.Limits(
        current_app.config["UPLOAD_MAX_BYTES"], current_app.config["UPLOAD_MAX_PIXELS"]
    )
    if (request.content_length or 0) > limits.max_bytes:
        raise ApiError(413, "too_large", "The photo is too large.", {"max_bytes": limits.max_bytes})
    device = capture_headers.parse(
        request.headers.get(capture_headers.TIME_HEADER),
        request.headers.get(capture_headers.GEO_HEADER),
    )
    data = request.get_data(cache=False)
    row, created = attachments.store_upload(
        db.session, storage.for_app(), sha256, data, current(), limits, device
    )
    db.session.commit()
    return _payload(row), 201 if created else 200


def _send(sha256: str, thumb: bool) -> BaseResponse:
    row = attachments.find_visible(db.session, current(), sha256)
    key = row.thumb_key if thumb else row.storage_key
    try:
        body = storage.for_app().get(key) if key else None
    except FileNotFoundError:
        body = None
    if body is None:
        raise ApiError(404, "not_found", "The stored photo is missing.")
    resp = Response(body, mimetype="image/jpeg" if thumb else row.mime_type)
    resp.set_etag(row.sha256 + ("-thumb" if thumb else ""))
    resp.headers["Cache-Control"] = PRIVATE_IMMUTABLE
    resp.headers["Content-Disposition"] = "inline"
    return resp.make_conditional(request)


#: A stored photo: the EXIF-free copy in its upload format, the thumbnail always JPEG.
PHOTO = {"type": "string", "format": "binary"}
PHOTO_TYPES = ("image/jpeg", "image/png", "image/webp")
NOT_MODIFIED = "Not modified (If-None-Match matched the ETag)"


@blp.route("/attachments/<string:sha256>", methods=["GET"])
@blp.doc(
    responses={
        "200": {"description": "The photo", "content": {t: {"schema": PHOTO} for t in PHOTO_TYPES}}
    }
)
@blp.alt_response(304, description=NOT_MODIFIED)
@login_required
def get_attachment(sha256: str) -> BaseResponse:
    """Download the stored (EXIF-free) copy: HR, the uploader, or viewers of a submission."""
    return _send(sha256, thumb=False)


@blp.route("/attachments/<string:sha256>/thumb", methods=["GET"])
@blp.response(200, PHOTO, content_type="image/jpeg", description="The JPEG thumbnail")
@blp.alt_response(304, description=NOT_MODIFIED)
@login_required
def get_thumbnail(sha256: str) -> BaseResponse:
    """Download the JPEG thumbnail (longest side 320 px)."""
    return _send(sha256, thumb=True)
