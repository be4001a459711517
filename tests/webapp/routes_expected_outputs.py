"""Who may use the rota output routes: PDFs and CSV for planners; /me for staff who sign in
as themselves; the calendar feed and the service worker for anyone holding the URL."""

from .routes_expected import EVERYONE, R

PLANNERS = {R.MANAGER, R.WORKFORCE_LEAD, R.ADMIN}
EXPECTED = {f"rota_outputs.{name}": PLANNERS for name in (
    "rota_pdf", "rota_csv", "visits_pdf", "visits_csv", "person_pdf", "fairness_figures")}


def sample_args(db) -> dict:
    """A day of the walk's rota (routes_expected_rotas builds it) and a live calendar feed
    of a sign-in the walk never uses (so no walker turns it off), its token known."""
    import hashlib
    from datetime import UTC, date, datetime, timedelta

    from sqlmodel import select

    from webapp.models import User
    from webapp.models.rota_outputs import CalendarFeed

    carer = db.exec(select(User).where(User.email == "manager@trust.test")).one()
    db.add(CalendarFeed(user_id=carer.id, staff_member_id=carer.staff_member_id,
                        token_hash=hashlib.sha256(b"walk-token").hexdigest(),
                        created_at=datetime.now(UTC)))
    db.commit()
    return {"day": (date.today() + timedelta(days=7)).isoformat(), "feed_token": "walk-token"}


MEMBERS = {R.CARE_WORKER, R.REGISTERED_PROFESSIONAL, R.MANAGER}
EXPECTED.update({f"me_shifts.{name}": MEMBERS for name in (
    "mine", "pdf", "calendar_link", "calendar_revoke", "visits_pdf")})
EXPECTED["me_shifts.feed"] = EVERYONE  # the secret URL is the key; revoked answers 404
EXPECTED["me_shifts.service_worker"] = EVERYONE
EXPECTED["me_shifts.manifest"] = EVERYONE
