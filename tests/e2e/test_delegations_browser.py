"""A nurse records a delegation at a desk, the care worker sees it on a phone, the nurse
suspends it and the care worker's passport stops counting it."""

from datetime import date, timedelta

import pytest
from sqlalchemy import create_engine, text

from .conftest import axe_check, screenshot

pytestmark = pytest.mark.e2e


def _facts(live_database) -> tuple[str, str]:
    """The demo carer's staff number and a person they hold no delegation for."""
    engine = create_engine(f"sqlite:///{live_database}")
    with engine.connect() as conn:
        number, carer_id = conn.execute(text(
            "SELECT s.staff_number, s.id FROM staffmember s JOIN user u "
            "ON u.staff_member_id = s.id WHERE u.email = 'carer@demo.place'")).one()
        person = conn.execute(text(
            "SELECT reference FROM personreceivingcare WHERE id NOT IN (SELECT person_id "
            "FROM delegation WHERE care_worker_id = :c) ORDER BY id"), {"c": carer_id}).first()
    engine.dispose()
    return number, person[0]


def _record(page, live_server, number: str, person: str) -> None:
    page.goto(f"{live_server}/me/delegations")
    page.get_by_role("link", name="Record a delegation").click()
    page.get_by_label("Care worker's staff number").fill(number)
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Person receiving care").fill(person)
    page.get_by_label("Activity", exact=True).select_option(label="Stoma care")
    page.get_by_label("The person gave consent").check()
    page.get_by_label("Protocol or care plan reference").fill("CP-STOMA-7")
    page.get_by_label("Who assessed competence").fill("District nurse (me)")
    page.get_by_label("Date competence was assessed").fill(f"{date.today():%d/%m/%Y}")
    page.get_by_label("Supervision arrangements").fill("First three changes observed")
    page.get_by_label("Escalation contact").fill("District nursing hub 01234 567890")
    page.get_by_label("Review by").fill((date.today() + timedelta(days=120)).isoformat())
    screenshot(page, "delegation-record-desktop")
    page.get_by_role("button", name="Record delegation").click()
    page.wait_for_load_state("networkidle")


def _stoma_card(page):
    return page.locator("#delegations ~ ul li").filter(has_text="Stoma care")


def _counted(page) -> str:
    """The Stoma care item among the passport's delegated activities ("" if absent)."""
    item = page.locator("section.app-passport-group").filter(
        has_text="Delegated healthcare activities").locator("li").filter(has_text="Stoma care")
    return item.inner_text() if item.count() else ""


def test_nurse_delegates_carer_sees_it_nurse_suspends(live_server, live_database, new_page,
                                                      login):
    """Does the whole journey work across two people and two screen sizes?"""
    number, person = _facts(live_database)
    nurse = new_page("desktop")
    login(nurse, "nurse@demo.place")
    _record(nurse, live_server, number, person)
    assert "Delegation recorded" in nurse.content()
    axe_check(nurse)
    carer = new_page("phone")
    login(carer, "carer@demo.place")
    card = _stoma_card(carer)
    assert card.is_visible() and "Active" in card.inner_text()
    assert "CP-STOMA-7" in card.inner_text()
    assert "Current" in _counted(carer)  # the sign-off entry counts
    assert carer.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(carer, "delegation-carer-phone")
    nurse.get_by_role("link", name="Stoma care").first.click()
    nurse.get_by_label("Reason").fill("Stoma leak not reported; re-train first")
    nurse.get_by_role("button", name="Suspend").click()
    nurse.wait_for_load_state("networkidle")
    assert "Delegation suspended" in nurse.content()
    screenshot(nurse, "delegation-suspended-desktop")
    carer.reload()
    card = _stoma_card(carer)
    assert "Suspended" in card.inner_text() and "re-train first" in card.inner_text()
    assert "Current" not in _counted(carer)
    screenshot(carer, "delegation-suspended-carer-phone")
