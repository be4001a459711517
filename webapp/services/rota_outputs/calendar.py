"""A person's calendar feed: a secret URL they can turn off and renew, and its events."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import Session, select

from webapp.models.rota_outputs import CalendarFeed
from webapp.services import audit
from webapp.services.link_tokens import hash_token, new_token
from webapp.services.rotas.clock import LONDON


def active(session: Session, user) -> CalendarFeed | None:
    return session.exec(select(CalendarFeed).where(
        CalendarFeed.user_id == user.id, CalendarFeed.revoked_at.is_(None))).first()


def create(session: Session, user) -> str:
    """Turn off any feed the user has and issue a new secret token (shown to them once)."""
    revoke(session, user)
    token = new_token()
    session.add(CalendarFeed(user_id=user.id, staff_member_id=user.staff_member_id,
                             token_hash=hash_token(token), created_at=datetime.now(UTC)))
    audit.record(session, actor=user, action="calendar.create", entity="user",
                 entity_id=user.id, staff_member_id=user.staff_member_id)
    return token


def revoke(session: Session, user) -> int:
    """Turn off the user's feeds: their URLs answer 404 from now on."""
    feeds = session.exec(select(CalendarFeed).where(
        CalendarFeed.user_id == user.id, CalendarFeed.revoked_at.is_(None))).all()
    for feed in feeds:
        feed.revoked_at = datetime.now(UTC)
        session.add(feed)
        audit.record(session, actor=user, action="calendar.revoke", entity="calendar_feed",
                     entity_id=feed.id, staff_member_id=user.staff_member_id)
    return len(feeds)


def feed_for(session: Session, token: str) -> CalendarFeed | None:
    """The live feed a token opens, or None (unknown or turned off)."""
    return session.exec(select(CalendarFeed).where(
        CalendarFeed.token_hash == hash_token(token), CalendarFeed.revoked_at.is_(None))).first()


def ics(shifts: list, staff_id: int) -> bytes:
    """The shifts as iCalendar events in Europe/London; a republished change keeps the
    event's UID and raises its SEQUENCE, so calendars update it in place."""
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//Place Workforce//Rota feed//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "My shifts")
    calendar.add("x-wr-timezone", "Europe/London")
    stamp = datetime.now(UTC)
    for s in shifts:
        event = Event()
        event.add("uid", s.uid(staff_id))
        event.add("sequence", s.version)
        event.add("dtstamp", stamp)
        event.add("dtstart", s.starts.replace(tzinfo=LONDON))
        event.add("dtend", s.ends.replace(tzinfo=LONDON))
        event.add("summary", f"{s.what} · {s.employer}" if s.employer else s.what)
        event.add("location", s.where)
        event.add("description", f"Employer: {s.employer}. Published rota version {s.version}.")
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
