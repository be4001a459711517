"""/compliance: the place summary's exact figures, the paged matrix, its filters and access."""

import csv
import io
import re
from datetime import date, timedelta

import pytest
from sqlmodel import Session, select

from webapp import create_app
from webapp.cli import upgrade_database
from webapp.models import (
    Competence,
    EmploymentContract,
    Locality,
    Organisation,
    PassportEntry,
    Place,
    Role,
    RoleRequirement,
    StaffMember,
)
from webapp.services import accounts, compliance
from webapp.services.compliance_summary import summarise

from ..conftest import _empty_schema
from .conftest import DEMO_EMAILS, PASSWORD, csrf_token, user_by_email

TODAY = date(2026, 6, 1)


def _member(session, place, number, locality, contracts):
    member = StaffMember(place_id=place.id, staff_number=number, given_name=number,
                         family_name="Person", home_locality_id=locality and locality.id)
    session.add(member)
    session.flush()
    for org, role, ends_on in contracts:
        session.add(EmploymentContract(staff_member_id=member.id, organisation_id=org.id,
                                       job_role=role, contract_type="substantive",
                                       hours_per_week=37.5, cost_per_hour=20,
                                       starts_on=date(2020, 1, 1), ends_on=ends_on))
    return member


def _held(session, member, competence, valid_until, revoked=False):
    session.add(PassportEntry(staff_member_id=member.id, competence_id=competence.id,
                              achieved_on=date(2025, 1, 1), valid_until=valid_until,
                              revoked=revoked))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.services)])
def hand_place(request, tmp_path):
    """Two organisations, two localities, three competences and seven staff, by hand:
    s1 compliant; s2 one expired, one due; s3 one not held; s4 compliant (one never expires);
    s5 a joint role, compliant at A, missing one at B; s6 no locality, a revoked entry and
    one due on the window's last day; s7's contract ended yesterday."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'hand.db'}"
    else:
        url = request.getfixturevalue("pg_url")
        _empty_schema(url)
    app = create_app({"TESTING": True, "DATABASE_URL": url})
    upgrade_database(app)
    with Session(app.extensions["engine"], expire_on_commit=False) as s:
        place = Place(name="Hand Place")
        s.add(place)
        s.flush()
        north, south = Locality(place_id=place.id, name="North"), Locality(
            place_id=place.id, name="South")
        a = Organisation(place_id=place.id, name="A Trust", sector="nhs_trust", code="A1",
                         code_scheme="ODS")
        b = Organisation(place_id=place.id, name="B Council", sector="council_asc",
                         code="B1", code_scheme="ODS")
        c1, c2, c3 = (Competence(framework="statutory_mandatory", code=f"T-C{i}",
                                 title=f"Topic {i}", refresher_months=months)
                      for i, months in ((1, 12), (2, 12), (3, None)))
        s.add_all([north, south, a, b, c1, c2, c3])
        s.flush()
        for org, role, competence in ((a, "Nurse", c1), (a, "Nurse", c2), (a, "Porter", c1),
                                      (b, "Carer", c1), (b, "Carer", c3)):
            s.add(RoleRequirement(organisation_id=org.id, job_role=role,
                                  competence_id=competence.id))
        later, due = TODAY + timedelta(days=200), TODAY + timedelta(days=10)
        s1 = _member(s, place, "s1", north, [(a, "Nurse", None)])
        _held(s, s1, c1, later), _held(s, s1, c2, later)
        s2 = _member(s, place, "s2", north, [(a, "Nurse", None)])
        _held(s, s2, c1, TODAY - timedelta(days=1)), _held(s, s2, c2, due)
        _member(s, place, "s3", south, [(a, "Porter", None)])
        s4 = _member(s, place, "s4", south, [(b, "Carer", None)])
        _held(s, s4, c1, later), _held(s, s4, c3, None)
        s5 = _member(s, place, "s5", north, [(a, "Porter", None), (b, "Carer", None)])
        _held(s, s5, c1, later)
        s6 = _member(s, place, "s6", None, [(b, "Carer", None)])
        _held(s, s6, c1, later, revoked=True), _held(s, s6, c3, TODAY + timedelta(days=60))
        s7 = _member(s, place, "s7", north, [(a, "Nurse", TODAY - timedelta(days=1))])
        _held(s, s7, c1, TODAY - timedelta(days=5))
        accounts.create_user(s, email="lead@hand.test", password=PASSWORD,
                             role=Role.WORKFORCE_LEAD, place_id=place.id)
        s.commit()
        yield app, s, {"a": a, "b": b, "north": north, "south": south, "c1": c1, "c2": c2,
                       "c3": c3, "place": place}
    app.extensions["engine"].dispose()


def _figures(row):
    return (row.staff, row.compliant, row.percent, row.expired, row.expiring, row.not_held,
            [(c.code, n) for c, n in row.worst])


def test_summary_of_a_hand_built_place(hand_place):
    """Are the place's figures by organisation and locality exactly the ones worked by hand?"""
    _, session, ids = hand_place
    summary = summarise(session, place_id=ids["place"].id, today=TODAY)
    by_org = {r.name: _figures(r) for r in summary.organisations}
    assert by_org == {
        "A Trust": (4, 2, 50, 1, 1, 1, [("T-C1", 2), ("T-C2", 1)]),
        "B Council": (3, 1, 33, 0, 1, 2, [("T-C3", 2), ("T-C1", 1)]),
    }
    by_locality = {r.name: _figures(r) for r in summary.localities}
    assert by_locality == {
        "North": (3, 1, 33, 1, 1, 1, [("T-C1", 1), ("T-C2", 1), ("T-C3", 1)]),
        "South": (2, 1, 50, 0, 0, 1, [("T-C1", 1)]),
        "No home locality recorded": (1, 0, 0, 0, 1, 1, [("T-C1", 1), ("T-C3", 1)]),
    }
    assert _figures(summary.total)[:6] == (6, 2, 33, 1, 2, 3)


