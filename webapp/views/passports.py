"""Skills passports: a member's own, and a member's as seen by those allowed."""

from datetime import date

from flask import Blueprint, abort, g, render_template
from flask_login import current_user

from webapp.access import allow
from webapp.db import get_db
from webapp.models import Role, StaffMember
from webapp.services import audit, passports

bp = Blueprint("passports", __name__)
VIEWERS = (Role.MANAGER, Role.REGISTERED_PROFESSIONAL, Role.WORKFORCE_LEAD, Role.ISSUER,
           Role.ADMIN)


@bp.route("/me/passport")
@allow(Role.CARE_WORKER, Role.REGISTERED_PROFESSIONAL, Role.MANAGER)
def mine() -> str:
    """Show the signed-in member's own passport."""
    if current_user.staff_member_id is None:
        abort(404)
    member = get_db().get(StaffMember, current_user.staff_member_id)
    passport = passports.build_passport(get_db(), member, date.today())
    return render_template("passports/show.html", passport=passport, own=True)


@bp.route("/staff/<int:staff_id>/passport")
@allow(*VIEWERS)
def show(staff_id: int) -> str:
    """Show one member's passport to someone allowed to see it (audited)."""
    session = get_db()
    member = session.get(StaffMember, staff_id)
    if member is None:
        abort(404)
    today = date.today()
    allowed = passports.can_view_passport(session, current_user, member, today)
    audit.record(session, actor=current_user,
                 action="passport.view" if allowed else "passport.view_denied",
                 entity="staff_member", entity_id=staff_id, staff_member_id=staff_id,
                 request_id=g.request_id)
    session.commit()
    if not allowed:
        abort(403)
    frameworks = passports.visible_to_organisation(session, current_user, member, today)
    passport = passports.build_passport(session, member, today, frameworks)
    return render_template("passports/show.html", passport=passport, own=False,
                           limited=frameworks is not None)
