"""A care worker on a phone shares part of their passport; a stranger opens the link."""

import pytest

from .conftest import axe_check, screenshot

pytestmark = pytest.mark.e2e


def no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"page scrolls sideways on a phone ({width}px)"


def test_care_worker_shares_two_records_then_revokes(live_server, new_page, login):
    """Does the link show exactly the chosen records without sign-in, then say revoked?"""
    page = new_page("phone")
    login(page, "carer@demo.place")
    page.get_by_role("link", name="Share your passport with a link or QR code").click()
    page.get_by_text("Or choose single records").click()
    boxes = page.locator("input[name=entry]")
    chosen = []
    for index in (0, 3):
        box = boxes.nth(index)
        box.check()
        label = page.locator(f"label[for='{box.get_attribute('id')}']").inner_text()
        chosen.append(label.strip().replace(" (", " ").rstrip(")"))
    page.get_by_label("Who is it for? (optional)").fill("Sunrise Care Home")
    no_sideways_scroll(page)
    screenshot(page, "share-form-phone")
    axe_check(page)
    page.get_by_role("button", name="Create link").click()
    url = page.locator("#share-url").inner_text().strip()
    assert "/verify/share/" in url
    assert page.locator(".app-qr svg").is_visible()
    no_sideways_scroll(page)
    screenshot(page, "share-created-phone")
    axe_check(page)

    stranger = new_page("phone")
    stranger.goto(url)
    titles = [" ".join(t.split()) for t in
              stranger.locator("#shared-records h2").all_inner_texts()]
    assert sorted(titles) == sorted(chosen)
    assert stranger.get_by_text("This link works until").is_visible()
    no_sideways_scroll(stranger)
    screenshot(stranger, "share-public-phone")
    axe_check(stranger)

    page.get_by_role("link", name="Back to your links").click()
    row = page.locator(".app-share-item").first
    assert "Sunrise Care Home" in row.inner_text()
    row.get_by_role("button", name="Stop this link working").click()
    page.locator(".app-share-item--revoked").first.wait_for()
    screenshot(page, "share-list-revoked-phone")

    stranger.reload()
    assert stranger.get_by_role("heading", name="This link has been revoked").is_visible()
    assert stranger.locator("#shared-records").count() == 0
    screenshot(stranger, "share-public-revoked-phone")
    axe_check(stranger)


def test_downloaded_credential_checks_as_valid_for_a_stranger(live_server, new_page, login):
    """Can a stranger paste a credential the carer downloaded and see it is valid?"""
    page = new_page("phone")
    login(page, "carer@demo.place")
    page.get_by_text("Download a signed credential for a record").click()
    section = page.locator("#share-and-export").locator("..")
    no_sideways_scroll(page)
    section.screenshot(path=str(screenshot(page, "passport-actions-phone").with_name(
        "passport-actions-section-phone.png")))
    with page.expect_download() as download:
        page.locator(".app-credential-row button").first.click()
    credential = download.value.path().read_text()
    assert credential.count(".") == 2

    stranger = new_page("desktop")
    stranger.goto(f"{live_server}/verify/credential")
    stranger.get_by_label("Paste the credential").fill(credential)
    stranger.get_by_role("button", name="Check credential").click()
    assert stranger.get_by_role("heading", name="Valid This credential is valid").is_visible()
    screenshot(stranger, "verify-credential-valid-desktop")
    axe_check(stranger)
    stranger.get_by_label("Paste the credential").fill(credential[:-4] + "AAAA")
    stranger.get_by_role("button", name="Check credential").click()
    assert stranger.locator("#reasons").get_by_text("signature does not match").is_visible()
    screenshot(stranger, "verify-credential-tampered-desktop")
