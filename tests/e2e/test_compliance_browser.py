"""The workforce lead on /compliance: the place summary first, then one organisation's matrix a
page at a time; switching organisation keeps the page's header and navigation."""

import pytest

from .conftest import axe_check, screenshot

pytestmark = pytest.mark.e2e


def _no_sideways_scroll(page, width: int) -> None:
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"the page scrolls sideways ({scroll}px), not the matrix box"


def test_lead_switches_organisation_and_keeps_the_page(live_server, new_page, login):
    """Does choosing another organisation swap the heading and matrix, not the whole page?"""
    page = new_page("desktop")
    login(page, "lead@demo.place")
    page.goto(f"{live_server}/compliance")
    select = page.get_by_label("Organisation")
    options = [o for o in select.locator("option").all_inner_texts() if o != "Whole place"]
    select.select_option(label=options[0])
    page.wait_for_function("name => document.querySelector('h1').innerText === name",
                           arg=options[0])
    select.select_option(label=options[1])
    page.wait_for_function("name => document.querySelector('h1').innerText === name",
                           arg=options[1])
    assert page.locator("header.nhsuk-header").is_visible()
    assert page.get_by_role("link", name="Compliance").first.is_visible()
    assert page.locator("#compliance-matrix table.app-matrix").count() == 1
    assert page.locator("#compliance-page").count() == 1  # swapped in place, not nested
    assert "organisation=" in page.url
    _no_sideways_scroll(page, 1366)
    screenshot(page, "compliance-switched-desktop")


@pytest.mark.parametrize("viewport,width", [("desktop", 1366), ("phone", 390)])
def test_lead_reads_the_summary_opens_an_organisation_and_pages(live_server, new_page, login,
                                                                viewport, width):
    """Does the lead see the place by organisation and locality, open the largest
    organisation from the summary and page through its staff, with no sideways scrolling?"""
    page = new_page(viewport)
    login(page, "lead@demo.place")
    page.goto(f"{live_server}/compliance")
    assert page.get_by_role("table", name="By organisation").is_visible()
    assert page.get_by_role("table", name="By home locality").is_visible()
    _no_sideways_scroll(page, width)
    screenshot(page, f"compliance-summary-{viewport}")
    axe_check(page)
    rows = page.get_by_role("table", name="By organisation").locator("tbody tr")
    staff = [int(t.split()[-1]) for t in rows.locator("td:nth-child(2)").all_inner_texts()]
    largest = rows.nth(staff.index(max(staff[:-1]))).get_by_role("link")  # not the total
    name = largest.inner_text()
    largest.click()
    page.wait_for_function("name => document.querySelector('h1').innerText === name", arg=name)
    first = page.locator("#compliance-matrix .app-matrix tbody th a").first.inner_text()
    assert page.locator("#compliance-matrix .app-matrix tbody tr").count() == 50
    page.get_by_role("link", name="Next").click()
    page.wait_for_function(
        "first => document.querySelector('#compliance-matrix .app-matrix tbody th a')"
        ".innerText !== first", arg=first)
    assert "page=2" in page.url and "page 2 of" in page.locator("#matrix-count").inner_text()
    assert page.locator("header.nhsuk-header").is_visible()
    _no_sideways_scroll(page, width)
    screenshot(page, f"compliance-page-2-{viewport}")
    page.get_by_label("Status").select_option(label="Expired")
    page.wait_for_function("() => location.search.includes('status=expired')")
    page.wait_for_function(
        "() => document.querySelector('#matrix-count').innerText.includes('expired')")
    next_link = page.get_by_role("link", name="Next")
    if next_link.count():
        assert "status=expired" in next_link.get_attribute("href")
