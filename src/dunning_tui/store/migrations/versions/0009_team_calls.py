"""Calling as a team: who made each call and payment, claims on debtors, a change counter

Revision ID: 0009
Revises: 0008

``claims`` holds one row per debtor someone is on the phone with: the caller's name, the session
that holds it, and when it lapses unless renewed. ``changes`` is one counter that every outcome,
payment and claim moves, so that another app on the same SQLite file sees at a glance that its
queue is out of date (PostgreSQL uses LISTEN/NOTIFY instead).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ("calls", "payments"):
        op.add_column(table, sa.Column("caller", sa.String(length=120), nullable=False, server_default=""))
    op.create_table(
        "claims",
        sa.Column("debtor_id", sa.Integer(), nullable=False),
        sa.Column("caller", sa.String(length=120), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("claimed_at", sa.DateTime(), nullable=False),
        sa.Column("renewed_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["debtor_id"], ["debtors.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("debtor_id"),
    )
    op.create_table(
        "changes",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("serial", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.execute("INSERT INTO changes (id, serial) VALUES (1, 0)")


def downgrade() -> None:
    op.drop_table("changes")
    op.drop_table("claims")
    for table in ("payments", "calls"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("caller")
