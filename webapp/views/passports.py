"""Skills passports: a member's own, and a member's as seen by those allowed."""

from datetime import date

from flask import Blueprint, abort, g, render_template
from flask_login import current_user

from webapp.access import allow, visible_passport
from webapp.db import get_db
from webapp.models import Role, StaffMember
from webapp.services import audit, passport_access, passports

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
    return render_template("passports/show.html", passport=passport, own=True,
                           changeable=set())


@bp.route("/staff/<int:staff_id>/passport")
@allow(*VIEWERS)
def show(staff_id: int) -> str:
    """Show one member's passport, as much as the user may see of it (audited)."""
    today = date.today()
    member, scope = visible_passport(staff_id, today)
    session = get_db()
    audit.record(session, actor=current_user, action="passport.view", entity="staff_member",
                 entity_id=staff_id, staff_member_id=staff_id, request_id=g.request_id)
    session.commit()
    passport = passports.build_passport(session, member, today, scope.frameworks)
    entries = [i.entry for _, items in passport.groups for i in items if i.entry]
    changeable = passport_access.changeable_entry_ids(session, current_user, member, entries,
                                                      today)
    return render_template("passports/show.html", passport=passport, own=False,
                           limited=not scope.everything, changeable=changeable)
