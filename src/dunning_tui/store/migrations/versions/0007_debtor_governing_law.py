"""The law a debtor's contract chose, when it is not the creditor's

Revision ID: 0007
Revises: 0006

Empty (every existing debtor) means the creditor's ``jurisdiction`` setting: without a choice of
law in the contract, the law of the service provider applies (Rome I art. 4).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "debtors", sa.Column("governing_law", sa.String(length=2), nullable=False, server_default="")
    )


def downgrade() -> None:
    with op.batch_alter_table("debtors") as batch:
        batch.drop_column("governing_law")
