"""The data model: cluster organisations, users, postings (vacancies and training offers)
and their audit trail. Typed SQLAlchemy 2.0 models, one module per part of the board;
import them from here.

Codes from `jobboard.taxonomy` are stored as short strings; enums as their values.
Part of the shared ground: imports no feature package. A new capability whose tables no
other part needs keeps its models in its own package.
"""

from .accounts import (
    Organisation,
    OrganisationSector,
    RecoveryCode,
    Role,
    TokenPurpose,
    TrustLevel,
    User,
    UserToken,
    WebSession,
    normalise_email,
)
from .base import Timestamps, enum_type
from .office import Message, ReasonCode, Report, ReportStatus
from .outboxes import OutboxMail, SearchOutbox
from .postings import (
    AuditEvent,
    HiringOrganisation,
    Posting,
    PostingKind,
    PostingLink,
    PostingRevision,
    PostingSector,
    PostingStatus,
    RevisionStatus,
    TrainingOffer,
    TrainingRun,
    Vacancy,
)

__all__ = [
    "AuditEvent",
    "HiringOrganisation",
    "Message",
    "Organisation",
    "OrganisationSector",
    "OutboxMail",
    "Posting",
    "PostingKind",
    "PostingLink",
    "PostingRevision",
    "PostingSector",
    "PostingStatus",
    "ReasonCode",
    "RecoveryCode",
    "Report",
    "ReportStatus",
    "RevisionStatus",
    "Role",
    "SearchOutbox",
    "Timestamps",
    "TokenPurpose",
    "TrainingOffer",
    "TrainingRun",
    "TrustLevel",
    "User",
    "UserToken",
    "Vacancy",
    "WebSession",
    "enum_type",
    "normalise_email",
]
