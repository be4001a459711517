"""The Content-Security-Policy in a real browser: nothing is blocked, and the NHS.UK
frontend and htmx still run under it."""

import pytest

pytestmark = pytest.mark.e2e


def test_pages_run_under_the_policy_with_nothing_blocked(live_server, new_page, login):
    """Signed in as a manager, does the NHS.UK script start (body marked supported), htmx
    load, and the browser report no CSP violation on the passport and staff pages?"""
    page = new_page("desktop")
    violations = []
    page.on("console", lambda m: violations.append(m.text)
            if "Content Security Policy" in m.text else None)
    login(page, "manager@demo.place")
    for path in ("/me/passport", "/staff", "/compliance"):
        page.goto(f"{live_server}{path}")
        page.wait_for_load_state("networkidle")
        classes = page.evaluate("document.body.className")
        assert "js-enabled" in classes and "nhsuk-frontend-supported" in classes, path
        assert page.evaluate("typeof window.htmx") == "object", path
    # The NHS.UK style sheet asks for its Frutiger web font from assets.nhs.uk; the policy
    # keeps to this site, so the font stack falls back to Arial. Nothing else is blocked.
    others = [v for v in violations if "https://assets.nhs.uk/fonts/" not in v]
    assert others == []
