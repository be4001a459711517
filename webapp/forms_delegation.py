"""Forms for recording and changing delegations (CSRF on every one)."""

from flask_wtf import FlaskForm
from wtforms import DateField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from webapp.forms_passport import choices
from webapp.models.delegation import Consent

# A text field, not the browser's date picker (which shows mm/dd/yyyy in an American locale
# whatever the page says): people type dates as they write them.
DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d %m %Y"]


def _date(label: str, required: str) -> DateField:
    return DateField(label, format=DATE_FORMATS, validators=[InputRequired(required)])


def _text(label: str, max_length: int, required: str | None = None):
    too_long = f"{label} must be {max_length} characters or fewer"
    first = DataRequired(required) if required else Optional()
    return StringField(label, validators=[first, Length(max=max_length, message=too_long)])


class FindWorkerForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search that changes nothing

    staff_number = _text("Care worker's staff number", 20, "Enter the care worker's staff number")


class DelegationForm(FlaskForm):
    staff_number = _text("Care worker's staff number", 20, "Enter the care worker's staff number")
    person_reference = _text("Person receiving care", 20,
                             "Enter the reference of the person receiving care")
    activity = SelectField("Activity", coerce=int,
                           validators=[InputRequired("Choose the activity you are delegating")])
    consent = RadioField("Consent", choices=choices([
        (Consent.PERSON, "The person gave consent"),
        (Consent.REPRESENTATIVE, "Their attorney for health and welfare gave consent"),
        (Consent.BEST_INTERESTS, "A best-interests decision was recorded (Mental Capacity Act)"),
    ]), validators=[InputRequired("Say how consent was given")])
    protocol_reference = _text("Protocol or care plan reference", 80,
                               "Enter the protocol or care plan reference")
    training_entry_id = SelectField("Activity-specific training", coerce=int,
                                    validators=[Optional()])
    assessor = _text("Who assessed competence", 120, "Enter who assessed competence")
    assessed_on = _date("Date competence was assessed",
                        "Enter the date competence was assessed, like 31/03/2026")
    supervision = TextAreaField("Supervision arrangements", validators=[
        DataRequired("Describe the supervision arrangements"),
        Length(max=500, message="Supervision arrangements must be 500 characters or fewer")])
    escalation_contact = _text("Escalation contact", 160,
                               "Enter who the care worker contacts if something goes wrong")
    review_by = _date("Review by", "Enter the review date, like 30/09/2026")


class ReviewForm(FlaskForm):
    review_by = _date("Next review by", "Enter the next review date, like 30/09/2026")


class StopForm(FlaskForm):
    reason = TextAreaField("Reason", validators=[
        DataRequired("Say why, so the care worker and their manager know"),
        Length(max=200, message="Reason must be 200 characters or fewer")])
