"""Content-addressed photo attachments."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import Model
from server.models.base import UTCDateTime, utcnow


class Attachment(Model):
    """A photo keyed by the SHA-256 of the bytes the client uploaded."""

    __tablename__ = "attachment"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    mime_type: Mapped[str] = mapped_column(String(32))
    size: Mapped[int] = mapped_column(Integer)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    captured_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: Where captured_at came from: 'exif' (the image) or 'device' (X-Capture-Time header).
    captured_at_source: Mapped[str | None] = mapped_column(String(8))
    gps_lat: Mapped[float | None] = mapped_column(Float)
    gps_lon: Mapped[float | None] = mapped_column(Float)
    #: Accuracy in metres of a device position (EXIF carries none).
    gps_accuracy: Mapped[float | None] = mapped_column(Float)
    #: Where gps_lat/gps_lon came from: 'exif' or 'device' (X-Capture-Geo header).
    gps_source: Mapped[str | None] = mapped_column(String(8))
    #: Key of the re-encoded copy without EXIF in the storage backend.
    storage_key: Mapped[str] = mapped_column(String(200))
    thumb_key: Mapped[str | None] = mapped_column(String(200))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class AttachmentHolder(Model):
    """A user who has uploaded a photo's bytes (every PUT of the same hash adds its sender).

    A submission may reference a photo only if its rater holds it, so knowing a hash is not
    enough to attach someone else's photo to one's own submission and then view it.
    """

    __tablename__ = "attachment_holder"

    sha256: Mapped[str] = mapped_column(ForeignKey("attachment.sha256"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), primary_key=True, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
