"""What an outcome form notes: the payment the debtor says was made, the disputed amounts and
the day the client's documents are due

Revision ID: 0011
Revises: 0010

``calls.paid_on``, ``calls.paid_cents`` and ``calls.paid_reference`` keep what a debtor who says
they already paid gave (the day, the amount, the reference): the confirmation thanks them for it
and the follow-up checks that payment. ``calls.documents_due`` is the day agreed on the phone by
which a disputing client sends their documents. ``invoices.disputed_cents`` is how much of a
disputed invoice is disputed (empty: all of it).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMNs: no table is rebuilt (the invoices' partial indexes stay as they are).
    op.add_column("calls", sa.Column("paid_on", sa.Date(), nullable=True))
    op.add_column("calls", sa.Column("paid_cents", sa.Integer(), nullable=True))
    op.add_column(
        "calls", sa.Column("paid_reference", sa.String(length=120), nullable=False, server_default="")
    )
    op.add_column("calls", sa.Column("documents_due", sa.Date(), nullable=True))
    op.add_column("invoices", sa.Column("disputed_cents", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("invoices") as batch:
        batch.drop_column("disputed_cents")
    with op.batch_alter_table("calls") as batch:
        batch.drop_column("documents_due")
        batch.drop_column("paid_reference")
        batch.drop_column("paid_cents")
        batch.drop_column("paid_on")
