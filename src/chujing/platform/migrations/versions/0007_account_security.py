"""i12: keyed audit entries, sessions' last activity (idle timeout) (2026-12-02)."""

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"


def upgrade() -> None:
    """Existing audit entries are marked unkeyed (`sha256`): they stay verifiable as the
    chain's legacy prefix. Plain ADD COLUMN, so SQLite keeps the append-only triggers."""
    op.add_column(
        "audit_log",
        sa.Column("mac", sa.String(16), nullable=False, server_default="sha256"),
    )
    op.add_column("login_sessions", sa.Column("last_seen_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    """Drop the columns again (keyed entries then no longer verify)."""
    with op.batch_alter_table("login_sessions", schema=None) as batch_op:
        batch_op.drop_column("last_seen_at")
    op.drop_column("audit_log", "mac")
