"""A person's own shifts: on their phone, as a PDF, and in their calendar."""

from datetime import date, datetime, timedelta

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    send_from_directory,
    session,
    url_for,
)
from flask_login import current_user

from webapp.access import ANONYMOUS, allow
from webapp.db import get_db
from webapp.models import Role, StaffMember
from webapp.models.rota import Rota
from webapp.services import audit
from webapp.services.rota_outputs import calendar, fairness, personal, render, visits
from webapp.services.rotas.clock import wall_clock
from webapp.views.rota_outputs import personal_pdf

bp = Blueprint("me_shifts", __name__)
MEMBERS = (Role.CARE_WORKER, Role.REGISTERED_PROFESSIONAL, Role.MANAGER)
NEW_FEED = "calendar_url"  # the session key holding a new feed URL until it is shown once


def _me() -> StaffMember:
    member = get_db().get(StaffMember, current_user.staff_member_id or 0)
    if member is None:
        abort(404)
    return member


@bp.route("/me/shifts")
@allow(*MEMBERS)
def mine():
    """Next shifts and visits first, then the published weeks; changes since the last look."""
    db, member, today = get_db(), _me(), date.today()
    shifts, gone = personal.flag_changes(db, current_user.id,
                                         personal.published(db, member.id, today))
    db.commit()
    upcoming = [s for s in shifts if s.ends >= wall_clock(_utcnow())]
    return render_template(
        "me/shifts.html", member=member, upcoming=upcoming[:3], weeks=personal.weeks(shifts),
        gone=gone, changed=sum(s.changed for s in shifts), today=today,
        today_visits=_today_visits(db, member, shifts, today), synced_at=wall_clock(_utcnow()),
        feed=calendar.active(db, current_user), new_feed=session.pop(NEW_FEED, None),
        fairness_rows=[("You", *fairness.for_person(db, member.id, today, shifts))])


def _utcnow() -> datetime:
    from datetime import UTC

    return datetime.now(UTC)


def _today_visits(db, member, shifts, today) -> list:
    """Today's visit list from each published rota the person has visits on today."""
    rota_ids = {s.rota_id for s in shifts if s.kind == "visit" and s.starts.date() == today}
    return [day for rid in sorted(rota_ids)
            for day in visits.day_lists(db, db.get(Rota, rid), today, carer_id=member.id)]


@bp.route("/me/shifts/pdf")
@allow(*MEMBERS)
def pdf():
    """The person's shifts across every employer as a PDF (audited)."""
    db, member = get_db(), _me()
    shifts = personal.published(db, member.id, date.today())  # their own: nothing as busy
    return personal_pdf(db, member, shifts, f"my-shifts-{date.today().isoformat()}.pdf")


@bp.route("/me/shifts/visits.pdf")
@allow(*MEMBERS)
def visits_pdf():
    """The person's own visit list for a day (?day=YYYY-MM-DD, today by default)."""
    db, member = get_db(), _me()
    day = request.args.get("day", date.today().isoformat())
    try:
        when = date.fromisoformat(day)
    except ValueError:
        abort(404)
    shifts = personal.published(db, member.id, when)
    lists = _today_visits(db, member, shifts, when)
    html = render_template("pdf/visits.html", rota=None, day=when, lists=lists,
                           scope=member.full_name, printed_at=wall_clock(_utcnow()))
    audit.record(db, actor=current_user, action="rota.export_visit_list",
                 entity="staff_member", entity_id=member.id, staff_member_id=member.id,
                 after={"day": day, "visits": sum(len(d.visits) for d in lists)})
    db.commit()
    return render.pdf(html), 200, {
        "Content-Type": "application/pdf",
        "Content-Disposition": f'attachment; filename="my-visits-{when.isoformat()}.pdf"'}


@bp.route("/me/shifts/calendar", methods=["POST"])
@allow(*MEMBERS)
def calendar_link():
    """Create (or renew) the person's secret calendar URL; the old one stops working."""
    db = get_db()
    _me()
    token = calendar.create(db, current_user)
    db.commit()
    session[NEW_FEED] = url_for("me_shifts.feed", feed_token=token, _external=True)
    return redirect(url_for("me_shifts.mine") + "#calendar")


@bp.route("/me/shifts/calendar/revoke", methods=["POST"])
@allow(*MEMBERS)
def calendar_revoke():
    """Turn the calendar URL off: calendars using it stop updating."""
    db = get_db()
    calendar.revoke(db, current_user)
    db.commit()
    return redirect(url_for("me_shifts.mine") + "#calendar")


@bp.route("/calendar/<feed_token>.ics")
@allow(ANONYMOUS)
def feed(feed_token: str):
    """The calendar feed behind a secret URL: 404 once turned off, as for any unknown URL."""
    db = get_db()
    found = calendar.feed_for(db, feed_token[:100])
    if found is None:
        abort(404)
    since = date.today() - timedelta(days=28)
    body = calendar.ics(personal.published(db, found.staff_member_id, since),
                        found.staff_member_id)
    audit.record(db, actor=None, action="calendar.fetch", entity="calendar_feed",
                 entity_id=found.id, staff_member_id=found.staff_member_id)
    db.commit()
    return body, 200, {"Content-Type": "text/calendar; charset=utf-8"}


@bp.route("/sw.js")
@allow(ANONYMOUS)
def service_worker():
    """The service worker, from the site's root so that it may look after /me pages."""
    response = send_from_directory(current_app.static_folder, "sw.js",
                                   mimetype="text/javascript", max_age=0)
    response.headers["Cache-Control"] = "no-cache"  # a new worker is picked up at once
    return response


@bp.route("/manifest.webmanifest")
@allow(ANONYMOUS)
def manifest():
    """The web app manifest: installable, opening on the person's shifts."""
    return send_from_directory(current_app.static_folder, "manifest.webmanifest",
                               mimetype="application/manifest+json", max_age=3600)
