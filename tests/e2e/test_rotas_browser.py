"""Managers generate, watch, pin, re-solve and publish rotas in a real browser, with a real
job worker solving them."""


import pytest

from .conftest import axe_check, job_worker, screenshot

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def rota_worker(live_server, live_database):
    with job_worker(live_database, ROTA_TIME_LIMIT="15") as worker:
        yield worker


def _both(page_for, name: str, path: str, live_server, login, email: str) -> None:
    """Screenshot a page on a phone as well (a second signed-in context)."""
    phone = page_for("phone")
    login(phone, email)
    phone.goto(live_server + path)
    phone.wait_for_load_state("networkidle")
    width = phone.evaluate("document.documentElement.scrollWidth")
    screenshot(phone, f"{name}-phone")
    assert width <= 400 or phone.locator(".app-grid-scroll").count(), f"{name}: {width}px wide"


def _generate(page, live_server: str, weeks: int) -> None:
    page.goto(f"{live_server}/rotas")
    page.get_by_role("link", name="Generate a rota").click()
    team = page.locator("#team_id option").nth(1).inner_text()
    page.get_by_label("Team").select_option(label=team)
    page.get_by_label("Number of weeks").fill(str(weeks))
    page.get_by_role("button", name="Generate the rota").click()


def _wait_until_solved(page) -> None:
    page.wait_for_selector(".app-rota-actions, .nhsuk-error-summary", timeout=120_000)
    assert not page.locator(".nhsuk-error-summary").count(), page.inner_text("main")


def test_home_care_manager_generates_pins_resolves_publishes(live_server, new_page, login,
                                                             rota_worker):
    """Does the demo manager watch next week solve, pin two visits, re-solve and publish?"""
    page = new_page("desktop")
    login(page, "manager@demo.place")
    _generate(page, live_server, 1)
    page.wait_for_selector("#rota-progress")
    screenshot(page, "rota-progress-desktop")
    _wait_until_solved(page)
    screenshot(page, "rota-visits-desktop")
    axe_check(page)
    rota_path = page.url.removeprefix(live_server)
    _both(new_page, "rota-visits", rota_path, live_server, login, "manager@demo.place")
    for _ in range(2):
        page.locator(".app-visit:not(.app-visit--pinned) .app-visit__pin button").first.click()
        page.wait_for_load_state("networkidle")
    pinned = page.locator(".app-visit--pinned .app-visit__time").all_inner_texts()
    assert len(pinned) >= 2
    page.get_by_role("button", name="Solve again, keeping pinned work").click()
    _wait_until_solved(page)
    assert page.locator(".app-visit--pinned").count() >= 2
    _move_a_visit_without_choosing(page)
    page.get_by_role("button", name="Publish version 1").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Published as version 1.").is_visible()
    screenshot(page, "rota-published-desktop")


def _move_a_visit_without_choosing(page) -> None:
    """The move form opens inline; sending it without a carer shows the error in place."""
    page.locator(".app-visit__move").first.click()
    form = page.locator(".app-move-form").first
    form.wait_for()
    form.get_by_role("button", name="Move and check").click()
    page.wait_for_selector(".app-move-form .nhsuk-error-message")
    assert "Choose a carer" in page.locator(".app-move-form").first.inner_text()
    screenshot(page, "rota-move-error-desktop")


def test_ward_manager_generates_four_weeks(live_server, new_page, login, rota_worker):
    """Does the ward manager get a four-week grid of their ward, every gap with a reason?"""
    page = new_page("desktop")
    login(page, "wardmanager@demo.place")
    _generate(page, live_server, 4)
    _wait_until_solved(page)
    assert page.locator("#rota-grid thead th").count() == 28 + 2
    assert page.locator("#rota-grid tbody tr").count() >= 5
    for reason in page.locator(".app-gap__reason").all_inner_texts():
        assert reason.strip()
    screenshot(page, "rota-ward-grid-desktop")
    axe_check(page)
    _both(new_page, "rota-ward-grid", page.url.removeprefix(live_server), live_server, login,
          "wardmanager@demo.place")
