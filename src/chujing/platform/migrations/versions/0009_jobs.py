"""jobs: the persistent queue of background work (scans, reminders, checkpoints) (2026-12-02)."""

import sqlalchemy as sa
from alembic import op

from chujing.platform.migrations.columns import (
    foreign_key,
    id_primary_key,
    timestamp,
)

revision: str = "0009"
down_revision: str | None = "0008"


def upgrade() -> None:
    """The jobs table, claimed by state and due time."""
    op.create_table(
        "jobs",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=True),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("phase", sa.String(length=64), nullable=False),
        sa.Column("progress", sa.Integer(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("max_attempts", sa.Integer(), nullable=False),
        sa.Column("unique_key", sa.String(length=128), nullable=True),
        sa.Column("worker", sa.String(length=128), nullable=True),
        timestamp("run_after"),
        timestamp("lease_until", nullable=True),
        timestamp("created_at"),
        timestamp("started_at", nullable=True),
        timestamp("finished_at", nullable=True),
        foreign_key("jobs", "owner_id", "users.id"),
        id_primary_key("jobs"),
        sa.UniqueConstraint("unique_key", name=op.f("uq_jobs_unique_key")),
    )
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.create_index("ix_jobs_state_run_after", ["state", "run_after"], unique=False)


def downgrade() -> None:
    """Drop the jobs table (queued work is lost)."""
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_index("ix_jobs_state_run_after")
    op.drop_table("jobs")
