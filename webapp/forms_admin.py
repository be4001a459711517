"""Forms for the admin screens: accounts, setting a password, the audit log, workplaces.

Choices are filled by the view before validation; CSRF on every form that changes data.
"""

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, InputRequired, Optional, Regexp

from webapp.forms_passport import choices, too_long
from webapp.models import Role
from webapp.services.user_admin import EMAIL_PATTERN

ROLE_CHOICES = choices((r.value, r.label) for r in Role)
PLACE_WIDE = ""  # the organisation choice of an account that belongs to the whole place


class InviteForm(FlaskForm):
    name = StringField("Full name", validators=[DataRequired("Enter the person's full name"),
                                                too_long("Full name", 120)])
    email = EmailField("Email address", validators=[
        DataRequired("Enter the person's email address"), too_long("Email address", 254),
        Regexp(EMAIL_PATTERN,
               message="Enter an email address in the correct format, like name@example.org")])
    organisation = SelectField("Organisation", validate_choice=True)
    role = SelectField("Role", choices=ROLE_CHOICES, validators=[InputRequired("Choose a role")])
    staff_number = StringField("Staff number (optional)", validators=[
        Optional(), too_long("Staff number", 20)])


class RoleForm(FlaskForm):
    role = SelectField("Role", choices=ROLE_CHOICES, validators=[InputRequired("Choose a role")])


class SetPasswordForm(FlaskForm):
    password = PasswordField("New password", validators=[DataRequired("Enter a new password")])
    confirm = PasswordField("Type the new password again", validators=[
        DataRequired("Type the new password again"),
        EqualTo("password", "The two passwords do not match")])


class WorkplaceForm(FlaskForm):
    organisation = SelectField("Organisation", coerce=int, validate_choice=True,
                               validators=[InputRequired("Choose the organisation")])
    local_id = StringField("LOCALESTID", validators=[
        DataRequired("Enter the workplace's LOCALESTID"), too_long("LOCALESTID", 50)])
    name = StringField("Workplace name", validators=[
        DataRequired("Enter the workplace's name"), too_long("Workplace name", 120)])
