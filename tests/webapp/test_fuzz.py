"""Hypothesis throws arbitrary input at the sign-in form, the staff search, and every route's
path variables and query string."""

import re
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import DEMO_EMAILS, PASSWORD, csrf_token

FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
text = st.text(max_size=300)


@FUZZ
@given(email=text, password=text, extra=st.dictionaries(st.text(max_size=20), text, max_size=3))
def test_login_never_errors(client, email, password, extra):
    """Whatever is posted to /login, is the answer a page and never a 500?"""
    data = {**extra, "email": email, "password": password, "csrf_token": csrf_token(client)}
    response = client.post("/login", data=data)
    assert response.status_code in (200, 302, 400, 422)
    assert b"Traceback" not in response.data


@FUZZ
@given(q=text, page=st.one_of(st.integers(-(10**12), 10**12).map(str), text))
def test_staff_search_never_errors(auth, client, q, page):
    """Whatever the search and page, does /staff answer 200 for a manager?"""
    if client.get_cookie("session") is None or client.get("/staff").status_code != 200:
        auth.login("manager@demo.place")
    response = client.get(
        "/staff", query_string={"q": q, "page": page}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200


ROLES = ("admin", "manager", "issuer")
QUERY_NAMES = ("page", "q", "organisation", "within", "errors", "next", "staff_number",
               "share_id", "entry", "days")
# What a path or query value may be: text of any kind, and numbers far beyond 64 bits.
EDGES = ["0", "1", "-1", "²", "١", str(2**31), str(2**63), str(2**64), "9" * 30, "1e9", " 1"]
values = st.one_of(st.sampled_from(EDGES), st.integers(-(2**70), 2**70).map(str), text)
queries = st.dictionaries(st.one_of(st.sampled_from(QUERY_NAMES), st.text(max_size=10)),
                          values, max_size=4)
PLACEHOLDER = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")


def _routes():
    """Every route and method, each with one of the roles (in turn, so all three are used)."""
    from webapp import create_app

    app = create_app({"TESTING": True, "DATABASE_URL": "sqlite://"})
    routes = sorted({(r.rule, m) for r in app.url_map.iter_rules() if r.endpoint != "static"
                     for m in r.methods & {"GET", "POST"}})
    return [(rule, method, ROLES[i % len(ROLES)]) for i, (rule, method) in enumerate(routes)]


@pytest.mark.parametrize(("rule", "method", "role"), _routes())
@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(path_values=st.lists(values, min_size=3, max_size=3), query=queries)
def test_every_route_survives_any_path_and_query(client, rule, method, role, path_values,
                                                  query):
    """Whatever is put in a route's path variables and query string, by a signed-in admin,
    manager or issuer, is the answer anything but a 500?"""
    _signed_in_as(client, role)
    filled = iter(quote(v, safe="") or "0" for v in path_values)
    path = PLACEHOLDER.sub(lambda _m: next(filled), rule)
    data = {"csrf_token": client.csrf} if method == "POST" else None
    response = client.open(path, method=method, query_string=query, data=data)
    assert response.status_code != 500, (method, path, query)
    response.close()


def _signed_in_as(client, role: str) -> None:
    """Sign the shared client in as this role (once per change of role)."""
    if getattr(client, "role", None) == role:
        return
    token = csrf_token(client)
    response = client.post("/login", data={"email": DEMO_EMAILS[role], "password": PASSWORD,
                                           "csrf_token": token})
    assert response.status_code == 302
    client.role, client.csrf = role, csrf_token(client, "/")
