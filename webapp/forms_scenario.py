"""The scenario form: a baseline (when, where) and the levers, each with its own checks."""

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    FloatField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from webapp.forms_passport import choices
from webapp.services.scenarios.changes import MAX_ADDED, ROLE_GROUPS, SECTORS

PERCENT = "Enter a percentage from 0 to 100"


def _optional_int(value):
    return int(value) if value not in (None, "", "None") else None


def _zero(value):
    """An empty lever is no change."""
    return 0 if value is None else value


def _percent(label: str) -> FloatField:
    return FloatField(label, default=0, filters=[_zero], validators=[
        Optional(), NumberRange(0, 100, PERCENT)])


def _count(label: str) -> IntegerField:
    message = f"Enter a number from 0 to {MAX_ADDED}"
    return IntegerField(label, default=0, filters=[_zero], validators=[
        Optional(), NumberRange(0, MAX_ADDED, message)])


def _pick(label: str, coerce=_optional_int) -> SelectField:
    return SelectField(label, coerce=coerce, validators=[Optional()], validate_choice=False)


class ScenarioForm(FlaskForm):
    name = StringField("Name", validators=[
        InputRequired("Enter a name for the scenario"),
        Length(max=120, message="Name must be 120 characters or fewer")])
    starts_on = DateField("First day of the baseline",
                          validators=[InputRequired("Enter the first day")])
    weeks = SelectField("Length", coerce=int, default=1,
                        choices=choices([(1, "One week"), (4, "Four weeks")]))
    locality_id = _pick("Where")
    seeds = StringField("Samples (seeds)", default="1, 2, 3",
                        validators=[InputRequired("Enter at least one seed")])
    staff_loss_pct = _percent("Staff lost (%)")
    staff_loss_role = SelectField("Of which role", default="any",
                                  choices=choices((k, v[0]) for k, v in ROLE_GROUPS.items()))
    staff_loss_sector = SelectField("In which sector", default="any",
                                    choices=choices(SECTORS.items()))
    demand_growth_pct = _percent("Demand growth (%)")
    demand_growth_team_id = _pick("For which service")
    demand_growth_locality_id = _pick("In which locality")
    absence_headroom_pct = _percent("Absence headroom (% of staff-days)")
    bank_agency_cap_hours = FloatField("Bank and agency cap (hours a week)", validators=[
        Optional(), NumberRange(min=0, message="Enter a cap of 0 hours or more")])
    joint_roles = BooleanField("Joint roles across employers", default=True)
    delegation = BooleanField("Delegated healthcare activities to care workers", default=True)
    renewals_lapse = BooleanField("Renewals lapse (entries expiring in the period are not "
                                  "renewed)")
    train_count = _count("Carers to train")
    train_competence_id = _pick("In")
    train_locality_id = _pick("In which locality")
    recruit_count = _count("People to recruit")
    recruit_role = _pick("Of role", coerce=lambda v: v or None)
    recruit_locality_id = _pick("In which locality")
    parent_id = HiddenField(filters=[lambda v: int(v) if str(v or "").isdigit() else None])

    LEVERS = ("staff_loss_pct", "staff_loss_role", "staff_loss_sector", "demand_growth_pct",
              "demand_growth_team_id", "demand_growth_locality_id", "absence_headroom_pct",
              "bank_agency_cap_hours", "joint_roles", "delegation", "renewals_lapse",
              "train_count", "train_competence_id", "train_locality_id", "recruit_count",
              "recruit_role", "recruit_locality_id")

    def levers(self) -> dict:
        return {name: getattr(self, name).data for name in self.LEVERS}


class ActionForm(FlaskForm):
    """A button that changes a scenario (run, cancel, clone, apply a fix): CSRF only."""
