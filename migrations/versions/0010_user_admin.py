"""Admin user management: a user's name, single-use password links, audit log indexes.

Revision ID: 0010
Revises: 0009
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

AUDIT_INDEXES = {"ix_auditevent_actor_at": ["actor_user_id", "at", "id"],
                 "ix_auditevent_action_at": ["action", "at", "id"],
                 "ix_auditevent_at_id": ["at", "id"]}


def upgrade() -> None:
    op.add_column("user", sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=120),
                                    nullable=False, server_default=""))
    op.create_table(
        "passwordlink",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("purpose", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("created_by_user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("expires_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("used_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"]),
        sa.ForeignKeyConstraint(["created_by_user_id"], ["user.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    op.create_index("ix_passwordlink_user_id", "passwordlink", ["user_id"])
    for name, columns in AUDIT_INDEXES.items():
        op.create_index(name, "auditevent", columns)


def downgrade() -> None:
    for name in AUDIT_INDEXES:
        op.drop_index(name, table_name="auditevent")
    op.drop_index("ix_passwordlink_user_id", table_name="passwordlink")
    op.drop_table("passwordlink")
    # Not a batch rebuild: on SQLite that copies "user", which rows elsewhere point to.
    op.drop_column("user", "name")
