"""A care worker asks for leave on a phone; their manager sees its impact, then approves."""

import re
import shutil
import threading
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlmodel import Session, select
from werkzeug.serving import make_server

from webapp import create_app
from webapp.models import Place, User
from webapp.models.demand import CarePackage, CareVisitPlan, Team, TeamManager
from webapp.models.leave import Leave, LeaveStatus
from webapp.models.rota import Rota, RotaAssignment, RotaStatus

from .conftest import axe_check, screenshot

pytestmark = pytest.mark.e2e
VISIT_DAY = date.today() + timedelta(days=50)


@pytest.fixture
def leave_server(template_db, tmp_path):  # noqa: F811  (template_db comes from conftest)
    """Serve a fresh copy of the demo; yield its base URL and the app to seed it."""
    path = tmp_path / "leave.db"
    shutil.copy(template_db, path)
    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{path}",
                      "RATELIMIT_ENABLED": False})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", app
    server.shutdown()
    thread.join(timeout=5)
    app.extensions["engine"].dispose()


def _publish_a_visit_for_the_carer(app) -> str:
    """Publish a rota with one of the demo carer's visits on VISIT_DAY; return its tasks."""
    with Session(app.extensions["engine"]) as s:
        carer = s.exec(select(User).where(User.email == "carer@demo.place")).one()
        manager = s.exec(select(User).where(User.email == "manager@demo.place")).one()
        team = s.exec(select(Team).join(TeamManager).where(TeamManager.user_id == manager.id)
                      ).one()
        plan = s.exec(select(CareVisitPlan).join(CarePackage)
                      .where(CarePackage.team_id == team.id)).first()
        rota = Rota(place_id=s.exec(select(Place)).one().id, team_id=team.id,
                    starts_on=VISIT_DAY, weeks=1, engine="place", status=RotaStatus.PUBLISHED,
                    created_by_user_id=manager.id, created_at=datetime.now(UTC))
        s.add(rota)
        s.flush()
        starts = datetime.combine(VISIT_DAY, time(8, 15), tzinfo=UTC)
        s.add(RotaAssignment(rota_id=rota.id, staff_member_id=carer.staff_member_id,
                             organisation_id=team.organisation_id, day=VISIT_DAY,
                             starts_at=starts, ends_at=starts + timedelta(minutes=30),
                             visit_plan_id=plan.id))
        s.commit()
        return plan.tasks


def _sign_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill("demo-password-2026")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("networkidle")


def _request_leave(page, first: date, last: date) -> None:
    page.get_by_label("Annual leave").check()
    page.get_by_label("First day").fill(first.isoformat())
    page.get_by_label("Last day").fill(last.isoformat())
    page.get_by_label("Note for your manager (optional)").fill("Family visit")
    page.get_by_role("button", name="Request leave").click()
    page.wait_for_load_state("networkidle")


def _dates(first: date, last: date) -> str:
    return f"{first.day} {first:%B %Y} to {last.day} {last:%B %Y}"


def test_carer_requests_leave_and_manager_sees_impact_first(leave_server, new_page):
    """Can a carer ask for leave on a phone (a mistake explained on the way), and does the
    manager see the published visit it would uncover before approving it?"""
    base, app = leave_server
    tasks = _publish_a_visit_for_the_carer(app)
    first, last = VISIT_DAY - timedelta(days=1), VISIT_DAY + timedelta(days=1)
    phone = new_page("phone")
    _sign_in(phone, base, "carer@demo.place")
    assert phone.locator("a[href='/me/leave']").count() >= 1  # in the header navigation
    phone.goto(f"{base}/me/leave")
    _request_leave(phone, last, first)
    assert phone.get_by_text("There is a problem").is_visible()
    assert phone.get_by_role("link", name=re.compile("The last day must be")).is_visible()
    assert phone.get_by_label("Note for your manager (optional)").input_value() == "Family visit"
    screenshot(phone, "leave-error-phone")
    axe_check(phone)
    _request_leave(phone, first, last)
    assert phone.get_by_text("Leave requested").is_visible()
    assert phone.get_by_role("heading", name=_dates(first, last)).is_visible()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"page scrolls sideways on a phone ({width}px)"
    screenshot(phone, "leave-requested-phone")
    axe_check(phone)
    _manager_reviews_and_approves(new_page, base, first, last, tasks)
    with Session(app.extensions["engine"]) as s:
        statuses = [leave.status for leave in s.exec(select(Leave).where(
            Leave.starts_on == first, Leave.ends_on == last))]
    assert statuses == [LeaveStatus.APPROVED]


def _manager_reviews_and_approves(new_page, base, first, last, tasks) -> None:
    desk = new_page("desktop")
    _sign_in(desk, base, "manager@demo.place")
    desk.get_by_role("link", name="Leave requests").first.click()
    desk.wait_for_load_state("networkidle")
    row = desk.locator("tr", has_text=_dates(first, last))
    assert "1 published shift or visit" in row.inner_text()
    screenshot(desk, "leave-requests-desktop")
    axe_check(desk)
    row.get_by_role("link", name=re.compile("Review and decide")).click()
    desk.wait_for_load_state("networkidle")
    impact = desk.locator("table")
    assert "08:15 to 08:45" in impact.inner_text() and tasks in impact.inner_text()
    screenshot(desk, "leave-impact-desktop")
    axe_check(desk)
    phone = new_page("phone")
    _sign_in(phone, base, "manager@demo.place")
    phone.goto(desk.url)
    assert phone.get_by_text("1 published shift or visit").is_visible()
    screenshot(phone, "leave-impact-phone")
    axe_check(phone)
    desk.get_by_role("button", name="Approve leave").click()
    desk.wait_for_load_state("networkidle")
    assert desk.get_by_text("leave approved").is_visible()
    screenshot(desk, "leave-approved-desktop")


def test_ward_manager_changes_cover_in_the_table(leave_server, new_page):
    """Can the ward manager open their ward's demand, change one day's cover and save it,
    and is a minimum above the preferred number explained beside the table?"""
    base, _app = leave_server
    for viewport in ("desktop", "phone"):
        page = new_page(viewport)
        _sign_in(page, base, "wardmanager@demo.place")
        page.goto(f"{base}/teams")
        page.get_by_role("link", name=re.compile("^Ward ")).click()
        page.wait_for_load_state("networkidle")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 1366 if viewport == "desktop" else width <= 390, width
        screenshot(page, f"team-demand-{viewport}")
        axe_check(page)
        cell = page.locator("#cover-table input[id^='min-']").first
        cell.fill("9")
        page.get_by_role("button", name="Save cover").click()
        page.get_by_text("There is a problem").wait_for()
        assert page.get_by_role("link", name=re.compile("must not be more than")).is_visible()
        screenshot(page, f"team-demand-error-{viewport}")
        page.locator("#cover-table input[id^='min-']").first.fill("1")
        page.get_by_role("button", name="Save cover").click()
        page.get_by_text("Cover saved.").wait_for()
        assert page.locator("#cover-table input[id^='min-']").first.input_value() == "1"
