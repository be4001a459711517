"""ESR competence exports as ESR produces them: with or without an Employee Number, matched
by staff number or by name and date of birth; national CSTF names checked; the one-year and
two-year variants kept apart; ESR's own expiry dates kept."""

import re
from datetime import date, timedelta

from sqlmodel import select

from webapp.models import Competence, PassportEntry
from webapp.services.catalogue import REFERENCE
from webapp.services.imports_esr import NAME_PATTERN, competences, parse_esr, period_months
from webapp.services.passports import valid_until_for

from .test_imports import confirm, entries, issuer, trust_staff, upload  # noqa: F401

FIRE2, FIRE1 = "NHS|CSTF|Fire Safety - 2 Years|", "NHS|CSTF|Fire Safety - 1 Year|"
AWARDED = date.today() - timedelta(days=20)


def test_every_name_is_a_national_competence_with_its_own_period():
    """Is every ESR name in the national NHS|CSTF| (or NHS|MAND|) shape, does the period in
    the name equal the mapped competence's refresher period, and do the one-year and
    two-year variants of a subject map to different competences?"""
    months = {code: m for _f, code, _t, _l, m in REFERENCE}
    subjects: dict[str, set[str]] = {}
    for name, code in competences().items():
        assert NAME_PATTERN.match(name), name
        assert code in months, name
        if name.startswith("NHS|CSTF|"):
            assert period_months(name) == months[code], name
        subjects.setdefault(re.sub(r" - \d+ Years?\|$", "", name), set()).add(code)
    variants = [codes for codes in subjects.values() if len(codes) > 1]
    assert variants and all(len(c) == 2 for c in variants)  # e.g. fire safety 1 and 2 years
    assert len(set(competences().values())) == len(competences())


def _people(db, n=2):
    staff = trust_staff(db, n)
    for i, member in enumerate(staff):
        member.date_of_birth = date(1980 + i, 3, 1 + i)
        db.add(member)
    db.commit()
    return staff


def test_export_without_employee_number_matches_name_and_birth(client, issuer, db):  # noqa: F811
    """Does a manager's export (no Employee Number; "Surname, Forename" and date of birth;
    ESR's dd-Mon-yyyy dates) import each row for the right person, the 1-year and 2-year fire
    safety as different competences, with ESR's expiry dates kept?"""
    a, b = _people(db)
    header = "Competency Name,Expiry Date,Date Start,Full Name,Date of Birth,Title,VPD\n"
    expiry = AWARDED + timedelta(days=500)
    rows = [f'"{FIRE2}",{expiry:%d-%b-%Y},{AWARDED:%d-%b-%Y},"{a.family_name}, '
            f'{a.given_name}",{a.date_of_birth:%d/%m/%Y},Fire,RHQ',
            f'"{FIRE1}",,{AWARDED:%d-%b-%Y},"{b.given_name} {b.family_name}",'
            f'{b.date_of_birth:%d-%b-%Y},Fire,RHQ']
    before = entries(db)
    location = upload(client, (header + "\n".join(rows) + "\n").encode()).headers["Location"]
    assert "Imported: 2 new" in confirm(client, location).get_data(as_text=True)
    assert entries(db) == before + 2
    got = {e.staff_member_id: (c.code, e.valid_until, e.expiry_source) for e, c in db.exec(
        select(PassportEntry, Competence).join(Competence)
        .where(PassportEntry.achieved_on == AWARDED, Competence.code.like("CSTF-FIRE%")))}
    assert got[a.id] == ("CSTF-FIRE", expiry, "esr")
    assert got[b.id] == ("CSTF-FIRE-1Y", valid_until_for(12, AWARDED), None)


def test_assignment_number_and_unmatched_names(client, issuer, db):  # noqa: F811
    """Is an Assignment Number's suffix dropped, and a name with no or two matches refused?"""
    a, b = _people(db)
    b.family_name, b.given_name, b.date_of_birth = a.family_name, a.given_name, a.date_of_birth
    db.add(b)
    db.commit()
    header = "Assignment Number,Competency Name,Date Last Awarded,Full Name,Date of Birth\n"
    body = (header + f'{a.staff_number}-2,"{FIRE2}",{AWARDED:%d/%m/%Y},,\n'
            f',"{FIRE2}",{AWARDED:%d/%m/%Y},"Nobody, Known",01/01/1970\n'
            f',"{FIRE2}",{AWARDED:%d/%m/%Y},"{a.family_name}, {a.given_name}",'
            f'{a.date_of_birth:%d/%m/%Y}\n').encode()
    html = client.get(upload(client, body).headers["Location"]).get_data(as_text=True)
    assert "No one in the place is called Known Nobody" in html
    assert "More than one person in the place is called" in html
    assert html.count(">New<") == 1


def test_a_file_that_cannot_say_whose_rows_are_refused(client, issuer):  # noqa: F811
    """Is an export with neither Employee Number nor names and dates of birth refused?"""
    body = f'Competency Name,Date Start,Title\n"{FIRE2}",01/01/2025,Fire\n'.encode()
    response = upload(client, body)
    assert response.status_code == 422
    assert "no Employee Number column" in response.get_data(as_text=True)
    assert parse_esr(body).errors
