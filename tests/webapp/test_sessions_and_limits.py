"""Sessions end on the server, redirects stay on this host, sign-in limits hold across
workers, and what is signed or shared carries the configured address (issue 21: 5-7, 10,
11)."""

import shutil
import uuid

import jwt
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from webapp import create_app
from webapp.services import accounts

from .conftest import CSRF, DEMO_EMAILS, PASSWORD, AuthActions, csrf_token, user_by_email


def test_signing_out_ends_the_session_on_the_server(client, auth):
    """Finding 5: does a session cookie saved before sign-out stop opening the passport and
    the API afterwards?"""
    auth.login(DEMO_EMAILS["care_worker"])
    saved = client.get_cookie("session").value
    assert client.get("/me/passport").status_code == 200
    auth.logout()
    client.set_cookie("session", saved)
    assert client.get("/me/passport").status_code == 302
    assert client.get("/api/staff/1/passport").status_code == 401


def test_a_new_password_ends_every_other_session(app, client, auth, db):
    """Does setting a new password end sessions already open elsewhere?"""
    auth.login(DEMO_EMAILS["care_worker"])
    assert client.get("/me/passport").status_code == 200
    with Session(app.extensions["engine"]) as session:
        user = user_by_email(session, DEMO_EMAILS["care_worker"])
        accounts.set_password(session, user, "a-new-password-2026")
        session.commit()
    assert client.get("/me/passport").status_code == 302


@pytest.mark.parametrize("target", ["/%09/evil.example", "/%0a/evil.example",
                                    "/\\evil.example", "//evil.example", "/%20/evil.example",
                                    "https://evil.example/", "/.%09/evil.example"])
def test_sign_in_never_redirects_to_another_host(client, target):
    """Finding 6: does a `next` that a browser would read as another host go home instead?"""
    token = csrf_token(client)
    response = client.post(f"/login?next={target}", data={
        "email": DEMO_EMAILS["manager"], "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_sign_in_follows_a_path_on_this_site(client):
    """Does a plain path of ours still come back after sign-in?"""
    token = csrf_token(client)
    response = client.post("/login?next=/staff%3Fq%3Dsmith", data={
        "email": DEMO_EMAILS["manager"], "password": PASSWORD, "csrf_token": token})
    assert response.headers["Location"] == "/staff?q=smith"


def _app_on(path, **config):
    return create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{path}",
                       "RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": "database://",
                       **config})


def _attempt(client, email: str, password: str = "wrong") -> int:
    return client.post("/login", data={"email": email, "password": password,
                                       "csrf_token": csrf_token(client)}).status_code


def test_sign_in_limit_is_shared_by_every_worker(template_db, tmp_path):
    """Finding 11: with two app processes' worth of apps on one database, does the limit
    reached on one refuse the next attempt on the other?"""
    path = tmp_path / "rl.db"
    shutil.copy(template_db, path)
    one, two = (_app_on(path, LOGIN_RATE_LIMIT="3 per minute") for _ in range(2))
    first, second = one.test_client(), two.test_client()
    assert [_attempt(first, f"x{i}@demo.place") for i in range(3)] == [422] * 3
    assert _attempt(second, "y@demo.place") == 429
    for app in (one, two):
        app.extensions["engine"].dispose()


def test_failed_sign_ins_are_limited_per_account_across_addresses(template_db, tmp_path):
    """Finding 11: are failed attempts on one account counted whatever address they come
    from, while another account and a correct sign-in elsewhere are not held up?"""
    path = tmp_path / "rl.db"
    shutil.copy(template_db, path)
    app = _app_on(path, ACCOUNT_RATE_LIMIT="3 per 15 minutes")
    codes = []
    for i in range(4):
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = f"10.0.0.{i}"
        codes.append(_attempt(client, DEMO_EMAILS["manager"]))
    assert codes == [422, 422, 422, 429]
    other = app.test_client()
    other.environ_base["REMOTE_ADDR"] = "10.0.1.1"
    assert _attempt(other, DEMO_EMAILS["care_worker"], PASSWORD) == 302
    app.extensions["engine"].dispose()


def test_sign_in_limit_uses_redis_when_set(template_db, tmp_path, redis_url):
    """With REDIS_URL set, is the limit kept in Redis and shared likewise?"""
    path = tmp_path / "rl.db"
    shutil.copy(template_db, path)
    one, two = (_app_on(path, LOGIN_RATE_LIMIT="2 per minute",
                        RATELIMIT_STORAGE_URI=redis_url) for _ in range(2))
    first, second = one.test_client(), two.test_client()
    address = f"10.9.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"  # a fresh key
    first.environ_base["REMOTE_ADDR"] = second.environ_base["REMOTE_ADDR"] = address
    assert [_attempt(first, "a@demo.place"), _attempt(first, "b@demo.place")] == [422, 422]
    assert _attempt(second, "c@demo.place") == 429
    for app in (one, two):
        app.extensions["engine"].dispose()


