"""Demo leave: approved annual leave over the next six weeks and a few requests waiting."""

import random
from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import Session

from webapp.models.leave import Leave, LeaveKind, LeaveStatus

APPROVED_SHARE = 0.10  # of staff with approved leave in the next six weeks
PENDING_SHARE = 0.015  # of staff with a request waiting
HORIZON_DAYS = 42
LENGTHS = (1, 2, 3, 4, 5, 5, 7, 7, 10, 14)  # days off, a week most often


def add_leave(session: Session, rng: random.Random, *, member_ids: list[int], today: date,
              waiting_for: list[int]) -> int:
    """Approve leave for about 10% of staff; leave requests waiting for `waiting_for` first
    (the demo carer, so the manager sees an approval waiting) and a few others. Approved
    leave was agreed before the platform, so it names no decider."""
    approved = set(rng.sample(member_ids, round(len(member_ids) * APPROVED_SHARE)))
    rest = [m for m in member_ids if m not in approved and m not in waiting_for]
    pending = list(dict.fromkeys(waiting_for)) + rng.sample(
        rest, min(len(rest), round(len(member_ids) * PENDING_SHARE)))
    rows = [_leave(rng, m, today, LeaveStatus.APPROVED) for m in sorted(approved)]
    rows += [_leave(rng, m, today, LeaveStatus.REQUESTED, first=(n == 0))
             for n, m in enumerate(pending)]
    session.add_all(rows)
    return len(rows)


def _leave(rng, member_id: int, today: date, status: str, first=False) -> Leave:
    if first:  # the demo carer: Wednesday to Friday of next week, when a rota may be published
        starts = today + timedelta(days=7 - today.weekday() + 2)
        length = 3
    else:
        starts = today + timedelta(days=rng.randint(3, HORIZON_DAYS - 7))
        length = rng.choice(LENGTHS)
    asked = datetime.combine(today - timedelta(days=rng.randint(1, 20)), time(9, 30), tzinfo=UTC)
    kind = LeaveKind.STUDY if rng.random() < 0.08 else LeaveKind.ANNUAL_LEAVE
    decided = status == LeaveStatus.APPROVED
    return Leave(staff_member_id=member_id, kind=kind, starts_on=starts,
                 ends_on=starts + timedelta(days=length - 1), status=status,
                 note="" if rng.random() < 0.7 else "Booked a trip to see family",
                 requested_at=asked, decided_at=asked + timedelta(days=1) if decided else None)
