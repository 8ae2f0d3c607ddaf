"""cases (办件) with their numbers and counters; reports sent for signature

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 01:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import chujing.platform.db
from chujing.platform.migrations.columns import (
    create_indexes,
    foreign_key,
    id_column,
    id_primary_key,
)

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """The cases table, the per-office daily counters, and the report's review request."""
    op.create_table(
        "cases",
        id_column(),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("office", sa.String(length=8), nullable=False),
        sa.Column("zone_id", sa.Integer(), nullable=True),
        sa.Column("processor_id", sa.Integer(), nullable=True),
        sa.Column("submitter", sa.String(length=100), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("opened_at", chujing.platform.db.UTCDateTime(), nullable=False),
        sa.Column("accepted_at", chujing.platform.db.UTCDateTime(), nullable=True),
        sa.Column("accepted_by", sa.String(length=100), nullable=True),
        foreign_key("cases", "processor_id", "processors.id"),
        foreign_key("cases", "zone_id", "zones.id"),
        id_primary_key("cases"),
        sa.UniqueConstraint("kind", "entity_id", name=op.f("uq_cases_kind")),
        sa.UniqueConstraint("number", name=op.f("uq_cases_number")),
    )
    create_indexes("cases", "processor_id", "zone_id")
    op.create_table(
        "case_counters",
        sa.Column("office", sa.String(length=8), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("office", "day", name=op.f("pk_case_counters")),
    )
    with op.batch_alter_table("export_reports", schema=None) as batch_op:
        batch_op.add_column(sa.Column("review_requested_by", sa.String(length=100), nullable=True))
        batch_op.add_column(
            sa.Column("review_requested_at", chujing.platform.db.UTCDateTime(), nullable=True)
        )


def downgrade() -> None:
    """Drop the review request, the counters and the cases."""
    with op.batch_alter_table("export_reports", schema=None) as batch_op:
        batch_op.drop_column("review_requested_at")
        batch_op.drop_column("review_requested_by")
    op.drop_table("case_counters")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cases_zone_id"))
        batch_op.drop_index(batch_op.f("ix_cases_processor_id"))
    op.drop_table("cases")
