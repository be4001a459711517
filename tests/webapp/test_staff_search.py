"""The staff search matches any case, across the given and family name, and staff numbers."""

from datetime import date

from sqlmodel import select

from webapp.models import StaffMember
from webapp.services.directory import search_staff

from .conftest import DEMO_EMAILS, user_by_email


def test_search_ignores_case_and_spans_the_full_name(db):
    """Are a member's name in capitals, the end of the given name with the start of the
    family name, and their staff number in lower case each a match?"""
    lead = user_by_email(db, DEMO_EMAILS["workforce_lead"])
    member = db.exec(select(StaffMember).order_by(StaffMember.id.desc())).first()
    terms = [member.family_name.upper(), f"{member.given_name[-2:]} {member.family_name[:2]}",
             member.staff_number.lower()]
    for term in terms:
        rows, total = search_staff(db, user=lead, q=term, page=1, size=500, today=date.today())
        assert member.id in {r.member.id for r in rows}, term
        assert total == len(rows)
    rows, total = search_staff(db, user=lead, q="zz-no-one-zz", page=1, size=50,
                               today=date.today())
    assert (rows, total) == ([], 0)


def test_every_page_reports_the_same_total_and_the_pages_add_up(db):
    """Do page 1, the last page and a page past the end each report the true total, and do the
    pages together list each match once?"""
    lead = user_by_email(db, DEMO_EMAILS["workforce_lead"])
    everyone = db.exec(select(StaffMember).where(StaffMember.place_id == lead.place_id)).all()
    seen, page = [], 1
    while True:
        rows, total = search_staff(db, user=lead, q="", page=page, size=7, today=date.today())
        assert total == len(everyone), page
        if not rows:
            break
        seen += [r.member.id for r in rows]
        page += 1
    assert sorted(seen) == sorted(m.id for m in everyone) and page > 2
