"""Open next actions by debtor: a covering index for the queue

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("next_actions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_next_actions_open_by_debtor",
            ["debtor_id", "due_date", "kind", "done_at"],
            unique=False,
            sqlite_where=sa.text("done_at IS NULL"),
            postgresql_where=sa.text("done_at IS NULL"),
        )


def downgrade() -> None:
    with op.batch_alter_table("next_actions", schema=None) as batch_op:
        batch_op.drop_index("ix_next_actions_open_by_debtor")