def test_summary_narrowed_to_one_organisation_and_locality(hand_place):
    """Does narrowing to A Trust in North count only s1, s2 and s5's A contract?"""
    _, session, ids = hand_place
    summary = summarise(session, place_id=ids["place"].id, today=TODAY,
                        organisation_id=ids["a"].id, locality_id=ids["north"].id)
    assert _figures(summary.total)[:6] == (3, 2, 66, 1, 1, 0)


def test_summary_page_shows_the_figures_and_links(hand_place, monkeypatch):
    """Does the lead's /compliance show each organisation's and locality's figures, each
    linking to its matrix?"""
    app, _, ids = hand_place
    monkeypatch.setattr("webapp.views.compliance.date", _Today)
    client = app.test_client()
    client.post("/login", data={"email": "lead@hand.test", "password": PASSWORD,
                                "csrf_token": csrf_token(client)})
    html = client.get("/compliance").get_data(as_text=True)
    text = re.sub(r"<[^>]+>|\s+", " ", html)
    assert re.search(r"A Trust +Staff +4 +Fully compliant +50% +\(2\) +Expired +1 +Due within"
                     r" 60 days +1 +Required, not held +1", text)
    assert f'href="/compliance?organisation={ids["a"].id}"' in html
    assert f'href="/compliance?locality={ids["north"].id}"' in html
    matrix = client.get(f"/compliance?locality={ids['north'].id}").get_data(as_text=True)
    assert "North locality" in matrix and "4 rows (one for each person and job role)" in matrix


class _Today(date):
    @classmethod
    def today(cls):
        return TODAY


def _largest_organisation(db):
    counts = {}
    for org in db.exec(select(Organisation)):
        counts[org.id] = len(compliance.build_matrix(db, org.id, date.today()).rows)
    return max(counts, key=counts.get), max(counts.values())


def _passport_links(html: str) -> list[str]:
    return re.findall(r'href="/staff/(\d+)/passport"', html)


def test_page_two_starts_with_the_51st_person(auth, client, db):
    """Does page 1 list the first 50 staff by name and page 2 start at the 51st, each page
    well under 200 kB?"""
    org_id, size = _largest_organisation(db)
    assert size > 50
    rows = compliance.build_matrix(db, org_id, date.today()).rows
    auth.login(DEMO_EMAILS["workforce_lead"])
    first = client.get(f"/compliance?organisation={org_id}")
    second = client.get(f"/compliance?organisation={org_id}&page=2")
    assert _passport_links(first.get_data(as_text=True)) == [str(r.member.id) for r in rows[:50]]
    assert _passport_links(second.get_data(as_text=True)) == [
        str(r.member.id) for r in rows[50:100]]
    assert f"{size} rows" in first.get_data(as_text=True)
    assert len(first.data) < 200_000 and len(second.data) < 200_000


