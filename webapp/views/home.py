"""Landing: send each role to where its work starts."""

from flask import Blueprint, redirect, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from webapp.access import ANONYMOUS, SIGNED_IN, allow
from webapp.models import Role

bp = Blueprint("home", __name__)

LANDING = {
    Role.CARE_WORKER: "passports.mine",
    Role.REGISTERED_PROFESSIONAL: "passports.mine",
    Role.MANAGER: "staff.index",
    Role.ISSUER: "staff.index",
    Role.ADMIN: "staff.index",
    Role.WORKFORCE_LEAD: "staff.index",
}


@bp.route("/")
@allow(*SIGNED_IN)
def index() -> Response:
    """Redirect to the role's landing page."""
    return redirect(url_for(LANDING[Role(current_user.role)]))


@bp.route("/health")
@allow(ANONYMOUS)
def health() -> dict:
    """Answer a load balancer's liveness probe."""
    return {"status": "ok"}
