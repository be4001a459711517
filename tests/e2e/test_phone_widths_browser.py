"""Every page a care worker can reach fits a 320 px and a 390 px phone: no sideways scroll
(measured as the document's scrollWidth), with a screenshot of each for a person to check."""

import pytest

from .conftest import screenshot

pytestmark = pytest.mark.e2e

# The HTML pages open to a care worker (tests/webapp/routes_expected*.py), plus the pages a
# share link leads to; "/" sends a care worker to their passport.
PAGES = ["/", "/me/passport", "/me/passport/share", "/me/passport/organisations",
         "/me/leave", "/me/audit", "/verify/credential"]
LONG_LABEL = "Sunrise-Care-Home-Nightingale-Wing-registered-managers-review-December-2026-x"


def _fits(page, width: int, name: str) -> None:
    scroll = page.evaluate("document.documentElement.scrollWidth")
    screenshot(page, f"carer-{name}-{width}")
    assert scroll <= width, f"{page.url} scrolls sideways at {width}px ({scroll}px wide)"


@pytest.mark.parametrize("width", [320, 390])
def test_care_worker_pages_fit_a_phone(live_server, browser, login, width):
    """Does each page a care worker can reach, and a share with a long label, fit the width?"""
    context = browser.new_context(viewport={"width": width, "height": 800}, is_mobile=True,
                                  has_touch=True)
    page = context.new_page()
    login(page, "carer@demo.place")
    for path in PAGES:
        page.goto(f"{live_server}{path}")
        _fits(page, width, path.strip("/").replace("/", "-") or "home")
    page.goto(f"{live_server}/me/passport/share")
    page.get_by_label("Statutory and mandatory training").check()
    page.get_by_label("Who is it for? (optional)").fill(LONG_LABEL)
    page.get_by_role("button", name="Create link").click()
    _fits(page, width, "share-created")
    url = page.locator("#share-url").inner_text().strip()
    page.goto(f"{live_server}/me/passport/share")
    _fits(page, width, "share-list-long-label")
    page.goto(url)
    _fits(page, width, "share-public")
    context.close()
