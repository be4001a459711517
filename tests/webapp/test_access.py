"""Deny by default: every route × every role (and anonymous) gives the expected outcome."""

from datetime import date, timedelta

import pytest
from flask import Blueprint

from webapp.access import allow
from webapp.models import EmploymentContract, PassportEntry, Role

from .conftest import DEMO_EMAILS, csrf_token, user_by_email
from .routes_expected import ANON, expected_rules, sample_args

# The expected rule for every route, written independently of the views' own declarations,
# gathered from tests/webapp/routes_expected*.py. A route not listed there fails the suite.
EXPECTED = expected_rules()


def _sample_args(app, db) -> dict:
    """Values for URL variables: the demo carer, whom every viewer role may see: for this
    walk a joint worker of the council (the manager's) and the trust (the issuer's), whose
    sample entry the trust verified, so the trust's issuer may change it."""
    carer = user_by_email(db, DEMO_EMAILS["care_worker"])
    issuer = user_by_email(db, DEMO_EMAILS["issuer"])
    db.add(EmploymentContract(staff_member_id=carer.staff_member_id,
                              organisation_id=issuer.organisation_id, job_role="Joint role",
                              contract_type="joint", hours_per_week=7.5, cost_per_hour=20,
                              starts_on=date.today() - timedelta(days=30)))
    args = sample_args(db, carer.staff_member_id)
    entry = db.get(PassportEntry, args["entry_id"])
    entry.verifying_organisation_id = issuer.organisation_id
    db.add(entry)
    db.commit()
    return args


def _client_for(app, role: str):
    client = app.test_client()
    if role != ANON:
        token = csrf_token(client)
        response = client.post(
            "/login",
            data={
                "email": DEMO_EMAILS[role],
                "password": "demo-password-2026",
                "csrf_token": token,
            },
        )
        assert response.status_code == 302, f"{role} could not sign in"
    return client


def test_every_route_is_listed(app):
    """Does every registered route have an expected rule in this test?"""
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints - set(EXPECTED) == set(), "add the new routes to EXPECTED"
    assert set(EXPECTED) - endpoints == set(), "EXPECTED lists routes that no longer exist"


@pytest.mark.parametrize("role", [ANON, *Role])
def test_route_by_role(app, db, role):
    """Does each role get in where it should and a refusal everywhere else?"""
    args = _sample_args(app, db)
    client = _client_for(app, role)
    for rule in app.url_map.iter_rules():
        url = _build(app, rule, args)
        for method in sorted(rule.methods & {"GET", "POST"}):
            data = {"csrf_token": csrf_token(client, "/login" if role == ANON else "/")}
            response = client.open(url, method=method, data=data if method == "POST" else None)
            _assert_outcome(rule.endpoint, role, method, url, response)
            response.close()
            if rule.endpoint == "auth.logout" and role != ANON:
                client = _client_for(app, role)  # signed out: sign in again


def _build(app, rule, args) -> str:
    with app.test_request_context():
        from flask import url_for

        return url_for(rule.endpoint, **{k: args[k] for k in rule.arguments})


def _assert_outcome(endpoint, role, method, url, response) -> None:
    where = f"{method} {url} as {role}: {response.status_code}"
    if role in EXPECTED[endpoint]:
        assert response.status_code not in (401, 403, 404, 500), where
        assert "/login?next" not in response.headers.get("Location", ""), where
    elif role == ANON and url.startswith("/api/"):
        assert response.status_code == 401, where
        assert response.headers["Content-Type"] == "application/problem+json", where
    elif role == ANON:
        assert response.status_code == 302, where
        assert "/login" in response.headers["Location"], where
    else:
        assert response.status_code == 403, where


def test_undeclared_route_is_denied(template_db, tmp_path):
    """Is a view that declares no roles refused, even to an admin?"""
    import shutil

    from webapp import create_app

    path = tmp_path / "t.db"
    shutil.copy(template_db, path)
    app = create_app(
        {"TESTING": True, "DATABASE_URL": f"sqlite:///{path}", "RATELIMIT_ENABLED": False}
    )
    extra = Blueprint("extra", __name__)
    extra.add_url_rule("/undeclared", "undeclared", lambda: "secret")
    extra.add_url_rule("/declared", "declared", allow(Role.ADMIN)(lambda: "fine"))
    app.register_blueprint(extra)
    client = _client_for(app, "admin")
    assert client.get("/undeclared").status_code == 403
    assert client.get("/declared").status_code == 200
