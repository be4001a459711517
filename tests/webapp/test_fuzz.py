"""Hypothesis throws arbitrary input at the public sign-in form and the staff search."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import csrf_token

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
