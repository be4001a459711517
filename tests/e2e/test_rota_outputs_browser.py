"""Rota outputs in a real browser: the manager publishes and downloads the team PDF; the
care worker reads their shifts on a phone, downloads their PDF, subscribes to and turns off
their calendar, and opens their shifts again with no signal."""

import io
from datetime import UTC, date, timedelta

import pytest
from icalendar import Calendar
from pypdf import PdfReader
from sqlalchemy import create_engine
from sqlmodel import Session, select

from tests.webapp.rota_outputs_factories import REASONS, published_ward
from webapp.models import EmploymentContract, User
from webapp.services.rota_outputs import personal
from webapp.services.rotas import review

from .conftest import axe_check, screenshot

pytestmark = pytest.mark.e2e
CARER, MANAGER = "carer@demo.place", "manager@demo.place"


def _last_sunday_of_march() -> date:
    day = date(date.today().year + 1, 3, 31)
    return day - timedelta(days=(day.weekday() + 1) % 7)


@pytest.fixture(scope="module")
def draft(live_database):
    """A two-week ward draft across the spring clock change with the demo carer on it as a
    joint role, waiting for the demo manager to publish it."""
    engine = create_engine(f"sqlite:///{live_database}")
    with Session(engine, expire_on_commit=False) as db:
        carer = db.exec(select(User).where(User.email == CARER)).one()
        rota, team = published_ward(db, code="E2EOUT", weeks=2, publish=False,
                                    start=_last_sunday_of_march() - timedelta(days=6),
                                    extra_staff=(carer.staff_member_id,))
        db.add(EmploymentContract(staff_member_id=carer.staff_member_id,
                                  organisation_id=team.organisation_id, job_role="Joint role",
                                  contract_type="joint", hours_per_week=7.5, cost_per_hour=20,
                                  starts_on=date.today()))
        db.commit()
        names = [(r.member.family_name, r.member.given_name) for r in review.grid(db, rota)]
        yield {"rota": rota, "team": team, "names": names, "engine": engine,
               "carer": carer.staff_member_id}
    engine.dispose()


def _text(path) -> str:
    pages = PdfReader(io.BytesIO(path.read_bytes())).pages
    return " ".join(" ".join(p.extract_text() for p in pages).split())


def _download(page, link_name: str):
    with page.expect_download() as download:
        page.get_by_role("link", name=link_name).click()
    return download.value.path()


def test_published_rota_reaches_the_pdf_the_phone_and_the_calendar(live_server, browser,
                                                                    new_page, login, draft):
    """After the manager publishes, does their PDF name the team, dates, everyone and every
    gap; and does the carer's phone show their shifts at 320 px, their PDF, a calendar feed
    in London time across the clock change that stops when turned off, and work offline?"""
    _manager_publishes_and_downloads(live_server, new_page, login, draft)
    _care_worker_on_a_phone(live_server, browser, login, draft)
    desktop = new_page("desktop")
    login(desktop, CARER)
    desktop.goto(f"{live_server}/me/shifts")
    axe_check(desktop)
    screenshot(desktop, "outputs-me-shifts-desktop")


def _manager_publishes_and_downloads(live_server, new_page, login, draft):
    page = new_page("desktop")
    login(page, MANAGER)
    page.goto(f"{live_server}/rotas/{draft['rota'].id}")
    page.get_by_role("button", name="Publish version 1").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Published as version 1.").is_visible()
    page.wait_for_selector("#rota-fairness table")  # loaded beside the grid by htmx
    assert page.locator("#rota-fairness .app-fairness__row").count() == len(draft["names"])
    screenshot(page, "outputs-rota-published-desktop")
    text = _text(_download(page, "Download the rota as PDF (A4, for printing)"))
    rota = draft["rota"]
    assert draft["team"].name in text and "Version 1" in text
    assert rota.starts_on.strftime("%-d %b %Y") in text
    assert (rota.starts_on + timedelta(days=13)).strftime("%-d %b %Y") in text
    for family, given in draft["names"]:
        assert f"{family}, {given}" in text
    for reason in REASONS:
        assert " ".join(reason.split()) in text


def _phone(browser, width: int = 320):
    context = browser.new_context(viewport={"width": width, "height": 720}, is_mobile=True,
                                  has_touch=True, accept_downloads=True)
    return context, context.new_page()


def _care_worker_on_a_phone(live_server, browser, login, draft):
    context, page = _phone(browser)
    login(page, CARER)
    page.goto(f"{live_server}/me/shifts")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert draft["team"].name in page.inner_text("main")
    screenshot(page, "outputs-me-shifts-phone-320")
    axe_check(page)
    pdf = _text(_download(page, "Download my shifts as PDF"))
    assert draft["team"].name in pdf
    _calendar(page, live_server, draft)
    _offline(context, page, live_server)
    context.close()


def _calendar(page, live_server, draft) -> None:
    page.get_by_role("button", name="Add my shifts to my calendar").click()
    url = page.locator("#calendar-url").input_value()
    screenshot(page, "outputs-me-calendar-phone-320")
    feed = page.request.get(url)
    assert feed.status == 200
    events = {str(e["UID"]): e for e in Calendar.from_ical(feed.body()).walk("VEVENT")}
    with Session(draft["engine"]) as db:
        shifts = personal.published(db, draft["carer"], date.today())
    assert shifts and len(events) == len(shifts)
    offsets = set()
    for s in shifts:
        start = events[s.uid(draft["carer"])].decoded("DTSTART")
        assert str(start.tzinfo) == "Europe/London" and start.replace(tzinfo=None) == s.starts
        offsets.add(start.astimezone(UTC).hour - start.hour)
    assert offsets == {0, -1}  # GMT before the change, BST after, the same wall-clock times
    page.get_by_role("button", name="Turn the calendar address off").click()
    page.wait_for_load_state("networkidle")
    assert page.request.get(url).status == 404


CACHED = """async (path) => {
    const cache = await caches.open("place-private-v1");
    return (await cache.match(path)) !== undefined; }"""


def _offline(context, page, live_server) -> None:
    page.goto(f"{live_server}/me/shifts")
    page.wait_for_function(CACHED, arg="/me/shifts", timeout=15_000)
    page.goto(f"{live_server}/me/passport/share")
    page.get_by_text("Or choose single records").click()
    page.locator("input[name=entry]").first.check()
    page.get_by_role("button", name="Create link").click()
    share_url = page.locator("#share-url").inner_text().strip()
    context.set_offline(True)
    page.goto(f"{live_server}/me/shifts")
    assert page.locator(".app-synced").inner_text().startswith("Last synced at")
    assert page.get_by_text("You are offline").is_visible()
    screenshot(page, "outputs-me-shifts-offline-phone-320")
    page.goto(f"{live_server}/me/passport/share")  # the last share's QR, from the device
    assert page.locator(".app-qr svg").is_visible()
    assert page.locator("#share-url").inner_text().strip() == share_url
    assert page.get_by_text("You are offline. This copy was last synced at").is_visible()
    screenshot(page, "outputs-share-qr-offline-phone-320")
    context.set_offline(False)
    page.goto(f"{live_server}/me/shifts")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/login**")
    assert not page.evaluate(CACHED, "/me/shifts")  # nothing private left on the device
    assert not page.evaluate(CACHED, "/me/passport/share?offline-copy=last-qr")