def test_audit_rows_cannot_be_replaced_on_sqlite(app, db):
    """Finding 10: do INSERT OR REPLACE and REPLACE INTO with an existing id fail?"""
    engine = create_engine(app.config["DATABASE_URL"])
    with engine.connect() as conn:
        row = conn.execute(text("SELECT id, action FROM auditevent LIMIT 1")).first()
    if row is None:
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO auditevent (at, action, entity, entity_id) "
                              "VALUES (CURRENT_TIMESTAMP, 'seed', 'x', '1')"))
            row = conn.execute(text("SELECT id, action FROM auditevent LIMIT 1")).first()
    for verb in ("INSERT OR REPLACE INTO", "REPLACE INTO"):
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
            conn.execute(text(f"{verb} auditevent (id, at, action, entity, entity_id) "
                              f"VALUES ({row.id}, CURRENT_TIMESTAMP, 'forged', 'x', '1')"))
    with engine.connect() as conn:
        kept = conn.execute(text(f"SELECT action FROM auditevent WHERE id = {row.id}")).one()
    assert kept.action == row.action
    engine.dispose()


@pytest.fixture
def keys(app, tmp_path):
    app.config["CREDENTIAL_KEYS_PATH"] = str(tmp_path / "keys")


def test_signed_and_shared_addresses_come_from_public_base_url(app, client, auth, db, keys):
    """Finding 7: with PUBLIC_BASE_URL set, does a forged Host header reach neither the
    credential's issuer and status list nor a share link and its QR code?"""
    from .test_credentials import carer_entry

    app.config["PUBLIC_BASE_URL"] = "https://workforce.place.example"
    evil = "http://evil.example"  # every request below says Host: evil.example
    page = client.get("/login", base_url=evil).get_data(as_text=True)
    client.post("/login", base_url=evil, data={
        "email": DEMO_EMAILS["care_worker"], "password": PASSWORD,
        "csrf_token": CSRF.search(page).group(1)})
    token = CSRF.search(client.get("/me/passport", base_url=evil).get_data(as_text=True)).group(1)
    entry = carer_entry(db)
    token = client.post(f"/staff/{entry.staff_member_id}/passport/entries/{entry.id}/credential",
                        data={"csrf_token": token}, base_url=evil).get_data(as_text=True)
    claims = jwt.decode(token, options={"verify_signature": False})
    assert claims["issuer"]["id"] == "https://workforce.place.example/"
    status = claims["credentialStatus"]["statusListCredential"]
    assert status == "https://workforce.place.example/credentials/status/1"
    assert "evil.example" not in client.get("/credentials/status/1", base_url=evil).get_data(
        as_text=True)
    form = client.get("/me/passport/share", base_url=evil).get_data(as_text=True)
    page = client.post("/me/passport/share", base_url=evil, data={
        "csrf_token": CSRF.search(form).group(1), "framework": "statutory_mandatory",
        "days": "7"}).get_data(as_text=True)
    assert "https://workforce.place.example/verify/share/" in page
    assert "evil.example" not in page


def test_without_public_base_url_production_refuses_to_sign(template_db, tmp_path):
    """Outside development and testing, is signing refused until PUBLIC_BASE_URL is set,
    rather than trusting the Host header?"""
    path = tmp_path / "p.db"
    shutil.copy(template_db, path)
    app = create_app({"TESTING": False, "DATABASE_URL": f"sqlite:///{path}",
                      "RATELIMIT_ENABLED": False, "PUBLIC_BASE_URL": None,
                      "WTF_CSRF_ENABLED": False})
    client = app.test_client()
    AuthActions(client).login(DEMO_EMAILS["care_worker"])
    response = client.post("/me/passport/share", data={"framework": "statutory_mandatory",
                                                       "days": "7"})
    assert response.status_code == 503
    assert b"PUBLIC_BASE_URL" in response.data
    app.extensions["engine"].dispose()


@pytest.mark.services
def test_sign_in_limit_in_postgresql_is_shared(pg_url, monkeypatch):
    """On PostgreSQL, do two apps share the database's sign-in counters likewise?"""
    from sqlalchemy import delete

    from webapp.cli import upgrade_database
    from webapp.config import database_url
    from webapp.models.user import RateLimitCounter

    monkeypatch.setenv("DATABASE_URL", pg_url)
    url = database_url()
    one, two = (create_app({"TESTING": True, "DATABASE_URL": url, "RATELIMIT_ENABLED": True,
                            "RATELIMIT_STORAGE_URI": "database://",
                            "LOGIN_RATE_LIMIT": "2 per minute"}) for _ in range(2))
    upgrade_database(one)
    with one.extensions["engine"].begin() as conn:
        conn.execute(delete(RateLimitCounter))
    first, second = one.test_client(), two.test_client()
    assert [_attempt(first, "a@x.test"), _attempt(first, "b@x.test")] == [422, 422]
    assert _attempt(second, "c@x.test") == 429
    for app in (one, two):
        app.extensions["engine"].dispose()


def test_ended_windows_are_dropped_from_the_database(app):
    """Does counting one attempt drop counters whose window has ended, keeping open ones?"""
    import time

    from webapp.extensions import DatabaseStorage
    from webapp.models.user import RateLimitCounter

    with app.app_context(), Session(app.extensions["engine"]) as session:
        session.add_all([RateLimitCounter(key="old", count=5, expires_at=time.time() - 1),
                         RateLimitCounter(key="open", count=2, expires_at=time.time() + 60)])
        session.commit()
        storage = DatabaseStorage("database://")
        assert storage.incr("new", 60) == 1
        assert storage.incr("open", 60) == 3
        assert storage.get("old") == 0 and session.get(RateLimitCounter, "old") is None
