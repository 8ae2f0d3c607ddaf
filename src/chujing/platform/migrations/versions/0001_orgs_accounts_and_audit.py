"""orgs, accounts and audit (2026-11-27)."""

import sqlalchemy as sa
from alembic import op

from chujing.platform.migrations.columns import (
    create_indexes,
    create_table,
    drop_tables,
    id_primary_key,
    reference,
    timestamp,
    version_column,
)

revision: str = "0001"
down_revision: str | None = None


def upgrade() -> None:
    """The audit chain (append-only in the database itself), organisations and accounts."""
    op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        id_primary_key("audit_head"),
    )
    op.create_table(
        "audit_log",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        timestamp("at"),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("entity", sa.String(length=64), nullable=False),
        sa.Column("entity_id", sa.String(length=64), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("before_hash", sa.String(length=64), nullable=True),
        sa.Column("after_hash", sa.String(length=64), nullable=True),
        sa.Column("address", sa.String(length=100), nullable=True),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_audit_log")),
        sa.UniqueConstraint("hash", name=op.f("uq_audit_log_hash")),
    )
    create_indexes("audit_log", "action")

    create_table(
        "departments",
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("short_name", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("sectors", sa.JSON(), nullable=False),
        unique=[("code",)],
    )
    create_table(
        "experts",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("affiliation", sa.String(length=200), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        version_column(),
    )
    create_table(
        "login_failures",
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("address", sa.String(length=100), nullable=False),
        timestamp("at"),
        indexed=("address", "at", "username"),
    )

    create_table(
        "zones",
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("area", sa.String(length=200), nullable=False),
        sa.Column("government", sa.String(length=200), nullable=False),
        version_column(),
        unique=[("code",)],
    )
    create_table(
        "processors",
        sa.Column("uscc", sa.String(length=18), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        reference("zone_id", "zones"),
        sa.Column("sector", sa.String(length=100), nullable=False),
        sa.Column("ftz", sa.String(length=32), nullable=False),
        sa.Column("ciio", sa.Boolean(), nullable=False),
        sa.Column("contact_name", sa.String(length=200), nullable=False),
        sa.Column("contact_phone", sa.String(length=40), nullable=False),
        sa.Column("contact_email", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        timestamp("created_at"),
        version_column(),
        unique=[("uscc",)],
        indexed=("name", "sector", "status", "zone_id"),
    )

    create_table(
        "users",
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        reference("zone_id", "zones", nullable=True),
        reference("processor_id", "processors", nullable=True),
        reference("department_id", "departments", nullable=True),
        reference("expert_id", "experts", nullable=True),
        sa.Column("password_hash", sa.String(length=200), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        timestamp("created_at"),
        version_column(),
        unique=[("username",)],
        indexed=("processor_id", "role", "zone_id"),
    )

    create_table(
        "api_tokens",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        reference("user_id", "users"),
        sa.Column("name", sa.String(length=200), nullable=False),
        timestamp("created_at"),
        timestamp("expires_at"),
        timestamp("revoked_at", nullable=True),
        unique=[("token_hash",)],
        indexed=("user_id",),
    )

    create_table(
        "login_sessions",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        reference("user_id", "users"),
        sa.Column("csrf_token", sa.String(length=100), nullable=False),
        timestamp("created_at"),
        timestamp("expires_at"),
        sa.Column("address", sa.String(length=100), nullable=True),
        sa.Column("revoked", sa.Boolean(), nullable=False),
        unique=[("token_hash",)],
        indexed=("user_id",),
    )

    _guard_audit_log()
    op.execute("INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '" + "0" * 64 + "')")


_PG_GUARD = """
CREATE FUNCTION chujing_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION chujing_audit_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION chujing_audit_append_only();
"""


def _guard_audit_log() -> None:
    """Refuse UPDATE and DELETE on the audit log in the database itself."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_PG_GUARD)
    else:
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_log_no_{event.lower()} BEFORE {event} ON audit_log "
                "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
            )


def _unguard_audit_log() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log")
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log")
        op.execute("DROP FUNCTION IF EXISTS chujing_audit_append_only()")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")


def downgrade() -> None:
    """Drop the tables, newest first."""
    _unguard_audit_log()
    drop_tables(
        "login_sessions",
        "api_tokens",
        "users",
        "processors",
        "zones",
        "login_failures",
        "experts",
        "departments",
        "audit_log",
        "audit_head",
    )
