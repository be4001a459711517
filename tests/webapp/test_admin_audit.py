"""The admins' audit log: written for people, filtered, keyset-paged, CSV with the formula
guard, scoped to the admin's organisation (or place), and itself audited."""

import csv
import io
import json
import re
from datetime import UTC, datetime

from sqlmodel import select

from webapp.models import AuditEvent, Competence, Organisation, Role, Sector, StaffMember
from webapp.services import accounts, audit_wording

from .conftest import DEMO_EMAILS, PASSWORD, user_by_email
from .test_organisation_rules import only_staff_of


def orgs(db):
    council = db.exec(select(Organisation).where(Organisation.sector == Sector.COUNCIL_ASC)).one()
    trust = db.exec(select(Organisation).where(Organisation.sector == Sector.NHS_TRUST)).first()
    return council, trust


def event(db, action="passport_entry.revoke", *, at=None, actor=None, staff=None, after=None):
    row = AuditEvent(at=at or datetime.now(UTC), action=action, entity="test", entity_id="1",
                     actor_user_id=actor, staff_member_id=staff,
                     after=json.dumps(after) if after is not None else None)
    db.add(row)
    db.commit()
    return row


def results(client, url: str) -> str:
    """The results block alone (the page's filter lists every kind of action by name)."""
    return client.get(url, headers={"HX-Request": "true"}).get_data(as_text=True)


def test_the_log_is_written_for_people(client, auth, db):
    """Are kinds of action, competence and organisation ids and lists shown in words, on
    the admin log and on a member's trail alike?"""
    council, _ = orgs(db)
    competence = db.exec(select(Competence)).first()
    carer = user_by_email(db, DEMO_EMAILS["care_worker"])
    event(db, staff=carer.staff_member_id, after={
        "competence_id": competence.id, "organisation_id": council.id,
        "frameworks": ["statutory_mandatory"], "entry_ids": [4, 5, 6], "revoked": True})
    auth.login(DEMO_EMAILS["admin"])
    for url in ("/admin/audit", f"/staff/{carer.staff_member_id}/audit"):
        html = results(client, url)
        assert "Revoked a record" in html and competence.title in html, url
        assert f"Organisation: {council.name}" in html and "Records: 3" in html, url
        assert "Revoked: Yes" in html, url
        for code in ("passport_entry.revoke", "Competence id", "competence_id", "[4",
                     "statutory_mandatory", "True"):
            assert code not in html, (url, code)


def test_teams_localities_and_cover_grids_in_words(client, auth, db):
    """Are a rota's team and locality named, and a cover grid's cell codes summarised?"""
    from webapp.models import Locality
    from webapp.models.demand import Team

    team = db.exec(select(Team)).first()
    locality = db.get(Locality, team.locality_id)
    carer = user_by_email(db, DEMO_EMAILS["care_worker"])
    event(db, "rota.generate", staff=carer.staff_member_id,
          after={"team_id": team.id, "locality_id": locality.id, "weeks": 4})
    event(db, "team.cover_change", staff=carer.staff_member_id,
          after={"3-any-1": [2, 3], "3-12-2": [1, 1]})
    auth.login(DEMO_EMAILS["admin"])
    html = results(client, "/admin/audit")
    assert f"Team: {team.name}" in html and f"Locality: {locality.name}" in html
    assert "Cover changed in 2 shift and day cells" in html and "3-any-1" not in html


def test_every_kind_of_action_in_the_code_has_words():
    """Does every action the code records (a literal action="…") have its own wording?"""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "webapp"
    found = set()
    for path in root.rglob("*.py"):
        found |= set(re.findall(r'action="([a-z_]+\.[a-z_]+)"', path.read_text()))
        found |= set(re.findall(r'"((?:[a-z]+)\.[a-z_]+)", (?:mapping|leave|team|requirement)',
                                path.read_text()))
    missing = {a for a in found if a not in audit_wording.ACTIONS}
    assert not missing
    assert audit_wording.describe("rota.solve_failed") == \
        "A rota finished being worked out (failed)"


