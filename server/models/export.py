"""Pseudonymous rater codes used by raw data exports."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import Model


class RaterCode(Model):
    """A random code standing for one anonymous rater within one campaign.

    Drawn once and stored, so repeated exports of a campaign agree; drawn independently per
    campaign, so codes cannot link a rater across campaigns.
    """

    __tablename__ = "rater_code"
    __table_args__ = (
        UniqueConstraint("campaign_id", "rater_key", name="uq_rater_code_rater"),
        UniqueConstraint("campaign_id", "code", name="uq_rater_code_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id"), index=True)
    #: "user:<id>" for raters with an account, "submission:<uuid>" for customers.
    rater_key: Mapped[str] = mapped_column(String(64))
    code: Mapped[str] = mapped_column(String(16))
