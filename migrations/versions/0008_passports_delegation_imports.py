"""Delegations managed in the app (consent, protocol, assessor, supervision, escalation,
training and sign-off entries); where an expiry came from; per-employer refresher periods;
ASC-WDS workplaces; dates of birth for ESR matching.

Revision ID: 0008
Revises: s005
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_str = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    with op.batch_alter_table("delegation") as batch_op:
        batch_op.add_column(sa.Column("consent", _str(length=16), nullable=True))
        batch_op.add_column(sa.Column("protocol_reference", _str(length=80), nullable=True))
        batch_op.add_column(sa.Column("assessor", _str(length=120), nullable=True))
        batch_op.add_column(sa.Column("supervision", _str(length=500), nullable=True))
        batch_op.add_column(sa.Column("escalation_contact", _str(length=160), nullable=True))
        batch_op.add_column(sa.Column("reviewed_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("status_reason", _str(length=200), nullable=True))
        batch_op.add_column(sa.Column("training_entry_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("signoff_entry_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key("fk_delegation_training_entry", "passportentry",
                                    ["training_entry_id"], ["id"])
        batch_op.create_foreign_key("fk_delegation_signoff_entry", "passportentry",
                                    ["signoff_entry_id"], ["id"])
    with op.batch_alter_table("passportentry") as batch_op:
        batch_op.add_column(sa.Column("expiry_source", _str(length=16), nullable=True))
    with op.batch_alter_table("staffmember") as batch_op:
        batch_op.add_column(sa.Column("date_of_birth", sa.Date(), nullable=True))
    op.create_table(
        "refresherperiod",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("competence_id", sa.Integer(), nullable=False),
        sa.Column("refresher_months", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["competence_id"], ["competence.id"]),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisation.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("organisation_id", "competence_id"),
    )
    op.create_index("ix_refresherperiod_organisation_id", "refresherperiod",
                    ["organisation_id"])
    op.create_table(
        "ascwdsworkplace",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("local_id", _str(length=50), nullable=False),
        sa.Column("name", _str(length=120), nullable=False),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisation.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("organisation_id", "local_id"),
    )
    op.create_index("ix_ascwdsworkplace_organisation_id", "ascwdsworkplace",
                    ["organisation_id"])


def downgrade() -> None:
    op.drop_table("ascwdsworkplace")
    op.drop_table("refresherperiod")
    with op.batch_alter_table("staffmember") as batch_op:
        batch_op.drop_column("date_of_birth")
    with op.batch_alter_table("passportentry") as batch_op:
        batch_op.drop_column("expiry_source")
    with op.batch_alter_table("delegation") as batch_op:
        batch_op.drop_constraint("fk_delegation_signoff_entry", type_="foreignkey")
        batch_op.drop_constraint("fk_delegation_training_entry", type_="foreignkey")
        for name in ("signoff_entry_id", "training_entry_id", "status_reason", "reviewed_on",
                     "escalation_contact", "supervision", "assessor", "protocol_reference",
                     "consent"):
            batch_op.drop_column(name)
