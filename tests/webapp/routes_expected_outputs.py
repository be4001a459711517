"""Who may use the rota output routes: PDFs and CSV for planners; /me for staff who sign in
as themselves; the calendar feed and the service worker for anyone holding the URL."""

from .routes_expected import R

PLANNERS = {R.MANAGER, R.WORKFORCE_LEAD, R.ADMIN}
EXPECTED = {f"rota_outputs.{name}": PLANNERS for name in (
    "rota_pdf", "rota_csv", "visits_pdf", "visits_csv")}


def sample_args(db) -> dict:
    """A day of the walk's rota (routes_expected_rotas builds it) with a carer to list."""
    from datetime import date, timedelta

    day = date.today() + timedelta(days=7)
    return {"day": day.isoformat()}
