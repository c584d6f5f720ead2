"""The follow-up kept per debtor, and the triggers that mark the debtors whose facts changed

Revision ID: 0013
Revises: 0012

``followup_plans`` keeps, per debtor, the escalation stage its last follow-up found and the next day
its plan can change while its facts stay as they are (``replan_on``, indexed): a new day's follow-up
plans those debtors again, and the ones in ``followup_dirty``, which triggers fill whenever one of
the facts the follow-up reads is written, whatever program writes it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

#: (table, the debtor of a row as a query on ``{row}``, columns whose change is a new fact)
WATCHED = (
    (
        "invoices",
        "SELECT {row}.debtor_id",
        "debtor_id, number, due_date, currency, total_cents, paid_cents, status",
    ),
    (
        "payments",
        "SELECT debtor_id FROM invoices WHERE id = {row}.invoice_id",
        "invoice_id, paid_on, amount_cents",
    ),
    ("calls", "SELECT {row}.debtor_id", "debtor_id, started_at, outcome"),
    ("contact_events", "SELECT {row}.debtor_id", "debtor_id, occurred_at, channel"),
    (
        "event_invoices",
        "SELECT debtor_id FROM contact_events WHERE id = {row}.event_id",
        "event_id, invoice_id",
    ),
    (
        "promises",
        "SELECT {row}.debtor_id",
        "debtor_id, promised_date, amount_cents, currency, status, created_at, plan_id",
    ),
    (
        "promise_invoices",
        "SELECT debtor_id FROM promises WHERE id = {row}.promise_id",
        "promise_id, invoice_id",
    ),
    ("next_actions", "SELECT {row}.debtor_id", "debtor_id, kind, due_date, due_time, reason, done_at"),
    ("debtors", "SELECT {row}.id", "kind, pause_until"),
)
_MARK_POSTGRESQL = "INSERT INTO followup_dirty (debtor_id) {debtor} ON CONFLICT (debtor_id) DO NOTHING;"
_MARK_SQLITE = "INSERT OR IGNORE INTO followup_dirty (debtor_id) {debtor};"


def upgrade() -> None:
    op.create_table(
        "followup_plans",
        sa.Column("debtor_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("stage", sa.String(length=32), nullable=False),
        sa.Column("replan_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["debtor_id"], ["debtors.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("debtor_id"),
    )
    op.create_index("ix_followup_plans_replan_on", "followup_plans", ["replan_on"])
    op.create_table(
        "followup_dirty",
        sa.Column("debtor_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.PrimaryKeyConstraint("debtor_id"),
    )
    if op.get_bind().dialect.name == "postgresql":
        _postgresql_triggers()
    else:
        _sqlite_triggers()
    # Every debtor is planned again at the next start, which fills the table.
    op.execute("DELETE FROM app_state WHERE key = 'followup_refreshed_on'")


def _sqlite_triggers() -> None:
    for table, debtor, columns in WATCHED:
        events: list[tuple[str, str, tuple[str, ...]]] = [("update", f"UPDATE OF {columns}", ("OLD", "NEW"))]
        if table != "debtors":  # a new debtor has no facts yet; a deleted one takes its plan along
            events += [("insert", "INSERT", ("NEW",)), ("delete", "DELETE", ("OLD",))]
        for name, event, rows in events:
            marks = " ".join(_MARK_SQLITE.format(debtor=debtor.format(row=row)) for row in rows)
            op.execute(
                f"CREATE TRIGGER followup_dirty_{table}_{name} AFTER {event} ON {table} "
                f"FOR EACH ROW BEGIN {marks} END"
            )


def _postgresql_triggers() -> None:
    for table, debtor, columns in WATCHED:
        old, new = (_MARK_POSTGRESQL.format(debtor=debtor.format(row=row)) for row in ("OLD", "NEW"))
        op.execute(
            f"""CREATE FUNCTION followup_dirty_{table}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN {old} END IF;
  IF TG_OP <> 'DELETE' THEN {new} END IF;
  RETURN NULL;
END $$"""
        )
        event = f"UPDATE OF {columns}" if table == "debtors" else f"INSERT OR DELETE OR UPDATE OF {columns}"
        op.execute(
            f"CREATE TRIGGER followup_dirty_{table} AFTER {event} ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION followup_dirty_{table}()"
        )


def downgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    for table, _debtor, _columns in WATCHED:
        if postgresql:
            op.execute(f"DROP TRIGGER IF EXISTS followup_dirty_{table} ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS followup_dirty_{table}()")
        else:
            for name in ("update", "insert", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS followup_dirty_{table}_{name}")
    op.drop_table("followup_dirty")
    op.drop_index("ix_followup_plans_replan_on", table_name="followup_plans")
    op.drop_table("followup_plans")
