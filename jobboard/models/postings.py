"""Postings (vacancies and training offers, one table), their sectors and runs, the audit
trail, revisions of published postings and one-click links."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..timeutil import UTCDateTime, utcnow
from .accounts import Organisation, User
from .base import Timestamps, enum_type


class PostingKind(enum.StrEnum):
    VACANCY = "vacancy"
    TRAINING = "training"


class PostingStatus(enum.StrEnum):
    """The lifecycle of `domain.md`. Only `jobboard.postings.workflow` moves a posting between them."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    CHANGES_REQUESTED = "changes_requested"
    REJECTED = "rejected"
    PUBLISHED = "published"
    EXPIRED = "expired"
    FILLED = "filled"
    WITHDRAWN = "withdrawn"
    REMOVED = "removed"


class HiringOrganisation(db.Model):
    """The company or institute a cluster posts for; remembered per cluster for re-use."""

    __tablename__ = "hiring_organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    publisher_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    website: Mapped[str | None] = mapped_column(String(500))

    publisher: Mapped[Organisation] = relationship(back_populates="hiring_organisations")

    __table_args__ = (UniqueConstraint("publisher_id", "name", name="uq_hiring_org_name"),)


class Posting(Timestamps, db.Model):
    """A vacancy or a training offer. Both kinds share one table (single-table inheritance),
    one lifecycle, moderation and search; kind-specific columns are NULL for the other kind.
    """

    __tablename__ = "posting"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[PostingKind] = mapped_column(enum_type(PostingKind, "posting_kind"))
    status: Mapped[PostingStatus] = mapped_column(
        enum_type(PostingStatus, "posting_status"), default=PostingStatus.DRAFT
    )
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)  # Markdown, sanitised on output
    language: Mapped[str] = mapped_column(String(2), default="de")

    # Publisher (the cluster) and hiring organisation (None: the cluster itself).
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    hiring_organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("hiring_organisation.id", ondelete="SET NULL")
    )
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )

    # Place. `region` is a NUTS-2 code; `nationwide` postings may still name a base.
    street: Mapped[str | None] = mapped_column(String(200))
    postcode: Mapped[str | None] = mapped_column(String(5))
    city: Mapped[str | None] = mapped_column(String(100))
    region: Mapped[str | None] = mapped_column(String(4), index=True)
    nationwide: Mapped[bool] = mapped_column(Boolean, default=False)

    # Contact and how to apply / register: a URL or an e-mail address (at least one).
    contact_name: Mapped[str | None] = mapped_column(String(200))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    contact_phone: Mapped[str | None] = mapped_column(String(50))
    apply_url: Mapped[str | None] = mapped_column(String(500))
    apply_email: Mapped[str | None] = mapped_column(String(254))

    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A trusted organisation's posting goes online at once; a moderator checks it afterwards.
    needs_post_review: Mapped[bool] = mapped_column(Boolean, default=False)
    # The reminder before expiry is sent once per expiry date.
    reminder_sent_for: Mapped[datetime | None] = mapped_column(UTCDateTime)

    # --- vacancy ---
    employment_type: Mapped[str | None] = mapped_column(String(20))
    contract_type: Mapped[str | None] = mapped_column(String(20))
    remote_mode: Mapped[str | None] = mapped_column(String(20))
    career_level: Mapped[str | None] = mapped_column(String(20))
    salary_min: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    salary_max: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    salary_period: Mapped[str | None] = mapped_column(String(10))
    start_date: Mapped[date | None] = mapped_column(Date)  # None: as soon as possible
    application_deadline: Mapped[date | None] = mapped_column(Date)
    openings: Mapped[int | None] = mapped_column(Integer)

    # --- training offer ---
    training_format: Mapped[str | None] = mapped_column(String(20))
    schedule: Mapped[str | None] = mapped_column(String(20))
    duration_value: Mapped[int | None] = mapped_column(Integer)
    duration_unit: Mapped[str | None] = mapped_column(String(10))
    is_free: Mapped[bool | None] = mapped_column(Boolean)
    price_eur: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    funding_eligible: Mapped[bool | None] = mapped_column(Boolean)
    funding_note: Mapped[str | None] = mapped_column(String(200))
    certificate: Mapped[str | None] = mapped_column(String(200))
    target_group: Mapped[str | None] = mapped_column(Text)
    prerequisites: Mapped[str | None] = mapped_column(Text)
    registration_deadline: Mapped[date | None] = mapped_column(Date)
    min_participants: Mapped[int | None] = mapped_column(Integer)
    max_participants: Mapped[int | None] = mapped_column(Integer)

    organisation: Mapped[Organisation] = relationship(lazy="joined", innerjoin=True)
    hiring_organisation: Mapped[HiringOrganisation | None] = relationship(lazy="joined")
    created_by: Mapped[User | None] = relationship()
    sector_rows: Mapped[list[PostingSector]] = relationship(
        cascade="all, delete-orphan", order_by="PostingSector.sector", lazy="selectin"
    )
    runs: Mapped[list[TrainingRun]] = relationship(
        cascade="all, delete-orphan",
        order_by="(TrainingRun.start_date, TrainingRun.id)",
        lazy="selectin",
    )
    events: Mapped[list[AuditEvent]] = relationship(
        back_populates="posting",
        cascade="all, delete-orphan",
        order_by="(AuditEvent.at, AuditEvent.id)",
    )
    revisions: Mapped[list[PostingRevision]] = relationship(
        back_populates="posting",
        cascade="all, delete-orphan",
        order_by="PostingRevision.created_at",
    )

    __mapper_args__ = {"polymorphic_on": "kind"}
    __table_args__ = (
        Index("ix_posting_status_expires", "status", "expires_at"),
        Index("ix_posting_org_status", "organisation_id", "status"),
        CheckConstraint(
            "salary_min IS NULL OR salary_max IS NULL OR salary_min <= salary_max",
            name="salary_range",
        ),
    )

    @property
    def sectors(self) -> list[str]:
        return [row.sector for row in self.sector_rows]

    @sectors.setter
    def sectors(self, codes: list[str]) -> None:
        self.sector_rows = [PostingSector(sector=c) for c in dict.fromkeys(codes)]

    @property
    def hiring_name(self) -> str:
        """Who offers the job or the course: the hiring organisation, else the cluster."""
        return self.hiring_organisation.name if self.hiring_organisation else self.organisation.name

    @property
    def hiring_website(self) -> str | None:
        if self.hiring_organisation:
            return self.hiring_organisation.website
        return self.organisation.website

    @property
    def posted_via_cluster(self) -> bool:
        return self.hiring_organisation is not None

    @property
    def is_vacancy(self) -> bool:
        return self.kind == PostingKind.VACANCY

    @property
    def pending_revision(self) -> PostingRevision | None:
        return next((r for r in self.revisions if r.status == RevisionStatus.PENDING), None)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.id} {self.status}>"


