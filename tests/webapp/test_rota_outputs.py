"""The team rota and the visit lists as PDF (text read back with pypdf) and as CSV."""

import csv
import io

from pypdf import PdfReader
from sqlmodel import select

from webapp.models import AuditEvent, Locality, StaffMember
from webapp.services.rotas import review

from .rota_outputs_factories import MANAGER, REASONS, published_visits, published_ward


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_team_pdf_names_everyone_every_day_and_every_gap(client, auth, db):
    """Does the team PDF carry the team, dates, version, every name and every reason?"""
    rota, team = published_ward(db)
    auth.login(MANAGER)
    response = client.get(f"/rotas/{rota.id}/pdf")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf"
    text = " ".join(pdf_text(response.data).split())
    assert team.name in text and "Version 1" in text and "Page 1 of" in text
    assert rota.starts_on.strftime("%-d %b %Y") in text
    for row in review.grid(db, rota):
        assert f"{row.member.family_name}, {row.member.given_name}" in text
    for reason in REASONS:
        assert " ".join(reason.split()) in text
    assert db.exec(select(AuditEvent).where(AuditEvent.action == "rota.export_pdf")).first()


def test_long_team_breaks_across_pages_repeating_the_header(client, auth, db):
    """Does a four-week rota of a big team run to several pages, each with the day header?"""
    rota, _ = published_ward(db, size=40, weeks=4, code="PW40")
    auth.login(MANAGER)
    pages = PdfReader(io.BytesIO(client.get(f"/rotas/{rota.id}/pdf").data)).pages
    assert len(pages) >= 2
    last_day = review.days_of(rota)[-1]
    for page in pages[:-1]:
        text = page.extract_text()
        assert "Name" in text and f"Page {pages.index(page) + 1} of {len(pages)}" in text
        assert f"Sun {last_day.day}" in " ".join(text.split())


def test_team_csv_neutralises_formulas(client, auth, db):
    """Is the CSV the grid and the gaps, with a formula-like reason made harmless?"""
    rota, _ = published_ward(db)
    auth.login(MANAGER)
    response = client.get(f"/rotas/{rota.id}/csv")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0][:3] == ["Staff number", "Family name", "Given name"]
    staff = {r[0] for r in rows[1:] if r}
    assert {m.member.staff_number for m in review.grid(db, rota)} <= staff
    reasons = [r[-1] for r in rows if r and r[0].startswith(str(rota.starts_on.year))]
    assert reasons[0] == REASONS[0] and reasons[1] == "'" + REASONS[1]


def test_locality_visit_lists_one_carer_a_page_never_a_name(client, auth, db):
    """Does the locality's PDF give each carer a page, references and the double-up partner?"""
    rota, team = published_visits(db)
    auth.login(MANAGER)
    day = rota.starts_on.isoformat()
    response = client.get(f"/rotas/{rota.id}/visits/{day}/pdf?locality={team.locality_id}")
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.data))
    carers = {a.staff_member_id for a in review.assignments(db, rota)}
    assert len(reader.pages) == len(carers)
    text = " ".join(pdf_text(response.data).split())
    locality = db.get(Locality, team.locality_id)
    assert locality.name in text and "10 min travel" in text
    for carer in carers:
        assert db.get(StaffMember, carer).full_name in text
    assert "Alone" in text
    lines = visits_csv(client, rota, team)
    assert {r["Person reference"] for r in lines} <= set(text.split())
    assert any(r["Double-up partner"] for r in lines)


def visits_csv(client, rota, team) -> list[dict]:
    url = f"/rotas/{rota.id}/visits/{rota.starts_on.isoformat()}/csv?locality={team.locality_id}"
    return list(csv.DictReader(io.StringIO(client.get(url).get_data(as_text=True))))


def test_visit_list_of_a_day_outside_the_rota_is_404(client, auth, db):
    """Is a day outside the rota, or a made-up locality, a plain 404?"""
    rota, team = published_visits(db)
    auth.login(MANAGER)
    assert client.get(f"/rotas/{rota.id}/visits/2001-01-01/pdf").status_code == 404
    assert client.get(f"/rotas/{rota.id}/visits/not-a-day/pdf").status_code == 404
    day = rota.starts_on.isoformat()
    assert client.get(f"/rotas/{rota.id}/visits/{day}/pdf?locality=99999").status_code == 404
    stranger = db.exec(select(StaffMember.id).where(StaffMember.id.not_in(
        [a.staff_member_id for a in review.assignments(db, rota)]))).first()
    assert client.get(f"/rotas/{rota.id}/visits/{day}/pdf?carer={stranger}").status_code == 404
    carer = review.assignments(db, rota)[0].staff_member_id
    response = client.get(f"/rotas/{rota.id}/visits/{day}/pdf?carer={carer}")
    assert len(PdfReader(io.BytesIO(response.data)).pages) == 1


def test_delegated_visit_carries_its_delegation_and_review_date(client, auth, db):
    """Does a visit with a delegated activity print the delegation's reference and review
    date, and one with no active delegation say to ask the registered professional?"""
    from datetime import date, timedelta

    from webapp.models import Competence, Delegation
    from webapp.models.demand import CarePackage, CareVisitPlan

    rota, team = published_visits(db)
    first, second = review.assignments(db, rota)[:2]
    activity = db.exec(select(Competence)).first()
    for row in (first, second):
        db.get(CareVisitPlan, row.visit_plan_id).activity_id = activity.id
    plan = db.get(CareVisitPlan, first.visit_plan_id)
    person_id = db.get(CarePackage, plan.package_id).person_id
    held = Delegation(delegating_professional_id=second.staff_member_id,
                      registration_number="12A3456E", care_worker_id=first.staff_member_id,
                      person_id=person_id, activity_id=activity.id,
                      assessed_on=date.today(), review_by=date.today() + timedelta(days=90))
    db.add(held)
    db.commit()
    auth.login(MANAGER)
    day = rota.starts_on.isoformat()
    text = " ".join(pdf_text(client.get(
        f"/rotas/{rota.id}/visits/{day}/pdf?locality={team.locality_id}").data).split())
    assert f"DEL-{held.id:05d}, review by {held.review_by:%-d %b %Y}" in text
    assert "no active delegation: ask the registered professional" in text
    assert db.exec(select(AuditEvent).where(AuditEvent.action == "rota.export_pdf")).first()
