"""Bulk training import: preview every row, then all rows or none; malformed files refused."""

import io
from datetime import date, timedelta

import pytest
from sqlmodel import func, select

from webapp.models import (
    AuditEvent,
    Competence,
    EmploymentContract,
    Organisation,
    PassportEntry,
    Sector,
    StaffMember,
)
from webapp.models.imports import ImportBatch
from webapp.services import imports, imports_batch
from webapp.services.passports import valid_until_for

from .conftest import DEMO_EMAILS, csrf_token, user_by_email

HEADER = "Employee Number,Competency Name,Date Last Awarded,Expiry Date\n"
FIRE = '"NHS|CSTF|Fire Safety - 2 Years|"'
IG = '"NHS|CSTF|Information Governance and Data Security - 1 Year|"'


def trust_staff(db, n=3) -> list[StaffMember]:
    """Staff only the trust employs (a joint worker's records may be another's to change)."""
    trust = db.exec(select(Organisation).where(Organisation.sector == Sector.NHS_TRUST)).first()
    ids = select(EmploymentContract.staff_member_id).where(
        EmploymentContract.organisation_id == trust.id
    )
    elsewhere = select(EmploymentContract.staff_member_id).where(
        EmploymentContract.organisation_id != trust.id
    )
    return db.exec(
        select(StaffMember)
        .where(StaffMember.id.in_(ids), StaffMember.id.not_in(elsewhere))
        .order_by(StaffMember.id)
        .limit(n)
    ).all()


def held(db, member, code) -> PassportEntry:
    competence = db.exec(select(Competence).where(Competence.code == code)).one()
    return db.exec(
        select(PassportEntry).where(
            PassportEntry.staff_member_id == member.id, PassportEntry.competence_id == competence.id
        )
    ).first()


def entries(db) -> int:
    return db.exec(select(func.count()).select_from(PassportEntry)).one()


def upload(client, body: bytes, layout="esr", name="esr.csv", **extra):
    data = {
        "csrf_token": csrf_token(client, "/imports"),
        "layout": layout,
        "upload": (io.BytesIO(body), name),
        **extra,
    }
    return client.post("/imports", data=data, content_type="multipart/form-data")


def confirm(client, location: str):
    return client.post(
        location + "/commit",
        data={"csrf_token": csrf_token(client, location)},
        follow_redirects=True,
    )


@pytest.fixture
def issuer(auth):
    auth.login(DEMO_EMAILS["issuer"])


@pytest.fixture
def mixed_file(db):
    """One row of each outcome for trust staff: new, unchanged, update."""
    a, b, c = trust_staff(db)
    new_date = date.today() - timedelta(days=3)
    same = next(e for e in [held(db, b, "CSTF-FIRE"), held(db, c, "CSTF-FIRE")] if e)
    other = held(db, a, "CSTF-IG-1") or held(db, c, "CSTF-IG-1")
    owner = db.get(StaffMember, same.staff_member_id)
    other_owner = db.get(StaffMember, other.staff_member_id)
    rows = [
        f"{a.staff_number},{FIRE},{new_date:%d/%m/%Y},",
        f"{owner.staff_number},{FIRE},{same.achieved_on:%d-%b-%Y},{same.valid_until:%Y-%m-%d}",
        f"{other_owner.staff_number},{IG},{other.achieved_on:%Y-%m-%d},"
        f"{other.valid_until + timedelta(days=30):%d/%m/%Y}",
    ]
    return (HEADER + "\n".join(rows) + "\n").encode(), a, other


def test_preview_lists_every_row_and_writes_nothing(client, issuer, db, mixed_file):
    """Does the preview show new, unchanged and update per row, with nothing written yet?"""
    body, _, _ = mixed_file
    before = entries(db)
    response = upload(client, body)
    assert response.status_code == 302
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    for label in ("New", "Unchanged", "Update"):
        assert f">{label}</strong>" in html
    assert "Expiry date changes from" in html
    assert entries(db) == before


def test_confirm_writes_all_rows_and_audits(client, issuer, db, mixed_file):
    """Does confirming add the new entry, correct the expiry, and audit batch and member?"""
    body, member, updated = mixed_file
    before, old_until = entries(db), updated.valid_until
    location = upload(client, body).headers["Location"]
    html = confirm(client, location).get_data(as_text=True)
    assert "Imported: 1 new, 1 updated, 1 unchanged" in html
    assert entries(db) == before + 1
    db.expire_all()
    assert db.get(PassportEntry, updated.id).valid_until == old_until + timedelta(30)
    new = db.exec(
        select(PassportEntry)
        .where(PassportEntry.staff_member_id == member.id)
        .order_by(PassportEntry.id.desc())
    ).first()
    assert new.valid_until == valid_until_for(24, new.achieved_on)
    assert new.verifying_organisation_id is not None
    assert db.exec(select(AuditEvent).where(AuditEvent.action == "import.commit")).one()
    trail = db.exec(
        select(AuditEvent).where(
            AuditEvent.action == "passport_entry.import", AuditEvent.staff_member_id == member.id
        )
    ).all()
    assert len(trail) == 1
    assert "already been imported" in confirm(client, location).get_data(as_text=True)
    assert entries(db) == before + 1


