"""Bulk training import: upload, preview every row's outcome, then confirm all or none."""

import json
from datetime import date

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user

from webapp.access import allow
from webapp.db import get_db
from webapp.forms_passport import ImportForm, organisation_choices
from webapp.fragments import page_or_block
from webapp.models import Role
from webapp.services import imports, imports_batch, requirements

bp = Blueprint("imports", __name__)
IMPORTERS = (Role.ISSUER, Role.ADMIN)
PAGE_SIZE = 200


@bp.route("/imports", methods=["GET", "POST"])
@allow(*IMPORTERS)
def new():
    """Upload an ESR or ASC-WDS training file; nothing is written until it is confirmed."""
    if (request.content_length or 0) > imports.MAX_BYTES:
        return render_template("imports/too_large.html", limit=imports.MAX_BYTES), 413
    session = get_db()
    form = ImportForm()
    form.organisation.choices = organisation_choices(
        requirements.place_organisations(session, current_user.place_id))
    problems = []
    if form.validate_on_submit():
        organisation = imports_batch.importing_organisation(session, current_user,
                                                            form.organisation.data)
        parsed = imports.parse(form.layout.data, form.upload.data.read(imports.MAX_BYTES + 1))
        problems = parsed.errors or ([] if organisation else [
            "Choose the organisation whose records these are"])
        if not problems:
            batch, _ = imports_batch.create_batch(session, parsed, organisation=organisation,
                                                  filename=form.upload.data.filename,
                                                  actor=current_user)
            session.commit()
            return redirect(url_for(".show", batch_id=batch.id))
    status = 422 if request.method == "POST" else 200
    return render_template("imports/new.html", form=form, problems=problems), status


def _batch(batch_id: int):
    batch = imports_batch.batch_for(get_db(), batch_id, current_user)
    if batch is None:
        abort(404)
    return batch


@bp.route("/imports/<int:batch_id>")
@allow(*IMPORTERS)
def show(batch_id: int):
    """Preview every row's outcome, errors first if asked; htmx pages through the rows."""
    batch = _batch(batch_id)
    rows = imports_batch.stored_rows(batch)
    shown = [r for r in rows if r[1] == "error"] if request.args.get("errors") == "1" else rows
    page = max(1, request.args.get("page", 1, type=int) or 1)
    context = {"batch": batch, "counts": imports_batch.counts(s for _, s, _ in rows),
               "rows": shown[(page - 1) * PAGE_SIZE:page * PAGE_SIZE], "page": page,
               "pages": max(1, -(-len(shown) // PAGE_SIZE)), "errors_only":
               request.args.get("errors") == "1", "labels": imports_batch.STATUS_LABELS,
               "summary": json.loads(batch.summary) if batch.summary else None}
    return page_or_block("imports/show.html", "import_rows", **context)


@bp.route("/imports/<int:batch_id>/commit", methods=["POST"])
@allow(*IMPORTERS)
def commit(batch_id: int):
    """Write every row in one transaction, or none if any row is in error."""
    session, batch = get_db(), _batch(batch_id)
    try:
        summary = imports_batch.commit(session, batch, actor=current_user, today=date.today(),
                                 request_id=g.request_id)
        session.commit()
        flash(f"Imported: {summary['new']} new, {summary['update']} updated, "
              f"{summary['unchanged']} unchanged.", "info")
    except imports_batch.ImportRefused as error:
        session.rollback()
        flash(f"Nothing was imported. {error}", "error")
    return redirect(url_for(".show", batch_id=batch_id))


@bp.route("/imports/<int:batch_id>/discard", methods=["POST"])
@allow(*IMPORTERS)
def discard(batch_id: int):
    """Drop a previewed upload without importing it."""
    session, batch = get_db(), _batch(batch_id)
    try:
        imports_batch.discard(session, batch, actor=current_user, request_id=g.request_id)
        session.commit()
        flash("Upload discarded: nothing was imported.", "info")
    except imports_batch.ImportRefused as error:
        flash(str(error), "error")
    return redirect(url_for(".new"))
