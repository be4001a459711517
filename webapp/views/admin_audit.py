"""The audit log of an admin's organisation (a place admin: the place), filtered and paged,
written for people, and as CSV."""

from datetime import date, datetime

from flask import Blueprint, g, render_template, request, url_for
from flask_login import current_user
from sqlmodel import func, select

from webapp.access import allow
from webapp.db import get_db
from webapp.fragments import page_or_block
from webapp.models import Role, StaffMember, User
from webapp.services import audit, audit_wording
from webapp.services.requirements import to_csv  # the compliance export's formula guard

bp = Blueprint("admin_audit", __name__)
TEMPLATE = "admin/audit.html"
PAGE = 50
CSV_LIMIT = 50_000
CSV_HEADER = ["When (UTC)", "Who", "What", "About", "Details", "Request"]


def _date(field: str, label: str, errors: dict) -> date | None:
    text = request.args.get(field, "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        errors[field] = f"{label} must be a real date, like 2026-03-31"
        return None


def _filters(session) -> tuple[audit.LogFilter, dict, dict]:
    """Read the filters from the query string: (filter, the values shown, errors by field)."""
    shown = {k: request.args.get(k, "")[:254].replace("\x00", "").strip()
             for k in ("actor", "subject", "kind", "since", "until")}
    errors: dict[str, str] = {}
    actor = subject = None
    if shown["actor"]:
        actor = session.exec(select(User.id).where(
            func.lower(User.email) == shown["actor"].lower(),
            User.place_id == current_user.place_id)).first()
        if actor is None:
            errors["actor"] = f"No account in the place has the email address {shown['actor']}"
    if shown["subject"]:
        subject = session.exec(select(StaffMember.id).where(
            StaffMember.staff_number == shown["subject"][:20],
            StaffMember.place_id == current_user.place_id)).first()
        if subject is None:
            errors["subject"] = f"No one in the place has staff number {shown['subject'][:20]}"
    if shown["kind"] and shown["kind"] not in audit_wording.ACTIONS:
        errors["kind"] = "Choose a kind of action from the list"
    since, until = _date("since", "From", errors), _date("until", "To", errors)
    if since and until and until < since:
        errors["until"] = "To must be the same as or after From"
    wanted = audit.LogFilter(actor_user_id=actor, staff_member_id=subject,
                             action=shown["kind"] or None, since=since, until=until)
    return wanted, shown, errors


def _cursor() -> tuple | None:
    """The keyset of the last event on the previous page: "<ISO time>_<id>"."""
    at, _, event_id = request.args.get("before", "").partition("_")
    try:
        when, number = datetime.fromisoformat(at), int(event_id)
    except ValueError:
        return None
    return (when, number) if 0 < number < 2**31 else None


def _record_view(session, action: str, shown: dict) -> None:
    # Reading the log is itself audited: it shows who looked at whose records, and a log
    # that can be read unseen invites browsing. Only a first page or a download is
    # recorded, so paging through one search does not bury the log in its own views.
    audit.record(session, actor=current_user, action=action, entity="audit_log",
                 entity_id=current_user.organisation_id or "place", request_id=g.request_id,
                 after={k: v for k, v in shown.items() if v})
    session.commit()


@bp.route("/admin/audit")
@allow(Role.ADMIN)
def index():
    """Show the audit log newest first, filtered, a page at a time."""
    session = get_db()
    wanted, shown, errors = _filters(session)
    before = _cursor()
    events = [] if errors else audit.search_log(session, current_user, wanted, before=before,
                                                limit=PAGE + 1)
    more = len(events) > PAGE
    events = events[:PAGE]
    if not errors and before is None and not request.htmx:
        _record_view(session, "audit.view", shown)
    asked = {k: v for k, v in shown.items() if v}
    following = None
    if more:
        last = events[-1]
        following = url_for(".index", **asked, before=f"{last.at.isoformat()}_{last.id}")
    return page_or_block(TEMPLATE, "audit_results", 422 if errors else 200,
                         rows=audit_wording.rows(session, events), shown=shown,
                         errors=errors, asked=asked,
                         kinds=audit_wording.kinds(), following=following, paged=bool(before))


@bp.route("/admin/audit.csv")
@allow(Role.ADMIN)
def download():
    """The filtered audit log as CSV (the newest 50,000 events), cells a spreadsheet would
    run as a formula neutralised."""
    session = get_db()
    wanted, shown, errors = _filters(session)
    if errors:
        return render_template(TEMPLATE, rows=[], shown=shown, errors=errors, asked={},
                               kinds=audit_wording.kinds(), following=None, paged=False), 422
    events = audit.search_log(session, current_user, wanted, limit=CSV_LIMIT)
    rows = audit_wording.rows(session, events)
    body = to_csv(CSV_HEADER, [[r["event"].at.strftime("%Y-%m-%d %H:%M:%S"), r["who"],
                                r["what"], r["about"], r["details"],
                                r["event"].request_id or ""] for r in rows])
    _record_view(session, "audit.download", shown)
    name = f"audit-log-{date.today().isoformat()}.csv"
    return body, 200, {"Content-Type": "text/csv; charset=utf-8",
                       "Content-Disposition": f'attachment; filename="{name}"'}
