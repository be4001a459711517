"""Public checking, no account needed: a shared passport link, or a signed credential."""

from flask import Blueprint, g, render_template, request

from webapp.access import ANONYMOUS, allow
from webapp.db import get_db
from webapp.extensions import limiter
from webapp.services import sharing
from webapp.services.credentials import verification
from webapp.views.credentials import platform

bp = Blueprint("verify", __name__)
MAX_UPLOAD = 64 * 1024
PRIVATE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer",
           "X-Robots-Tag": "noindex, nofollow"}


@bp.get("/verify/share/<token>")
@allow(ANONYMOUS)
@limiter.limit("60 per minute")
def share(token: str):
    """Show exactly what a member shared, or say the link was revoked or has expired."""
    view = sharing.open_share(get_db(), token[:100], request_id=g.request_id)
    status = 404 if view is None else {"active": 200}.get(view.state, 410)
    return render_template("verify/share.html", view=view), status, PRIVATE


@bp.route("/verify/credential", methods=["GET", "POST"])
@allow(ANONYMOUS)
@limiter.limit("30 per minute", methods=["POST"])
def credential():
    """Check a pasted or uploaded credential: signature, issuer, expiry, revocation."""
    result = None
    if request.method == "POST":
        token = request.form.get("credential", "")
        upload = request.files.get("file")
        if upload and upload.filename:
            token = upload.read(MAX_UPLOAD).decode("utf-8", errors="replace")
        result = verification.verify_credential(get_db(), token, platform=platform())
    return render_template("verify/credential.html", result=result), 200, {
        "Cache-Control": "no-store"}
