"""i14: filing cases and their materials (2026-12-02)."""

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"


def upgrade() -> None:
    """One case per assessment; one row per required material."""
    op.create_table(
        "filing_cases",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("assessment_id", sa.Integer(), sa.ForeignKey("assessments.id"), nullable=False),
        sa.Column("processor_id", sa.Integer(), sa.ForeignKey("processors.id"), nullable=False),
        sa.Column("zone_id", sa.Integer(), sa.ForeignKey("zones.id"), nullable=False),
        sa.Column("pathway", sa.String(64), nullable=False),
        sa.Column("route", sa.String(32), nullable=True),
        sa.Column("rules_version", sa.String(100), nullable=False),
        sa.Column("contract_effective_on", sa.Date(), nullable=True),
        sa.Column("created_by", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("assessment_id"),
    )
    op.create_index("ix_filing_cases_processor_id", "filing_cases", ["processor_id"])
    op.create_index("ix_filing_cases_zone_id", "filing_cases", ["zone_id"])
    op.create_table(
        "filing_materials",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("filing_cases.id"), nullable=False),
        sa.Column("processor_id", sa.Integer(), sa.ForeignKey("processors.id"), nullable=False),
        sa.Column("zone_id", sa.Integer(), sa.ForeignKey("zones.id"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("basis", sa.String(500), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("file", sa.String(100), nullable=True),
        sa.Column("sha256", sa.String(64), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("updated_by", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    for column in ("case_id", "processor_id", "zone_id"):
        op.create_index(f"ix_filing_materials_{column}", "filing_materials", [column])


def downgrade() -> None:
    """Drop both tables."""
    op.drop_table("filing_materials")
    op.drop_table("filing_cases")
