"""Admins manage accounts: invite with a single-use link, change role, deactivate (open
sessions end), reset a password; the refusals that keep an organisation administered; an
organisation's admin reaches only its own accounts."""

import re
from datetime import UTC, datetime, timedelta

from sqlmodel import select

from webapp.models import AuditEvent, Organisation, Role, Sector, User
from webapp.models.user import PasswordLink
from webapp.services import accounts

from .conftest import DEMO_EMAILS, PASSWORD, AuthActions, csrf_token, user_by_email

NEW_PASSWORD = "correct horse battery staple"
LINK = re.compile(r'id="password-link">http://localhost(/invite/[^<]+)<')


def council(db) -> Organisation:
    return db.exec(select(Organisation).where(Organisation.sector == Sector.COUNCIL_ASC)).one()


def trust(db) -> Organisation:
    return db.exec(select(Organisation).where(Organisation.sector == Sector.NHS_TRUST)).first()


def post(client, url: str, **data):
    return client.post(url, data={"csrf_token": csrf_token(client, "/"), **data})


def invite(client, db, email="new.person@council.test", role="care_worker", **extra):
    data = {"name": "New Person", "email": email, "organisation": str(council(db).id),
            "role": role, "staff_number": ""} | extra
    return post(client, "/admin/users/new", **data)


def link_from(response) -> str:
    match = LINK.search(response.get_data(as_text=True))
    assert match, "no link on the page"
    return match.group(1)


def set_password(client, path: str, password=NEW_PASSWORD, confirm=None, form_on="path"):
    token = csrf_token(client, path if form_on == "path" else form_on)
    return client.post(path, data={"csrf_token": token, "password": password,
                                   "confirm": password if confirm is None else confirm})


def signs_in(app, email: str, password: str) -> bool:
    client = app.test_client()
    return AuthActions(client).login(email, password).status_code == 302


def actions(db, user_id: int) -> list[str]:
    return list(db.exec(select(AuditEvent.action).where(
        AuditEvent.entity == "user", AuditEvent.entity_id == str(user_id),
        AuditEvent.action != "user.sign_in").order_by(AuditEvent.id)))


def test_invite_makes_a_single_use_link_that_sets_the_password(app, client, auth, db):
    """Does an invitation show a link that sets an argon2 password once, then refuse reuse?"""
    auth.login(DEMO_EMAILS["admin"])
    response = invite(client, db)
    assert response.status_code == 200 and "Invitation made" in response.get_data(as_text=True)
    path = link_from(response)
    user = user_by_email(db, "new.person@council.test")
    assert user.name == "New Person" and user.organisation_id == council(db).id
    link = db.exec(select(PasswordLink).where(PasswordLink.user_id == user.id)).one()
    assert path.rsplit("/", 1)[1] not in link.token_hash  # only the hash is stored
    assert not signs_in(app, user.email, NEW_PASSWORD)
    visitor = app.test_client()
    assert visitor.get(path).status_code == 200
    short = set_password(visitor, path, "too short")
    assert short.status_code == 422 and "Password must be 12 characters or more" in \
        short.get_data(as_text=True)
    differ = set_password(visitor, path, confirm="something else entirely")
    assert "The two passwords do not match" in differ.get_data(as_text=True)
    assert set_password(visitor, path).status_code == 302
    assert signs_in(app, user.email, NEW_PASSWORD)
    db.refresh(user)
    assert user.password_hash.startswith("$argon2")
    again = visitor.get(path)
    assert again.status_code == 410 and "already been used" in again.get_data(as_text=True)
    assert set_password(visitor, path, "another long password", form_on="/login"
                        ).status_code == 410
    assert {"user.invite", "user.set_password"} <= set(actions(db, user.id))


