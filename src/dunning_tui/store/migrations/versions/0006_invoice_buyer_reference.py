"""Invoices keep the buyer's reference (EN 16931 BT-10), the reference the client asks to quote

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "invoices",
        sa.Column("buyer_reference", sa.String(length=120), nullable=False, server_default=""),
    )


def downgrade() -> None:
    with op.batch_alter_table("invoices") as batch:
        batch.drop_column("buyer_reference")
