"""A single-use link sets a password: an invitation to the service, or a reset."""

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_login import current_user, logout_user

from webapp.access import ANONYMOUS, allow
from webapp.db import get_db
from webapp.forms_admin import SetPasswordForm
from webapp.models import User
from webapp.services import user_admin

bp = Blueprint("invites", __name__)


@bp.route("/invite/<link_token>", methods=["GET", "POST"])
@allow(ANONYMOUS)
def accept(link_token: str):
    """Ask for a new password; set it and spend the link. A used, expired or unknown link
    says so and what to do."""
    session = get_db()
    link, why = user_admin.open_link(session, link_token)
    if link is None:
        status = 404 if why == user_admin.UNKNOWN else 410
        return render_template("admin/link_unusable.html", why=why), status
    user = session.get(User, link.user_id)
    form = SetPasswordForm()
    if form.validate_on_submit():
        problem = user_admin.password_problem(form.password.data, user.email)
        if problem:
            form.password.errors = [problem]
        else:
            user_admin.use_link(session, link, form.password.data, g.request_id)
            session.commit()
            if current_user.is_authenticated:
                logout_user()  # whoever was signed in on this browser is not this person
            flash("Your password is set. Sign in with your email address and new password.",
                  "info")
            return redirect(url_for("auth.login"))
    status = 422 if request.method == "POST" else 200
    return render_template("admin/set_password.html", form=form, user=user,
                           purpose=link.purpose,
                           rules=(user_admin.PASSWORD_MIN, user_admin.PASSWORD_MAX)), status
