"""A person's own shifts: /me/shifts across employers with changes flagged, their PDF, the
busy-only view another employer's manager gets, and the calendar feed."""

import io
import re
from datetime import UTC, date, timedelta

from icalendar import Calendar
from pypdf import PdfReader
from sqlmodel import select

from webapp.models import EmploymentContract, Organisation, User
from webapp.models.demand import ShiftTemplate
from webapp.models.rota import RotaAssignment
from webapp.services.rota_outputs import personal
from webapp.services.rotas import publish

from .conftest import csrf_token
from .rota_outputs_factories import MANAGER, published_visits, published_ward, shift

CARER = "carer@demo.place"


def _carer(db) -> User:
    return db.exec(select(User).where(User.email == CARER)).one()


def joint_carer_rotas(db, start=None, weeks=1):
    """The demo carer (council) also on a trust ward's rota: a joint role, two employers."""
    carer = _carer(db)
    ward, team = published_ward(db, extra_staff=(carer.staff_member_id,), start=start,
                                weeks=weeks)
    db.add(EmploymentContract(staff_member_id=carer.staff_member_id,
                              organisation_id=team.organisation_id, job_role="Joint role",
                              contract_type="joint", hours_per_week=7.5, cost_per_hour=20,
                              starts_on=date.today() - timedelta(days=30)))
    db.commit()
    return carer, ward, team


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
                    .split())


def test_me_shifts_lists_every_employer_and_flags_changes(client, auth, db):
    """Does /me/shifts show both employers, then flag a shift moved by a republish?"""
    carer, ward, team = joint_carer_rotas(db)
    trust = db.get(Organisation, team.organisation_id)
    auth.login(CARER)
    page = client.get("/me/shifts").get_data(as_text=True)
    assert trust.name in page and team.name in page and "Last synced at" in page
    assert "Changed since you last looked" not in page
    row = db.exec(select(RotaAssignment).where(
        RotaAssignment.rota_id == ward.id,
        RotaAssignment.staff_member_id == carer.staff_member_id)).first()
    row.starts_at += timedelta(hours=1)
    manager = db.exec(select(User).where(User.email == MANAGER)).one()
    publish.publish(db, manager, ward, ward.lock_version)
    db.commit()
    page = client.get("/me/shifts").get_data(as_text=True)
    assert "Changed since you last looked" in page
    assert page.count("app-shift--changed") >= 1
    assert "No longer on your rota" in page
    again = client.get("/me/shifts").get_data(as_text=True)
    assert "Changed since you last looked" not in again


def test_personal_pdf_and_the_other_employers_busy_view(client, auth, db):
    """Does the carer's PDF show the trust ward, and the council manager's copy only 'Busy'?"""
    carer, ward, team = joint_carer_rotas(db)
    shifts = personal.published(db, carer.staff_member_id, date.today())
    auth.login(CARER)
    mine = pdf_text(client.get("/me/shifts/pdf").data)
    assert team.name in mine and f"{shifts[0].starts:%H:%M}" in mine
    auth.logout()
    trust_manager = "manager@trust.test"
    auth.login(trust_manager)
    theirs = pdf_text(client.get(f"/staff/{carer.staff_member_id}/shifts/pdf").data)
    assert team.name in theirs  # the trust's own ward, in full
    auth.logout()
    auth.login(MANAGER)  # the council: the trust's shifts are someone else's business
    response = client.get(f"/staff/{carer.staff_member_id}/shifts/pdf")
    council_view = pdf_text(response.data)
    assert "Busy" in council_view and team.name not in council_view
    assert "Early" not in council_view and "Night" not in council_view


def _feed_url(client) -> str:
    client.post("/me/shifts/calendar", data={"csrf_token": csrf_token(client, "/me/shifts")})
    page = client.get("/me/shifts").get_data(as_text=True)
    return re.search(r'id="calendar-url" type="text" readonly value="([^"]+)"', page).group(1)


def _events(client, url: str) -> dict:
    body = client.get(url.removeprefix("http://localhost")).data
    return {e["UID"]: e for e in Calendar.from_ical(body).walk("VEVENT")}


