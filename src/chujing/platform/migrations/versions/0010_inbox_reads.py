"""inbox reads: when each user last read each category of the notification centre (2026-12-02)."""

import sqlalchemy as sa
from alembic import op

from chujing.platform.migrations.columns import (
    foreign_key,
    timestamp,
)

revision: str = "0010"
down_revision: str | None = "0009"


def upgrade() -> None:
    """One row per user and category."""
    op.create_table(
        "inbox_reads",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=16), nullable=False),
        timestamp("read_at"),
        foreign_key("inbox_reads", "user_id", "users.id"),
        sa.PrimaryKeyConstraint("user_id", "category", name=op.f("pk_inbox_reads")),
    )


def downgrade() -> None:
    """Drop the table."""
    op.drop_table("inbox_reads")
