"""Forms for leave requests and decisions (CSRF on every one)."""

from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, RadioField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from webapp.forms_passport import choices
from webapp.models.leave import LeaveKind

# Sickness is reported to a manager, not requested in advance.
REQUESTABLE = choices((k.value, k.label) for k in LeaveKind if k != LeaveKind.SICKNESS)


class LeaveRequestForm(FlaskForm):
    kind = RadioField("What kind of leave", choices=REQUESTABLE,
                      validators=[InputRequired("Choose what kind of leave")])
    starts_on = DateField("First day", validators=[
        InputRequired("Enter the first day, like 2026-12-24")])
    ends_on = DateField("Last day", validators=[
        InputRequired("Enter the last day, like 2026-12-31")])
    note = TextAreaField("Note for your manager (optional)", validators=[
        Optional(), Length(max=300, message="The note must be 300 characters or fewer")])


class CancelLeaveForm(FlaskForm):
    leave = IntegerField("Request", validators=[InputRequired("Choose a request to cancel"),
                                                NumberRange(min=1, max=2**31 - 1)])


class DecisionForm(FlaskForm):
    decision = RadioField("Decision", choices=choices([("approve", "Approve"),
                                                       ("decline", "Decline")]),
                          validators=[InputRequired("Choose approve or decline")])
