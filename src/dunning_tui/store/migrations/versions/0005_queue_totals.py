"""The queue's totals per currency and tier, kept by triggers instead of read from an index

Revision ID: 0005
Revises: 0004

Each write to ``queue_rows`` used to update three b-trees (the table, its order index and a
totals index). The totals index cost a quarter of the pages a new day writes, and summing it still
read every queued debtor. A dozen rows of running totals, kept by triggers on ``queue_rows``
(which also fire for the rows a deleted debtor takes with it), answer the same question at once.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_ADD = (
    "INSERT INTO queue_totals (currency, tier, debtors, overdue_cents) "
    "VALUES (NEW.currency, NEW.tier, 1, NEW.overdue_cents) "
    "ON CONFLICT (currency, tier) DO UPDATE SET debtors = queue_totals.debtors + 1, "
    "overdue_cents = queue_totals.overdue_cents + excluded.overdue_cents;"
)
_REMOVE = (
    "UPDATE queue_totals SET debtors = debtors - 1, overdue_cents = overdue_cents - OLD.overdue_cents "
    "WHERE currency = OLD.currency AND tier = OLD.tier;"
)


def upgrade() -> None:
    op.drop_index("ix_queue_rows_totals", table_name="queue_rows")
    op.create_table(
        "queue_totals",
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("tier", sa.Integer(), nullable=False),
        sa.Column("debtors", sa.Integer(), nullable=False),
        sa.Column("overdue_cents", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("currency", "tier"),
    )
    op.execute(
        "INSERT INTO queue_totals (currency, tier, debtors, overdue_cents) "
        "SELECT currency, tier, count(*), sum(overdue_cents) FROM queue_rows GROUP BY currency, tier"
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"""CREATE FUNCTION queue_totals_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN {_REMOVE} END IF;
  IF TG_OP <> 'DELETE' THEN {_ADD} END IF;
  RETURN NULL;
END $$"""
        )
        op.execute(
            "CREATE TRIGGER queue_totals_keep AFTER INSERT OR DELETE OR UPDATE ON queue_rows "
            "FOR EACH ROW EXECUTE FUNCTION queue_totals_keep()"
        )
    else:
        op.execute(f"CREATE TRIGGER queue_totals_insert AFTER INSERT ON queue_rows BEGIN {_ADD} END")
        op.execute(f"CREATE TRIGGER queue_totals_delete AFTER DELETE ON queue_rows BEGIN {_REMOVE} END")
        op.execute(
            f"CREATE TRIGGER queue_totals_update AFTER UPDATE ON queue_rows BEGIN {_REMOVE} {_ADD} END"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS queue_totals_keep ON queue_rows")
        op.execute("DROP FUNCTION IF EXISTS queue_totals_keep()")
    else:
        for name in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS queue_totals_{name}")
    op.drop_table("queue_totals")
    op.create_index("ix_queue_rows_totals", "queue_rows", ["currency", "tier", "overdue_cents"])
