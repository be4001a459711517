"""One page-or-fragment helper: the whole page, or for htmx one block, always varying."""

from pathlib import Path

import webapp
from webapp.fragments import page_or_block

# sharing.py answers a POST (revoke) with the row for htmx or a redirect: not a page.
NOT_YET = {"sharing.py"}


def test_views_call_the_one_helper():
    """Does no view render a block itself, choosing page or fragment on its own?"""
    views = Path(webapp.__file__).parent / "views"
    own = sorted(p.name for p in views.glob("*.py")
                 if "render_block" in p.read_text() and p.name not in NOT_YET)
    assert own == [], f"these views branch on HX-Request themselves: {own}"


def test_helper_renders_the_block_for_htmx_and_the_page_otherwise(app):
    """Is an htmx request given the block alone, a boosted or plain one the whole page, and
    does each answer vary on HX-Request?"""
    cases = {(): True, (("HX-Request", "true"),): False,
             (("HX-Request", "true"), ("HX-Boosted", "true")): True}
    for headers, whole in cases.items():
        with app.test_request_context("/login", headers=dict(headers)):
            html, status, sent = page_or_block("errors/error.html", "main_content", 404,
                                               code=404, title="Page not found", message="")
            assert status == 404 and sent == {"Vary": "HX-Request"}
            assert ("<html" in html) is whole, headers
