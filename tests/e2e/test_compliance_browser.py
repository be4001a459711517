"""The workforce lead switches organisation on the compliance page: the page keeps its
header and navigation, and the heading and matrix change."""

import pytest

from .conftest import screenshot

pytestmark = pytest.mark.e2e


def test_lead_switches_organisation_and_keeps_the_page(live_server, new_page, login):
    """Does choosing another organisation swap the heading and matrix, not the whole page?"""
    page = new_page("desktop")
    login(page, "lead@demo.place")
    page.goto(f"{live_server}/compliance")
    select = page.get_by_label("Organisation")
    options = select.locator("option").all_inner_texts()
    first = page.locator("h1").inner_text()
    other = next(o for o in options if o != first)
    select.select_option(label=other)
    page.wait_for_function("name => document.querySelector('h1').innerText === name", arg=other)
    assert page.locator("header.nhsuk-header").is_visible()
    assert page.get_by_role("link", name="Compliance").first.is_visible()
    assert page.locator("#compliance-matrix table").count() == 1
    assert page.locator("#compliance-page").count() == 1  # swapped in place, not nested
    assert "organisation=" in page.url
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 1366, f"the page scrolls sideways ({width}px), not the matrix box"
    screenshot(page, "compliance-switched-desktop")
