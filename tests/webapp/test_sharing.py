"""Share links: only what was chosen, for as long as chosen, until revoked; hashed at rest."""

import hashlib
import re
from datetime import UTC, datetime, timedelta

from sqlmodel import select

from webapp.models import AuditEvent, Competence, PassportEntry
from webapp.models.sharing import ShareLink
from webapp.services import sharing

from .conftest import DEMO_EMAILS, csrf_token, user_by_email

LINK = re.compile(r'id="share-url">(http://localhost/verify/share/([\w-]+))<')


def carer_entries(db) -> list[tuple[PassportEntry, Competence]]:
    carer = user_by_email(db, DEMO_EMAILS["care_worker"])
    return list(
        db.exec(
            select(PassportEntry, Competence)
            .join(Competence, Competence.id == PassportEntry.competence_id)
            .where(PassportEntry.staff_member_id == carer.staff_member_id)
        )
    )


def create(client, **form) -> tuple[str, str]:
    """Create a link as the signed-in member; return the page and the raw token."""
    data = {"csrf_token": csrf_token(client, "/me/passport/share"), "days": "7", **form}
    response = client.post("/me/passport/share", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200, html
    match = LINK.search(html)
    assert match, "no link on the page"
    return html, match.group(2)


def test_link_shows_only_the_chosen_entries(client, auth, db):
    """Does a link to two single records show those two and nothing else, to anyone?"""
    rows = carer_entries(db)
    (first, c1), (second, c2) = rows[0], rows[-1]
    auth.login(DEMO_EMAILS["care_worker"])
    html, token = create(client, entry=[str(first.id), str(second.id)], label="Sunrise Care")
    assert "<svg" in html and "Copy the link now" in html
    auth.logout()
    page = client.get(f"/verify/share/{token}")
    assert page.status_code == 200
    shown = page.get_data(as_text=True)
    assert shown.count('class="app-passport-item ') == 2
    assert c1.title in shown and c2.title in shown
    others = {c.title for _, c in rows} - {c1.title, c2.title}
    assert not any(f">{title}" in shown for title in others)
    assert "Verified by" in shown or "Self-declared" in shown
    api = client.get(f"/api/verify/share/{token}").get_json()
    assert sorted(r["code"] for r in api["records"]) == sorted([c1.code, c2.code])
    assert page.headers["Referrer-Policy"] == "no-referrer"


def test_category_share_shows_best_entry_of_that_category_only(client, auth, db):
    """Does sharing the Care Certificate show its standards and no statutory training?"""
    auth.login(DEMO_EMAILS["care_worker"])
    _html, token = create(client, framework="care_certificate")
    records = client.get(f"/api/verify/share/{token}").get_json()["records"]
    held = {
        c.code for e, c in carer_entries(db) if c.framework == "care_certificate" and not e.revoked
    }
    assert records and {r["code"] for r in records} == held
    assert len(records) == len(held)


def test_token_is_stored_only_as_its_hash(client, auth, db):
    """Is the raw token nowhere in the database, only its sha256?"""
    auth.login(DEMO_EMAILS["care_worker"])
    _html, token = create(client, framework="statutory_mandatory")
    link = db.exec(select(ShareLink)).one()
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in link.scope and token not in link.label
    for event in db.exec(select(AuditEvent)):
        assert token not in (event.after or "") + (event.before or "")
    assert len(token) >= 43  # 32 random bytes
    listing = client.get("/me/passport/share").get_data(as_text=True)
    assert token not in listing


def test_revoked_link_says_so_and_shows_nothing(client, auth, db):
    """After the member revokes it, does the link say revoked, with no records?"""
    auth.login(DEMO_EMAILS["care_worker"])
    _html, token = create(client, framework="statutory_mandatory")
    link = db.exec(select(ShareLink)).one()
    response = client.post(
        "/me/passport/share/revoke",
        headers={"HX-Request": "true"},
        data={"csrf_token": csrf_token(client, "/me/passport/share"), "share_id": link.id},
    )
    assert response.status_code == 200 and "Revoked" in response.get_data(as_text=True)
    assert "HX-Request" in response.headers["Vary"]
    assert "<html" not in response.get_data(as_text=True)
    page = client.get(f"/verify/share/{token}")
    assert page.status_code == 410
    html = page.get_data(as_text=True)
    assert "This link has been revoked" in html and "shared-records" not in html
    assert client.get(f"/api/verify/share/{token}").status_code == 410
    actions = [
        e.action for e in db.exec(select(AuditEvent).where(AuditEvent.entity == "share_link"))
    ]
    assert {"share.create", "share.revoke", "share.view"} <= set(actions)


def test_revoke_without_htmx_redirects_with_a_message(client, auth, db):
    """Does the plain form post revoke and come back to the list (no JavaScript needed)?"""
    auth.login(DEMO_EMAILS["care_worker"])
    create(client, framework="statutory_mandatory")
    link = db.exec(select(ShareLink)).one()
    response = client.post(
        "/me/passport/share/revoke",
        follow_redirects=True,
        data={"csrf_token": csrf_token(client, "/me/passport/share"), "share_id": link.id},
    )
    assert "revoked" in response.get_data(as_text=True)
    db.expire_all()
    assert db.get(ShareLink, link.id).revoked_at is not None


def test_expired_link_says_so(client, auth, db):
    """Once past its expiry, does the link say it has expired?"""
    auth.login(DEMO_EMAILS["care_worker"])
    _html, token = create(client, framework="statutory_mandatory")
    link = db.exec(select(ShareLink)).one()
    link.expires_at = datetime.now(UTC) - timedelta(minutes=1)
    db.add(link)
    db.commit()
    page = client.get(f"/verify/share/{token}")
    assert page.status_code == 410 and "This link has expired" in page.get_data(as_text=True)
    listing = client.get("/me/passport/share").get_data(as_text=True)
    assert "Expired" in listing


def test_unknown_token_is_not_found(client):
    """Does a made-up token get a plain 'not found', as a page and as problem JSON?"""
    assert client.get("/verify/share/nope").status_code == 404
    response = client.get("/api/verify/share/nope")
    assert response.status_code == 404
    assert response.headers["Content-Type"] == "application/problem+json"


def test_someone_elses_link_cannot_be_revoked(client, auth, db):
    """Can the nurse revoke the carer's link? (No: 404, and it still works.)"""
    auth.login(DEMO_EMAILS["care_worker"])
    _html, token = create(client, framework="statutory_mandatory")
    link = db.exec(select(ShareLink)).one()
    auth.logout()
    auth.login(DEMO_EMAILS["registered_professional"])
    response = client.post(
        "/me/passport/share/revoke",
        data={"csrf_token": csrf_token(client, "/me/passport/share"), "share_id": link.id},
    )
    assert response.status_code == 404
    assert client.get(f"/verify/share/{token}").status_code == 200


def test_empty_choice_and_foreign_entries_are_refused(client, auth, db):
    """Is a link with nothing chosen, or someone else's record, refused with a message?"""
    nurse = user_by_email(db, DEMO_EMAILS["registered_professional"])
    theirs = db.exec(
        select(PassportEntry).where(PassportEntry.staff_member_id == nurse.staff_member_id)
    ).first()
    auth.login(DEMO_EMAILS["care_worker"])
    for form, message in (
        ({}, "Choose at least one"),
        ({"entry": str(theirs.id)}, "your own passport"),
        ({"framework": "statutory_mandatory", "days": "365"}, "how long"),
    ):
        data = {"csrf_token": csrf_token(client, "/me/passport/share"), "days": "7", **form}
        response = client.post("/me/passport/share", data=data)
        assert response.status_code == 422
        assert message in response.get_data(as_text=True)
    assert db.exec(select(ShareLink)).first() is None


def test_occupational_health_is_never_swept_in_by_category(db, monkeypatch):
    """With a special-category framework flagged, does a category share leave it out?"""
    rows = carer_entries(db)
    entry, competence = rows[0]
    member_id = entry.staff_member_id
    link = ShareLink(
        staff_member_id=member_id,
        token_hash="x" * 64,
        created_at=datetime.now(UTC),
        expires_at=datetime.now(UTC) + timedelta(days=1),
        scope=f'{{"frameworks": ["{competence.framework}"], "entry_ids": []}}',
    )
    shown = {i.competence.framework for i in sharing.shared_items(db, link, entry.achieved_on)}
    assert competence.framework in shown
    monkeypatch.setattr(sharing, "NEVER_SHARED_BY_CATEGORY", frozenset({competence.framework}))
    shown = {i.competence.framework for i in sharing.shared_items(db, link, entry.achieved_on)}
    assert competence.framework not in shown
    assert competence.framework not in {f.value for f in sharing.shareable_frameworks()}


def test_share_page_lists_links_with_their_state(client, auth, db):
    """Does the member see each link as active, expired or revoked, and the page fragment?"""
    auth.login(DEMO_EMAILS["care_worker"])
    create(client, framework="statutory_mandatory", label="Agency")
    html = client.get("/me/passport/share").get_data(as_text=True)
    assert "Agency" in html and "Active" in html and "Stop this link working" in html
    assert 'value="7" checked' in html or "checked" in html
    passport = client.get("/me/passport").get_data(as_text=True)
    assert "/me/passport/share" in passport
