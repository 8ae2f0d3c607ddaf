"""cases (办件) with their numbers and counters; reports sent for signature (2026-12-02)."""

import sqlalchemy as sa
from alembic import op

from chujing.platform.migrations.columns import (
    create_table,
    drop_tables,
    reference,
    timestamp,
)

revision: str = "0008"
down_revision: str | None = "0007"


def upgrade() -> None:
    """The cases table, the per-office daily counters, and the report's review request."""
    create_table(
        "cases",
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("office", sa.String(length=8), nullable=False),
        reference("zone_id", "zones", nullable=True),
        reference("processor_id", "processors", nullable=True),
        sa.Column("submitter", sa.String(length=100), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        timestamp("opened_at"),
        timestamp("accepted_at", nullable=True),
        sa.Column("accepted_by", sa.String(length=100), nullable=True),
        unique=[("kind", "entity_id"), ("number",)],
        indexed=("processor_id", "zone_id"),
    )
    op.create_table(
        "case_counters",
        sa.Column("office", sa.String(length=8), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("office", "day", name=op.f("pk_case_counters")),
    )
    with op.batch_alter_table("export_reports", schema=None) as batch_op:
        batch_op.add_column(sa.Column("review_requested_by", sa.String(length=100), nullable=True))
        batch_op.add_column(timestamp("review_requested_at", nullable=True))


def downgrade() -> None:
    """Drop the review request, the counters and the cases."""
    with op.batch_alter_table("export_reports", schema=None) as batch_op:
        batch_op.drop_column("review_requested_at")
        batch_op.drop_column("review_requested_by")
    drop_tables("case_counters", "cases")
