"""Rotas: teams, shift templates, cover, care packages, leave, rotas and job heartbeats.

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('team',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('locality_id', sa.Integer(), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.ForeignKeyConstraint(['locality_id'], ['locality.id'], ),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code')
    )
    with op.batch_alter_table('team', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_team_locality_id'), ['locality_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_team_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('carepackage',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('funder', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('priority', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['personreceivingcare.id'], ),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('carepackage', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_carepackage_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_carepackage_team_id'), ['team_id'], unique=False)

    op.create_table('shifttemplate',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=4), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('starts', sa.Time(), nullable=False),
    sa.Column('ends', sa.Time(), nullable=False),
    sa.Column('unpaid_break_minutes', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('team_id', 'code')
    )
    with op.batch_alter_table('shifttemplate', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_shifttemplate_team_id'), ['team_id'], unique=False)

    op.create_table('teammember',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('staff_member_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['staff_member_id'], ['staffmember.id'], ),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('team_id', 'staff_member_id')
    )
    with op.batch_alter_table('teammember', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_teammember_staff_member_id'), ['staff_member_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_teammember_team_id'), ['team_id'], unique=False)

    op.create_table('carevisitplan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('package_id', sa.Integer(), nullable=False),
    sa.Column('weekdays', sa.Integer(), nullable=False),
    sa.Column('earliest_start', sa.Time(), nullable=False),
    sa.Column('latest_start', sa.Time(), nullable=False),
    sa.Column('duration_minutes', sa.Integer(), nullable=False),
    sa.Column('carers', sa.Integer(), nullable=False),
    sa.Column('tasks', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('competence_id', sa.Integer(), nullable=True),
    sa.Column('activity_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['activity_id'], ['competence.id'], ),
    sa.ForeignKeyConstraint(['competence_id'], ['competence.id'], ),
    sa.ForeignKeyConstraint(['package_id'], ['carepackage.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('carevisitplan', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_carevisitplan_package_id'), ['package_id'], unique=False)

    op.create_table('coverrequirement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('shift_template_id', sa.Integer(), nullable=False),
    sa.Column('weekday', sa.Integer(), nullable=False),
    sa.Column('competence_id', sa.Integer(), nullable=True),
    sa.Column('minimum', sa.Integer(), nullable=False),
    sa.Column('preferred', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['competence_id'], ['competence.id'], ),
    sa.ForeignKeyConstraint(['shift_template_id'], ['shifttemplate.id'], ),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('shift_template_id', 'weekday', 'competence_id')
    )
    with op.batch_alter_table('coverrequirement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_coverrequirement_shift_template_id'), ['shift_template_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_coverrequirement_team_id'), ['team_id'], unique=False)

    op.create_table('leave',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('staff_member_id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('requested_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('decided_by_user_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['decided_by_user_id'], ['user.id'], ),
    sa.ForeignKeyConstraint(['staff_member_id'], ['staffmember.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('leave', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_leave_staff_member_id'), ['staff_member_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_leave_status'), ['status'], unique=False)

    op.create_table('preferredcarer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('package_id', sa.Integer(), nullable=False),
    sa.Column('staff_member_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['package_id'], ['carepackage.id'], ),
    sa.ForeignKeyConstraint(['staff_member_id'], ['staffmember.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('package_id', 'staff_member_id')
    )
    with op.batch_alter_table('preferredcarer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_preferredcarer_package_id'), ['package_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_preferredcarer_staff_member_id'), ['staff_member_id'], unique=False)

    op.create_table('rota',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('place_id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=True),
    sa.Column('locality_id', sa.Integer(), nullable=True),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('weeks', sa.Integer(), nullable=False),
    sa.Column('engine', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('lock_version', sa.Integer(), nullable=False),
    sa.Column('job_id', sa.Integer(), nullable=True),
    sa.Column('summary', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('created_by_user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('published_by_user_id', sa.Integer(), nullable=True),
    sa.Column('published_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_user_id'], ['user.id'], ),
    sa.ForeignKeyConstraint(['job_id'], ['jobrun.id'], ),
    sa.ForeignKeyConstraint(['locality_id'], ['locality.id'], ),
    sa.ForeignKeyConstraint(['place_id'], ['place.id'], ),
    sa.ForeignKeyConstraint(['published_by_user_id'], ['user.id'], ),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('rota', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rota_place_id'), ['place_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_rota_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_rota_team_id'), ['team_id'], unique=False)

    op.create_table('teammanager',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], ),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('team_id', 'user_id')
    )
    with op.batch_alter_table('teammanager', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_teammanager_team_id'), ['team_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_teammanager_user_id'), ['user_id'], unique=False)

    op.create_table('rotaassignment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('rota_id', sa.Integer(), nullable=False),
    sa.Column('staff_member_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('locality_id', sa.Integer(), nullable=True),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('starts_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('ends_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('shift_template_id', sa.Integer(), nullable=True),
    sa.Column('visit_plan_id', sa.Integer(), nullable=True),
    sa.Column('travel_minutes', sa.Integer(), nullable=False),
    sa.Column('pinned', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['locality_id'], ['locality.id'], ),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], ),
    sa.ForeignKeyConstraint(['rota_id'], ['rota.id'], ),
    sa.ForeignKeyConstraint(['shift_template_id'], ['shifttemplate.id'], ),
    sa.ForeignKeyConstraint(['staff_member_id'], ['staffmember.id'], ),
    sa.ForeignKeyConstraint(['visit_plan_id'], ['carevisitplan.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('rotaassignment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rotaassignment_rota_id'), ['rota_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_rotaassignment_staff_member_id'), ['staff_member_id'], unique=False)

    op.create_table('rotagap',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('rota_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('starts_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('ends_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('shift_template_id', sa.Integer(), nullable=True),
    sa.Column('visit_plan_id', sa.Integer(), nullable=True),
    sa.Column('competence_id', sa.Integer(), nullable=True),
    sa.Column('missing', sa.Integer(), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('candidates', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['competence_id'], ['competence.id'], ),
    sa.ForeignKeyConstraint(['rota_id'], ['rota.id'], ),
    sa.ForeignKeyConstraint(['shift_template_id'], ['shifttemplate.id'], ),
    sa.ForeignKeyConstraint(['visit_plan_id'], ['carevisitplan.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('rotagap', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rotagap_rota_id'), ['rota_id'], unique=False)

    op.create_table('rotaversion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('rota_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('published_by_user_id', sa.Integer(), nullable=False),
    sa.Column('published_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('assignments', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('affected_staff', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['published_by_user_id'], ['user.id'], ),
    sa.ForeignKeyConstraint(['rota_id'], ['rota.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('rota_id', 'number')
    )
    with op.batch_alter_table('rotaversion', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rotaversion_rota_id'), ['rota_id'], unique=False)

    with op.batch_alter_table('jobrun', schema=None) as batch_op:
        batch_op.add_column(sa.Column('started_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('heartbeat_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('worker', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True))
        batch_op.add_column(sa.Column('cancel_requested', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('detail', sqlmodel.sql.sqltypes.AutoString(), nullable=True))

    with op.batch_alter_table('personreceivingcare', schema=None) as batch_op:
        batch_op.add_column(sa.Column('latitude', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('longitude', sa.Float(), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('personreceivingcare', schema=None) as batch_op:
        batch_op.drop_column('longitude')
        batch_op.drop_column('latitude')

    with op.batch_alter_table('jobrun', schema=None) as batch_op:
        batch_op.drop_column('detail')
        batch_op.drop_column('cancel_requested')
        batch_op.drop_column('worker')
        batch_op.drop_column('heartbeat_at')
        batch_op.drop_column('started_at')

    with op.batch_alter_table('rotaversion', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rotaversion_rota_id'))

    op.drop_table('rotaversion')
    with op.batch_alter_table('rotagap', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rotagap_rota_id'))

    op.drop_table('rotagap')
    with op.batch_alter_table('rotaassignment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rotaassignment_staff_member_id'))
        batch_op.drop_index(batch_op.f('ix_rotaassignment_rota_id'))

    op.drop_table('rotaassignment')
    with op.batch_alter_table('teammanager', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_teammanager_user_id'))
        batch_op.drop_index(batch_op.f('ix_teammanager_team_id'))

    op.drop_table('teammanager')
    with op.batch_alter_table('rota', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rota_team_id'))
        batch_op.drop_index(batch_op.f('ix_rota_status'))
        batch_op.drop_index(batch_op.f('ix_rota_place_id'))

    op.drop_table('rota')
    with op.batch_alter_table('preferredcarer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_preferredcarer_staff_member_id'))
        batch_op.drop_index(batch_op.f('ix_preferredcarer_package_id'))

    op.drop_table('preferredcarer')
    with op.batch_alter_table('leave', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_leave_status'))
        batch_op.drop_index(batch_op.f('ix_leave_staff_member_id'))

    op.drop_table('leave')
    with op.batch_alter_table('coverrequirement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_coverrequirement_team_id'))
        batch_op.drop_index(batch_op.f('ix_coverrequirement_shift_template_id'))

    op.drop_table('coverrequirement')
    with op.batch_alter_table('carevisitplan', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_carevisitplan_package_id'))

    op.drop_table('carevisitplan')
    with op.batch_alter_table('teammember', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_teammember_team_id'))
        batch_op.drop_index(batch_op.f('ix_teammember_staff_member_id'))

    op.drop_table('teammember')
    with op.batch_alter_table('shifttemplate', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_shifttemplate_team_id'))

    op.drop_table('shifttemplate')
    with op.batch_alter_table('carepackage', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_carepackage_team_id'))
        batch_op.drop_index(batch_op.f('ix_carepackage_person_id'))

    op.drop_table('carepackage')
    with op.batch_alter_table('team', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_team_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_team_locality_id'))

    op.drop_table('team')
