"""A care worker on a phone shares part of their passport; a stranger opens the link."""

import pytest
from playwright.sync_api import expect

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
    expect(page.locator(".app-qr svg")).to_be_visible()
    no_sideways_scroll(page)
    screenshot(page, "share-created-phone")
    axe_check(page)

    stranger = new_page("phone")
    stranger.goto(url)
    titles = [" ".join(t.split()) for t in stranger.locator("#shared-records h2").all_inner_texts()]
    assert sorted(titles) == sorted(chosen)
    expect(stranger.get_by_text("This link works until")).to_be_visible()
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
    expect(stranger.get_by_role("heading", name="This link has been revoked")).to_be_visible()
    expect(stranger.locator("#shared-records")).to_have_count(0)
    screenshot(stranger, "share-public-revoked-phone")
    axe_check(stranger)


def test_downloaded_credential_checks_as_valid_for_a_stranger(live_server, new_page, login):
    """Can a stranger paste a credential the carer downloaded and see it is valid?"""
    page = new_page("phone")
    login(page, "carer@demo.place")
    page.get_by_text("Download a signed credential for a record").click()
    section = page.locator("#share-and-export").locator("..")
    no_sideways_scroll(page)
    section.screenshot(
        path=str(
            screenshot(page, "passport-actions-phone").with_name(
                "passport-actions-section-phone.png"
            )
        )
    )
    with page.expect_download() as download:
        page.locator(".app-credential-row button").first.click()
    credential = download.value.path().read_text()
    assert credential.count(".") == 2

    stranger = new_page("desktop")
    stranger.goto(f"{live_server}/verify/credential")
    stranger.get_by_label("Paste the credential").fill(credential)
    stranger.get_by_role("button", name="Check credential").click()
    expect(stranger.get_by_role("heading", name="Valid This credential is valid")).to_be_visible()
    screenshot(stranger, "verify-credential-valid-desktop")
    axe_check(stranger)
    stranger.get_by_label("Paste the credential").fill(credential[:-4] + "AAAA")
    stranger.get_by_role("button", name="Check credential").click()
    expect(stranger.locator("#reasons").get_by_text("signature does not match")).to_be_visible()
    screenshot(stranger, "verify-credential-tampered-desktop")


def test_issuer_revokes_a_record_with_a_reason(live_server, new_page, login):
    """Does the issuer have to give a reason, and does the record then leave the list?"""
    page = new_page("desktop")
    login(page, "issuer@demo.place")
    page.goto(f"{live_server}/staff")
    page.locator("a[href*='/passport']").last.click()  # someone no other journey uses
    page.get_by_text("Download a signed credential for a record").click()
    revoke = page.locator(".app-credential-row a", has_text="Revoke").first
    href = revoke.get_attribute("href")
    revoke.click()
    page.get_by_role("button", name="Revoke record").click()
    expect(page.get_by_role("link", name="Enter why you are revoking this record")).to_be_visible()
    axe_check(page)
    screenshot(page, "revoke-error-desktop")
    page.get_by_label("Why are you revoking this record?").fill("Certificate found to be false")
    page.get_by_role("button", name="Revoke record").click()
    expect(page.get_by_text("Record revoked")).to_be_visible()
    screenshot(page, "revoked-passport-desktop")
    assert page.locator(f"a[href='{href}']").count() == 0
