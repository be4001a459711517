"""A real place set up from a file: localities, organisations and a first admin who sets a
password through a one-time link; bad files list every problem and write nothing."""

import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session, func, select

from webapp import create_app
from webapp.cli import upgrade_database
from webapp.models import AuditEvent, Locality, Organisation, Place, User
from webapp.services import place_setup

from .conftest import app_on_copy, csrf_token

LINK = re.compile(r"(https?://\S+/invite/(\S+))")
PASSWORD = "a long enough new password"

GOOD = {
    "place": {"name": "Northshire", "population": 310000},
    "localities": [{"name": "North", "population": 90000}, {"name": "Riverside"}],
    "organisations": [
        {"name": "Northshire NHS Foundation Trust", "sector": "nhs_trust", "code": "RX1",
         "code_scheme": "ODS"},
        {"name": "Northshire Council", "sector": "council_asc", "code": "E0600001",
         "code_scheme": "ODS"},
        {"name": "Kind Hands Home Care", "sector": "independent_provider",
         "code": "1-1234567890", "code_scheme": "CQC"},
    ],
    "admin": {"name": "Asha Patel", "email": "Asha.Patel@northshire.example"},
}


@pytest.fixture(scope="module")
def empty_db(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("empty") / "empty.db"
    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{path}"})
    upgrade_database(app)
    app.extensions["engine"].dispose()
    return str(path)


@pytest.fixture
def new_app(empty_db, tmp_path):
    """An app on a migrated database that holds no place yet."""
    yield from app_on_copy(empty_db, tmp_path)


def _run(app, tmp_path, data, *extra):
    path = tmp_path / "place.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    return app.test_cli_runner().invoke(args=["place-setup", "--file", str(path), *extra])


def _count(app, table) -> int:
    with Session(app.extensions["engine"]) as session:
        return session.exec(select(func.count()).select_from(table)).one()


def test_the_first_admin_sets_a_password_by_the_link_and_administers_the_place(
        new_app, tmp_path):
    """Does the file make the place, and can its admin get in by the printed link alone?"""
    result = _run(new_app, tmp_path, GOOD, "--site-url", "https://workforce.northshire.example")
    assert result.exit_code == 0, result.output
    assert "Set up Northshire: 2 localities, 3 organisations" in result.output
    url, token = LINK.search(result.output).groups()
    assert url.startswith("https://workforce.northshire.example/invite/")
    with Session(new_app.extensions["engine"]) as session:
        assert [p.name for p in session.exec(select(Place))] == ["Northshire"]
        assert {loc.name for loc in session.exec(select(Locality))} == {"North", "Riverside"}
        codes = {o.code: o.code_scheme for o in session.exec(select(Organisation))}
        admin = session.exec(select(User)).one()
        events = [e.action for e in session.exec(select(AuditEvent))]
    assert codes == {"RX1": "ODS", "E0600001": "ODS", "1-1234567890": "CQC"}
    assert (admin.email, admin.role, admin.organisation_id) == (
        "asha.patel@northshire.example", "admin", None)
    assert "place.setup" in events

    client = new_app.test_client()
    assert _sign_in(client, admin.email, PASSWORD).status_code == 422  # no password yet
    assert client.get("/admin/users").status_code != 200
    client.post(f"/invite/{token}", data={"password": PASSWORD, "confirm": PASSWORD,
                                          "csrf_token": csrf_token(client, f"/invite/{token}")})
    assert _sign_in(client, admin.email, PASSWORD).status_code == 302
    assert client.get("/admin/users").status_code == 200
    log = client.get("/admin/audit").get_data(as_text=True)
    assert "Set up the place and its first admin" in log
    assert client.get(f"/invite/{token}").status_code == 410  # the link is spent


def _sign_in(client, email, password):
    return client.post("/login", data={"email": email, "password": password,
                                       "csrf_token": csrf_token(client)})


def test_a_bad_file_lists_every_problem_and_writes_nothing(new_app, tmp_path):
    """Are all the problems named at once, with where they are, and is nothing kept?"""
    bad = json.loads(json.dumps(GOOD))
    bad["organisations"][1]["sector"] = "council"
    bad["organisations"][2]["code"] = "rx1"
    bad["localities"].append({"name": " north "})
    bad["admin"]["email"] = "asha at northshire"
    result = _run(new_app, tmp_path, bad)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "organisations.1.sector: 'council' is not one of" in result.output
    assert "nothing was written" in result.output
    # Shape problems come first; once the shape is right, the rest are all named together.
    bad["organisations"][1]["sector"] = "council_asc"
    result = _run(new_app, tmp_path, bad)
    assert result.exit_code == 1
    for said in ("localities.2.name: the locality name ' north ' is already used by "
                 "localities.0", "organisations.2.code: the organisation code 'rx1' is "
                 "already used by organisations.0", "admin.email: enter an email address"):
        assert said in result.output
    assert (_count(new_app, Place), _count(new_app, Organisation), _count(new_app, User)) == (
        0, 0, 0)


@pytest.mark.parametrize("text, said", [
    ("{", "The place file is not JSON"),
    ("[]", "(the file): [] is not of type 'object'"),
    ('{"place": {"name": "X"}}', "(the file): 'localities' is a required property"),
])
def test_a_file_that_is_not_a_place_says_why(new_app, tmp_path, text, said):
    result = _run(new_app, tmp_path, text)
    assert result.exit_code == 1 and said in result.output and "Traceback" not in result.output
    assert _count(new_app, Place) == 0


def test_a_database_that_holds_a_place_is_not_given_another(app, tmp_path):
    """Is a second place refused (one database, one place), with nothing added?"""
    before = _count(app, Organisation)
    result = _run(app, tmp_path, GOOD)
    assert result.exit_code == 1 and "already holds a place" in result.output
    assert (_count(app, Place), _count(app, Organisation)) == (1, before)


def test_a_locked_out_admin_gets_a_new_link_and_nobody_else_does(app):
    """Does admin-link give the demo admin a working link, and refuse other accounts?"""
    runner = app.test_cli_runner()
    result = runner.invoke(args=["admin-link", "--email", "ADMIN@demo.place"])
    assert result.exit_code == 0, result.output
    token = LINK.search(result.output).group(2)
    assert app.test_client().get(f"/invite/{token}").status_code == 200
    for email in ("carer@demo.place", "nobody@demo.place"):
        result = runner.invoke(args=["admin-link", "--email", email])
        assert result.exit_code == 1 and "No active admin account" in result.output


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=5),
                    lambda inner: st.lists(inner, max_size=3)
                    | st.dictionaries(st.sampled_from(
                        ["place", "localities", "organisations", "admin", "name", "email",
                         "sector", "code", "code_scheme", "population", "x"]), inner,
                        max_size=5), max_leaves=20)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(JSON)
def test_any_json_gives_problems_not_a_crash(data):
    found = place_setup.problems(data)
    assert all(p.message for p in found)
    if not found:  # only a well-formed place passes, and it can then be read
        assert data["admin"]["email"] and data["localities"] and data["organisations"]
