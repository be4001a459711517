"""Turn a page's own HTML into a PDF (WeasyPrint, print CSS) and rows into safe CSV."""

from __future__ import annotations

from webapp import config
from webapp.services.requirements import to_csv  # the compliance export's formula guard

__all__ = ["document", "pdf", "to_csv"]


def document(html: str):
    """Lay HTML out as pages; relative URLs resolve against the app's own folder."""
    from weasyprint import HTML  # imported here: slow to import, and only PDFs need it

    return HTML(string=html, base_url=str(config.ROOT / "webapp")).render()


def pdf(html: str) -> bytes:
    """Render HTML to PDF bytes."""
    return document(html).write_pdf()
