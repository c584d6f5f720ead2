"""What the caller checks after a call, and who answered

Revision ID: 0010
Revises: 0009

``calls.review`` keeps the after-call self-review (a JSON object: did I get an amount, an exact date
and a method; did I accept a vague promise; did I say what happens next). ``calls.answered_by``
says who picked up (the person, a colleague, a switchboard, voicemail), so that a confirmation
never thanks an absent person for a conversation.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("calls") as batch:
        batch.add_column(sa.Column("review", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("answered_by", sa.String(length=32), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("calls") as batch:
        batch.drop_column("answered_by")
        batch.drop_column("review")
