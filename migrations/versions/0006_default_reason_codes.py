"""default reason codes

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28 22:32:47.622690

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


#: The reasons a moderator picks from when rejecting or removing a posting. Administrators
#: edit the list later (labels, new codes, deactivation); the codes are kept in audit entries.
DEFAULT_REASONS = [
    ("duplicate", "Doppelt eingestellt", "Duplicate of another offer"),
    ("not_a_cluster_offer", "Kein Angebot aus dem Cluster-Umfeld",
     "Not an offer of a cluster or its members"),
    ("incomplete", "Angaben unvollständig", "Information incomplete"),
    ("discriminatory", "Diskriminierender Inhalt (AGG)", "Discriminatory content"),
    ("misleading", "Irreführende oder falsche Angaben", "Misleading or wrong information"),
    ("fraud", "Verdacht auf Betrug oder Phishing", "Suspected fraud or phishing"),
    ("expired_offer", "Angebot nicht mehr aktuell", "Offer no longer current"),
    ("other", "Sonstiger Grund", "Other reason"),
]

reason_code = sa.table(
    "reason_code",
    sa.column("code", sa.String),
    sa.column("label_de", sa.String),
    sa.column("label_en", sa.String),
    sa.column("active", sa.Boolean),
)


def upgrade():
    op.bulk_insert(
        reason_code,
        [
            {"code": code, "label_de": de, "label_en": en, "active": True}
            for code, de, en in DEFAULT_REASONS
        ],
    )


def downgrade():
    op.execute(
        reason_code.delete().where(
            reason_code.c.code.in_([code for code, _de, _en in DEFAULT_REASONS])
        )
    )
