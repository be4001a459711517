"""A registered professional's delegations to care workers: list, record, review, renew,
suspend and withdraw (only the registrant who delegated sees or changes one)."""

from datetime import date

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user
from sqlmodel import select

from webapp.access import allow
from webapp.db import get_db
from webapp.forms_delegation import DelegationForm, FindWorkerForm, ReviewForm, StopForm
from webapp.forms_passport import choices
from webapp.models import Competence, Delegation, DelegationStatus, Framework, Role, StaffMember
from webapp.services import delegation_changes as changes
from webapp.services import delegations

bp = Blueprint("delegations", __name__)
REGISTRANT = Role.REGISTERED_PROFESSIONAL


def _registrant() -> StaffMember:
    if current_user.staff_member_id is None:
        abort(404)
    return get_db().get(StaffMember, current_user.staff_member_id)


def _own(delegation_id: int) -> Delegation:
    """The signed-in registrant's delegation; anyone else's looks missing."""
    delegation = get_db().get(Delegation, delegation_id)
    if delegation is None or delegation.delegating_professional_id != \
            current_user.staff_member_id:
        abort(404)
    return delegation


@bp.route("/me/delegations")
@allow(REGISTRANT)
def mine() -> str:
    """List the delegations the signed-in professional has made, reviews due first."""
    registrant = _registrant()
    rows = delegations.delegations_made(get_db(), registrant.id, date.today())
    return render_template("delegations/mine.html", rows=rows,
                           due=delegations.needing_review(rows), registrant=registrant,
                           registered=changes.registration_current(registrant, date.today()))


@bp.route("/me/delegations/new", methods=["GET", "POST"])
@allow(REGISTRANT)
def new():
    """Find the care worker, then record a delegation to them."""
    registrant, session = _registrant(), get_db()
    number = (request.form.get("staff_number") or request.args.get("staff_number", ""))[:20]
    if not number:
        return render_template("delegations/find.html", form=FindWorkerForm(formdata=None))
    try:
        worker = changes.find_worker(session, registrant, number)
    except changes.DelegationError as error:
        form = FindWorkerForm(request.args)
        form.staff_number.errors = [str(error)]
        return render_template("delegations/find.html", form=form), 422
    form = _delegation_form(session, worker)
    if form.validate_on_submit() and _record(form, registrant):
        session.commit()
        flash(f"Delegation recorded for {worker.full_name}.", "info")
        return redirect(url_for(".mine"))
    status = 422 if request.method == "POST" else 200
    return render_template("delegations/new.html", form=form, worker=worker,
                           registrant=registrant), status


def _delegation_form(session, worker: StaffMember) -> DelegationForm:
    form = DelegationForm(staff_number=worker.staff_number)
    activities = session.exec(select(Competence).where(
        Competence.framework == Framework.DELEGATED_ACTIVITY).order_by(Competence.title))
    form.activity.choices = choices((a.id, a.title) for a in activities)
    form.training_entry_id.choices = choices(changes.training_choices(session, worker))
    return form


def _record(form: DelegationForm, registrant: StaffMember) -> bool:
    data = {name: form[name].data for name in (
        "staff_number", "person_reference", "consent", "protocol_reference", "assessor",
        "supervision", "escalation_contact", "assessed_on", "review_by", "training_entry_id")}
    try:
        changes.record(get_db(), registrant=registrant, actor=current_user, today=date.today(),
                       new=changes.NewDelegation(activity_id=form.activity.data, **data),
                       request_id=g.request_id)
        return True
    except changes.DelegationError as error:
        _show_error(form, error)
        return False


def _show_error(form, error: "changes.DelegationError") -> None:
    field = getattr(form, error.field, None)
    if field is None:
        form.form_errors.append(str(error))
    else:
        field.errors = [*field.errors, str(error)]


@bp.route("/me/delegations/<int:delegation_id>")
@allow(REGISTRANT)
def show(delegation_id: int):
    """One delegation, with the forms to review, renew, suspend or withdraw it."""
    return _page(_own(delegation_id), ReviewForm(formdata=None), StopForm(formdata=None))


def _page(delegation: Delegation, review_form, stop_form, status: int = 200):
    session, today = get_db(), date.today()
    row = next(r for r in delegations.delegations_made(
        session, delegation.delegating_professional_id, today) if r.delegation.id ==
        delegation.id)
    return render_template("delegations/show.html", row=row, review_form=review_form,
                           stop_form=stop_form, Status=DelegationStatus), status


@bp.route("/me/delegations/<int:delegation_id>/review", methods=["POST"])
@allow(REGISTRANT)
def review(delegation_id: int):
    """Confirm an active delegation after re-assessing, with the next review date."""
    return _new_review(_own(delegation_id), changes.review, "reviewed")


@bp.route("/me/delegations/<int:delegation_id>/renew", methods=["POST"])
@allow(REGISTRANT)
def renew(delegation_id: int):
    """Restart a suspended delegation after re-assessing, with the next review date."""
    return _new_review(_own(delegation_id), changes.renew, "renewed")


def _new_review(delegation: Delegation, change, done: str):
    form = ReviewForm()
    if form.validate_on_submit():
        try:
            change(get_db(), delegation, registrant=_registrant(), review_by=form.review_by.data,
                   actor=current_user, today=date.today(), request_id=g.request_id)
            get_db().commit()
            flash(f"Delegation {done}: next review by {form.review_by.data:%d %B %Y}.", "info")
            return redirect(url_for(".show", delegation_id=delegation.id))
        except changes.DelegationError as error:
            _show_error(form, error)
    return _page(delegation, form, StopForm(formdata=None), 422)


@bp.route("/me/delegations/<int:delegation_id>/suspend", methods=["POST"])
@allow(REGISTRANT)
def suspend(delegation_id: int):
    """Suspend a delegation while the care worker's competence is in doubt."""
    return _stop(_own(delegation_id), DelegationStatus.SUSPENDED)


@bp.route("/me/delegations/<int:delegation_id>/withdraw", methods=["POST"])
@allow(REGISTRANT)
def withdraw(delegation_id: int):
    """End a delegation for good."""
    return _stop(_own(delegation_id), DelegationStatus.WITHDRAWN)


def _stop(delegation: Delegation, status: str):
    form = StopForm()
    if form.validate_on_submit():
        try:
            changes.stop(get_db(), delegation, status=status, reason=form.reason.data,
                         actor=current_user, request_id=g.request_id)
            get_db().commit()
            flash(f"Delegation {status}.", "info")
            return redirect(url_for(".show", delegation_id=delegation.id))
        except changes.DelegationError as error:
            _show_error(form, error)
    return _page(delegation, ReviewForm(formdata=None), form, 422)
