"""A rota's fairness setting (how much the solver weighs even shares of unsocial days).

Revision ID: 0009
Revises: 0008
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("rota") as batch:
        batch.add_column(sa.Column("fairness", sqlmodel.sql.sqltypes.AutoString(length=8),
                                   nullable=False, server_default="normal"))


def downgrade() -> None:
    with op.batch_alter_table("rota") as batch:
        batch.drop_column("fairness")
