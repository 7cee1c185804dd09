"""Cluster organisations and their people: registering members, profiles, colleagues."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from .. import mail
from ..extensions import db
from ..models import Organisation, Role, User
from ..templating import slugify
from . import users


def unique_slug(name: str) -> str:
    base = slugify(name, max_length=70)
    slug, n = base, 1
    while db.session.scalar(select(Organisation.id).where(Organisation.slug == slug)):
        n += 1
        slug = f"{base}-{n}"
    return slug


def register(
    *,
    name: str,
    land: str,
    sectors: list[str],
    website: str | None,
    city: str | None,
    description: str,
    admin_name: str,
    admin_email: str,
    admin_language: str,
    registered_by: User,
) -> tuple[Organisation, User]:
    """Register a member organisation and invite its first administrator by e-mail."""
    org = Organisation(
        name=name.strip(),
        slug=unique_slug(name),
        land=land,
        website=website or None,
        city=city or None,
        description=description or "",
    )
    org.sectors = sectors
    db.session.add(org)
    admin = invite_colleague(
        org,
        name=admin_name,
        email=admin_email,
        role=Role.ORG_ADMIN,
        language=admin_language,
        invited_by=registered_by,
    )
    return org, admin


def invite_colleague(
    org: Organisation,
    *,
    name: str,
    email: str,
    role: Role,
    language: str,
    invited_by: User,
) -> User:
    """Create (or re-invite) an account in `org` and queue the invitation e-mail."""
    if role not in (Role.MEMBER, Role.ORG_ADMIN):
        raise users.AccountError(str(_l("Cluster users are members or administrators.")))
    existing = users.find_user(email)
    if existing is not None and existing.organisation_id not in (None, org.id):
        raise users.AccountError(
            str(_l("This e-mail address belongs to another organisation's account."))
        )
    user, token = users.invite(
        email=email, name=name, role=role, organisation=org, invited_by=invited_by
    )
    user.language = language
    mail.queue(
        user.email,
        "invitation",
        user.language,
        user=user,
        token=token,
        inviter_name=invited_by.name,
    )
    return user


def resend_invitation(user: User, invited_by: User) -> None:
    if user.password_hash:
        raise users.AccountError(str(_l("This person has already accepted the invitation.")))
    invite_colleague(
        user.organisation,
        name=user.name,
        email=user.email,
        role=user.role,
        language=user.language,
        invited_by=invited_by,
    )


def deactivate_colleague(user: User, by: User) -> None:
    """Deactivate a colleague; their sessions end at once. Nobody deactivates themselves,
    and an organisation keeps at least one active administrator."""
    if user.id == by.id:
        raise users.AccountError(str(_l("You cannot deactivate your own account.")))
    if user.role == Role.ORG_ADMIN and len(active_admins(user.organisation)) <= 1:
        raise users.AccountError(str(_l("The organisation needs at least one administrator.")))
    users.deactivate(user)


def reactivate_colleague(user: User) -> None:
    user.active = True


def active_admins(org: Organisation) -> list[User]:
    return [u for u in org.users if u.active and u.role == Role.ORG_ADMIN]


def members_of(org: Organisation) -> list[User]:
    return list(
        db.session.scalars(
            select(User).where(User.organisation_id == org.id).order_by(User.name, User.id)
        )
    )