def test_filters_are_kept_across_pages_and_swapped_as_a_fragment(auth, client, db):
    """Do the next-page links keep the status and role, and does htmx get the matrix alone?"""
    org_id, _ = _largest_organisation(db)
    role = db.exec(select(EmploymentContract.job_role).where(
        EmploymentContract.organisation_id == org_id)).first()
    auth.login(DEMO_EMAILS["workforce_lead"])
    url = f"/compliance?organisation={org_id}&status=attention&role={role}"
    full = client.get(url)
    fragment = client.get(url, headers={"HX-Request": "true", "HX-Target": "compliance-matrix"})
    assert full.status_code == fragment.status_code == 200
    assert "HX-Request" in full.headers["Vary"] and "HX-Request" in fragment.headers["Vary"]
    assert b"<html" in full.data and b"<html" not in fragment.data
    assert fragment.data.lstrip().startswith(b'<div id="compliance-matrix"')
    shown = set(_passport_links(fragment.get_data(as_text=True)))
    expected = {str(r.member.id) for r in compliance.build_matrix(db, org_id, date.today()).rows
                if r.job_role == role and any(c not in (None, "current") for c in r.cells)}
    assert shown == expected or (len(shown) == 50 and shown < expected)
    many = client.get(f"/compliance?organisation={org_id}&status=attention").get_data(
        as_text=True)
    if "page 1 of" in many:
        assert re.search(r'class="nhsuk-pagination__link nhsuk-pagination__link--next" href="'
                         r'[^"]*status=attention', many)


def test_no_javascript_page_links_work_as_full_pages(auth, client, db):
    """Does the Next link, followed without htmx, give a whole page?"""
    org_id, _ = _largest_organisation(db)
    auth.login(DEMO_EMAILS["workforce_lead"])
    html = client.get(f"/compliance?organisation={org_id}").get_data(as_text=True)
    link = re.search(r'nhsuk-pagination__link--next" href="([^"]+)"', html).group(1)
    page = client.get(link.replace("&amp;", "&"))
    assert page.status_code == 200 and b"<html" in page.data and b"page 2 of" in page.data


def test_lead_sees_the_place_and_manager_only_their_organisation(auth, client, db):
    """Does the lead's summary list every organisation, and the manager's page only theirs,
    whatever organisation they ask for?"""
    names = [o.name for o in db.exec(select(Organisation))]
    auth.login(DEMO_EMAILS["workforce_lead"])
    place = client.get("/compliance").get_data(as_text=True)
    assert all(f">{n}</a>" in place for n in names)
    auth.logout()
    manager = user_by_email(db, DEMO_EMAILS["manager"])
    other = next(o for o in db.exec(select(Organisation)) if o.id != manager.organisation_id)
    auth.login(DEMO_EMAILS["manager"])
    html = client.get(f"/compliance?organisation={other.id}").get_data(as_text=True)
    own = db.get(Organisation, manager.organisation_id).name
    assert f'<h1 class="nhsuk-heading-l">{own}</h1>' in html
    assert other.name not in html and "Whole place" not in html
    ids = set(_passport_links(html))
    mine = {str(c.staff_member_id) for c in db.exec(select(EmploymentContract).where(
        EmploymentContract.organisation_id == manager.organisation_id))}
    assert ids and ids <= mine


def test_whole_matrix_csv_is_not_paged(auth, client, db):
    """Does the CSV hold every member of the organisation, a label in each required cell?"""
    org_id, size = _largest_organisation(db)
    auth.login(DEMO_EMAILS["workforce_lead"])
    response = client.get(f"/compliance/matrix.csv?organisation={org_id}")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert response.status_code == 200 and len(rows) == size + 1 > 51
    matrix = compliance.build_matrix(db, org_id, date.today())
    assert rows[0][5:] == [c.code for c in matrix.columns]
    labels = {None: "", **compliance.CELL_LABELS}
    assert [r[5:] for r in rows[1:]] == [[labels[c] for c in r.cells] for r in matrix.rows]
    assert client.get("/compliance/matrix.csv").status_code == 400


def test_manager_csv_is_their_organisation_only(auth, client, db):
    """Does a manager asking for another organisation's CSV get their own?"""
    manager = user_by_email(db, DEMO_EMAILS["manager"])
    other = next(o for o in db.exec(select(Organisation)) if o.id != manager.organisation_id)
    auth.login(DEMO_EMAILS["manager"])
    rows = list(csv.reader(io.StringIO(client.get(
        f"/compliance/matrix.csv?organisation={other.id}").get_data(as_text=True))))
    own = db.get(Organisation, manager.organisation_id).name
    assert {r[3] for r in rows[1:]} == {own}


def test_bad_filters_are_refused_clearly(auth, client):
    """Is an unknown status a 400 with a message, and an unknown locality a 404?"""
    auth.login(DEMO_EMAILS["workforce_lead"])
    bad = client.get("/compliance?organisation=1&status=purple")
    assert bad.status_code == 400 and b"Choose a status" in bad.data
    assert client.get("/compliance?locality=999999").status_code == 404

