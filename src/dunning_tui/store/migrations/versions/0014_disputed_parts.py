"""The disputed part of an invoice waits: the queue counts what is chased, and its change is a new fact

Revision ID: 0014
Revises: 0013

The queue counts, of each open invoice, what is chased now: its balance less the disputed part on
hold (``invoices.disputed_cents``, all of it when empty). The covering index the queue reads takes
the status and the disputed amount, and the triggers that mark a debtor's queue row and follow-up
to recompute watch the disputed amount, and the day a disputing client's documents are due.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

UNPAID = "status IN ('open', 'disputed') AND paid_cents < total_cents"
QUEUE_INDEX = ["debtor_id", "due_date", "total_cents", "paid_cents", "currency"]

#: (trigger prefix, table, the debtor of a row as a query on ``{row}``, columns before, columns added)
UPDATE_TRIGGERS = (
    (
        "queue_dirty",
        "invoices",
        "SELECT {row}.debtor_id",
        "debtor_id, status, due_date, total_cents, paid_cents, currency",
        ", disputed_cents",
    ),
    (
        "followup_dirty",
        "invoices",
        "SELECT {row}.debtor_id",
        "debtor_id, number, due_date, currency, total_cents, paid_cents, status",
        ", disputed_cents",
    ),
    (
        "followup_dirty",
        "calls",
        "SELECT {row}.debtor_id",
        "debtor_id, started_at, outcome",
        ", documents_due",
    ),
)


def _index(columns: list[str]) -> None:
    op.drop_index("ix_invoices_open_queue", table_name="invoices")
    op.create_index(
        "ix_invoices_open_queue",
        "invoices",
        columns,
        unique=False,
        sqlite_where=sa.text(UNPAID),
        postgresql_where=sa.text(UNPAID),
    )


def _triggers(added: bool) -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    for prefix, table, debtor, columns, extra in UPDATE_TRIGGERS:
        watched = columns + (extra if added else "")
        if postgresql:
            op.execute(f"DROP TRIGGER IF EXISTS {prefix}_{table} ON {table}")
            op.execute(
                f"CREATE TRIGGER {prefix}_{table} AFTER INSERT OR DELETE OR UPDATE OF {watched} ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {prefix}_{table}()"
            )
            continue
        marks = " ".join(
            f"INSERT OR IGNORE INTO {prefix} (debtor_id) {debtor.format(row=row)};" for row in ("OLD", "NEW")
        )
        op.execute(f"DROP TRIGGER IF EXISTS {prefix}_{table}_update")
        op.execute(
            f"CREATE TRIGGER {prefix}_{table}_update AFTER UPDATE OF {watched} ON {table} "
            f"FOR EACH ROW BEGIN {marks} END"
        )


def upgrade() -> None:
    _index([*QUEUE_INDEX, "status", "disputed_cents"])
    _triggers(added=True)
    # The queue's rows are computed again, disputed parts left out, and the disputing debtors'
    # follow-up planned again: the undisputed invoices are chased.
    op.execute("DELETE FROM app_state WHERE key = 'queue_as_of'")
    op.execute(
        "INSERT INTO followup_dirty (debtor_id) SELECT DISTINCT debtor_id FROM invoices "
        "WHERE status = 'disputed' ON CONFLICT (debtor_id) DO NOTHING"
    )


def downgrade() -> None:
    _triggers(added=False)
    _index(QUEUE_INDEX)
    op.execute("DELETE FROM app_state WHERE key = 'queue_as_of'")