def test_filters_by_who_whom_what_and_when(client, auth, db):
    """Do the four filters each narrow the log, and bad values get named errors?"""
    carer = user_by_email(db, DEMO_EMAILS["care_worker"])
    manager = user_by_email(db, DEMO_EMAILS["manager"])
    member = db.get(StaffMember, carer.staff_member_id)
    old = datetime(2025, 1, 15, 9, 30, tzinfo=UTC)
    event(db, "delegation.suspend", at=old, actor=manager.id, staff=member.id)
    event(db, "leave.approve", actor=manager.id, staff=member.id)
    auth.login(DEMO_EMAILS["admin"])
    by_kind = results(client, "/admin/audit?kind=delegation.suspend")
    assert "Suspended a delegation" in by_kind and "Approved leave" not in by_kind
    dated = results(client, "/admin/audit?since=2025-01-15&until=2025-01-15")
    assert "Suspended a delegation" in dated and "Approved leave" not in dated
    html = results(client, f"/admin/audit?subject={member.staff_number}&actor={manager.email}")
    assert "Suspended a delegation" in html and "Approved leave" in html
    assert member.full_name in html and "Signed in" not in html
    for query, message in [("since=31/01/2025", "From must be a real date, like 2026-03-31"),
                           ("since=2025-02-01&until=2025-01-01", "To must be the same as or after"),
                           ("actor=nobody@x.test", "No account in the place has the email"),
                           ("subject=NOPE", "No one in the place has staff number NOPE"),
                           ("kind=made.up", "Choose a kind of action from the list")]:
        response = client.get(f"/admin/audit?{query}")
        assert response.status_code == 422, query
        assert message in response.get_data(as_text=True), query


def test_keyset_pages_walk_the_whole_log_once(client, auth, db):
    """Paging 120 events that share one timestamp, does each appear exactly once, newest
    (highest id) first?"""
    carer = user_by_email(db, DEMO_EMAILS["care_worker"])
    at = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)
    ids = [event(db, "share.view", at=at, staff=carer.staff_member_id).id for _ in range(120)]
    auth.login(DEMO_EMAILS["admin"])
    url, seen = "/admin/audit?kind=share.view&until=2024-06-01", []
    while url:
        html = client.get(url).get_data(as_text=True)
        seen += re.findall(r"Someone with a share link", html)
        following = re.search(r'href="(/admin/audit\?[^"]*before=[^"]+)"', html)
        url = following.group(1).replace("&amp;", "&") if following else None
        assert len(seen) <= 120
    assert len(seen) == 120
    from webapp.services import audit

    admin = user_by_email(db, DEMO_EMAILS["admin"])
    wanted = audit.LogFilter(action="share.view")
    first = audit.search_log(db, admin, wanted, limit=50)
    rest = audit.search_log(db, admin, wanted, before=(first[-1].at, first[-1].id), limit=500)
    walked = [e.id for e in first + rest]
    assert walked == sorted(ids, reverse=True)


def test_csv_neutralises_formulas_and_the_view_is_audited(client, auth, db):
    """Does the CSV carry the events in words with formula cells neutralised, and are the
    page view and the download each recorded?"""
    carer = user_by_email(db, DEMO_EMAILS["care_worker"])
    event(db, "scenario.create", staff=carer.staff_member_id,
          after={"name": "=HYPERLINK(\"http://evil\")"})
    auth.login(DEMO_EMAILS["admin"])
    client.get("/admin/audit?kind=scenario.create")
    response = client.get("/admin/audit.csv?kind=scenario.create")
    assert response.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0][:3] == ["When (UTC)", "Who", "What"]
    assert rows[1][2] == "Made a scenario" and rows[1][4].startswith("Name: =HYPERLINK")
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    recorded = [e.action for e in db.exec(select(AuditEvent).where(
        AuditEvent.entity == "audit_log").order_by(AuditEvent.id))]
    assert recorded == ["audit.view", "audit.download"]


def test_an_organisations_admin_reads_only_its_own_log(client, auth, db):
    """Does the council's admin see events about council staff and by council people, and
    not an event about someone only the trust employs?"""
    council, trust = orgs(db)
    admin = user_by_email(db, DEMO_EMAILS["admin"])
    accounts.create_user(db, email="admin@council.test", password=PASSWORD, role=Role.ADMIN,
                         place_id=admin.place_id, organisation_id=council.id)
    db.commit()
    council_member, trust_member = only_staff_of(db, council.id), only_staff_of(db, trust.id)
    event(db, "leave.approve", staff=council_member.id)
    event(db, "leave.decline", staff=trust_member.id)
    auth.login("admin@council.test")
    html = results(client, "/admin/audit")
    assert "Approved leave" in html and "Declined leave" not in html
    assert "Declined leave" not in client.get("/admin/audit.csv").get_data(as_text=True)
    auth.logout()
    auth.login(admin.email)
    assert "Declined leave" in results(client, "/admin/audit")


def test_htmx_gets_the_results_alone(client, auth, db):
    """Does an htmx request get the results block alone, with Vary sent?"""
    auth.login(DEMO_EMAILS["admin"])
    response = client.get("/admin/audit", headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert "<html" not in html and 'id="audit-results"' in html
    assert "HX-Request" in response.headers["Vary"]
