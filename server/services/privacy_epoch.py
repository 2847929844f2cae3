"""A campaign's privacy epoch: an export or review ZIP finished after an erasure never
holds the erased person (issue 17 §4).

Erasure raises the epoch of every campaign the person takes part in (`bump`, an UPDATE of
the campaign rows: on PostgreSQL it holds their row locks until the erasure commits), then
deletes the campaign's ended generated files. A build of a campaign's generated file
(server.services.exports.jobs, server.services.reviews.zips) reads the epoch first, in the
transaction (snapshot) it reads the data in, and before it ends the job checks it again
with `locked`, a shared lock on the campaign row in the transaction that marks the job done:

- an erasure still running then is waited for (its UPDATE holds the row), and its new
  epoch is seen: the build's data may be older, so the file is built again;
- an erasure that starts after cannot raise the epoch until the job is marked done, and
  it looks for the campaign's ended jobs after that: it finds this one and deletes its file.

SQLite serialises writers (BEGIN IMMEDIATE) and reads from one snapshot, so the same
reasoning holds there without row locks. A leaf module (models only), so that every
service may import it.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from server.models import Campaign


def bump(session: Session, campaign_ids: Iterable[int]) -> None:
    """Raise the epoch of these campaigns (in id order: two erasures never deadlock)."""
    ids = sorted(set(campaign_ids))
    if ids:
        session.execute(
            update(Campaign)
            .where(Campaign.id.in_(ids))
            .values(privacy_epoch=Campaign.privacy_epoch + 1)
            .execution_options(synchronize_session=False)
        )


def read(session: Session, campaign_id: int) -> int:
    """The epoch, read in the caller's transaction (read it before the data)."""
    stmt = select(Campaign.privacy_epoch).where(Campaign.id == campaign_id)
    return int(session.scalar(stmt) or 0)


def locked(session: Session, campaign_id: int) -> int:
    """The epoch under a shared lock on the campaign row (PostgreSQL FOR SHARE), held until
    the caller's (write) transaction ends. Take it first in that transaction."""
    stmt = (
        select(Campaign.privacy_epoch).where(Campaign.id == campaign_id).with_for_update(read=True)
    )
    return int(session.scalar(stmt) or 0)
