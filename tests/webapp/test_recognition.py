"""Cross-sector recognition: the admin's mappings are data, drafts until approved."""

from sqlmodel import select

from webapp.models import AuditEvent, Competence
from webapp.models.recognition import CompetenceMapping
from webapp.services import recognition

from .conftest import DEMO_EMAILS, csrf_token, user_by_email


def post(client, path, **data):
    return client.post(path, data={"csrf_token": csrf_token(client, "/recognition"), **data})


def code_id(db, code) -> int:
    return db.exec(select(Competence).where(Competence.code == code)).one().id


def test_drafts_load_from_domain_mapping_once(client, auth, db):
    """Does loading the §2d overlap add unapproved drafts, and nothing the second time?"""
    auth.login(DEMO_EMAILS["admin"])
    assert post(client, "/recognition/drafts").status_code == 302
    post(client, "/recognition/drafts")
    mappings = db.exec(select(CompetenceMapping)).all()
    assert len(mappings) == len(recognition.DRAFT_MAPPINGS)
    assert all(m.approved_at is None for m in mappings)
    html = client.get("/recognition").get_data(as_text=True)
    assert "CC-10" in html and "CSTF-SGA-1" in html and ">Draft</strong>" in html
    admin = user_by_email(db, DEMO_EMAILS["admin"])
    assert recognition.approved_mappings(db, admin.place_id) == []


def test_approving_records_who_and_when(client, auth, db):
    """Does approval record the approver and time, audited, and show on the list?"""
    auth.login(DEMO_EMAILS["admin"])
    post(
        client,
        "/recognition",
        held=code_id(db, "CC-15"),
        satisfies=code_id(db, "CSTF-IPC-1"),
        note="Same learning outcomes",
    )
    mapping = db.exec(select(CompetenceMapping)).one()
    assert post(client, f"/recognition/{mapping.id}/approve").status_code == 302
    db.refresh(mapping)
    admin = user_by_email(db, DEMO_EMAILS["admin"])
    assert mapping.approved_by_user_id == admin.id and mapping.approved_at is not None
    assert "by admin@demo.place" in client.get("/recognition").get_data(as_text=True)
    actions = db.exec(
        select(AuditEvent.action).where(AuditEvent.entity == "competence_mapping")
    ).all()
    assert actions == ["recognition.mapping_add", "recognition.mapping_approve"]


def test_removing_stops_it_counting(client, auth, db):
    """Does a removed mapping leave the list and stop counting, and can it come back as a
    draft?"""
    auth.login(DEMO_EMAILS["admin"])
    held, satisfies = code_id(db, "CC-14"), code_id(db, "CSTF-IG-1")
    post(client, "/recognition", held=held, satisfies=satisfies)
    mapping = db.exec(select(CompetenceMapping)).one()
    post(client, f"/recognition/{mapping.id}/approve")
    post(client, f"/recognition/{mapping.id}/remove")
    admin = user_by_email(db, DEMO_EMAILS["admin"])
    assert recognition.approved_mappings(db, admin.place_id) == []
    html = client.get("/recognition").get_data(as_text=True)
    assert "Mappings (0)" in html
    assert post(client, f"/recognition/{mapping.id}/approve").status_code == 404
    assert post(client, "/recognition", held=held, satisfies=satisfies).status_code == 302
    db.refresh(mapping)
    assert mapping.withdrawn_at is None and mapping.approved_at is None


def test_bad_mappings_rerender_with_error_summary(client, auth, db):
    """Are a self-mapping, a duplicate and a missing choice refused with an error summary?"""
    auth.login(DEMO_EMAILS["admin"])
    same = code_id(db, "CC-10")
    response = post(client, "/recognition", held=same, satisfies=same)
    assert response.status_code == 422
    assert "cannot be mapped to itself" in response.get_data(as_text=True)
    post(client, "/recognition", held=same, satisfies=code_id(db, "CSTF-SGA-1"))
    response = post(client, "/recognition", held=same, satisfies=code_id(db, "CSTF-SGA-1"))
    assert "exists already" in response.get_data(as_text=True)
    response = post(client, "/recognition", held="")
    assert response.status_code == 422 and "nhsuk-error-summary" in response.get_data(as_text=True)
