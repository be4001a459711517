"""Signed credentials: download one, export FHIR, revoke an entry, publish keys and status."""

from datetime import date

import click
from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from webapp.access import ANONYMOUS, SIGNED_IN, allow, visible_passport
from webapp.db import get_db
from webapp.models import Competence, Role, StaffMember
from webapp.services import audit, credentials, fhir, passport_access
from webapp.services.credentials import signing_keys, status_list
from webapp.views import public_base_url, public_url

bp = Blueprint("credentials", __name__)
JSON_TYPES = ["application/json", "application/vc+ld+json", "application/vc+jwt"]


def platform() -> credentials.Platform:
    """Describe this service at its configured public address (never the Host header)."""
    return credentials.Platform(base_url=public_base_url(),
                                status_url=public_url("credentials.status_list_credential"),
                                keys=signing_keys.keys_directory(current_app))


def visible_entry(staff_id: int, entry_id: int, today: date):
    """Return (member, entry) if the user may see this entry of the passport, else 404."""
    member, scope = visible_passport(staff_id, today)
    session = get_db()
    entry = credentials.issuable_entry(session, staff_id, entry_id)
    if entry is None or not scope.shows(session.get(Competence, entry.competence_id).framework):
        abort(404)
    return member, entry


@bp.post("/staff/<int:staff_id>/passport/entries/<int:entry_id>/credential")
@allow(*SIGNED_IN)
def issue(staff_id: int, entry_id: int) -> Response:
    """Download a verified entry as a signed Open Badges 3.0 credential (VC-JWT)."""
    _member, entry = visible_entry(staff_id, entry_id, date.today())
    session = get_db()
    try:
        _issued, token = credentials.issue_credential(session, entry, platform=platform(),
                                                      actor=current_user,
                                                      request_id=g.request_id)
    except credentials.NotIssuable as error:
        abort(409, str(error))
    code = session.get(Competence, entry.competence_id).code.lower()
    return Response(token, mimetype="application/vc+jwt", headers={
        "Content-Disposition": f'attachment; filename="{code}-credential.jwt"'})


@bp.get("/staff/<int:staff_id>/passport/fhir")
@allow(*SIGNED_IN)
def practitioner(staff_id: int) -> Response:
    """Export what the user may see of the member's verified qualifications as a FHIR R4
    Practitioner (audited)."""
    member, scope = visible_passport(staff_id, date.today())
    session = get_db()
    resource = fhir.practitioner(session, member, base_url=platform().base_url, scope=scope)
    audit.record(session, actor=current_user, action="passport.export_fhir",
                 entity="staff_member", entity_id=staff_id, staff_member_id=staff_id,
                 request_id=g.request_id)
    session.commit()
    response = jsonify(resource)
    response.mimetype = "application/fhir+json"
    return response


@bp.route("/staff/<int:staff_id>/passport/entries/<int:entry_id>/revoke",
          methods=["GET", "POST"])
@allow(Role.ISSUER, Role.ADMIN)
def revoke(staff_id: int, entry_id: int):
    """Revoke a passport entry with a reason; its credentials then verify as revoked."""
    session, today = get_db(), date.today()
    member = session.get(StaffMember, staff_id)
    entry = credentials.issuable_entry(session, staff_id, entry_id)
    if member is None or entry is None or not passport_access.may_change_entry(
            session, current_user, entry, today):
        abort(404)
    reason = request.form.get("reason", "").strip()[:500]
    error = None
    if request.method == "POST" and not entry.revoked:
        if reason:
            credentials.revoke_entry(session, entry, reason=reason, actor=current_user,
                                     request_id=g.request_id)
            flash("Record revoked. Credentials issued from it now show as revoked.")
            return redirect(url_for("passports.show", staff_id=staff_id))
        error = "Enter why you are revoking this record"
    page = render_template("credentials/revoke.html", member=member, entry=entry,
                           competence=session.get(Competence, entry.competence_id),
                           error=error, reason=reason)
    return page, 422 if error else 200


@bp.get("/credentials/status/1")
@allow(ANONYMOUS)
def status_list_credential() -> Response:
    """Publish the revocation status list: a signed VC-JWT unless JSON is asked for."""
    service = platform()
    credential = status_list.status_list_credential(get_db(), url=service.status_url,
                                                    issuer=service.issuer())
    # Signed by default (a verifier trusts a signed list); JSON only when asked for.
    wanted = request.accept_mimetypes.best_match(JSON_TYPES[::-1], "application/vc+jwt")
    if wanted == "application/vc+jwt":
        token, _kid = signing_keys.sign(credential, service.keys)
        response = Response(token, mimetype="application/vc+jwt")
    else:
        response = jsonify(credential)
    response.headers["Cache-Control"] = "public, max-age=60"
    response.vary.add("Accept")
    return response


@bp.get("/.well-known/jwks.json")
@allow(ANONYMOUS)
def jwks() -> Response:
    """Publish every public key that has signed credentials, newest last."""
    response = jsonify(signing_keys.jwks(signing_keys.keys_directory(current_app)))
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


@bp.cli.command("rotate-signing-key")
def rotate_signing_key() -> None:
    """Make a new signing key; older keys keep verifying what they signed."""
    key = signing_keys.create_key(signing_keys.keys_directory(current_app))
    click.echo(f"New signing key {key.kid}; new credentials are signed with it.")
