"""Friendly NHS.UK error pages; JSON problem details for API clients; never a stack trace."""

import logging

from flask import Flask, g, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DataError
from werkzeug.exceptions import HTTPException, InternalServerError

log = logging.getLogger("webapp.errors")

TITLES = {
    400: "There was a problem with your request",
    403: "You do not have permission to see this page",
    404: "Page not found",
    401: "Sign in to use this",
    405: "That action is not allowed here",
    410: "This is no longer available",
    413: "The file is too large",
    422: "There was a problem with the information you gave",
    429: "Too many attempts",
    500: "Sorry, there is a problem with the service",
}


def _render(code: int, message: str):
    if request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json":
        problem = {"type": "about:blank", "title": TITLES.get(code, "Error"), "status": code,
                   "detail": message, "request_id": g.get("request_id")}
        return problem, code, {"Content-Type": "application/problem+json"}
    return render_template("errors/error.html", code=code, title=TITLES.get(code, "Error"),
                           message=message, request_id=g.get("request_id")), code


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        log.warning("CSRF rejected on %s: %s", request.path, error.description)
        return _render(400, "The form had expired or was not sent from this service. "
                            "Go back, refresh the page and try again.")

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code == 413:
            return _render(413, "Upload a file of 20 MB or less. Split a larger training "
                                "export into several files.")
        if error.code == 429:
            return _render(429, "You have tried to sign in too many times. Wait a minute, "
                                "then try again.")
        # Werkzeug's default descriptions are written for developers ("If you entered the
        # URL manually please check your spelling"); a page that sets its own keeps it.
        default = type(error).description
        message = "" if error.description == default else error.description
        return _render(error.code or 500, message or "")

    @app.errorhandler(OverflowError)
    @app.errorhandler(DataError)
    def out_of_range(error: Exception):
        """A number in the query or form beyond what the database holds (SQLite raises
        OverflowError, PostgreSQL a DataError): the request's fault, not ours."""
        log.info("value out of range on %s: %s", request.path, type(error).__name__)
        _rollback()
        return _render(400, "A number in the request is too large or not valid.")

    @app.errorhandler(Exception)
    def unhandled(error: Exception):
        if isinstance(error, HTTPException):
            return http_error(error)
        log.exception("unhandled error, request_id=%s", g.get("request_id"))
        _rollback()
        return _render(500, InternalServerError.description)


def _rollback() -> None:
    db = g.get("db")
    if db is not None:
        db.rollback()
