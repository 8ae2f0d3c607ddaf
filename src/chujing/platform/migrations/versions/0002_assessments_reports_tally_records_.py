"""assessments, reports, tally, records, consultations (2026-11-27)."""

import sqlalchemy as sa

from chujing.platform.migrations.columns import (
    create_table,
    drop_tables,
    reference,
    step_columns,
    timestamp,
    version_column,
)

revision: str = "0002"
down_revision: str | None = "0001"


def upgrade() -> None:
    """Assessments, export reports with their events, incidents, records and consultations."""
    create_table(
        "faq_entries",
        reference("zone_id", "zones"),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("question", sa.String(length=20000), nullable=False),
        sa.Column("answer", sa.String(length=20000), nullable=False),
        timestamp("published_at"),
        indexed=("zone_id",),
    )

    create_table(
        "assessments",
        reference("processor_id", "processors"),
        reference("zone_id", "zones"),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("plan", sa.JSON(), nullable=False),
        sa.Column("outcome", sa.JSON(), nullable=False),
        sa.Column("pathway", sa.String(length=64), nullable=False),
        sa.Column("rules_version", sa.String(length=100), nullable=False),
        sa.Column("list_id", sa.String(length=100), nullable=True),
        sa.Column("list_version", sa.String(length=100), nullable=True),
        sa.Column("input_sha256", sa.String(length=64), nullable=False),
        sa.Column("evaluated_on", sa.Date(), nullable=False),
        reference("rerun_of_id", "assessments", nullable=True),
        sa.Column("changes", sa.JSON(), nullable=False),
        reference("created_by", "users", nullable=True),
        timestamp("created_at"),
        indexed=("pathway", "processor_id", "zone_id"),
    )

    create_table(
        "consultations",
        reference("processor_id", "processors"),
        reference("zone_id", "zones"),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("question", sa.String(length=20000), nullable=False),
        reference("assessment_id", "assessments", nullable=True),
        sa.Column("plan", sa.JSON(), nullable=True),
        sa.Column("state", sa.String(length=32), nullable=False),
        timestamp("asked_at"),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("answer", sa.String(length=20000), nullable=False),
        timestamp("answered_at", nullable=True),
        sa.Column("answered_by", sa.String(length=100), nullable=True),
        reference("faq_id", "faq_entries", nullable=True),
        version_column(),
        indexed=("processor_id", "state", "zone_id"),
    )

    create_table(
        "export_reports",
        reference("processor_id", "processors"),
        reference("zone_id", "zones"),
        sa.Column("state", sa.String(length=32), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("scenario", sa.String(length=64), nullable=False),
        sa.Column("scenario_name", sa.String(length=200), nullable=False),
        sa.Column("categories", sa.JSON(), nullable=False),
        sa.Column("persons", sa.Integer(), nullable=False),
        sa.Column("sensitive_persons", sa.Integer(), nullable=False),
        sa.Column("recipients", sa.JSON(), nullable=False),
        sa.Column("export_date", sa.Date(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        reference("assessment_id", "assessments", nullable=True),
        reference("supersedes_id", "export_reports", nullable=True),
        sa.Column("commitment_signed_by", sa.String(length=200), nullable=True),
        timestamp("commitment_signed_at", nullable=True),
        sa.Column("commitment_sha256", sa.String(length=64), nullable=True),
        sa.Column("deficiencies", sa.JSON(), nullable=False),
        sa.Column("times_returned", sa.Integer(), nullable=False),
        reference("created_by", "users", nullable=True),
        timestamp("created_at"),
        timestamp("submitted_at", nullable=True),
        timestamp("decided_at", nullable=True),
        version_column(),
        indexed=("processor_id", "scenario", "state", "year", "zone_id"),
    )

    create_table(
        "incidents",
        reference("processor_id", "processors"),
        reference("zone_id", "zones"),
        reference("report_id", "export_reports", nullable=True),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.String(length=20000), nullable=False),
        sa.Column("measures", sa.String(length=20000), nullable=False),
        timestamp("occurred_at"),
        timestamp("reported_at"),
        sa.Column("state", sa.String(length=32), nullable=False),
        sa.Column("rectification_due", sa.Date(), nullable=True),
        timestamp("closed_at", nullable=True),
        version_column(),
        indexed=("processor_id", "state", "zone_id"),
    )

    create_table(
        "person_sketches",
        reference("report_id", "export_reports"),
        reference("processor_id", "processors"),
        reference("zone_id", "zones"),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("salt_id", sa.String(length=64), nullable=False),
        sa.Column("key_kind", sa.String(length=64), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        timestamp("created_at"),
        unique=[("report_id",)],
        indexed=("processor_id", "year", "zone_id"),
    )

    create_table(
        "processing_records",
        reference("processor_id", "processors"),
        reference("zone_id", "zones"),
        reference("report_id", "export_reports", nullable=True),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("activity", sa.String(length=200), nullable=False),
        sa.Column("recipient", sa.String(length=200), nullable=False),
        sa.Column("purpose", sa.String(length=200), nullable=False),
        sa.Column("data_categories", sa.JSON(), nullable=False),
        sa.Column("description", sa.String(length=20000), nullable=False),
        reference("recorded_by", "users", nullable=True),
        timestamp("recorded_at"),
        indexed=("occurred_on", "processor_id", "report_id", "zone_id"),
    )

    create_table(
        "report_events",
        reference("report_id", "export_reports"),
        *step_columns("state"),
        sa.Column("deficiencies", sa.JSON(), nullable=False),
        indexed=("report_id",),
    )

    create_table(
        "incident_routes",
        reference("incident_id", "incidents"),
        reference("zone_id", "zones", nullable=True),
        reference("department_id", "departments", nullable=True),
        timestamp("routed_at"),
        indexed=("incident_id",),
    )

    create_table(
        "incident_steps",
        reference("incident_id", "incidents"),
        *step_columns("state"),
        sa.Column("due", sa.Date(), nullable=True),
        indexed=("incident_id",),
    )


def downgrade() -> None:
    """Drop the tables, newest first."""
    drop_tables(
        "incident_steps",
        "incident_routes",
        "report_events",
        "processing_records",
        "person_sketches",
        "incidents",
        "export_reports",
        "consultations",
        "assessments",
        "faq_entries",
    )
