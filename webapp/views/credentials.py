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

from webapp.access import ANONYMOUS, SIGNED_IN, allow
from webapp.db import get_db
from webapp.models import Competence, Role, StaffMember
from webapp.services import audit, credentials, fhir, passports, signing_keys, status_list

bp = Blueprint("credentials", __name__)
JSON_TYPES = ["application/json", "application/vc+ld+json", "application/vc+jwt"]


def platform() -> credentials.Platform:
    """Describe this service: CREDENTIAL_BASE_URL if set (behind a proxy), else this host."""
    base = current_app.config.get("CREDENTIAL_BASE_URL")
    if base:
        base = base.rstrip("/") + "/"
        status_url = base.rstrip("/") + url_for("credentials.status_list_credential")
    else:
        base = request.url_root
        status_url = url_for("credentials.status_list_credential", _external=True)
    return credentials.Platform(base_url=base, status_url=status_url,
                                keys=signing_keys.keys_directory(current_app))


def viewable_member(staff_id: int) -> StaffMember:
    """Return the member if the signed-in user may see their passport, else 404/403."""
    session = get_db()
    member = session.get(StaffMember, staff_id)
    if member is None:
        abort(404)
    if not passports.can_view_passport(session, current_user, member, date.today()):
        abort(403)
    return member


@bp.post("/staff/<int:staff_id>/passport/entries/<int:entry_id>/credential")
@allow(*SIGNED_IN)
def issue(staff_id: int, entry_id: int) -> Response:
    """Download a verified entry as a signed Open Badges 3.0 credential (VC-JWT)."""
    viewable_member(staff_id)
    session = get_db()
    entry = credentials.issuable_entry(session, staff_id, entry_id) or abort(404)
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
    """Export the member's verified qualifications as a FHIR R4 Practitioner (audited)."""
    member = viewable_member(staff_id)
    session = get_db()
    resource = fhir.practitioner(session, member, base_url=platform().base_url)
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
    session = get_db()
    member = session.get(StaffMember, staff_id)
    if member is None or member.place_id != current_user.place_id:
        abort(404)
    entry = credentials.issuable_entry(session, staff_id, entry_id) or abort(404)
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
    """Publish the revocation status list (JSON; signed VC-JWT on Accept: application/vc+jwt)."""
    service = platform()
    credential = status_list.status_list_credential(get_db(), url=service.status_url,
                                                    issuer=service.issuer())
    if request.accept_mimetypes.best_match(JSON_TYPES) == "application/vc+jwt":
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
