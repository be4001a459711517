"""Fairness figures: each rule on hand-made shifts, then the manager's table and the
person's own line."""

from datetime import datetime

from webapp.services.rota_outputs.fairness import Figures, add_shift

from .rota_outputs_factories import MANAGER, published_ward


def _count(*shifts) -> Figures:
    found = Figures()
    for start, end in shifts:
        add_shift(found, datetime.fromisoformat(start), datetime.fromisoformat(end))
    return found


def test_a_night_needs_three_hours_between_23_and_6():
    """Is 21:00–07:30 a night, and 13:00–01:30 (two and a half night hours) not?"""
    assert _count(("2026-12-07T21:00", "2026-12-08T07:30")).nights == 1
    assert _count(("2026-12-07T13:00", "2026-12-08T01:30")).nights == 0
    assert _count(("2026-12-07T13:00", "2026-12-08T02:00")).nights == 1


def test_weekends_and_bank_holidays_in_england():
    """Do Saturday shifts count as weekends, Christmas and Boxing Day as bank holidays?"""
    found = _count(("2026-12-12T07:00", "2026-12-12T15:00"),
                   ("2026-12-25T07:00", "2026-12-25T15:00"),
                   ("2026-12-28T07:00", "2026-12-28T15:00"))  # Boxing Day's substitute
    assert (found.weekends, found.bank_holidays) == (1, 2)


def test_unsocial_hours_nights_on_weekdays_all_of_weekends():
    """Is a weekday 13:00–21:30 one and a half unsocial hours, a Sunday early all eight?"""
    assert _count(("2026-12-07T13:00", "2026-12-07T21:30")).unsocial_minutes == 90
    assert _count(("2026-12-13T07:00", "2026-12-13T15:00")).unsocial_minutes == 480
    friday_night = _count(("2026-12-11T21:00", "2026-12-12T07:30")).unsocial_minutes
    assert friday_night == 3 * 60 + 7 * 60 + 30  # 21:00–24:00 Friday, then all of Saturday


def test_manager_sees_fairness_beside_the_grid(client, auth, db):
    """Does the fairness table list every person with this rota's and the 12 weeks' nights?"""
    rota, _ = published_ward(db, size=6)
    auth.login(MANAGER)
    response = client.get(f"/rotas/{rota.id}/fairness", headers={"HX-Request": "true"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in page
    assert page.count("app-fairness__row") == 6
    full = client.get(f"/rotas/{rota.id}/fairness").get_data(as_text=True)
    assert "<html" in full and "Nights" in full


def test_person_sees_only_their_own_line(client, auth, db):
    """Does /me/shifts show the carer their own figures and nobody else's?"""
    from sqlmodel import select

    from webapp.models import User

    carer = db.exec(select(User).where(User.email == "carer@demo.place")).one()
    rota, _ = published_ward(db, extra_staff=(carer.staff_member_id,))
    auth.login("carer@demo.place")
    page = client.get("/me/shifts").get_data(as_text=True)
    assert "Your fairness figures" in page and page.count("app-fairness__row") == 1
