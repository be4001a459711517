"""Fuzz the public verify endpoints: whatever arrives, a clear answer and never a 500."""

import base64
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import csrf_token
from .test_credentials import carer_entry, issue_as_carer

FUZZ = settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


headers = st.fixed_dictionaries(
    {},
    optional={
        "alg": st.sampled_from(["EdDSA", "none", "HS256", "RS256", "ES256", "", "eddsa"]),
        "kid": st.one_of(
            st.text(max_size=40),
            st.integers(),
            st.none(),
            st.just("key-20200101T000000000000"),
            st.just("../../secret_key"),
        ),
        "typ": st.sampled_from(["vc+jwt", "JWT"]),
    },
)
jwt_like = st.builds(
    lambda header, body, sig: f"{b64(json.dumps(header).encode())}.{b64(body)}.{b64(sig)}",
    headers,
    st.binary(max_size=200),
    st.binary(max_size=80),
)
garbage = st.one_of(
    st.text(max_size=300),
    jwt_like,
    st.lists(st.text(alphabet="abcXYZ-_=+/0123", max_size=30), min_size=1, max_size=5).map(
        ".".join
    ),
)


@pytest.fixture
def real_token(app, client, auth, db, tmp_path):
    app.config["CREDENTIAL_KEYS_PATH"] = str(tmp_path / "keys")
    token = issue_as_carer(client, auth, carer_entry(db))
    auth.logout()
    return token


@FUZZ
@given(text=garbage)
def test_api_answers_any_text_with_not_valid(client, text):
    """Does any text sent to the API get 200 'not valid' with a reason?"""
    response = client.post("/api/verify/credential", json={"credential": text})
    assert response.status_code == 200
    body = response.get_json()
    assert body["valid"] is False and body["reasons"]


@FUZZ
@given(
    body=st.one_of(
        st.none(),
        st.integers(),
        st.text(max_size=50),
        st.dictionaries(st.text(max_size=10), st.integers() | st.text(max_size=10), max_size=3),
    )
)
def test_api_rejects_malformed_bodies_as_problem_json(client, body):
    """Is a body that is not {"credential": "..."} a 400 problem, never a 500?"""
    response = client.post(
        "/api/verify/credential", data=json.dumps(body), content_type="application/json"
    )
    if isinstance(body, dict) and isinstance(body.get("credential"), str):
        assert response.status_code == 200
    else:
        assert response.status_code == 400
        assert response.headers["Content-Type"] == "application/problem+json"


@FUZZ
@given(position=st.integers(min_value=0), replacement=st.sampled_from("AQgw_-x0"))
def test_any_single_character_change_breaks_a_real_credential(
    client, real_token, position, replacement
):
    """Does changing any one character of a real credential make it not valid?"""
    position %= len(real_token)
    if real_token[position] == replacement or real_token[position] == ".":
        return
    altered = real_token[:position] + replacement + real_token[position + 1 :]
    body = client.post("/api/verify/credential", json={"credential": altered}).get_json()
    if body["valid"]:  # base64url's last character can carry unused bits
        assert position == len(real_token) - 1 or real_token[position + 1] == "."
    else:
        assert body["reasons"]


@FUZZ
@given(text=garbage)
def test_verify_page_answers_any_text(app, text):
    """Does the public form answer any pasted text with a page saying 'not valid'?"""
    client = app.test_client()
    token = csrf_token(client, "/verify/credential")
    response = client.post("/verify/credential", data={"csrf_token": token, "credential": text})
    assert response.status_code == 200
    assert "This credential is not valid" in response.get_data(as_text=True)


@FUZZ
@given(
    token=st.text(
        alphabet=st.characters(codec="utf-8", exclude_characters="/?#%."), min_size=1, max_size=120
    )
)
def test_share_endpoints_answer_any_token(client, token):
    """Is any made-up share token a plain 404, as a page and as problem JSON?"""
    from urllib.parse import quote

    assert client.get(f"/verify/share/{quote(token, safe='')}").status_code == 404
    response = client.get(f"/api/verify/share/{quote(token, safe='')}")
    assert response.status_code == 404