def test_expired_and_unknown_links_say_so(app, client, auth, db):
    """Does an expired link say it has expired, and a made-up one that it is not known?"""
    auth.login(DEMO_EMAILS["admin"])
    path = link_from(invite(client, db))
    link = db.exec(select(PasswordLink).order_by(PasswordLink.id.desc())).first()
    link.expires_at = datetime.now(UTC) - timedelta(minutes=1)
    db.add(link)
    db.commit()
    visitor = app.test_client()
    expired = visitor.get(path)
    assert expired.status_code == 410 and "expired" in expired.get_data(as_text=True)
    unknown = visitor.get("/invite/not-a-real-token")
    assert unknown.status_code == 404 and "not recognised" in unknown.get_data(as_text=True)


def test_invite_errors_re_render_with_the_error_summary(client, auth, db):
    """Are a taken email, a bad email, a missing name and an unknown staff number each
    named in the NHS.UK error summary?"""
    auth.login(DEMO_EMAILS["admin"])
    taken = invite(client, db, email=DEMO_EMAILS["manager"])
    assert taken.status_code == 422
    assert "An account with this email address already exists" in taken.get_data(as_text=True)
    for data, message in [({"email": "not-an-email"}, "Enter an email address in the correct"),
                          ({"name": ""}, "Enter the person&#39;s full name"),
                          ({"name": "x" * 121}, "Full name must be 120 characters or fewer"),
                          ({"staff_number": "NOPE-1"}, "No one in the place has staff number")]:
        response = invite(client, db, **data)
        html = response.get_data(as_text=True)
        assert response.status_code == 422 and "There is a problem" in html, data
        assert message in html, data


def test_change_role_is_audited_and_ends_sessions(app, client, auth, db):
    """Does a new role take effect at once (the old session ends) and get audited?"""
    manager = user_by_email(db, DEMO_EMAILS["manager"])
    theirs = app.test_client()
    AuthActions(theirs).login(manager.email)
    assert theirs.get("/rotas").status_code == 200
    auth.login(DEMO_EMAILS["admin"])
    response = post(client, f"/admin/users/{manager.id}/role", role="care_worker")
    assert response.status_code == 302
    db.refresh(manager)
    assert manager.role == Role.CARE_WORKER
    assert "/login" in theirs.get("/rotas").headers["Location"]
    event = db.exec(select(AuditEvent).where(AuditEvent.action == "user.change_role")).one()
    assert '"manager"' in event.before and '"care_worker"' in event.after


def test_deactivated_users_session_ends_and_they_cannot_sign_in(app, client, auth, db):
    """Is a deactivated carer's open session refused on the next request, their sign-in
    refused, and both undone by reactivating?"""
    carer = user_by_email(db, DEMO_EMAILS["care_worker"])
    theirs = app.test_client()
    AuthActions(theirs).login(carer.email)
    assert theirs.get("/me/passport").status_code == 200
    auth.login(DEMO_EMAILS["admin"])
    assert post(client, f"/admin/users/{carer.id}/deactivate").status_code == 302
    refused = theirs.get("/me/passport")
    assert refused.status_code == 302 and "/login" in refused.headers["Location"]
    assert not signs_in(app, carer.email, PASSWORD)
    assert post(client, f"/admin/users/{carer.id}/reactivate").status_code == 302
    assert signs_in(app, carer.email, PASSWORD)
    assert actions(db, carer.id)[-2:] == ["user.deactivate", "user.reactivate"]


def test_a_session_ends_when_the_account_is_deactivated_elsewhere(app, db):
    """Is an open session refused once the account is inactive, however it was switched
    off (here directly in the database, as a script would)?"""
    carer = user_by_email(db, DEMO_EMAILS["care_worker"])
    theirs = app.test_client()
    AuthActions(theirs).login(carer.email)
    carer.active = False
    db.add(carer)
    db.commit()
    assert "/login" in theirs.get("/me/passport").headers["Location"]


