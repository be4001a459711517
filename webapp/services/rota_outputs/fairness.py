"""Fairness figures per person: nights, weekends, bank holidays, unsocial hours and leave
requests granted, over a rota and over the 12 weeks before it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache

import holidays
from sqlmodel import Session, col, select

from optimizer.kernel import WorkingTime
from webapp.models.leave import Leave, LeaveStatus
from webapp.models.rota import Rota, RotaAssignment
from webapp.services.rotas.clock import wall_clock

HISTORY = timedelta(weeks=12)
# Night time and what makes a shift a night shift are the working-time kernel's (reg 2:
# 23:00 to 06:00, at least 3 hours of it), so the figures and the solvers count alike.
_WT = WorkingTime()
NIGHT = (time(*divmod(_WT.night_start, 60)), time(*divmod(_WT.night_end, 60)))
NIGHT_SHIFT_MINUTES = _WT.night_worker_minutes
UNSOCIAL = (time(20), time(6))  # Agenda for Change: 20:00–06:00 on weekdays, all weekend


@dataclass
class Figures:
    nights: int = 0
    weekends: int = 0  # weekend days worked
    bank_holidays: int = 0
    unsocial_minutes: int = 0
    requests_granted: int = 0
    requests_decided: int = 0

    @property
    def unsocial_hours(self) -> float:
        return self.unsocial_minutes / 60


@cache
def _bank_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_bank_holiday(day: date) -> bool:
    return day in _bank_holidays(day.year)


def _overlap(start: datetime, end: datetime, window: tuple[time, time]) -> int:
    """Minutes of [start, end) inside a daily window that runs past midnight."""
    total, day = 0, start.date() - timedelta(days=1)
    while day <= end.date():
        opens = datetime.combine(day, window[0])
        closes = datetime.combine(day + timedelta(days=1), window[1])
        total += max(0, (min(end, closes) - max(start, opens)).total_seconds() // 60)
        day += timedelta(days=1)
    return int(total)


def _unsocial(start: datetime, end: datetime) -> int:
    """Minutes at night on weekdays, plus every minute on a weekend day or bank holiday."""
    total, moment = 0, start
    while moment < end:
        day_end = min(end, datetime.combine(moment.date() + timedelta(days=1), time()))
        if moment.weekday() >= 5 or is_bank_holiday(moment.date()):
            total += int((day_end - moment).total_seconds() // 60)
        else:
            night = _overlap(moment, day_end, UNSOCIAL)
            total += night
        moment = day_end
    return total


def add_shift(figures: Figures, start: datetime, end: datetime) -> None:
    """Count one shift (wall-clock times in England) into a person's figures."""
    figures.nights += _overlap(start, end, NIGHT) >= NIGHT_SHIFT_MINUTES
    figures.weekends += start.weekday() >= 5
    figures.bank_holidays += is_bank_holiday(start.date())
    figures.unsocial_minutes += _unsocial(start, end)


def _shifts(session: Session, staff_ids: set, since: date, until: date, rota_ids) -> list:
    return session.exec(select(RotaAssignment.staff_member_id, RotaAssignment.starts_at,
                               RotaAssignment.ends_at).where(
        col(RotaAssignment.staff_member_id).in_(staff_ids or {0}),
        RotaAssignment.day >= since, RotaAssignment.day < until,
        col(RotaAssignment.rota_id).in_(rota_ids))).all()


def figures(session: Session, staff_ids: set, since: date, until: date,
            rota_ids) -> dict[int, Figures]:
    """Each person's figures from the given rotas' shifts between two days, and the leave
    requests decided for that time."""
    found = _leave(session, staff_ids, since, until)
    for sid, starts, ends in _shifts(session, staff_ids, since, until, rota_ids):
        add_shift(found[sid], wall_clock(starts), wall_clock(ends))
    return found


def _leave(session: Session, staff_ids: set, since: date, until: date) -> dict[int, Figures]:
    """Fresh figures holding each person's leave requests decided for the period."""
    found = {sid: Figures() for sid in staff_ids}
    for leave in session.exec(select(Leave).where(
            col(Leave.staff_member_id).in_(staff_ids or {0}), Leave.starts_on < until,
            Leave.ends_on >= since)).all():
        found[leave.staff_member_id].requests_granted += leave.status == LeaveStatus.APPROVED
        found[leave.staff_member_id].requests_decided += leave.status in (
            LeaveStatus.APPROVED, LeaveStatus.DECLINED)
    return found


def published_rotas(since: date):
    """Rotas that were published, overlapping a period (a subquery of ids)."""
    return select(Rota.id).where(Rota.version > 0,
                                 Rota.starts_on > since - timedelta(weeks=6))


def for_rota(session: Session, rota: Rota, staff_ids: set) -> dict[int, tuple]:
    """Per person: (this rota's figures, the 12 weeks before it from published rotas)."""
    end = rota.starts_on + timedelta(weeks=rota.weeks)
    now = figures(session, staff_ids, rota.starts_on, end, [rota.id])
    before = figures(session, staff_ids, rota.starts_on - HISTORY, rota.starts_on,
                     published_rotas(rota.starts_on - HISTORY))
    return {sid: (now[sid], before[sid]) for sid in staff_ids}


def for_person(session: Session, staff_id: int, today: date, shifts: list) -> tuple:
    """One person's own line: the published shifts ahead they already have in hand, and
    the 12 weeks before today."""
    until = max((s.starts.date() for s in shifts), default=today) + timedelta(days=1)
    ahead = _leave(session, {staff_id}, today, until)[staff_id]
    for s in shifts:
        if s.kind != "busy":
            add_shift(ahead, s.starts, s.ends)
    before = figures(session, {staff_id}, today - HISTORY, today,
                     published_rotas(today - HISTORY))
    return ahead, before[staff_id]
