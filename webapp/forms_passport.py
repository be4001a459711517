"""Forms for requirements, recognition, issuing, imports and agreements (CSRF on every one).

Choices are filled by the view from the database before validation.
"""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    DateField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from webapp.models import Framework


def too_long(label: str, limit: int) -> Length:
    """A length check whose message names the field."""
    return Length(max=limit, message=f"{label} must be {limit} characters or fewer")


def choices(pairs) -> list[SelectChoice]:
    """Turn (value, label) pairs into WTForms choices."""
    return [SelectChoice(value, label) for value, label in pairs]


def competence_choices(competences) -> list[SelectChoice]:
    return choices((c.id, f"{c.code}: {c.title}" + (f" ({c.level})" if c.level else ""))
                   for c in competences)


def organisation_choices(organisations) -> list[SelectChoice]:
    return choices((o.id, o.name) for o in organisations)


FRAMEWORK_CHOICES = choices((f.value, f.label) for f in Framework)


class RequirementForm(FlaskForm):
    job_role = StringField("Job role", validators=[
        DataRequired("Enter the job role"), Length(max=80, message="Job role must be 80 "
                                                   "characters or fewer")])
    competence = SelectField("Competence required", coerce=int, validate_choice=True,
                             validators=[InputRequired("Choose a competence")])


class MappingForm(FlaskForm):
    held = SelectField("When a member holds", coerce=int,
                       validators=[InputRequired("Choose the competence held")])
    satisfies = SelectField("It counts for", coerce=int,
                            validators=[InputRequired("Choose what it counts for")])
    note = StringField("Why they match", validators=[Optional(), too_long("Why they match", 300)])


class IssueForm(FlaskForm):
    staff_number = StringField("Staff number", validators=[
        DataRequired("Enter the member's staff number"), too_long("Staff number", 20)])
    competence = SelectField("Competence", coerce=int,
                             validators=[InputRequired("Choose a competence")])
    achieved_on = DateField("Date achieved", validators=[
        InputRequired("Enter the date achieved, like 2026-03-31")])
    evidence_note = TextAreaField("Evidence", validators=[
        DataRequired("Say what evidence you have seen"), too_long("Evidence", 500)])


class ImportForm(FlaskForm):
    layout = RadioField("Layout of the file", choices=choices([
        ("esr", "ESR competence export"), ("ascwds", "ASC-WDS worker training file")]),
        validators=[InputRequired("Choose the layout of the file")])
    organisation = SelectField("Organisation whose records these are", coerce=int,
                               validators=[Optional()])
    upload = FileField("CSV file", validators=[FileRequired("Choose a CSV file to upload")])


class AgreementForm(FlaskForm):
    title = StringField("Title", validators=[DataRequired("Enter a title"), too_long("Title", 160)])
    purpose = TextAreaField("Purpose", validators=[
        DataRequired("Say why the organisations share passport entries"), too_long("Purpose", 500)])
    parties = SelectMultipleField("Parties", coerce=int,
                                  validators=[DataRequired("Choose at least two organisations")])
    frameworks = SelectMultipleField("Categories of entry shared", choices=FRAMEWORK_CHOICES,
                                     validators=[DataRequired("Choose at least one category")])
    starts_on = DateField("Starts on", validators=[InputRequired("Enter the start date")])
    ends_on = DateField("Ends on", validators=[Optional()])


class ShareForm(FlaskForm):
    organisation = SelectField("Organisation", coerce=int,
                               validators=[InputRequired("Choose an organisation")])
    frameworks = SelectMultipleField("What to share", choices=FRAMEWORK_CHOICES,
                                     validators=[DataRequired("Choose at least one category")])
