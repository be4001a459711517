"""Sign in and sign out."""

from urllib.parse import urljoin, urlsplit, urlunsplit

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, url_for
from flask_login import current_user, login_user, logout_user
from werkzeug.wrappers import Response

from webapp.access import ANONYMOUS, SIGNED_IN, allow
from webapp.db import get_db
from webapp.extensions import limiter
from webapp.forms import ConfirmForm, LoginForm
from webapp.services import accounts, audit

bp = Blueprint("auth", __name__)
FAILED = "Enter a correct email address and password"


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _account_limit() -> str:
    return current_app.config["ACCOUNT_RATE_LIMIT"]


def _account_key() -> str:
    """The account a sign-in tries, whatever address it comes from."""
    return "account:" + request.form.get("email", "").strip().lower()[:254]


def _failed(response) -> bool:
    return response.status_code != 302  # a sign-in that worked does not count


@bp.route("/login", methods=["GET", "POST"])
@allow(ANONYMOUS)
@limiter.limit(_login_limit, methods=["POST"])
@limiter.limit(_account_limit, key_func=_account_key, methods=["POST"], deduct_when=_failed)
def login() -> str | Response:
    """Show the sign-in form; sign in with a correct email and password."""
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        session = get_db()
        user = accounts.authenticate(session, email=form.email.data, password=form.password.data)
        if user is not None:
            login_user(user)
            audit.record(session, actor=user, action="user.sign_in", entity="user",
                         entity_id=user.id, request_id=g.request_id)
            session.commit()
            return redirect(_safe_next() or url_for("home.index"))
        error = FAILED
    status = 200 if request.method == "GET" or not (form.errors or error) else 422
    return render_template("auth/login.html", form=form, error=error), status


def _safe_next() -> str | None:
    """Follow ?next= only to a path on this host. Browsers drop tabs and newlines and read a
    backslash as a slash (so "/<tab>/evil.example" leaves the site): a target with any of
    those, or one that resolves to another scheme or host, is refused."""
    target = request.args.get("next", "")
    if not target.startswith("/") or "\\" in target or any(
            ord(c) < 0x21 or ord(c) == 0x7F for c in target):
        return None
    resolved = urlsplit(urljoin(request.host_url, target))
    ours = urlsplit(request.host_url)
    if (resolved.scheme, resolved.netloc) != (ours.scheme, ours.netloc) or \
            resolved.path.startswith("//"):
        return None
    return urlunsplit(("", "", resolved.path, resolved.query, resolved.fragment))


@bp.route("/logout", methods=["POST"])
@allow(*SIGNED_IN)
def logout() -> Response:
    """Sign out and return to the sign-in page."""
    form = ConfirmForm()
    if form.validate_on_submit():
        session = get_db()
        user = current_user._get_current_object()
        accounts.end_sessions(user)
        session.add(user)
        session.commit()
        logout_user()
        flash("You have signed out.", "info")
    return redirect(url_for("auth.login"))
