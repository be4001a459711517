"""JSON API: a passport for those allowed to see it, and public verification. Errors are
problem JSON (RFC 9457, rendered by webapp.errors for every path under /api/)."""

from datetime import date

from flask import Blueprint, abort, g, jsonify, request
from flask_login import current_user

from webapp.access import ANONYMOUS, SIGNED_IN, allow, visible_passport
from webapp.db import get_db
from webapp.extensions import csrf, limiter
from webapp.services import audit, passports, sharing
from webapp.services.credentials import verification
from webapp.views.credentials import platform
from webapp.views.verify import PRIVATE

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.get("/openapi.json")
@allow(ANONYMOUS)
def openapi():
    """Describe this API (OpenAPI 3.1)."""
    from webapp.views.api_spec import SPEC

    return jsonify(SPEC)


@bp.get("/staff/<int:staff_id>/passport")
@allow(*SIGNED_IN)
def passport(staff_id: int):
    """Return a member's passport to them or to someone allowed to see it (audited)."""
    today = date.today()
    member, scope = visible_passport(staff_id, today)
    session = get_db()
    audit.record(session, actor=current_user, action="passport.view", entity="staff_member",
                 entity_id=staff_id, staff_member_id=staff_id,
                 after={"via": "api"}, request_id=g.request_id)
    session.commit()
    built = passports.build_passport(session, member, today, scope.frameworks)
    return jsonify({
        "staff_id": member.id, "staff_number": member.staff_number, "name": member.full_name,
        "employers": [{"organisation": org.name, "job_role": c.job_role,
                       "contract_type": c.contract_type} for c, org in built.contracts],
        "groups": [{"category": label, "items": [_item(i) for i in items]}
                   for label, items in built.groups],
    })


def _item(item: passports.PassportItem) -> dict:
    entry = item.entry
    return {
        "code": item.competence.code, "title": item.competence.title,
        "level": item.competence.level, "status": item.status, "required": item.required,
        "entry_id": entry.id if entry else None,
        "achieved_on": entry.achieved_on.isoformat() if entry else None,
        "valid_until": entry.valid_until.isoformat() if entry and entry.valid_until else None,
        "verified_by_organisation": item.verifying_organisation,
        "verified_on": entry.verified_on.isoformat() if entry and entry.verified_on else None,
        "self_declared": bool(entry) and entry.verified_by is None,
    }


@bp.post("/verify/credential")
@allow(ANONYMOUS)
@csrf.exempt  # changes nothing: a pure check
@limiter.limit("30 per minute")
def verify_credential():
    """Check a VC-JWT sent as {"credential": "<jwt>"}."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("credential"), str):
        abort(400, 'Send a JSON body like {"credential": "<VC-JWT>"}.')
    result = verification.verify_credential(get_db(), body["credential"], platform=platform())
    return jsonify(result.as_dict())


@bp.get("/verify/share/<token>")
@allow(ANONYMOUS)
@limiter.limit("60 per minute")
def verify_share(token: str):
    """Return what a share link shows; 404 if unknown, 410 once revoked or expired."""
    view = sharing.open_share(get_db(), token[:100], request_id=g.request_id)
    if view is None:
        abort(404, "No share link matches this token.")
    if view.state != "active":
        abort(410, f"This link has been {'revoked' if view.state == 'revoked' else 'expired'}.")
    return jsonify({
        "name": view.member.full_name, "expires_at": view.link.expires_at.isoformat(),
        "records": [{"code": i.competence.code, "title": i.competence.title,
                     "level": i.competence.level, "category": i.category, "status": i.status,
                     "achieved_on": i.entry.achieved_on.isoformat(),
                     "valid_until": i.entry.valid_until.isoformat()
                     if i.entry.valid_until else None,
                     "verified_by_organisation": i.verifying_organisation,
                     "verified_on": i.entry.verified_on.isoformat()
                     if i.entry.verified_on else None,
                     "self_declared": i.entry.verified_by is None} for i in view.items],
    }), 200, PRIVATE
