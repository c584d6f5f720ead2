"""The queue's summary table, the triggers that mark its rows to recompute, and date indexes

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

#: (table, key column naming the debtor, columns whose change can move the debtor in the queue)
WATCHED = (
    ("invoices", "debtor_id", "debtor_id, status, due_date, total_cents, paid_cents, currency"),
    ("next_actions", "debtor_id", "debtor_id, kind, due_date, done_at"),
    ("debtors", "id", "pause_until"),
)
_MARK_POSTGRESQL = "INSERT INTO queue_dirty VALUES ({row}.{key}) ON CONFLICT (debtor_id) DO NOTHING;"
_MARK_SQLITE = "INSERT OR IGNORE INTO queue_dirty VALUES ({row}.{key});"


def upgrade() -> None:
    op.create_table(
        "queue_rows",
        sa.Column("debtor_id", sa.Integer(), nullable=False),
        sa.Column("overdue_cents", sa.BigInteger(), nullable=False),
        sa.Column("oldest_due", sa.Date(), nullable=False),
        sa.Column("n_invoices", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("tier", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["debtor_id"], ["debtors.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("debtor_id"),
    )
    op.create_index(
        "ix_queue_rows_order",
        "queue_rows",
        ["tier", sa.text("overdue_cents DESC"), "oldest_due", "debtor_id"],
    )
    op.create_index("ix_queue_rows_totals", "queue_rows", ["currency", "tier", "overdue_cents"])
    op.create_table(
        "queue_dirty",
        sa.Column("debtor_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.PrimaryKeyConstraint("debtor_id"),
    )
    open_unpaid = sa.text("status IN ('open', 'disputed') AND paid_cents < total_cents")
    op.create_index(
        "ix_invoices_open_by_due",
        "invoices",
        ["due_date", "debtor_id"],
        sqlite_where=open_unpaid,
        postgresql_where=open_unpaid,
    )
    paused = sa.text("pause_until IS NOT NULL")
    op.create_index(
        "ix_debtors_pause_until", "debtors", ["pause_until"], sqlite_where=paused, postgresql_where=paused
    )
    if op.get_bind().dialect.name == "postgresql":
        _postgresql_triggers()
    else:
        _sqlite_triggers()


def _sqlite_triggers() -> None:
    for table, key, columns in WATCHED:
        events: list[tuple[str, str, tuple[str, ...]]] = [("update", f"UPDATE OF {columns}", ("OLD", "NEW"))]
        if table != "debtors":  # a new or deleted debtor has no invoices left to queue
            events += [("insert", "INSERT", ("NEW",)), ("delete", "DELETE", ("OLD",))]
        for name, event, rows in events:
            marks = " ".join(_MARK_SQLITE.format(row=row, key=key) for row in rows)
            op.execute(
                f"CREATE TRIGGER queue_dirty_{table}_{name} AFTER {event} ON {table} "
                f"FOR EACH ROW BEGIN {marks} END"
            )


def _postgresql_triggers() -> None:
    for table, key, columns in WATCHED:
        op.execute(
            f"""CREATE FUNCTION queue_dirty_{table}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN {_MARK_POSTGRESQL.format(row="OLD", key=key)} END IF;
  IF TG_OP <> 'DELETE' THEN {_MARK_POSTGRESQL.format(row="NEW", key=key)} END IF;
  RETURN NULL;
END $$"""
        )
        event = f"UPDATE OF {columns}" if table == "debtors" else f"INSERT OR DELETE OR UPDATE OF {columns}"
        op.execute(
            f"CREATE TRIGGER queue_dirty_{table} AFTER {event} ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION queue_dirty_{table}()"
        )


def downgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    for table, _key, _columns in WATCHED:
        if postgresql:
            op.execute(f"DROP TRIGGER IF EXISTS queue_dirty_{table} ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS queue_dirty_{table}()")
        else:
            for name in ("update", "insert", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS queue_dirty_{table}_{name}")
    op.drop_index("ix_debtors_pause_until", table_name="debtors")
    op.drop_index("ix_invoices_open_by_due", table_name="invoices")
    op.drop_table("queue_dirty")
    op.drop_index("ix_queue_rows_totals", table_name="queue_rows")
    op.drop_index("ix_queue_rows_order", table_name="queue_rows")
    op.drop_table("queue_rows")
