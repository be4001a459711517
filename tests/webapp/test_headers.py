"""Security headers (issue 21: 13): a Content-Security-Policy every page keeps to, HSTS on
https, and passports and the API never kept in a cache."""

import base64
import hashlib
import re

import pytest

from .conftest import DEMO_EMAILS

SCRIPT = re.compile(r"<script([^>]*)>(.*?)</script>", re.S)
PAGES = {
    "care_worker": ["/me/passport", "/me/passport/share", "/me/passport/organisations"],
    "manager": ["/staff", "/compliance", "/requirements", "/transfers"],
    "admin": ["/agreements", "/recognition", "/catalogue", "/imports",
              "/issuing/record"],
}


def _policy(response) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part for part in (p.strip() for p in header.split(";"))}


@pytest.mark.parametrize("role", sorted(PAGES))
def test_pages_keep_to_the_content_security_policy(client, auth, role):
    """Does each page run only scripts from this site or whose hash the policy names, and
    carry no inline style a policy of 'self' would block?"""
    auth.login(DEMO_EMAILS[role])
    for path in PAGES[role]:
        response = client.get(path)
        assert response.status_code == 200, path
        policy = _policy(response)
        assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]
        assert policy["default-src"] == "default-src 'self'"
        html = response.get_data(as_text=True)
        for attributes, body in SCRIPT.findall(html):
            if body.strip():
                digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
                assert f"'sha256-{digest}'" in policy["script-src"], (path, body[:60])
            else:
                assert 'src="/static/' in attributes, (path, attributes)
        assert "<style" not in html and " style=" not in html, path


@pytest.mark.parametrize("path", ["/me/passport", "/api/staff/{id}/passport",
                                  "/staff/{id}/passport/fhir"])
def test_passports_and_the_api_are_never_cached(client, auth, db, path):
    """Is a passport page, its API and its export sent with Cache-Control: no-store?"""
    from .conftest import user_by_email

    carer = user_by_email(db, DEMO_EMAILS["care_worker"])
    auth.login(DEMO_EMAILS["care_worker"])
    response = client.get(path.format(id=carer.staff_member_id))
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"


def test_static_files_may_be_cached(client):
    response = client.get("/static/app.css")
    assert "no-store" not in response.headers.get("Cache-Control", "")
    response.close()


def test_hsts_only_over_https(client):
    """Is Strict-Transport-Security sent over https and not over plain http?"""
    secure = client.get("/login", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "Strict-Transport-Security" not in client.get("/login").headers
