"""What the programme office's administrators change: the trust of organisations,
deactivating organisations and people, and the list of reason codes. Callers commit.
"""

from __future__ import annotations

import re
from datetime import datetime

from flask_babel import lazy_gettext as _l

from ..accounts import users
from ..extensions import db
from ..models import Organisation, Posting, ReasonCode, TrustLevel, User
from ..postings import queries, workflow
from ..timeutil import utcnow

REASON_CODE_PATTERN = re.compile(r"^[a-z][a-z0-9_]{1,39}$")


class AdministrationError(ValueError):
    """A change that cannot be made; the message is shown to the administrator."""


def set_trust(org: Organisation, level: TrustLevel) -> None:
    """Trusted organisations publish at once; a moderator checks afterwards."""
    org.trust_level = TrustLevel(level)


def deactivate_organisation(
    org: Organisation, by: User, now: datetime | None = None
) -> list[Posting]:
    """Withdraw the organisation's live postings (online or in review), deactivate it and
    every one of its people, whose sessions end at once. Returns the withdrawn postings."""
    now = now or utcnow()
    withdrawn = list(db.session.scalars(queries.live_postings_of(org.id)))
    for posting in withdrawn:
        workflow.withdraw(posting, by, now=now)
    org.active = False
    for user in org.users:
        users.deactivate(user)
    return withdrawn


def reactivate_organisation(org: Organisation) -> None:
    """The organisation is a member again. Its people stay deactivated until an
    administrator reactivates them one by one; withdrawn postings stay withdrawn."""
    org.active = True


def deactivate_user(user: User, by: User) -> None:
    if user.id == by.id:
        raise AdministrationError(str(_l("You cannot deactivate your own account.")))
    users.deactivate(user)


def reactivate_user(user: User) -> None:
    user.active = True


# --- reason codes ---------------------------------------------------------------------------


def create_reason_code(code: str, label_de: str, label_en: str) -> ReasonCode:
    code = (code or "").strip().lower()
    if not REASON_CODE_PATTERN.match(code):
        message = _l(
            "Use 2 to 40 lower-case letters, digits and underscores, starting with a letter."
        )
        raise AdministrationError(str(message))
    if queries.reason_code(code) is not None:
        raise AdministrationError(str(_l("This code exists already.")))
    reason = ReasonCode(
        code=code, label_de=label_de.strip(), label_en=label_en.strip(), active=True
    )
    db.session.add(reason)
    return reason


def update_reason_labels(reason: ReasonCode, label_de: str, label_en: str) -> None:
    """Only the labels change: the code is what audit entries keep."""
    reason.label_de = label_de.strip()
    reason.label_en = label_en.strip()


def set_reason_active(reason: ReasonCode, active: bool) -> None:
    """Inactive reasons are no longer offered; past decisions keep showing their label."""
    reason.active = active
