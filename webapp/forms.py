"""Flask-WTF forms (CSRF on every one)."""

from flask_wtf import FlaskForm
from wtforms import EmailField, IntegerField, PasswordField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp


class LoginForm(FlaskForm):
    email = EmailField(
        "Email address",
        validators=[DataRequired("Enter your email address"),
                    Length(max=254, message="Email address must be 254 characters or fewer"),
                    Regexp(r"^[^@\s]+@[^@\s]+$", message="Enter an email address like "
                           "name@example.org")],
    )
    password = PasswordField(
        "Password", validators=[DataRequired("Enter your password"), Length(
            max=200, message="Password must be 200 characters or fewer")])


class ConfirmForm(FlaskForm):
    """An action button with nothing but its CSRF token (e.g. sign out)."""


class RefresherForm(FlaskForm):
    refresher_months = IntegerField(
        "Refresher period in months",
        description="Leave empty if it does not expire.",
        validators=[Optional(), NumberRange(min=1, max=120,
                                            message="Enter a number of months from 1 to 120")],
    )
