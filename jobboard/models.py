"""The data model: cluster organisations, users, postings (vacancies and training offers)
and their audit trail. Typed SQLAlchemy 2.0 models.

Codes from `jobboard.taxonomy` are stored as short strings; enums as their values.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    Enum,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from .extensions import db
from .timeutil import UTCDateTime, utcnow


def _enum(cls: type[enum.Enum], name: str) -> Enum:
    """Store an enum by value as a VARCHAR with a CHECK, the same on SQLite and PostgreSQL."""
    return Enum(
        cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


class Role(enum.StrEnum):
    MEMBER = "member"
    ORG_ADMIN = "org_admin"
    MODERATOR = "moderator"
    ADMIN = "admin"

    @property
    def is_programme_office(self) -> bool:
        return self in (Role.MODERATOR, Role.ADMIN)


class TrustLevel(enum.StrEnum):
    STANDARD = "standard"
    TRUSTED = "trusted"


class PostingKind(enum.StrEnum):
    VACANCY = "vacancy"
    TRAINING = "training"


class PostingStatus(enum.StrEnum):
    """The lifecycle of `domain.md`. Only `jobboard.workflow` moves a posting between them."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    CHANGES_REQUESTED = "changes_requested"
    REJECTED = "rejected"
    PUBLISHED = "published"
    EXPIRED = "expired"
    FILLED = "filled"
    WITHDRAWN = "withdrawn"
    REMOVED = "removed"


class Timestamps:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class Organisation(Timestamps, db.Model):
    """A cluster management organisation: a member of the programme and a publisher."""

    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    website: Mapped[str | None] = mapped_column(String(500))
    description: Mapped[str] = mapped_column(Text, default="")
    land: Mapped[str] = mapped_column(String(3))  # NUTS-1 code
    city: Mapped[str | None] = mapped_column(String(100))
    trust_level: Mapped[TrustLevel] = mapped_column(
        _enum(TrustLevel, "trust_level"), default=TrustLevel.STANDARD
    )
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    sector_rows: Mapped[list[OrganisationSector]] = relationship(
        cascade="all, delete-orphan", order_by="OrganisationSector.sector"
    )
    users: Mapped[list[User]] = relationship(back_populates="organisation")
    hiring_organisations: Mapped[list[HiringOrganisation]] = relationship(
        back_populates="publisher", cascade="all, delete-orphan"
    )

    @property
    def sectors(self) -> list[str]:
        return [row.sector for row in self.sector_rows]

    @sectors.setter
    def sectors(self, codes: list[str]) -> None:
        self.sector_rows = [OrganisationSector(sector=c) for c in dict.fromkeys(codes)]

    def __repr__(self) -> str:
        return f"<Organisation {self.slug}>"


class OrganisationSector(db.Model):
    __tablename__ = "organisation_sector"

    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), primary_key=True
    )
    sector: Mapped[str] = mapped_column(String(40), primary_key=True)


class User(Timestamps, db.Model):
    """A person who signs in: a cluster manager or a member of the programme office."""

    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored trimmed and lower-cased, so uniqueness is case-insensitive on every database.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    # None until the person has accepted an invitation and chosen a password.
    password_hash: Mapped[str | None] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(_enum(Role, "role"), default=Role.MEMBER)
    # Programme-office users belong to no organisation; cluster managers to exactly one.
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    language: Mapped[str] = mapped_column(String(2), default="de")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    password_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Every session remembers the version it was opened with; raising it (password change,
    # deactivation, "sign out everywhere") ends all of the user's sessions at once.
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    # Second factor (TOTP) of programme-office users: the base32 secret once confirmed, and
    # the last time step accepted, so that a code cannot be used twice.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    totp_last_step: Mapped[int | None] = mapped_column(Integer)

    organisation: Mapped[Organisation | None] = relationship(back_populates="users")
    recovery_codes: Mapped[list[RecoveryCode]] = relationship(
        cascade="all, delete-orphan", back_populates="user"
    )

    __table_args__ = (
        CheckConstraint(
            "(role IN ('moderator', 'admin')) OR organisation_id IS NOT NULL",
            name="cluster_user_has_organisation",
        ),
    )

    @validates("email")
    def _normalise_email(self, key: str, value: str) -> str:
        return normalise_email(value)

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"

    # Flask-Login's user protocol.
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.active and (self.organisation is None or self.organisation.active)

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return str(self.id)

    @property
    def is_programme_office(self) -> bool:
        return self.role.is_programme_office

    @property
    def is_org_admin(self) -> bool:
        return self.role == Role.ORG_ADMIN


def normalise_email(value: str) -> str:
    return value.strip().lower()


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
    kind: Mapped[PostingKind] = mapped_column(_enum(PostingKind, "posting_kind"))
    status: Mapped[PostingStatus] = mapped_column(
        _enum(PostingStatus, "posting_status"), default=PostingStatus.DRAFT
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
        _enum(PostingStatus, "audit_from_status")
    )
    to_status: Mapped[PostingStatus] = mapped_column(_enum(PostingStatus, "audit_to_status"))
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
        _enum(RevisionStatus, "revision_status"), default=RevisionStatus.PENDING
    )
    data: Mapped[dict] = mapped_column(JSON)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    posting: Mapped[Posting] = relationship(back_populates="revisions")
    created_by: Mapped[User | None] = relationship()


class TokenPurpose(enum.StrEnum):
    PASSWORD_RESET = "password_reset"  # noqa: S105 - a purpose, not a secret
    INVITATION = "invitation"


class UserToken(db.Model):
    """A single-use secret sent by e-mail (password reset, invitation).

    Only a SHA-256 digest of the token is stored; the token itself exists in the e-mail.
    """

    __tablename__ = "user_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    purpose: Mapped[TokenPurpose] = mapped_column(_enum(TokenPurpose, "token_purpose"))
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(foreign_keys=[user_id])


class WebSession(db.Model):
    """A server-side session (the default store; Redis is the other).

    The row is found by the SHA-256 digest of the cookie's value, so a copy of the table
    does not hand out live sessions.
    """

    __tablename__ = "web_session"

    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    data: Mapped[str] = mapped_column(Text)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


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


class RecoveryCode(db.Model):
    """A one-time code that replaces the second factor once; only its digest is stored."""

    __tablename__ = "recovery_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    digest: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(back_populates="recovery_codes")


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
        _enum(ReportStatus, "report_status"), default=ReportStatus.OPEN, index=True
    )
    handled_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    posting: Mapped[Posting] = relationship()
    handled_by: Mapped[User | None] = relationship()


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
