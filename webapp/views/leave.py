"""Leave: a member requests it on their phone; their manager decides, seeing its impact first."""

from datetime import UTC, date, datetime

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user

from webapp.access import allow
from webapp.db import get_db
from webapp.forms_leave import CancelLeaveForm, DecisionForm, LeaveRequestForm
from webapp.fragments import page_or_block
from webapp.models import Role, StaffMember
from webapp.models.leave import LeaveKind
from webapp.services import leave as leave_service
from webapp.services.problems import Problems

bp = Blueprint("leave", __name__)
MEMBERS = (Role.CARE_WORKER, Role.REGISTERED_PROFESSIONAL, Role.MANAGER)
DECIDERS = (Role.MANAGER, Role.WORKFORCE_LEAD, Role.ADMIN)


@bp.context_processor
def leave_kinds() -> dict:
    return {"LeaveKind": LeaveKind}


def _own_member_id() -> int:
    if current_user.staff_member_id is None:
        abort(404)  # a sign-in without a staff record takes no leave
    return current_user.staff_member_id


@bp.route("/me/leave", methods=["GET", "POST"])
@allow(*MEMBERS)
def mine():
    """Request leave; list the member's own requests."""
    member_id, session = _own_member_id(), get_db()
    form = LeaveRequestForm()
    if form.validate_on_submit():
        try:
            leave_service.request_leave(
                session, member_id=member_id, kind=form.kind.data, starts_on=form.starts_on.data,
                ends_on=form.ends_on.data, note=form.note.data or "", actor=current_user,
                today=date.today(), now=datetime.now(UTC), request_id=g.request_id)
            session.commit()
            flash("Leave requested. Your manager will approve or decline it.", "info")
            return redirect(url_for(".mine"))
        except Problems as problems:
            _attach(form, problems)
    status = 422 if request.method == "POST" else 200
    return render_template("leave/mine.html", form=form, today=date.today(),
                           requests=leave_service.requests_of(session, member_id)), status


def _attach(form, problems: Problems) -> None:
    """Show the service's problems beside the fields they concern."""
    for problem in problems.problems:
        form[problem.field].errors = [*form[problem.field].errors, problem.message]


@bp.route("/me/leave/cancel", methods=["POST"])
@allow(*MEMBERS)
def cancel():
    """Withdraw one of the member's requests still waiting for a decision."""
    _own_member_id()
    session, form = get_db(), CancelLeaveForm()
    if not form.validate_on_submit():
        return "Choose a request to cancel", 422
    leave = leave_service.find_own(session, current_user, form.leave.data)
    if leave is None:
        abort(404)
    try:
        leave_service.cancel(session, leave=leave, actor=current_user, request_id=g.request_id)
        session.commit()
        flash("Request cancelled.", "info")
    except Problems as problems:
        flash(str(problems), "info")
    return redirect(url_for(".mine"))


@bp.route("/leave")
@allow(*DECIDERS)
def index():
    """List leave requests to decide (or recent decisions) from the staff this user manages."""
    waiting = request.args.get("show") != "decided"
    rows = leave_service.to_decide(get_db(), current_user, waiting=waiting)
    return page_or_block("leave/index.html", "leave_requests", rows=rows, waiting=waiting)


def _to_decide(session, leave_id: int):
    leave = leave_service.find_to_decide(session, current_user, leave_id)
    if leave is None:
        abort(404)
    return leave


@bp.route("/leave/<int:leave_id>")
@allow(*DECIDERS)
def show(leave_id: int):
    """Show a request and the published shifts and visits it would leave uncovered."""
    session = get_db()
    return _decision_page(session, _to_decide(session, leave_id), DecisionForm())


def _decision_page(session, leave, form, problem=None, status=200):
    impact = leave_service.uncovered_by(session, staff_member_id=leave.staff_member_id,
                                        starts_on=leave.starts_on, ends_on=leave.ends_on)
    return render_template("leave/show.html", leave=leave, form=form, impact=impact,
                           problem=problem,
                           member=session.get(StaffMember, leave.staff_member_id)), status


@bp.route("/leave/<int:leave_id>/decide", methods=["POST"])
@allow(*DECIDERS)
def decide(leave_id: int):
    """Approve or decline a request."""
    session = get_db()
    leave, form = _to_decide(session, leave_id), DecisionForm()
    if not form.validate_on_submit():
        return _decision_page(session, leave, form, status=422)
    try:
        leave_service.decide(session, leave=leave, approve=form.decision.data == "approve",
                             actor=current_user, now=datetime.now(UTC), request_id=g.request_id)
    except Problems as problems:
        return _decision_page(session, leave, form, problem=str(problems), status=409)
    session.commit()
    member = session.get(StaffMember, leave.staff_member_id)
    flash(f"{member.full_name}'s leave {leave.status}.", "info")
    return redirect(url_for(".index"))
