"""Merge the sharing/credentials and recognition/imports branches.

Revision ID: 0003
Revises: a002, b002
"""

from collections.abc import Sequence

revision: str = "0003"
down_revision: tuple[str, ...] = ("a002", "b002")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
