"""flaskr-style fixtures: a migrated demo database per session, copied fresh for each test."""

import re
import shutil
from datetime import date

import pytest
from sqlmodel import Session, select

from webapp import create_app
from webapp.cli import upgrade_database
from webapp.models import User
from webapp.services import demo

DEMO_SEED = 7
DEMO_STAFF = 150
PASSWORD = demo.DEMO_PASSWORD
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture(scope="session")
def template_db(tmp_path_factory) -> str:
    """Build one migrated SQLite database with a small demo place for the whole run."""
    path = tmp_path_factory.mktemp("db") / "template.db"
    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{path}"})
    upgrade_database(app)
    with Session(app.extensions["engine"]) as session:
        demo.build_demo_place(session, seed=DEMO_SEED, staff=DEMO_STAFF, today=date.today())
        add_second_organisation_users(session)
        session.commit()
    app.extensions["engine"].dispose()
    return str(path)


def app_on_copy(database: str, tmp_path):
    """Yield an app on a fresh copy of a migrated SQLite database file."""
    path = tmp_path / "test.db"
    shutil.copy(database, path)
    app = create_app(
        {"TESTING": True, "DATABASE_URL": f"sqlite:///{path}", "RATELIMIT_ENABLED": False}
    )
    yield app
    app.extensions["engine"].dispose()


@pytest.fixture
def app(template_db, tmp_path):
    """An app on a fresh copy of the demo database."""
    yield from app_on_copy(template_db, tmp_path)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def db(app):
    with Session(app.extensions["engine"], expire_on_commit=False) as session:
        yield session


def csrf_token(client, path: str = "/login") -> str:
    """Read a CSRF token from a page's form."""
    match = CSRF.search(client.get(path, follow_redirects=True).get_data(as_text=True))
    assert match, f"no CSRF token on {path}"
    return match.group(1)


class AuthActions:
    def __init__(self, client):
        self._client = client

    def login(self, email: str, password: str = PASSWORD):
        token = csrf_token(self._client)
        return self._client.post(
            "/login", data={"email": email, "password": password, "csrf_token": token}
        )

    def logout(self):
        token = csrf_token(self._client, "/")
        return self._client.post("/logout", data={"csrf_token": token})


@pytest.fixture
def auth(client):
    return AuthActions(client)


def user_by_email(db, email: str) -> User:
    return db.exec(select(User).where(User.email == email)).one()


DEMO_EMAILS = {
    "care_worker": "carer@demo.place",
    "manager": "manager@demo.place",
    "registered_professional": "nurse@demo.place",
    "workforce_lead": "lead@demo.place",
    "issuer": "issuer@demo.place",
    "admin": "admin@demo.place",
}


# The demo's manager works for the council and its issuer for the trust; these two complete
# the pair, so each of the two organisations has a manager and an issuer.
OTHER_EMAILS = {"trust_manager": "manager@trust.test", "council_issuer": "issuer@council.test"}


def add_second_organisation_users(session) -> None:
    """Add a trust manager (a member of the trust's staff) and a council issuer."""
    from webapp.models import EmploymentContract, Role
    from webapp.services import accounts

    manager = user_by_email(session, DEMO_EMAILS["manager"])
    issuer = user_by_email(session, DEMO_EMAILS["issuer"])
    trust_staff = session.exec(select(EmploymentContract.staff_member_id).where(
        EmploymentContract.organisation_id == issuer.organisation_id,
        EmploymentContract.job_role.contains("anager"))).first()
    accounts.create_user(session, email=OTHER_EMAILS["trust_manager"], password=PASSWORD,
                         role=Role.MANAGER, place_id=manager.place_id,
                         staff_member_id=trust_staff, organisation_id=issuer.organisation_id)
    accounts.create_user(session, email=OTHER_EMAILS["council_issuer"], password=PASSWORD,
                         role=Role.ISSUER, place_id=manager.place_id,
                         organisation_id=manager.organisation_id)
