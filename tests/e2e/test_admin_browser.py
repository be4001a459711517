"""The admin's journey in Chromium: invite someone, who sets their password through the link
on a phone and signs in; the admin pages fit a 390 px phone and pass axe."""

import re
import uuid

import pytest

from .conftest import axe_check, screenshot

pytestmark = pytest.mark.e2e
ADMIN_PAGES = ["/admin/users", "/admin/users/new", "/admin/audit",
               "/admin/audit?kind=user.sign_in", "/admin/workplaces"]


def test_invite_set_password_sign_in(live_server, new_page, login):
    """Does an invited person set a password from the link on a phone and sign in with it?"""
    email = f"invited-{uuid.uuid4().hex[:8]}@council.test"
    admin = new_page("desktop")
    login(admin, "admin@demo.place")
    admin.goto(f"{live_server}/admin/users/new")
    admin.get_by_label("Full name").fill("Invited Person")
    admin.get_by_label("Email address").fill(email)
    council = admin.locator("#organisation option", has_text="Council Adult Social Care")
    admin.get_by_label("Organisation").select_option(council.get_attribute("value"))
    admin.get_by_label("Role").select_option(label="Care worker")
    admin.get_by_role("button", name="Invite").click()
    link = admin.locator("#password-link").inner_text().strip()
    screenshot(admin, "admin-invitation-made")
    phone = new_page("phone")
    phone.goto(link)
    phone.get_by_label("New password", exact=True).fill("a long and memorable phrase")
    phone.get_by_label("Type the new password again").fill("a long and memorable phrase")
    phone.get_by_role("button", name="Set password").click()
    phone.get_by_text("Your password is set").wait_for()
    login(phone, email, "a long and memorable phrase")
    assert "/login" not in phone.url
    admin.goto(f"{live_server}/admin/users?q={email}")
    admin.get_by_role("link", name="Invited Person").click()
    admin.get_by_role("button", name="Deactivate").click()
    admin.get_by_text("is deactivated and signed out").wait_for()
    phone.goto(f"{live_server}/me/leave")
    assert "/login" in phone.url


def test_admin_pages_fit_a_phone(live_server, new_page, login):
    """Do the accounts list, an account, the invite form, the audit log, a member's audit
    trail and the workplaces screen fit 390 px with no serious accessibility problems?"""
    page = new_page("phone")
    login(page, "admin@demo.place")
    page.goto(f"{live_server}/admin/users?q=carer")
    page.get_by_role("link", name="carer@demo.place").click()
    paths = [*ADMIN_PAGES, page.url.removeprefix(live_server)]
    number = re.search(r"\((\d+)\)", page.locator(".nhsuk-summary-list").inner_text()).group(1)
    page.goto(f"{live_server}/staff?q={number}")
    page.locator("#staff-results a").first.click()
    page.get_by_role("link", name="Audit trail").click()
    paths.append(page.url.removeprefix(live_server))  # a member's trail, as the issue measured
    for path in paths:
        page.goto(f"{live_server}{path}")
        name = "admin-" + path.strip("/").replace("/", "-").replace("?", "-").replace("=", "-")
        screenshot(page, f"{name}-390")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path} scrolls sideways ({width}px)"
        axe_check(page)
