"""Reports of public postings by visitors, and how the programme office handles them."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ..extensions import db
from ..models import Posting, Report, ReportStatus, User
from ..postings import workflow
from ..timeutil import utcnow

#: Why a visitor reports a posting (code -> label).
REASONS = {
    "misleading": _l("Wrong or misleading information"),
    "discriminatory": _l("Discriminatory or offensive content"),
    "fraud": _l("Looks like fraud or phishing"),
    "not_available": _l("The offer is no longer available"),
    "other": _l("Something else"),
}


def file_report(posting: Posting, reason: str, message: str | None) -> Report:
    """Record a report; no account and no contact details are needed."""
    if reason not in REASONS:
        raise ValueError("unknown reason")
    report = Report(posting=posting, reason=reason, message=(message or "").strip() or None)
    db.session.add(report)
    return report


def dismiss(report: Report, moderator: User) -> None:
    _close(report, moderator, ReportStatus.DISMISSED)


def remove_posting(report: Report, moderator: User, reason_code: str, message: str | None) -> None:
    """Take the reported posting offline; every open report on it is closed with it."""
    workflow.remove(report.posting, moderator, reason_code, message)
    for other in db.session.scalars(
        db.select(Report).where(
            Report.posting_id == report.posting_id, Report.status == ReportStatus.OPEN
        )
    ):
        _close(other, moderator, ReportStatus.ACTED)


def _close(report: Report, moderator: User, status: ReportStatus) -> None:
    if report.status != ReportStatus.OPEN:
        raise workflow.WorkflowError(report.posting, report.posting.status, "report is closed")
    report.status = status
    report.handled_by = moderator
    report.handled_at = utcnow()
