"""Work to be done after a commit, written in the same transaction: mails to send, search
entries to refresh."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..timeutil import UTCDateTime, utcnow

if TYPE_CHECKING:
    from .postings import Posting


class OutboxMail(db.Model):
    """An e-mail written in the same transaction as the change it reports.

    It is sent once that transaction has committed; a crash in between leaves it here for
    `flask --app jobboard mail send` to deliver later.
    """

    __tablename__ = "outbox_mail"

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(250))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Set when a sender takes the row; a row claimed long ago without success is retried.
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)


class SearchOutbox(db.Model):
    """A posting whose search-index entry may be out of date, written in the same
    transaction as the change. The indexer re-reads the posting and deletes the row."""

    __tablename__ = "search_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    # No foreign key: the row must outlive a deleted posting so its entry gets removed.
    posting_id: Mapped[int] = mapped_column(Integer, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    posting: Mapped[Posting | None] = relationship(
        primaryjoin="foreign(SearchOutbox.posting_id) == Posting.id"
    )
