"""report list indexes (2026-11-27)."""

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"


def upgrade() -> None:
    """Composite indexes for scoped, state-filtered report lists (newest first)."""
    with op.batch_alter_table("export_reports", schema=None) as batch_op:
        batch_op.create_index(
            "ix_export_reports_zone_state_id", ["zone_id", "state", "id"], unique=False
        )
        batch_op.create_index(
            "ix_export_reports_processor_state_id", ["processor_id", "state", "id"], unique=False
        )


def downgrade() -> None:
    """Drop the composite indexes."""
    with op.batch_alter_table("export_reports", schema=None) as batch_op:
        batch_op.drop_index("ix_export_reports_processor_state_id")
        batch_op.drop_index("ix_export_reports_zone_state_id")
