"""Sharing a passport without an app: a member makes, lists and revokes share links."""

from datetime import UTC, date, datetime

import segno
from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user
from jinja2_fragments.flask import render_block

from webapp.access import allow
from webapp.db import get_db
from webapp.models import Role, StaffMember
from webapp.services import passports, sharing
from webapp.views import public_url

bp = Blueprint("sharing", __name__)
MEMBERS = (Role.CARE_WORKER, Role.REGISTERED_PROFESSIONAL, Role.MANAGER)


def _member() -> StaffMember:
    if current_user.staff_member_id is None:
        abort(404)
    return get_db().get(StaffMember, current_user.staff_member_id)


def _ints(values) -> list[int]:
    """The ASCII whole numbers among the values that an id column can hold ("²" is a digit
    to str.isdigit but not a number to int)."""
    return [int(v) for v in map(str, values) if v.isascii() and v.isdigit() and len(v) < 10]


@bp.route("/me/passport/share", methods=["GET", "POST"])
@allow(*MEMBERS)
def index():
    """List the member's share links with a form for a new one; POST creates it."""
    member = _member()
    if request.method == "POST":
        return _create(member)
    return _page(member, chosen={"days": [str(sharing.DEFAULT_DAYS)]})


def _create(member: StaffMember):
    form = request.form
    entry_ids = _ints(form.getlist("entry"))
    try:
        if len(entry_ids) != len(form.getlist("entry")):
            raise sharing.ShareError("Choose records from your own passport")
        link, token = sharing.create_share(
            get_db(), member=member, frameworks=form.getlist("framework"),
            entry_ids=entry_ids, days=next(iter(_ints([form.get("days")])), 0),
            label=form.get("label", ""), actor=current_user, request_id=g.request_id)
    except sharing.ShareError as error:
        return _page(member, chosen=form.to_dict(flat=False), error=str(error), status=422)
    url = public_url("verify.share", token=token)
    qr = segno.make(url, error="m").svg_inline(omitsize=True, dark="#212b32",
                                               title="QR code for the link")
    return render_template("sharing/created.html", link=link, url=url, qr=qr), 200, {
        "Cache-Control": "no-store"}


def _page(member: StaffMember, *, chosen: dict, error: str | None = None, status: int = 200):
    session = get_db()
    passport = passports.build_passport(session, member, date.today())
    groups = [(label, [i for i in items if i.entry]) for label, items in passport.groups]
    context = {"groups": [(label, items) for label, items in groups if items],
               "frameworks": sharing.shareable_frameworks(), "chosen": chosen, "error": error,
               "links": sharing.shares_for(session, member.id), "now": datetime.now(UTC),
               "state_of": sharing.state_of, "describe": sharing.describe_scope,
               "expiry_choices": sharing.EXPIRY_CHOICES}
    return render_template("sharing/index.html", **context), status


@bp.post("/me/passport/share/revoke")
@allow(*MEMBERS)
def revoke():
    """Revoke one of the member's links; htmx swaps just its row."""
    member = _member()
    share_id = next(iter(_ints([request.form.get("share_id", "")])), None)
    if share_id is None:
        abort(400, "Choose a link to revoke.")
    link = sharing.revoke_share(get_db(), member_id=member.id, share_id=share_id,
                                actor=current_user, request_id=g.request_id)
    if link is None:
        abort(404)
    if request.htmx:
        html = render_block("sharing/index.html", "share_row", link=link,
                            now=datetime.now(UTC), state_of=sharing.state_of,
                            describe=sharing.describe_scope)
        return html, 200, {"Vary": "HX-Request"}
    flash(f"Link {link.label or 'created ' + link.created_at.strftime('%-d %B %Y')} revoked. "
          "It no longer shows your passport.")
    return redirect(url_for("sharing.index"), 303)
