"""Sign-out ends every session (user.session_version); sign-in limits shared by every worker
(ratelimitcounter); on SQLite, INSERT OR REPLACE cannot overwrite an audit row.

Revision ID: s005
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "s005"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("user") as batch_op:
        batch_op.add_column(sa.Column("session_version", sa.Integer(), nullable=False,
                                      server_default="0"))
    op.create_table(
        "ratelimitcounter",
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("expires_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    if op.get_bind().dialect.name == "sqlite":
        # REPLACE deletes the old row without firing the delete trigger (unless recursive
        # triggers are on): refuse, before any conflict is resolved, an id that exists.
        # PostgreSQL has no REPLACE; its ON CONFLICT DO UPDATE fires the update trigger.
        op.execute(
            "CREATE TRIGGER auditevent_no_replace BEFORE INSERT ON auditevent "
            "WHEN NEW.id IS NOT NULL AND EXISTS (SELECT 1 FROM auditevent WHERE id = NEW.id) "
            "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS auditevent_no_replace")
    op.drop_table("ratelimitcounter")
    # Not a batch rebuild: on SQLite that copies "user", which rows elsewhere point to.
    op.drop_column("user", "session_version")
