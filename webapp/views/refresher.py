"""An employer's own refresher periods: where an organisation refreshes a competence more or
less often than the catalogue says, the entries it verified follow its period."""

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlmodel import select
from wtforms import IntegerField, SelectField
from wtforms.validators import InputRequired, NumberRange, Optional

from webapp.access import allow
from webapp.db import get_db
from webapp.forms_passport import competence_choices, organisation_choices
from webapp.models import Competence, Organisation, Role
from webapp.services import catalogue, refresher

bp = Blueprint("refresher", __name__)


class EmployerPeriodForm(FlaskForm):
    competence = SelectField("Competence", coerce=int,
                             validators=[InputRequired("Choose the competence")])
    organisation = SelectField("Organisation", coerce=int,
                               validators=[InputRequired("Choose the organisation")])
    refresher_months = IntegerField("Refresher period in months", validators=[
        Optional(), NumberRange(min=1, max=120, message="Refresher period in months must be "
                                "a number from 1 to 120")])


def _organisations() -> list[Organisation]:
    """An admin sets any organisation's period in their place; an issuer only their own."""
    query = select(Organisation).where(Organisation.place_id == current_user.place_id)
    if current_user.role != Role.ADMIN:
        query = query.where(Organisation.id == current_user.organisation_id)
    return list(get_db().exec(query.order_by(Organisation.name)))


@bp.route("/catalogue/employer-periods", methods=["GET", "POST"])
@allow(Role.ADMIN, Role.ISSUER)
def edit():
    """Set an organisation's own refresher period for one competence."""
    session, organisations = get_db(), _organisations()
    if not organisations:
        abort(404)
    form = EmployerPeriodForm(competence=request.args.get("competence", type=int),
                              organisation=organisations[0].id)
    form.competence.choices = competence_choices(catalogue.list_catalogue(session))
    form.organisation.choices = organisation_choices(organisations)
    if form.validate_on_submit():
        organisation = next(o for o in organisations if o.id == form.organisation.data)
        competence = session.get(Competence, form.competence.data)
        changed = refresher.set_employer_period(
            session, organisation=organisation, competence=competence,
            months=form.refresher_months.data, actor=current_user, request_id=g.request_id)
        session.commit()
        flash(f"{organisation.name}: {competence.title} refresher period saved; {changed} "
              "entries it verified have a new valid-until date.", "info")
        return redirect(url_for(".edit"))
    return render_template("refresher/edit.html", form=form, periods=refresher.listed(
        session, [o.id for o in organisations])), 422 if form.errors else 200
