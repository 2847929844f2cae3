"""Organisation tree and the competency catalogue."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.extensions import Model
from server.models.base import JSONType, UTCDateTime, utcnow

UNIT_KINDS = ("company", "region", "branch", "team")


class OrgUnit(Model):
    """A node of the org tree (company -> region -> branch/store -> team)."""

    __tablename__ = "org_unit"

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("org_unit.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16), default="team")
    #: Bilingual name: {"en": ..., "zh-CN": ...}
    name: Mapped[dict[str, str]] = mapped_column(JSONType)
    #: Unique import path of English names joined by "/" (e.g. "Acme/East/Store 12/Team A").
    path: Mapped[str] = mapped_column(String(500), unique=True)
    address: Mapped[str | None] = mapped_column(Text)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    #: IANA time zone ("Asia/Shanghai") for quiet hours and "today"; none: the parent's,
    #: else Config DEFAULT_TIMEZONE.
    timezone: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    parent: Mapped[OrgUnit | None] = relationship(remote_side=[id])


class Competency(Model):
    """Global competency catalogue entry (forms/competencies.yaml)."""

    __tablename__ = "competency"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[dict[str, str]] = mapped_column(JSONType)
    description: Mapped[dict[str, str]] = mapped_column(JSONType)
