"""The report's figures kept as the data is written

Revision ID: 0012
Revises: 0011

Each paid invoice's settlement day, each payment's last call before it, each call's promises, the
calls through each script step per day, the open invoices per issue and due date, their payments
per month and all payments per day are kept by triggers (definitions in ``store/kept.py``), so the report adds up a few
thousand rows instead of reading every payment, invoice and step. Existing books get them filled
in here, from the same definitions.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from dunning_tui.store.kept import (
    INVOICE_DAYS,
    PAYMENT_SUMS,
    add_steps,
    count_invoice,
    count_payment,
    count_payments_of,
    count_promises,
    fill,
    invoice_days_sql,
    link_payments,
    link_payments_of_call,
    payment_sums_sql,
    recount_payments_like,
    remove_steps,
    settle_invoices,
    step_days_sql,
    step_of_row,
    steps_of_call,
)

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

_TABLES = ("payments", "invoices", "calls", "call_steps", "promises", "invoices_money", "payments_money")


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.add_column("invoices", sa.Column("settled_on", sa.Date(), nullable=True))
    op.add_column("payments", sa.Column("last_call_at", sa.DateTime(), nullable=True))
    for name in ("promise_count", "promise_resolved", "promise_kept"):
        op.add_column("calls", sa.Column(name, sa.Integer(), nullable=False, server_default="0"))
    op.add_column("calls", sa.Column("promise_last", sa.Date(), nullable=True))
    op.create_table(
        "call_step_days",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("script_name", sa.String(length=200), nullable=False),
        sa.Column("node", sa.String(length=100), nullable=False),
        sa.Column("next_node", sa.String(length=100), nullable=False),
        sa.Column("state", sa.Integer(), nullable=False),
        sa.Column("calls", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", "script_name", "node", "next_node", "state"),
    )
    op.create_table(
        "invoice_days",
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("issue_date", sa.Date(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("invoiced_cents", sa.BigInteger(), nullable=False),
        sa.Column("unpaid_cents", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("currency", "issue_date", "due_date"),
    )
    op.create_table(
        "paid_months",
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("issue_date", sa.Date(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("paid_cents", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("currency", "issue_date", "due_date", "month"),
    )
    op.create_table(
        "received_days",
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=False),
        sa.Column("paid_cents", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("currency", "paid_on"),
    )
    op.create_index("ix_promises_call", "promises", ["call_id"])
    settled = sa.text("settled_on IS NOT NULL")
    op.create_index(
        "ix_invoices_settled",
        "invoices",
        ["debtor_id", "settled_on", "due_date", "status"],
        sqlite_where=settled,
        postgresql_where=settled,
    )
    promised = sa.text("promise_last IS NOT NULL")
    op.create_index(
        "ix_calls_promise_last", "calls", ["promise_last"], sqlite_where=promised, postgresql_where=promised
    )
    # The existing book, from the same definitions, before the triggers exist.
    op.execute(settle_invoices("total_cents > 0 AND paid_cents >= total_cents"))
    op.execute(link_payments("true", dialect))
    op.execute(count_promises("id IN (SELECT call_id FROM promises)"))
    op.execute(
        "INSERT INTO call_step_days (day, script_name, node, next_node, state, calls) "
        + step_days_sql(dialect)
    )
    op.execute(fill(INVOICE_DAYS, invoice_days_sql()))
    for sums in PAYMENT_SUMS:
        op.execute(fill(sums, payment_sums_sql(sums, dialect)))
    if dialect == "postgresql":
        _postgresql_triggers()
    else:
        _sqlite_triggers()


def _sqlite_triggers() -> None:
    d = "sqlite"
    triggers = {
        "payments_insert": (
            "AFTER INSERT ON payments",
            settle_invoices("id = NEW.invoice_id") + "; " + link_payments("id = NEW.id", d),
        ),
        "payments_update": (
            "AFTER UPDATE OF invoice_id, paid_on, amount_cents ON payments",
            settle_invoices("id IN (OLD.invoice_id, NEW.invoice_id)")
            + "; "
            + link_payments("id = NEW.id", d),
        ),
        "payments_delete": ("AFTER DELETE ON payments", settle_invoices("id = OLD.invoice_id")),
        "invoices_amounts": (
            "AFTER UPDATE OF total_cents, paid_cents ON invoices",
            settle_invoices("id = NEW.id"),
        ),
        "invoices_debtor": (
            "AFTER UPDATE OF debtor_id ON invoices",
            link_payments("invoice_id = NEW.id", d),
        ),
        "calls_insert": ("AFTER INSERT ON calls", link_payments_of_call("NEW", d)),
        "calls_payments": (
            "AFTER UPDATE OF debtor_id, started_at, outcome ON calls",
            link_payments_of_call("OLD", d) + "; " + link_payments_of_call("NEW", d),
        ),
        "calls_steps": (
            "AFTER UPDATE OF started_at, script_name, outcome, promise_count, promise_resolved, "
            "promise_kept ON calls",
            remove_steps(steps_of_call("OLD", d)) + " " + add_steps(steps_of_call("NEW", d)),
        ),
        # Its steps go first, while the call still says which days and states they were counted in.
        "calls_delete": ("BEFORE DELETE ON calls", "DELETE FROM call_steps WHERE call_id = OLD.id"),
        "calls_deleted": ("AFTER DELETE ON calls", link_payments_of_call("OLD", d)),
        "call_steps_insert": ("AFTER INSERT ON call_steps", add_steps(step_of_row("NEW", d))),
        "call_steps_delete": ("AFTER DELETE ON call_steps", remove_steps(step_of_row("OLD", d))),
        "call_steps_update": (
            "AFTER UPDATE ON call_steps",
            remove_steps(step_of_row("OLD", d)) + " " + add_steps(step_of_row("NEW", d)),
        ),
        "promises_insert": ("AFTER INSERT ON promises", count_promises("id = NEW.call_id")),
        "promises_update": (
            "AFTER UPDATE OF call_id, status, promised_date ON promises",
            count_promises("id IN (OLD.call_id, NEW.call_id)"),
        ),
        "promises_delete": ("AFTER DELETE ON promises", count_promises("id = OLD.call_id")),
        "money_invoices_insert": ("AFTER INSERT ON invoices", count_invoice("NEW", "")),
        "money_invoices_delete": (
            "AFTER DELETE ON invoices",
            count_invoice("OLD", "-") + " " + recount_payments_like("OLD", d),
        ),
        "money_invoices_update": (
            "AFTER UPDATE OF status, currency, issue_date, due_date, total_cents, paid_cents ON invoices",
            count_invoice("OLD", "-") + " " + count_invoice("NEW", ""),
        ),
        "money_invoices_payments": (
            "AFTER UPDATE OF status, currency, issue_date, due_date ON invoices",
            count_payments_of("OLD", "-", d) + " " + count_payments_of("NEW", "", d),
        ),
        "money_payments_insert": ("AFTER INSERT ON payments", count_payment("NEW", "", d)),
        "money_payments_delete": ("AFTER DELETE ON payments", count_payment("OLD", "-", d)),
        "money_payments_update": (
            "AFTER UPDATE OF invoice_id, paid_on, amount_cents ON payments",
            count_payment("OLD", "-", d) + " " + count_payment("NEW", "", d),
        ),
    }
    for name, (event, body) in triggers.items():
        statements = body if body.rstrip().endswith(";") else body + ";"
        op.execute(f"CREATE TRIGGER kept_{name} {event} FOR EACH ROW BEGIN {statements} END")


def _postgresql_triggers() -> None:
    d = "postgresql"
    functions = {
        "payments": (
            "AFTER INSERT OR DELETE OR UPDATE OF invoice_id, paid_on, amount_cents ON payments",
            f"""IF TG_OP <> 'INSERT' THEN {settle_invoices("id = OLD.invoice_id")}; END IF;
  IF TG_OP <> 'DELETE' THEN
    {settle_invoices("id = NEW.invoice_id")};
    {link_payments("id = NEW.id", d)};
  END IF;""",
        ),
        "invoices": (
            "AFTER UPDATE OF total_cents, paid_cents, debtor_id ON invoices",
            f"""{settle_invoices("id = NEW.id")};
  IF NEW.debtor_id IS DISTINCT FROM OLD.debtor_id THEN {link_payments("invoice_id = NEW.id", d)}; END IF;""",
        ),
        "calls": (
            "AFTER INSERT OR DELETE OR UPDATE OF debtor_id, started_at, outcome, script_name, "
            "promise_count, promise_resolved, promise_kept ON calls",
            f"""IF TG_OP = 'UPDATE' THEN
    {remove_steps(steps_of_call("OLD", d))}
    {add_steps(steps_of_call("NEW", d))}
    IF NEW.debtor_id IS DISTINCT FROM OLD.debtor_id OR NEW.started_at IS DISTINCT FROM OLD.started_at
       OR NEW.outcome IS DISTINCT FROM OLD.outcome THEN
      {link_payments_of_call("OLD", d)};
      {link_payments_of_call("NEW", d)};
    END IF;
  ELSIF TG_OP = 'INSERT' THEN
    {link_payments_of_call("NEW", d)};
  ELSE
    {link_payments_of_call("OLD", d)};
  END IF;""",
        ),
        "call_steps": (
            "AFTER INSERT OR DELETE OR UPDATE ON call_steps",
            f"""IF TG_OP <> 'INSERT' THEN {remove_steps(step_of_row("OLD", d))} END IF;
  IF TG_OP <> 'DELETE' THEN {add_steps(step_of_row("NEW", d))} END IF;""",
        ),
        "promises": (
            "AFTER INSERT OR DELETE OR UPDATE OF call_id, status, promised_date ON promises",
            f"""IF TG_OP <> 'INSERT' THEN {count_promises("id = OLD.call_id")}; END IF;
  IF TG_OP <> 'DELETE' THEN {count_promises("id = NEW.call_id")}; END IF;""",
        ),
    }
    functions["invoices_money"] = (
        "AFTER INSERT OR DELETE OR UPDATE OF status, currency, issue_date, due_date, total_cents, paid_cents "
        "ON invoices",
        f"""IF TG_OP <> 'INSERT' THEN {count_invoice("OLD", "-")} END IF;
  IF TG_OP <> 'DELETE' THEN {count_invoice("NEW", "")} END IF;
  IF TG_OP = 'DELETE' THEN {recount_payments_like("OLD", d)} END IF;
  IF TG_OP = 'UPDATE' THEN
    IF NEW.status IS DISTINCT FROM OLD.status OR NEW.currency IS DISTINCT FROM OLD.currency
       OR NEW.issue_date IS DISTINCT FROM OLD.issue_date OR NEW.due_date IS DISTINCT FROM OLD.due_date THEN
      {count_payments_of("OLD", "-", d)}
      {count_payments_of("NEW", "", d)}
    END IF;
  END IF;""",
    )
    functions["payments_money"] = (
        "AFTER INSERT OR DELETE OR UPDATE OF invoice_id, paid_on, amount_cents ON payments",
        f"""IF TG_OP <> 'INSERT' THEN {count_payment("OLD", "-", d)} END IF;
  IF TG_OP <> 'DELETE' THEN {count_payment("NEW", "", d)} END IF;""",
    )
    for table, (event, body) in functions.items():
        op.execute(
            f"""CREATE FUNCTION kept_{table}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  {body}
  RETURN NULL;