def test_one_bad_row_means_nothing_is_written(client, issuer, db, mixed_file):
    """Is a file with one error refused whole on confirmation?"""
    body, _, _ = mixed_file
    body += b'99999999,"NHS|CSTF|Fire Safety - 2 Years|",01/01/2025,\n'
    before = entries(db)
    location = upload(client, body).headers["Location"]
    preview = client.get(location).get_data(as_text=True)
    assert "No staff member with number 99999999" in preview
    assert "1 row cannot be imported" in preview
    html = confirm(client, location).get_data(as_text=True)
    assert "Nothing was imported" in html
    assert entries(db) == before
    assert db.exec(select(ImportBatch)).one().status == "previewed"


ROW = '{number},"NHS|CSTF|Fire Safety - 2 Years|",01/02/2025,\n'


@pytest.mark.parametrize(
    ("name", "body", "message"),
    [
        (
            "semicolons",
            b"Employee Number;Competency Name;Date Last Awarded\n1;2;3\n",
            "separated by semicolons",
        ),
        (
            "missing columns",
            b"Employee Number,Competency Name\n1,2\n",
            "Missing column: Date Last Awarded",
        ),
        (
            "not UTF-8",
            "Employee Number,Competency Name,Date Last Awarded\n1,Sécurité,01/01/2025\n".encode(
                "cp1252"
            ),
            "not UTF-8",
        ),
        ("empty", b"", "The file is empty"),
        ("header only", HEADER.encode(), "no rows of training"),
    ],
)
def test_unusable_files_are_refused_whole(client, issuer, db, name, body, message):
    """Is each malformed file refused with a clear reason, storing and writing nothing?"""
    before = entries(db)
    response = upload(client, body)
    assert response.status_code == 422, name
    assert message in response.get_data(as_text=True)
    assert db.exec(select(ImportBatch)).all() == []
    assert entries(db) == before


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ('{number},"NHS|CSTF|Fire Safety - 2 Years|",31/02/2025,\n', "is not a date"),
        ('{number},"NHS|CSTF|Knitting - 1 Year|",01/02/2025,\n', "not a competence name we know"),
        ('{number},"NHS|CSTF|Fire Safety - 2 Years|",01/02/2025,01/01/2025\n', "before the date"),
        (ROW + ROW, "Duplicates line 2"),
    ],
)
def test_bad_rows_are_named_and_nothing_is_written(client, issuer, db, row, message):
    """Does each bad row get its reason in the preview, and is the import then refused?"""
    number = trust_staff(db, 1)[0].staff_number
    before = entries(db)
    location = upload(client, (HEADER + row.format(number=number)).encode()).headers["Location"]
    assert message in client.get(location + "?errors=1").get_data(as_text=True)
    assert "Nothing was imported" in confirm(client, location).get_data(as_text=True)
    assert entries(db) == before


def test_oversize_upload_gets_a_clear_413(client, issuer, db, monkeypatch):
    """Is a file over the limit answered 413 with a page that says what to do?"""
    monkeypatch.setattr(imports, "MAX_BYTES", 2048)
    response = upload(client, HEADER.encode() + b"x" * 4096)
    assert response.status_code == 413
    assert "The file is too large" in response.get_data(as_text=True)
    assert db.exec(select(ImportBatch)).all() == []


def test_staff_of_another_organisation_are_refused(client, issuer, db):
    """Can the trust's issuer import training for someone the trust does not employ?"""
    carer = db.get(StaffMember, user_by_email(db, DEMO_EMAILS["care_worker"]).staff_member_id)
    council_only = db.exec(
        select(StaffMember)
        .where(StaffMember.id != carer.id)
        .where(
            ~StaffMember.id.in_(
                select(EmploymentContract.staff_member_id)
                .join(Organisation)
                .where(Organisation.sector == Sector.NHS_TRUST)
            )
        )
    ).first()
    location = upload(
        client, (HEADER + ROW.format(number=council_only.staff_number)).encode()
    ).headers["Location"]
    assert "has no contract with" in client.get(location).get_data(as_text=True)


def test_preview_pages_through_rows_with_htmx(client, issuer, db):
    """Does an htmx request get only the rows fragment, with Vary set?"""
    staff = trust_staff(db, 3)
    rows = "".join(
        f'{m.staff_number},"NHS|CSTF|Fire Safety - 2 Years|",{d:02d}/01/2025,\n'
        for m in staff
        for d in range(1, 28)
    )
    location = upload(client, (HEADER + rows).encode()).headers["Location"]
    full = client.get(location)
    assert "<html" in full.get_data(as_text=True) and "HX-Request" in full.headers["Vary"]
    part = client.get(location + "?page=1", headers={"HX-Request": "true"})
    text = part.get_data(as_text=True)
    assert "<html" not in text and 'id="import-rows"' in text


def test_someone_elses_upload_is_not_found(client, auth, db, mixed_file):
    """Is a trust upload hidden from a user of another organisation?"""
    body, _, _ = mixed_file
    auth.login(DEMO_EMAILS["issuer"])
    location = upload(client, body).headers["Location"]
    batch = db.exec(select(ImportBatch)).one()
    assert imports_batch.batch_for(db, batch.id, user_by_email(db, DEMO_EMAILS["manager"])) is None
    assert client.get(location).status_code == 200


def test_admin_must_choose_the_organisation(client, auth, db):
    """Is an admin's upload without an organisation refused rather than guessed?"""
    auth.login(DEMO_EMAILS["admin"])
    number = trust_staff(db, 1)[0].staff_number
    response = upload(client, (HEADER + ROW.format(number=number)).encode())
    assert response.status_code == 422
    assert "Choose the organisation whose records these are" in response.get_data(as_text=True)
    assert db.exec(select(ImportBatch)).all() == []
