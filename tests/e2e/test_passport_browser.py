"""A care worker on a phone and a manager at a desk, in a real browser."""

import re

import pytest

from .conftest import axe_check, screenshot

pytestmark = pytest.mark.e2e


def test_care_worker_sees_passport_on_phone(live_server, new_page, login):
    """Does a care worker land on their passport, expired and expiring items first?"""
    page = new_page("phone")
    login(page, "carer@demo.place")
    assert page.url.endswith("/me/passport")
    attention = page.locator("#needs-attention")
    assert attention.is_visible()
    first = attention.locator("li").first.inner_text()
    assert first.startswith("Expired"), first
    assert page.get_by_text("Delegations for named people").is_visible()
    assert page.get_by_text("Insulin administration").first.is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"page scrolls sideways on a phone ({width}px)"
    screenshot(page, "passport-phone")
    axe_check(page)


def test_manager_searches_staff_and_opens_matrix(live_server, new_page, login):
    """Does active search narrow the list as the manager types, and the matrix render?"""
    page = new_page("desktop")
    login(page, "manager@demo.place")
    count = page.locator("#staff-count")
    before = count.inner_text()
    page.get_by_label("Search by name or staff number").fill("1000000")
    page.wait_for_function(
        "before => document.querySelector('#staff-count').innerText !== before", arg=before
    )
    assert re.search(r"\d+ (people|person) matching", count.inner_text())
    axe_check(page)
    screenshot(page, "staff-search-desktop")
    page.get_by_role("link", name="Compliance").first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("table.app-matrix tbody tr").count() > 5
    assert page.locator(".app-stats").get_by_text("fully compliant").is_visible()
    screenshot(page, "compliance-desktop")
    axe_check(page)
