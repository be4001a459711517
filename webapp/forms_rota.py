"""Forms for rotas: asking for one, changing one cell, and the version each change was made on."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, HiddenField, IntegerField, SelectField
from wtforms.validators import InputRequired, NumberRange, Optional

from webapp.services.rotas.generate import MAX_WEEKS, WEEKS_MESSAGE


def _optional_int(value):
    return int(value) if value not in (None, "", "None") else None


class NewRotaForm(FlaskForm):
    team_id = SelectField("Team", coerce=_optional_int, validators=[Optional()],
                          validate_choice=False)
    locality_id = SelectField("Or a locality (workforce leads)", coerce=_optional_int,
                              validators=[Optional()], validate_choice=False)
    whole_place = BooleanField("Or the whole place (workforce leads)")
    starts_on = DateField("First day", validators=[InputRequired("Enter the first day")])
    weeks = IntegerField("Number of weeks", validators=[
        InputRequired(WEEKS_MESSAGE), NumberRange(min=1, max=MAX_WEEKS, message=WEEKS_MESSAGE)])


class LockedForm(FlaskForm):
    """Any change to a rota: carries the version of the rota the user was looking at."""

    lock_version = IntegerField(validators=[InputRequired()])


class CellForm(LockedForm):
    staff_member_id = IntegerField(validators=[InputRequired()])
    day = DateField(validators=[InputRequired()])
    shift = SelectField("Shift", validate_choice=False, validators=[Optional()])
    back = HiddenField()


class MoveVisitForm(LockedForm):
    """Give a carer's place on a visit to another carer."""

    to_staff_member_id = SelectField("Move to", coerce=_optional_int, validate_choice=False,
                                     validators=[InputRequired("Choose a carer")])
