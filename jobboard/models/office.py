"""What the programme office works with: reason codes, the conversation on a posting,
visitors' reports."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..timeutil import UTCDateTime, utcnow
from .base import enum_type

if TYPE_CHECKING:
    from .accounts import User
    from .postings import Posting


class ReasonCode(db.Model):
    """A canned reason for rejecting or removing a posting; administrators edit the list."""

    __tablename__ = "reason_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    label_de: Mapped[str] = mapped_column(String(200))
    label_en: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    @property
    def label(self) -> str:
        from flask_babel import get_locale

        try:
            return self.label_en if get_locale().language == "en" else self.label_de
        except (AttributeError, RuntimeError):
            return self.label_de


class Message(db.Model):
    """One message of the conversation on a posting between moderators and its organisation."""

    __tablename__ = "posting_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    posting_id: Mapped[int] = mapped_column(
        ForeignKey("posting.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    author: Mapped[User | None] = relationship()


class ReportStatus(enum.StrEnum):
    OPEN = "open"
    DISMISSED = "dismissed"
    ACTED = "acted"  # the posting was removed


class Report(db.Model):
    """A job seeker's report of a public posting. No account, no personal data required."""

    __tablename__ = "posting_report"

    id: Mapped[int] = mapped_column(primary_key=True)
    posting_id: Mapped[int] = mapped_column(
        ForeignKey("posting.id", ondelete="CASCADE"), index=True
    )
    reason: Mapped[str] = mapped_column(String(40))
    message: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    status: Mapped[ReportStatus] = mapped_column(
        enum_type(ReportStatus, "report_status"), default=ReportStatus.OPEN, index=True
    )
    handled_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    posting: Mapped[Posting] = relationship()
    handled_by: Mapped[User | None] = relationship()
