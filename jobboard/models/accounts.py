"""People who sign in, their organisations, and what keeps their sign-in safe: tokens,
sessions, recovery codes."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from ..extensions import db
from ..timeutil import UTCDateTime, utcnow
from .base import Timestamps, enum_type

if TYPE_CHECKING:
    from .postings import HiringOrganisation


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
        enum_type(TrustLevel, "trust_level"), default=TrustLevel.STANDARD
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
    role: Mapped[Role] = mapped_column(enum_type(Role, "role"), default=Role.MEMBER)
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


class TokenPurpose(enum.StrEnum):
    PASSWORD_RESET = "password_reset"  # noqa: S105 - a purpose, not a secret
    INVITATION = "invitation"


class UserToken(db.Model):
    """A single-use secret sent by e-mail (password reset, invitation).

    Only a SHA-256 digest of the token is stored; the token itself exists in the e-mail.
    """

    __tablename__ = "user_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    purpose: Mapped[TokenPurpose] = mapped_column(enum_type(TokenPurpose, "token_purpose"))
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