END $$"""
        )
        op.execute(f"CREATE TRIGGER kept_{table} {event} FOR EACH ROW EXECUTE FUNCTION kept_{table}()")
    # Its steps go first, while the call still says which days and states they were counted in.
    op.execute(
        """CREATE FUNCTION kept_calls_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM call_steps WHERE call_id = OLD.id;
  RETURN OLD;
END $$"""
    )
    op.execute(
        "CREATE TRIGGER kept_calls_delete BEFORE DELETE ON calls FOR EACH ROW EXECUTE FUNCTION kept_calls_delete()"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in (*_TABLES, "calls_delete"):
            on = table.removesuffix("_money").removesuffix("_delete")
            op.execute(f"DROP TRIGGER IF EXISTS kept_{table} ON {on}")
            op.execute(f"DROP FUNCTION IF EXISTS kept_{table}()")
    else:
        names = op.get_bind().execute(
            sa.text("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'kept_%'")
        )
        for (name,) in names.all():
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_index("ix_calls_promise_last", table_name="calls")
    op.drop_index("ix_invoices_settled", table_name="invoices")
    op.drop_index("ix_promises_call", table_name="promises")
    op.drop_table("call_step_days")
    op.drop_table("paid_months")
    op.drop_table("received_days")
    op.drop_table("invoice_days")
    with op.batch_alter_table("calls") as batch:
        for name in ("promise_last", "promise_kept", "promise_resolved", "promise_count"):
            batch.drop_column(name)
    with op.batch_alter_table("payments") as batch:
        batch.drop_column("last_call_at")
    with op.batch_alter_table("invoices") as batch:
        batch.drop_column("settled_on")
