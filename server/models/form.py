"""Forms and their immutable versions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.extensions import Model
from server.models.base import JSONType, UTCDateTime, utcnow


class Form(Model):
    __tablename__ = "form"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(100), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    versions: Mapped[list[FormVersion]] = relationship(
        back_populates="form", order_by="FormVersion.version"
    )


class FormVersion(Model):
    """One immutable definition of a form; submissions pin a version."""

    __tablename__ = "form_version"
    __table_args__ = (
        UniqueConstraint("form_id", "sha256", name="uq_form_version_sha"),
        UniqueConstraint("form_id", "version", name="uq_form_version_number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    form_id: Mapped[int] = mapped_column(ForeignKey("form.id"), index=True)
    version: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    #: The normalised definition (see server.services.forms.forms).
    definition: Mapped[dict[str, Any]] = mapped_column(JSONType)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    form: Mapped[Form] = relationship(back_populates="versions")