class Vacancy(Posting):
    """A job vacancy (Stellenangebot)."""

    __mapper_args__ = {"polymorphic_identity": PostingKind.VACANCY}


class TrainingOffer(Posting):
    """A training or qualification offer (Weiterbildungsangebot) with one or more runs."""

    __mapper_args__ = {"polymorphic_identity": PostingKind.TRAINING}


class PostingSector(db.Model):
    __tablename__ = "posting_sector"

    posting_id: Mapped[int] = mapped_column(
        ForeignKey("posting.id", ondelete="CASCADE"), primary_key=True
    )
    sector: Mapped[str] = mapped_column(String(40), primary_key=True, index=True)


class TrainingRun(db.Model):
    """One run (Durchführung) of a training offer, with its own dates."""

    __tablename__ = "training_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    posting_id: Mapped[int] = mapped_column(
        ForeignKey("posting.id", ondelete="CASCADE"), index=True
    )
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(String(200))

    __table_args__ = (CheckConstraint("end_date >= start_date", name="run_dates"),)


class AuditEvent(db.Model):
    """One entry of a posting's trail: who moved it from which status to which, and why."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    posting_id: Mapped[int] = mapped_column(
        ForeignKey("posting.id", ondelete="CASCADE"), index=True
    )
    # None: the system (import, lifecycle job).
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    from_status: Mapped[PostingStatus | None] = mapped_column(
        enum_type(PostingStatus, "audit_from_status")
    )
    to_status: Mapped[PostingStatus] = mapped_column(enum_type(PostingStatus, "audit_to_status"))
    reason_code: Mapped[str | None] = mapped_column(String(40))
    message: Mapped[str | None] = mapped_column(Text)
    # What happened, where the status alone does not say it (e.g. "revision", "renew").
    action: Mapped[str | None] = mapped_column(String(30))

    posting: Mapped[Posting] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()


class RevisionStatus(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    SUPERSEDED = "superseded"


class PostingRevision(db.Model):
    """Changes to a published posting, waiting for review while the live version stays online.

    `data` holds the edited form values (as `forms.posting_form_data()` gives them), so that
    the moderator sees a field-by-field diff and approval applies exactly what was reviewed.
    """

    __tablename__ = "posting_revision"

    id: Mapped[int] = mapped_column(primary_key=True)
    posting_id: Mapped[int] = mapped_column(
        ForeignKey("posting.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[RevisionStatus] = mapped_column(
        enum_type(RevisionStatus, "revision_status"), default=RevisionStatus.PENDING
    )
    data: Mapped[dict] = mapped_column(JSON)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    posting: Mapped[Posting] = relationship(back_populates="revisions")
    created_by: Mapped[User | None] = relationship()


class PostingLink(db.Model):
    """A signed one-click link in a reminder e-mail (still open / filled / withdraw).

    Works without signing in, once, until it expires; only a digest of the token is stored.
    """

    __tablename__ = "posting_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    posting_id: Mapped[int] = mapped_column(
        ForeignKey("posting.id", ondelete="CASCADE"), index=True
    )
    action: Mapped[str] = mapped_column(String(20))  # extend | filled | withdraw
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    posting: Mapped[Posting] = relationship()
