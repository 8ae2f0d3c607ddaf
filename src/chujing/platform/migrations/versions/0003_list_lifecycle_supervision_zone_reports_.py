"""list lifecycle, supervision, zone reports, clocks (2026-11-27)."""

import sqlalchemy as sa
from alembic import op

from chujing.platform.migrations.columns import (
    create_table,
    drop_tables,
    foreign_key,
    reference,
    step_columns,
    timestamp,
    version_column,
)

revision: str = "0003"
down_revision: str | None = "0002"


def upgrade() -> None:
    """List drafts and versions, supervision, zone reports and the clocks' reminders."""
    create_table(
        "clock_reminders",
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("ref_id", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(length=16), nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("zone_id", sa.Integer(), nullable=True),
        sa.Column("recipient", sa.String(length=100), nullable=False),
        sa.Column("message", sa.String(length=2000), nullable=False),
        sa.Column("recorded_on", sa.Date(), nullable=False),
        timestamp("recorded_at"),
        unique=[("kind", "ref_id", "stage")],
        indexed=("kind",),
    )

    create_table(
        "important_data_items",
        sa.Column("sector", sa.String(length=100), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("category", sa.Integer(), nullable=False),
        sa.Column("description", sa.String(length=20000), nullable=False),
        sa.Column("basis", sa.String(length=2000), nullable=False),
        timestamp("created_at"),
        unique=[("sector", "code")],
        indexed=("sector",),
    )

    create_table(
        "joint_bulletins",
        sa.Column("period", sa.String(length=8), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("figures", sa.JSON(), nullable=False),
        sa.Column("note", sa.String(length=20000), nullable=False),
        sa.Column("issued_by", sa.String(length=100), nullable=False),
        timestamp("issued_at"),
        indexed=("period",),
    )

    create_table(
        "list_versions",
        sa.Column("list_id", sa.String(length=64), nullable=False),
        sa.Column("list_version", sa.String(length=32), nullable=False),
        sa.Column("sector", sa.String(length=100), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=False),
        sa.Column("state", sa.String(length=32), nullable=False),
        sa.Column("repealed_on", sa.Date(), nullable=True),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("draft_id", sa.Integer(), nullable=True),
        timestamp("published_at"),
        unique=[("list_id", "list_version")],
        indexed=("list_id", "sector"),
    )

    create_table(
        "inspectors",
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        reference("department_id", "departments"),
        reference("zone_id", "zones", nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        timestamp("created_at"),
        unique=[("code",)],
        indexed=("zone_id",),
    )

    create_table(
        "list_drafts",
        sa.Column("list_id", sa.String(length=64), nullable=False),
        sa.Column("sector", sa.String(length=100), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("batch", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(length=32), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        reference("base_version_id", "list_versions", nullable=True),
        sa.Column("approval_ref", sa.String(length=200), nullable=False),
        sa.Column("filing_ref", sa.String(length=200), nullable=False),
        timestamp("created_at"),
        version_column(),
        indexed=("list_id", "sector", "stage"),
    )

    create_table(
        "supervision_draws",
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("item_code", sa.String(length=64), nullable=False),
        reference("zone_id", "zones", nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("parameters", sa.JSON(), nullable=False),
        sa.Column("processors", sa.JSON(), nullable=False),
        sa.Column("inspectors", sa.JSON(), nullable=False),
        sa.Column("commitment", sa.JSON(), nullable=False),
        sa.Column("seed_hex", sa.String(length=64), nullable=False),
        sa.Column("receipt", sa.JSON(), nullable=True),
        sa.Column("receipt_sha256", sa.String(length=64), nullable=True),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        timestamp("committed_at"),
        timestamp("drawn_at", nullable=True),
        unique=[("code",)],
        indexed=("zone_id",),
    )

    create_table(
        "zone_reports",
        reference("zone_id", "zones"),
        sa.Column("period", sa.String(length=8), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("figures", sa.JSON(), nullable=False),
        sa.Column("narrative", sa.String(length=20000), nullable=False),
        timestamp("compiled_at"),
        sa.Column("reviewed_by", sa.String(length=100), nullable=False),
        sa.Column("submitted_by", sa.String(length=100), nullable=False),
        timestamp("submitted_at", nullable=True),
        version_column(),
        unique=[("zone_id", "period")],
        indexed=("zone_id",),
    )

    create_table(
        "conflict_declarations",
        reference("inspector_id", "inspectors"),
        reference("processor_id", "processors"),
        sa.Column("reason", sa.String(length=2000), nullable=False),
        timestamp("declared_at"),
        sa.Column("declared_by", sa.String(length=100), nullable=False),
        unique=[("inspector_id", "processor_id")],
        indexed=("inspector_id", "processor_id"),
    )

    create_table(
        "inspections",
        reference("processor_id", "processors"),
        reference("zone_id", "zones"),
        reference("draw_id", "supervision_draws", nullable=True),
        sa.Column("item_code", sa.String(length=64), nullable=False),
        sa.Column("inspectors", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("findings", sa.JSON(), nullable=False),
        sa.Column("result", sa.String(length=16), nullable=False),
        sa.Column("concluded_on", sa.Date(), nullable=True),
        sa.Column("publish_due", sa.Date(), nullable=True),
        sa.Column("published_on", sa.Date(), nullable=True),
        timestamp("created_at"),
        version_column(),
        indexed=("draw_id", "processor_id", "state", "zone_id"),
    )

    create_table(
        "list_comments",
        reference("draft_id", "list_drafts"),
        sa.Column("author", sa.String(length=100), nullable=False),
        sa.Column("author_kind", sa.String(length=32), nullable=False),
        sa.Column("entry_code", sa.String(length=64), nullable=False),
        sa.Column("text", sa.String(length=20000), nullable=False),
        timestamp("created_at"),
        sa.Column("resolution", sa.String(length=32), nullable=False),
        sa.Column("resolution_note", sa.String(length=20000), nullable=False),
        sa.Column("resolved_by", sa.String(length=100), nullable=False),
        timestamp("resolved_at", nullable=True),
        indexed=("draft_id",),
    )

    create_table(
        "list_draft_events",
        reference("draft_id", "list_drafts"),
        *step_columns("stage"),
        indexed=("draft_id",),
    )

    create_table(
        "list_surveys",
        sa.Column("sector", sa.String(length=100), nullable=False),
        reference("draft_id", "list_drafts", nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("open", sa.Boolean(), nullable=False),
        timestamp("created_at"),
        indexed=("sector",),
    )

    op.create_table(
        "processor_risk",
        sa.Column("processor_id", sa.Integer(), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=2000), nullable=False),
        sa.Column("set_by", sa.String(length=100), nullable=False),
        timestamp("set_at"),
        foreign_key("processor_risk", "processor_id", "processors.id"),
        sa.PrimaryKeyConstraint("processor_id", name=op.f("pk_processor_risk")),
    )
    create_table(
        "list_survey_answers",
        reference("survey_id", "list_surveys"),
        reference("processor_id", "processors"),
        sa.Column("scenarios", sa.JSON(), nullable=False),
        timestamp("submitted_at"),
        unique=[("survey_id", "processor_id")],
        indexed=("processor_id", "survey_id"),
    )

    create_table(
        "supervision_orders",
        reference("processor_id", "processors"),
        reference("zone_id", "zones"),
        reference("inspection_id", "inspections", nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=20000), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("issued_by", sa.String(length=100), nullable=False),
        timestamp("issued_at"),
        timestamp("closed_at", nullable=True),
        sa.Column("rectified", sa.Boolean(), nullable=True),
        sa.Column("closing_note", sa.String(length=20000), nullable=False),
        indexed=("kind", "processor_id", "state", "zone_id"),
    )

    create_table(
        "supervision_referrals",
        reference("processor_id", "processors"),
        reference("inspection_id", "inspections", nullable=True),
        reference("department_id", "departments"),
        sa.Column("reason", sa.String(length=20000), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        timestamp("created_at"),
        indexed=("department_id", "processor_id"),
    )

    create_table(
        "supervision_notices",
        reference("processor_id", "processors", nullable=True),
        reference("department_id", "departments", nullable=True),
        reference("about_processor_id", "processors"),
        reference("order_id", "supervision_orders", nullable=True),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("body", sa.String(length=20000), nullable=False),
        timestamp("sent_at"),
        indexed=("department_id", "processor_id"),
    )


def downgrade() -> None:
    """Drop the tables, newest first."""
    drop_tables(
        "supervision_notices",
        "supervision_referrals",
        "supervision_orders",
        "list_survey_answers",
        "processor_risk",
        "list_surveys",
        "list_draft_events",
        "list_comments",
        "inspections",
        "conflict_declarations",
        "zone_reports",
        "supervision_draws",
        "list_drafts",
        "inspectors",
        "list_versions",
        "joint_bulletins",
        "important_data_items",
        "clock_reminders",
    )
