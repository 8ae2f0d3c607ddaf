"""inbox reads: when each user last read each category of the notification centre

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 05:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import chujing.platform.db
from chujing.platform.migrations.columns import foreign_key

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """One row per user and category."""
    op.create_table(
        "inbox_reads",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=16), nullable=False),
        sa.Column("read_at", chujing.platform.db.UTCDateTime(), nullable=False),
        foreign_key("inbox_reads", "user_id", "users.id"),
        sa.PrimaryKeyConstraint("user_id", "category", name=op.f("pk_inbox_reads")),
    )


def downgrade() -> None:
    """Drop the table."""
    op.drop_table("inbox_reads")