def test_reset_keeps_the_old_password_until_the_new_one_is_set(app, client, auth, db):
    """Does the old password work until the reset link is used, and then stop, with the
    person's open sessions ended?"""
    carer = user_by_email(db, DEMO_EMAILS["care_worker"])
    theirs = app.test_client()
    AuthActions(theirs).login(carer.email)
    auth.login(DEMO_EMAILS["admin"])
    response = post(client, f"/admin/users/{carer.id}/reset")
    assert "Password reset link made" in response.get_data(as_text=True)
    path = link_from(response)
    assert signs_in(app, carer.email, PASSWORD)
    assert set_password(app.test_client(), path).status_code == 302
    assert not signs_in(app, carer.email, PASSWORD)
    assert signs_in(app, carer.email, NEW_PASSWORD)
    assert "/login" in theirs.get("/me/passport").headers["Location"]


def test_a_second_reset_link_replaces_the_first(app, client, auth, db):
    """Does making a new link stop the earlier unused one working?"""
    carer = user_by_email(db, DEMO_EMAILS["care_worker"])
    auth.login(DEMO_EMAILS["admin"])
    first = link_from(post(client, f"/admin/users/{carer.id}/reset"))
    second = link_from(post(client, f"/admin/users/{carer.id}/reset"))
    assert app.test_client().get(first).status_code == 410
    assert app.test_client().get(second).status_code == 200


def test_an_admin_cannot_demote_or_deactivate_themselves(client, auth, db):
    """Are an admin's own role change and own deactivation refused with the reason shown?"""
    admin = user_by_email(db, DEMO_EMAILS["admin"])
    auth.login(admin.email)
    for response in (post(client, f"/admin/users/{admin.id}/role", role="manager"),
                     post(client, f"/admin/users/{admin.id}/deactivate")):
        html = response.get_data(as_text=True)
        assert response.status_code == 422 and "There is a problem" in html
        assert "yourself" in html
    db.refresh(admin)
    assert admin.role == Role.ADMIN and admin.active


def _council_admin(db, email="admin@council.test") -> User:
    admin = user_by_email(db, DEMO_EMAILS["admin"])
    user = accounts.create_user(db, email=email, password=PASSWORD, role=Role.ADMIN,
                                place_id=admin.place_id, organisation_id=council(db).id)
    db.commit()
    return user


def test_the_last_admin_of_an_organisation_stays(client, auth, db):
    """Is the council's only admin kept (role and active), and let go once there is a
    second?"""
    only = _council_admin(db)
    auth.login(DEMO_EMAILS["admin"])
    for response in (post(client, f"/admin/users/{only.id}/role", role="manager"),
                     post(client, f"/admin/users/{only.id}/deactivate")):
        assert response.status_code == 422
        assert "last admin of their organisation" in response.get_data(as_text=True)
    _council_admin(db, "second.admin@council.test")
    assert post(client, f"/admin/users/{only.id}/deactivate").status_code == 302
    db.refresh(only)
    assert not only.active


def test_an_organisations_admin_reaches_only_its_accounts(client, auth, db):
    """Does the council's admin list only council accounts, and get 404 on a trust
    account and on the place admin, and a refusal inviting into the trust?"""
    _council_admin(db)
    trust_issuer = user_by_email(db, DEMO_EMAILS["issuer"])
    place_admin = user_by_email(db, DEMO_EMAILS["admin"])
    auth.login("admin@council.test")
    html = client.get("/admin/users").get_data(as_text=True)
    assert DEMO_EMAILS["manager"] in html and trust_issuer.email not in html
    assert place_admin.email not in html
    for other in (trust_issuer, place_admin):
        assert client.get(f"/admin/users/{other.id}").status_code == 404
        for action in ("deactivate", "reset", "reactivate"):
            assert post(client, f"/admin/users/{other.id}/{action}").status_code == 404
        assert post(client, f"/admin/users/{other.id}/role", role="admin").status_code == 404
    refused = invite(client, db, organisation=str(trust(db).id))
    assert refused.status_code == 422
    assert db.exec(select(User).where(User.email == "new.person@council.test")).first() is None
    db.refresh(trust_issuer)
    assert trust_issuer.active and trust_issuer.role == Role.ISSUER


