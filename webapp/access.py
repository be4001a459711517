"""Deny by default: every view declares the roles that may use it.

A view without a declaration answers 403 to everyone, so a route cannot be
published by accident. `tests/webapp/test_access.py` walks every route × role.
"""

import logging
from collections.abc import Callable
from datetime import date

from flask import Flask, abort, g, request
from flask_login import current_user

from webapp.db import get_db
from webapp.extensions import login_manager
from webapp.models import Role, StaffMember
from webapp.services import audit, passport_access

ANONYMOUS = "anonymous"
SIGNED_IN = frozenset(Role)
log = logging.getLogger(__name__)


def allow(*roles: str) -> Callable:
    """Declare which roles may use a view (ANONYMOUS makes it public)."""

    def declare(view: Callable) -> Callable:
        view.allowed_roles = frozenset(roles)
        return view

    return declare


def allowed_roles(app: Flask, endpoint: str) -> frozenset | None:
    return getattr(app.view_functions[endpoint], "allowed_roles", None)


def init_app(app: Flask) -> None:
    app.view_functions["static"].allowed_roles = frozenset({ANONYMOUS})

    @app.before_request
    def enforce_roles():
        if request.endpoint is None:  # no route matched: 404 or 405 follows
            return None
        allowed = allowed_roles(app, request.endpoint)
        if allowed is None:
            log.error("route %s declares no roles; denied", request.endpoint)
            abort(403)
        if ANONYMOUS in allowed:
            return None
        if not current_user.is_authenticated:
            if request.path.startswith("/api/"):
                abort(401)  # API clients get problem JSON, not a redirect to a form
            return login_manager.unauthorized()
        if current_user.role not in allowed:
            _record_denial()
            abort(403)
        return None


def _record_denial() -> None:
    """Write denied attempts on a staff member's records to the audit log."""
    staff_id = (request.view_args or {}).get("staff_id")
    if staff_id is None:
        return
    session = get_db()
    audit.record(
        session,
        actor=current_user,
        action="passport.view_denied",
        entity="staff_member",
        entity_id=staff_id,
        staff_member_id=staff_id,
        after={"path": request.path, "role": current_user.role},
        request_id=g.get("request_id"),
    )
    session.commit()


def visible_passport(staff_id: int, today: date):
    """Return (member, scope) for a passport the signed-in user may see.

    A member who does not exist and one the user may not see both answer 404, so ids of
    other organisations' staff cannot be told from missing ones; the refusal is audited.
    """
    session = get_db()
    member = session.get(StaffMember, staff_id)
    if member is None:
        abort(404)
    scope = passport_access.passport_scope(session, current_user, member, today)
    if scope is None:
        audit.record(session, actor=current_user, action="passport.view_denied",
                     entity="staff_member", entity_id=staff_id, staff_member_id=staff_id,
                     after={"path": request.path}, request_id=g.get("request_id"))
        session.commit()
        abort(404)
    return member, scope
