"""Signing in and out: one message for every failure, CSRF, rate limiting, cookies."""

import shutil

from sqlmodel import select

from webapp import create_app
from webapp.models import AuditEvent

from .conftest import PASSWORD, csrf_token


def test_login_page_renders(client):
    """Does the sign-in page show a form with a CSRF token?"""
    response = client.get("/login")
    assert response.status_code == 200
    assert b"Sign in" in response.data
    assert b'name="csrf_token"' in response.data


def test_care_worker_lands_on_passport(auth):
    """Does a care worker land on their own passport after signing in?"""
    response = auth.login("carer@demo.place")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    follow = auth._client.get("/", follow_redirects=False)
    assert follow.headers["Location"] == "/me/passport"


def test_wrong_password_and_unknown_email_say_the_same(auth):
    """Do an unknown email and a wrong password get the very same message?"""
    wrong = auth.login("carer@demo.place", "not-the-password")
    unknown = auth.login("nobody@demo.place", PASSWORD)
    assert wrong.status_code == unknown.status_code == 422
    message = b"Enter a correct email address and password"
    assert message in wrong.data and message in unknown.data
    assert b"nobody@demo.place" in unknown.data  # what they typed is kept


def test_empty_form_shows_error_summary(client):
    """Does an empty form re-render with the NHS.UK error summary?"""
    response = client.post("/login", data={"csrf_token": csrf_token(client)})
    assert response.status_code == 422
    assert b"nhsuk-error-summary" in response.data
    assert b"Enter your email address" in response.data


def test_missing_csrf_token_is_a_friendly_400(client):
    """Is a form without a CSRF token refused with an error page, not a stack trace?"""
    response = client.post("/login", data={"email": "carer@demo.place", "password": PASSWORD})
    assert response.status_code == 400
    assert b"The form had expired" in response.data
    assert b"Traceback" not in response.data


def test_forged_csrf_token_is_refused(client):
    """Is a made-up CSRF token refused?"""
    response = client.post(
        "/login", data={"email": "carer@demo.place", "password": PASSWORD, "csrf_token": "forged"}
    )
    assert response.status_code == 400


def test_sign_in_is_rate_limited(template_db, tmp_path):
    """After ten attempts a minute, is the eleventh refused with 429?"""
    path = tmp_path / "rl.db"
    shutil.copy(template_db, path)
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": f"sqlite:///{path}",
            "RATELIMIT_ENABLED": True,
            "LOGIN_RATE_LIMIT": "3 per minute",
        }
    )
    client = app.test_client()
    token = csrf_token(client)
    codes = [
        client.post(
            "/login", data={"email": f"x{i}@demo.place", "password": "wrong", "csrf_token": token}
        ).status_code
        for i in range(4)
    ]
    assert codes == [422, 422, 422, 429]
    assert b"too many times" in client.post("/login", data={"csrf_token": token}).data
    app.extensions["engine"].dispose()


def test_session_cookie_is_httponly_and_lax(client):
    """Is the session cookie HttpOnly and SameSite=Lax, and Secure over https?"""
    client.get("/login")
    cookie = client.get_cookie("session")
    assert cookie is not None and cookie.http_only and cookie.same_site == "Lax"
    secure = client.get("/login", base_url="https://localhost")
    session_cookie = [c for c in secure.headers.getlist("Set-Cookie") if c.startswith("session=")]
    assert session_cookie and "Secure" in session_cookie[0]
    plain = [
        c for c in client.get("/login").headers.getlist("Set-Cookie") if c.startswith("session=")
    ]
    assert all("Secure" not in c for c in plain)


def test_logout_needs_a_post_with_csrf(auth, db):
    """Does signing out work by POST and is sign-in written to the audit log?"""
    auth.login("manager@demo.place")
    response = auth.logout()
    assert response.status_code == 302
    assert auth._client.get("/staff").status_code == 302  # back to sign-in
    actions = db.exec(select(AuditEvent.action)).all()
    assert "user.sign_in" in actions
