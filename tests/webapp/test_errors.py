"""Nothing ever shows a stack trace: friendly pages, request ids, problem JSON."""

import logging
import shutil

from flask import Blueprint

from webapp import create_app
from webapp.access import ANONYMOUS, allow


def test_unhandled_error_is_a_friendly_500(template_db, tmp_path, caplog):
    """Does an unexpected exception give the NHS.UK 500 page and a log line with request id?"""
    path = tmp_path / "e.db"
    shutil.copy(template_db, path)
    app = create_app({"TESTING": False, "DATABASE_URL": f"sqlite:///{path}"})
    broken = Blueprint("broken", __name__)

    @broken.route("/boom")
    @allow(ANONYMOUS)
    def boom():
        raise RuntimeError("kaboom")

    app.register_blueprint(broken)
    with caplog.at_level(logging.ERROR, logger="webapp.errors"):
        response = app.test_client().get("/boom", headers={"X-Request-ID": "req-123"})
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert "Sorry, there is a problem with the service" in html and "req-123" in html
    assert "kaboom" not in html and "Traceback" not in html
    assert any("req-123" in r.getMessage() for r in caplog.records)


def test_unknown_page_is_404(client):
    """Does an unknown address give the NHS.UK 404 page?"""
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert b"Page not found" in response.data


def test_api_errors_are_problem_json(client):
    """Do paths under /api/ get problem JSON rather than HTML?"""
    response = client.get("/api/no-such-thing")
    assert response.status_code == 404
    assert response.headers["Content-Type"] == "application/problem+json"
    assert response.get_json()["status"] == 404
