"""One URL, two answers: the whole page, or for htmx one block of it."""

from flask import render_template, request
from jinja2_fragments.flask import render_block


def page_or_block(template: str, block: str, status: int = 200, **context):
    """Render the block alone for an htmx request (not a boosted one), else the whole page."""
    if request.htmx and not request.htmx.boosted:
        html = render_block(template, block, **context)
    else:
        html = render_template(template, **context)
    return html, status, {"Vary": "HX-Request"}
