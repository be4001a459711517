"""Admins manage accounts: list and search, invite, change role, deactivate, reset password.

An account the admin does not administer answers 404, as a missing one does.
"""

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user
from sqlmodel import select

from webapp.access import allow
from webapp.db import get_db
from webapp.forms import ConfirmForm
from webapp.forms_admin import PLACE_WIDE, InviteForm, RoleForm
from webapp.forms_passport import choices
from webapp.fragments import page_or_block
from webapp.models import Organisation, Role, StaffMember, User
from webapp.services import user_admin

bp = Blueprint("admin_users", __name__)
TEMPLATE = "admin/users.html"


@bp.route("/admin/users")
@allow(Role.ADMIN)
def index():
    """List the accounts this admin manages; htmx asks for the results as they type."""
    q = request.args.get("q", "")[:100].replace("\x00", "")
    page = min(max(1, request.args.get("page", 1, type=int) or 1), 100_000)
    session = get_db()
    users, total = user_admin.search(session, current_user, q=q, page=page)
    ids = {u.organisation_id for u in users if u.organisation_id}
    names = dict(session.exec(select(Organisation.id, Organisation.name).where(
        Organisation.id.in_(ids))).all()) if ids else {}
    return page_or_block(TEMPLATE, "user_results", users=users, total=total, q=q, page=page,
                         pages=max(1, -(-total // user_admin.PAGE_SIZE)), names=names)


def _invite_form(session) -> InviteForm:
    form = InviteForm()
    pairs = [(str(o.id), o.name) for o in user_admin.organisations(session, current_user)]
    if current_user.organisation_id is None:
        pairs.insert(0, (PLACE_WIDE, "The whole place (no one organisation)"))
    form.organisation.choices = choices(pairs)
    return form


def _staff_id(session, form: InviteForm, organisation: int | None) -> int | None:
    """The staff member the account is linked to, or None; a wrong number is a form error."""
    number = (form.staff_number.data or "").strip()
    if not number:
        return None
    staff_id, problem = user_admin.linkable_staff(session, current_user, number=number,
                                                  organisation_id=organisation)
    if problem:
        form.staff_number.errors = [problem]
    return staff_id


@bp.route("/admin/users/new", methods=["GET", "POST"])
@allow(Role.ADMIN)
def invite():
    """Create an account and show the single-use link that lets the person set a password."""
    session = get_db()
    form = _invite_form(session)
    problem = None
    if form.validate_on_submit():
        organisation = int(form.organisation.data) if form.organisation.data else None
        staff_id = _staff_id(session, form, organisation)
        if not form.staff_number.errors:
            try:
                user, token = user_admin.invite(
                    session, current_user, name=form.name.data, email=form.email.data,
                    role=form.role.data, organisation_id=organisation,
                    staff_member_id=staff_id, request_id=g.request_id)
                session.commit()
                return _show_link(user, token, "invite")
            except user_admin.Refused as error:
                problem = str(error)
    status = 422 if request.method == "POST" else 200
    return render_template("admin/invite.html", form=form, problem=problem), status


def _show_link(user: User, token: str, purpose: str):
    url = url_for("invites.accept", link_token=token, _external=True)
    return render_template("admin/link.html", user=user, url=url, purpose=purpose,
                           days=user_admin.LINK_LIFETIME.days)


def _managed(user_id: int) -> User:
    user = user_admin.find(get_db(), current_user, user_id)
    if user is None:
        abort(404)
    return user


def _show(user: User, *, problem: str | None = None, status: int = 200):
    session = get_db()
    organisation = session.get(Organisation, user.organisation_id or 0)
    member = session.get(StaffMember, user.staff_member_id or 0)
    form = RoleForm(role=user.role)
    return render_template("admin/user.html", user=user, organisation=organisation,
                           member=member, form=form, problem=problem), status


@bp.route("/admin/users/<int:user_id>")
@allow(Role.ADMIN)
def show(user_id: int):
    """Show one account: its role, status and the actions on it."""
    return _show(_managed(user_id))


def _act(user: User, action, done: str):
    """Run an action that may be refused; commit and say so, or show why not."""
    session = get_db()
    try:
        action()
    except user_admin.Refused as error:
        session.rollback()
        return _show(user, problem=str(error), status=422)
    session.commit()
    flash(done, "info")
    return redirect(url_for(".show", user_id=user.id))


@bp.route("/admin/users/<int:user_id>/role", methods=["POST"])
@allow(Role.ADMIN)
def change_role(user_id: int):
    """Give the account another role."""
    user = _managed(user_id)
    form = RoleForm()
    if not form.validate_on_submit():
        return _show(user, problem=next(iter(form.errors.values()))[0], status=422)
    return _act(user, lambda: user_admin.change_role(
        get_db(), current_user, user, form.role.data, g.request_id),
        f"{user.email} is now {Role(form.role.data).label.lower()}.")


def _set_active(user_id: int, active: bool):
    user = _managed(user_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    return _act(user, lambda: user_admin.set_active(
        get_db(), current_user, user, active, g.request_id),
        f"{user.email} {'can sign in again' if active else 'is deactivated and signed out'}.")


@bp.route("/admin/users/<int:user_id>/deactivate", methods=["POST"])
@allow(Role.ADMIN)
def deactivate(user_id: int):
    """Stop the account signing in and end its open sessions."""
    return _set_active(user_id, False)


@bp.route("/admin/users/<int:user_id>/reactivate", methods=["POST"])
@allow(Role.ADMIN)
def reactivate(user_id: int):
    """Let a deactivated account sign in again."""
    return _set_active(user_id, True)


@bp.route("/admin/users/<int:user_id>/reset", methods=["POST"])
@allow(Role.ADMIN)
def reset(user_id: int):
    """Make a new single-use link to set a password, and show it to pass on."""
    user = _managed(user_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    session = get_db()
    token = user_admin.reset_password(session, current_user, user, g.request_id)
    session.commit()
    return _show_link(user, token, "reset")
