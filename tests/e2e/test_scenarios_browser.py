"""The demo workforce lead builds "10% HCA loss + 5% demand growth", runs it on the real
place engine through a real job worker, watches it, compares it and downloads the briefing."""

import csv
import io

import pypdf
import pytest

from .conftest import axe_check, job_worker, screenshot

pytestmark = pytest.mark.e2e
LEAD = "lead@demo.place"


@pytest.fixture(scope="module")
def scenario_worker(live_server, live_database):
    # A small counted budget (not a clock) keeps the journey short and its results repeatable.
    with job_worker(live_database, SCENARIO_TIME_LIMIT="120", SCENARIO_WORK="0.5") as worker:
        yield worker


def _build(page, live_server: str) -> None:
    page.goto(live_server)
    page.get_by_role("link", name="Scenarios").first.click()
    page.get_by_role("link", name="Build a scenario").click()
    page.get_by_label("Name").fill("10% HCA loss + 5% demand growth")
    page.get_by_label("Samples (seeds)").fill("1, 2")
    page.get_by_label("Staff lost (%)").fill("10")
    page.get_by_label("Of which role").select_option(label="Healthcare assistants and care "
                                                           "workers")
    page.get_by_label("Demand growth (%)").fill("5")
    page.get_by_role("button", name="Save and run the scenario").click()


def _download(page, name: str) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("link", name=name).click()
    with open(info.value.path(), "rb") as handle:
        return handle.read()


def test_lead_runs_a_shortage_scenario_and_downloads_the_briefing(live_server, new_page, login,
                                                                  scenario_worker):
    """Does the lead build, run, watch and compare a scenario, and get its PDF and CSV?"""
    page = new_page("desktop")
    login(page, LEAD)
    _build(page, live_server)
    page.wait_for_selector("#scenario-progress")
    screenshot(page, "scenario-progress-desktop")
    page.wait_for_selector("#scenario-headlines, .nhsuk-error-summary", timeout=180_000)
    assert not page.locator(".nhsuk-error-summary").count(), page.inner_text("main")
    chart = page.locator("#chart-unmet-by-locality img")
    assert chart.is_visible() and "in the baseline" in chart.get_attribute("alt")
    assert page.locator("#scenario-headlines").inner_text().count("Fill rate") == 1
    screenshot(page, "scenario-results-desktop")
    axe_check(page)
    text = " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(
        _download(page, "Download the briefing (PDF)"))).pages).split())
    assert "Scenario briefing: 10% HCA loss + 5% demand growth" in text
    assert "Lose 10% of healthcare assistants and care workers" in text and "Fill rate" in text
    rows = list(csv.reader(io.StringIO(_download(page, "Download the figures (CSV)").decode())))
    assert rows[0] == ["section", "item", "baseline", "scenario"]
    assert any(r[:2] == ["headline", "Fill rate"] for r in rows)
    phone = new_page("phone")
    login(phone, LEAD)
    phone.goto(page.url)
    phone.wait_for_load_state("networkidle")
    screenshot(phone, "scenario-results-phone")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 400
