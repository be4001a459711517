"""What each job role requires, and the list of training about to expire, per organisation."""

from datetime import date

from flask import Blueprint, abort, flash, g, redirect, request, url_for
from flask_login import current_user

from webapp.access import allow
from webapp.db import get_db
from webapp.forms_passport import RequirementForm, competence_choices
from webapp.fragments import page_or_block
from webapp.models import Role
from webapp.services import catalogue, requirements

bp = Blueprint("requirements", __name__)
TEMPLATE = "requirements/index.html"


def _organisation(session):
    org = requirements.organisation_for(session, current_user,
                                        request.values.get("organisation", type=int))
    if org is None:
        abort(404)
    return org


@bp.route("/requirements", methods=["GET", "POST"])
@allow(Role.MANAGER, Role.ADMIN)
def index():
    """Show each job role's required competences; add a competence to a role."""
    session = get_db()
    organisation = _organisation(session)
    form = RequirementForm()
    form.competence.choices = competence_choices(catalogue.list_catalogue(session))
    problem = None
    if form.validate_on_submit():
        try:
            requirements.add(session, organisation_id=organisation.id,
                             job_role=form.job_role.data, competence_id=form.competence.data,
                             actor=current_user, request_id=g.request_id)
            session.commit()
            flash(f"{form.job_role.data} now requires that competence.", "info")
            return redirect(url_for(".index", organisation=organisation.id))
        except ValueError as error:
            problem = str(error)
    return _page(session, organisation, form, problem)


def _page(session, organisation, form, problem):
    context = {"organisation": organisation, "form": form, "problem": problem,
               "roles": requirements.by_job_role(session, organisation.id),
               "organisations": requirements.place_organisations(session, current_user.place_id)}
    status = 422 if request.method == "POST" else 200
    return page_or_block(TEMPLATE, "role_requirements", status, **context)


@bp.route("/requirements/<int:requirement_id>/remove", methods=["POST"])
@allow(Role.MANAGER, Role.ADMIN)
def remove(requirement_id: int):
    """Stop requiring a competence for a job role."""
    session = get_db()
    requirement = requirements.find(session, requirement_id, current_user)
    if requirement is None:
        abort(404)
    requirements.remove(session, requirement, actor=current_user, request_id=g.request_id)
    session.commit()
    flash(f"{requirement.job_role} no longer requires that competence.", "info")
    return redirect(url_for(".index", organisation=requirement.organisation_id))


@bp.route("/compliance/expiring.csv")
@allow(Role.MANAGER, Role.WORKFORCE_LEAD, Role.ADMIN)
def expiring_csv():
    """Download the organisation's entries expiring within 60, 30 or 0 days as CSV."""
    session = get_db()
    organisation = _organisation(session)
    within = request.args.get("within", 60, type=int)
    if within not in requirements.EXPIRY_WINDOWS:
        abort(404)
    rows = requirements.expiring_rows(session, organisation, date.today(), within)
    body = requirements.to_csv(requirements.EXPIRING_HEADER, rows)
    name = f"expiring-{within}-days-{organisation.code}-{date.today().isoformat()}.csv"
    return body, 200, {"Content-Type": "text/csv; charset=utf-8",
                       "Content-Disposition": f'attachment; filename="{name}"'}


