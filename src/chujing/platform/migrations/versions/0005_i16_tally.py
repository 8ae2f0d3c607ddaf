"""i16: report items with their basis, processors' registration date, verified rectifications
(2026-12-01).
"""

from datetime import UTC
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"

_SHANGHAI = ZoneInfo("Asia/Shanghai")


def upgrade() -> None:
    """Report items (none recorded for existing reports: they count in full), the processor's
    registration date in the zone (backfilled with the day its row was created, Asia/Shanghai),
    and the rectification verified before a suspension is lifted."""
    with op.batch_alter_table("export_reports", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("items", sa.JSON(), nullable=False, server_default=sa.text("'[]'"))
        )
        batch_op.add_column(
            sa.Column("items_source", sa.String(16), nullable=False, server_default="none")
        )
    with op.batch_alter_table("supervision_orders", schema=None) as batch_op:
        batch_op.add_column(sa.Column("rectification", sa.JSON(), nullable=True))
    with op.batch_alter_table("processors", schema=None) as batch_op:
        batch_op.add_column(sa.Column("registered_on", sa.Date(), nullable=True))
    processors = sa.table(
        "processors",
        sa.column("id", sa.Integer()),
        sa.column("created_at", sa.DateTime()),
        sa.column("registered_on", sa.Date()),
    )
    bind = op.get_bind()
    for row in bind.execute(sa.select(processors.c.id, processors.c.created_at)).all():
        day = row.created_at.replace(tzinfo=UTC).astimezone(_SHANGHAI).date()
        bind.execute(processors.update().where(processors.c.id == row.id).values(registered_on=day))
    with op.batch_alter_table("processors", schema=None) as batch_op:
        batch_op.alter_column("registered_on", existing_type=sa.Date(), nullable=False)


def downgrade() -> None:
    """Drop the columns again."""
    with op.batch_alter_table("processors", schema=None) as batch_op:
        batch_op.drop_column("registered_on")
    with op.batch_alter_table("supervision_orders", schema=None) as batch_op:
        batch_op.drop_column("rectification")
    with op.batch_alter_table("export_reports", schema=None) as batch_op:
        batch_op.drop_column("items_source")
        batch_op.drop_column("items")