def test_search_and_paging(client, auth, db):
    """Does the list search by name or email, page at 25, and answer htmx with the results
    alone?"""
    admin = user_by_email(db, DEMO_EMAILS["admin"])
    for n in range(30):
        user = accounts.create_user(db, email=f"pager{n:02}@council.test", password="x" * 12,
                                    role=Role.CARE_WORKER, place_id=admin.place_id,
                                    organisation_id=council(db).id)
        user.name = f"Pager Person {n:02}"
    db.commit()
    auth.login(admin.email)
    first = client.get("/admin/users?q=pager").get_data(as_text=True)
    assert "30 accounts" in first and "page 1 of 2" in first
    assert "pager00@" in first and "pager29@" not in first
    second = client.get("/admin/users?q=pager&page=2").get_data(as_text=True)
    assert "pager29@" in second and "pager00@" not in second
    by_name = client.get("/admin/users?q=Person 07", headers={"HX-Request": "true"})
    html = by_name.get_data(as_text=True)
    assert "<html" not in html and "1 account" in html and "pager07@" in html
    assert "HX-Request" in by_name.headers["Vary"]


def test_an_account_links_only_to_its_organisations_staff_without_an_account(client, auth, db):
    """Is linking an account to someone the organisation does not employ, or who already
    has an account, refused by name, and an unlinked member of its staff accepted?"""
    from webapp.models import StaffMember

    from .test_organisation_rules import only_staff_of

    carer = user_by_email(db, DEMO_EMAILS["care_worker"])
    has_account = db.get(StaffMember, carer.staff_member_id).staff_number
    trust_only = only_staff_of(db, trust(db).id).staff_number
    from webapp.models import EmploymentContract

    free = db.exec(select(StaffMember).where(
        StaffMember.id.in_(select(EmploymentContract.staff_member_id).where(
            EmploymentContract.organisation_id == council(db).id)),
        StaffMember.id.not_in(select(User.staff_member_id).where(
            User.staff_member_id.is_not(None))))).first()
    auth.login(DEMO_EMAILS["admin"])
    for number, message in [(trust_only, "is not employed by the chosen organisation"),
                            (has_account, "already has an account")]:
        response = invite(client, db, staff_number=number)
        assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert invite(client, db, staff_number=free.staff_number).status_code == 200
    assert user_by_email(db, "new.person@council.test").staff_member_id == free.id


def test_place_wide_roles_only_from_a_place_admin_and_admins_never_tied_to_one_employer(
        client, auth, db):
    """Can an organisation's admin neither invite nor promote anyone to a place-wide role
    (lead, admin), and is an admin account tied to one organisation refused even to a place
    admin? A lead or admin sees every employer's passports, so either would leak across
    organisations."""
    _council_admin(db)
    manager = user_by_email(db, DEMO_EMAILS["manager"])
    auth.login("admin@council.test")
    for role in ("workforce_lead", "admin"):
        response = invite(client, db, email=f"new.{role}@council.test", role=role,
                          organisation=str(council(db).id))
        assert response.status_code == 422, role
        assert "Only a place admin can give the" in response.get_data(as_text=True)
        promoted = post(client, f"/admin/users/{manager.id}/role", role=role)
        assert promoted.status_code == 422, role
    db.refresh(manager)
    assert manager.role == Role.MANAGER
    assert db.exec(select(User).where(User.email.like("new.%@council.test"))).first() is None
    auth.logout()
    auth.login(DEMO_EMAILS["admin"])
    tied = invite(client, db, email="tied.admin@council.test", role="admin",
                  organisation=str(council(db).id))
    assert tied.status_code == 422
    assert "An admin administers the whole place" in tied.get_data(as_text=True)
    lead = invite(client, db, email="new.lead@place.test", role="workforce_lead")
    assert lead.status_code in (200, 302)