def test_calendar_feed_across_the_clock_change(client, auth, db):
    """Do the feed's events match the shifts, in Europe/London, either side of March's change?"""
    clock_change = date(date.today().year + 1, 3, 31)
    clock_change -= timedelta(days=(clock_change.weekday() + 1) % 7)  # last Sunday in March
    carer, ward, team = joint_carer_rotas(db, start=clock_change - timedelta(days=6),
                                          weeks=2)
    auth.login(CARER)
    events = _events(client, _feed_url(client))
    shifts = personal.published(db, carer.staff_member_id, date.today())
    assert len(events) == len(shifts)
    for s in shifts:
        event = events[s.uid(carer.staff_member_id)]
        start = event.decoded("DTSTART")
        assert str(start.tzinfo) == "Europe/London" and start.replace(tzinfo=None) == s.starts
        assert event["SEQUENCE"] == 1
    hour = shifts[0].starts.hour  # the same wall-clock start, an hour earlier in UTC after
    before = [s for s in shifts if s.starts.date() < clock_change and s.starts.hour == hour]
    after = [s for s in shifts if s.starts.date() > clock_change and s.starts.hour == hour]
    assert before and after
    utc = [events[s.uid(carer.staff_member_id)].decoded("DTSTART").astimezone(UTC).hour
           for s in (before[0], after[0])]
    assert utc == [hour, hour - 1]


def test_republished_change_keeps_uid_and_raises_sequence(client, auth, db):
    """Does a shift moved and republished keep its UID with SEQUENCE 2 and the new time?"""
    carer, ward, team = joint_carer_rotas(db)
    auth.login(CARER)
    url = _feed_url(client)
    first = _events(client, url)
    row = db.exec(select(RotaAssignment).where(
        RotaAssignment.rota_id == ward.id,
        RotaAssignment.staff_member_id == carer.staff_member_id)
        .order_by(RotaAssignment.starts_at)).first()
    late = db.exec(select(ShiftTemplate).where(ShiftTemplate.team_id == team.id,
                                               ShiftTemplate.code == "L")).one()
    day = row.day
    db.delete(row)
    shift(db, ward, carer.staff_member_id, day, late, team.organisation_id)
    publish.publish(db, db.exec(select(User).where(User.email == MANAGER)).one(), ward,
                    ward.lock_version)
    db.commit()
    second = _events(client, url)
    assert set(first) == set(second)
    moved = next(uid for uid in second if second[uid]["SUMMARY"] != first[uid]["SUMMARY"])
    assert second[moved]["SEQUENCE"] == 2 and "Late" in str(second[moved]["SUMMARY"])
    assert second[moved].decoded("DTSTART").hour == 13


def test_revoked_or_renewed_feed_url_is_404(client, auth, db):
    """Does turning the address off, or making a new one, make the old URL a 404?"""
    joint_carer_rotas(db)
    auth.login(CARER)
    first = _feed_url(client).removeprefix("http://localhost")
    assert client.get(first).status_code == 200
    second = _feed_url(client).removeprefix("http://localhost")
    assert client.get(first).status_code == 404 and client.get(second).status_code == 200
    client.post("/me/shifts/calendar/revoke",
                data={"csrf_token": csrf_token(client, "/me/shifts")})
    assert client.get(second).status_code == 404
    assert client.get("/calendar/made-up.ics").status_code == 404
    from webapp.models import AuditEvent

    actions = {e.action for e in db.exec(select(AuditEvent)).all()}
    assert {"calendar.create", "calendar.revoke", "calendar.fetch"} <= actions


def test_today_visits_on_me_shifts(client, auth, db):
    """Does a carer with visits today see today's visit list with references, not names?"""
    rota, team = published_visits(db, day=date.today(), code="PHT")
    carer_id = db.exec(select(RotaAssignment.staff_member_id).where(
        RotaAssignment.rota_id == rota.id)).first()
    user = _carer(db)
    user.staff_member_id = carer_id
    db.add(user)
    db.commit()
    auth.login(CARER)
    page = client.get("/me/shifts").get_data(as_text=True)
    assert "Today's visits" in page and "PRC-" in page
    response = client.get("/me/shifts/visits.pdf")
    text = pdf_text(response.data)
    references = set(re.findall(r"PRC-\d+", page))
    assert references and all(r in text for r in references)
    assert client.get("/me/shifts/visits.pdf?day=not-a-day").status_code == 404


def test_service_worker_and_manifest_are_served_from_the_root(client):
    """Is the worker at /sw.js (so its scope is the whole site) and the manifest installable?"""
    import json

    with client.get("/sw.js") as worker:
        assert worker.status_code == 200 and worker.mimetype == "text/javascript"
        assert "place-private-v1" in worker.get_data(as_text=True)
    with client.get("/manifest.webmanifest") as manifest:
        assert manifest.mimetype == "application/manifest+json"
        found = json.loads(manifest.get_data(as_text=True))
    assert found["start_url"] == "/me/shifts" and found["display"] == "standalone"
    for icon in found["icons"]:
        with client.get(icon["src"]) as response:
            assert response.status_code == 200
