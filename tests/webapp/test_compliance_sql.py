"""The compliance SQL and the Python status rule agree on every cell of a generated place."""

import random
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import Session, select

from webapp import create_app
from webapp.cli import rebuild_database
from webapp.models import Competence, Organisation, PassportEntry
from webapp.models.recognition import CompetenceMapping, RecognitionAcceptance
from webapp.services import compliance, compliance_sql, demo
from webapp.services.passports import DUE_SOON_DAYS, valid_until_for

# A month-end "today" as well as today: a recognised entry's cap (achieved + n months - 1 day)
# lands on the month-end days where SQLite's and relativedelta's arithmetic part ways.
TODAYS = (date.today(), date(2027, 3, 1))


def _valid_until(rng: random.Random, today: date) -> date | None:
    """A date on or near a boundary of the rule: today, the due window, or none at all."""
    near = rng.choice([-400, -1, 0, 1, DUE_SOON_DAYS - 1, DUE_SOON_DAYS, DUE_SOON_DAYS + 1, 900])
    return None if rng.random() < 0.1 else today + timedelta(days=near)


def _month_end(rng: random.Random, today: date, months: int) -> date:
    """A day at the end of a month about `months` before today (29th to 31st)."""
    first = (today.replace(day=1) - timedelta(days=30 * months)).replace(day=1)
    end = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return end - timedelta(days=rng.randint(0, 2))


def _generate(session: Session, organisation_id: int, today: date, seed: int) -> None:
    """Rewrite the organisation's staff entries around the rule's boundaries, with revoked
    entries and recognitions through approved, draft and withdrawn mappings."""
    rng = random.Random(seed)
    matrix = compliance.build_matrix(session, organisation_id, today)
    columns = [c.id for c in matrix.columns]
    members = [row.member.id for row in matrix.rows]
    for entry in session.exec(select(PassportEntry).where(
            PassportEntry.staff_member_id.in_(members))):
        entry.revoked = True  # out of the way (credentials and delegations point to some)
    for member in members:
        for competence in columns:
            for _ in range(rng.choice([0, 0, 1, 1, 2, 3])):
                session.add(PassportEntry(staff_member_id=member, competence_id=competence,
                                          achieved_on=today - timedelta(days=400),
                                          valid_until=_valid_until(rng, today),
                                          revoked=rng.random() < 0.15))
    _recognitions(session, rng, organisation_id, members, columns, today)
    session.commit()


def _recognitions(session, rng, organisation_id, members, columns, today) -> None:
    place_id = session.get(Organisation, organisation_id).place_id
    held = session.exec(select(Competence).where(Competence.code == "CC-10")).one()
    now = datetime.now(UTC)
    for index, target in enumerate(columns[:6]):
        session.get(Competence, target).refresher_months = [None, 1, 12, 36, 13, 24][index]
        mapping = session.exec(select(CompetenceMapping).where(
            CompetenceMapping.held_competence_id == held.id,
            CompetenceMapping.satisfies_competence_id == target)).first() or CompetenceMapping(
            place_id=place_id, held_competence_id=held.id, satisfies_competence_id=target,
            created_at=now)
        mapping.approved_at = None if index == 4 else now  # a draft counts for nothing
        mapping.withdrawn_at = now if index == 5 else None  # nor does a withdrawn one
        session.add(mapping)
        session.flush()
        for member in rng.sample(members, min(len(members), 12)):
            months = session.get(Competence, target).refresher_months or 12
            entry = PassportEntry(staff_member_id=member, competence_id=held.id,
                                  achieved_on=_month_end(rng, today, months),
                                  valid_until=_valid_until(rng, today),
                                  revoked=rng.random() < 0.1)
            session.add(entry)
            session.flush()
            session.add(RecognitionAcceptance(
                passport_entry_id=entry.id, staff_member_id=member,
                organisation_id=organisation_id, competence_id=target,
                mapping_id=mapping.id, accepted_at=now))


def _assert_agree(session: Session, organisation_id: int, today: date) -> int:
    """Compare every cell; return how many were compared."""
    matrix = compliance.build_matrix(session, organisation_id, today)
    python = {}
    for row in matrix.rows:
        for competence, status in zip(matrix.columns, row.cells, strict=True):
            if status is not None:
                python[(row.member.id, row.job_role, competence.id)] = status
    place_id = session.get(Organisation, organisation_id).place_id
    cells = compliance_sql.cells(place_id=place_id, today=today, organisation_id=organisation_id)
    sql = {(m, role, c): s for m, role, c, s in session.execute(select(
        cells.c.member_id, cells.c.job_role, cells.c.competence_id, cells.c.status))
        if c is not None}
    assert sql == python
    return len(python)


def _check(session: Session) -> None:
    for seed, today in enumerate(TODAYS):
        counts = {}
        for organisation in session.exec(select(Organisation)).all():
            _generate(session, organisation.id, today, seed)
            compared = _assert_agree(session, organisation.id, today)
            counts[organisation.name] = compared
        assert sum(counts.values()) > 1000, counts


def test_sql_and_python_agree_on_sqlite(db):
    """Does the SQL give each cell the status the Python rule gives it (SQLite)?"""
    _check(db)


def test_every_status_is_generated(db):
    """Does the generated place hold every status, so the agreement test tests each one?"""
    organisation = db.exec(select(Organisation)).first()
    _generate(db, organisation.id, TODAYS[1], 1)
    cells = compliance_sql.cells(place_id=organisation.place_id, today=TODAYS[1],
                                 organisation_id=organisation.id)
    found = set(db.execute(select(cells.c.status).distinct()).scalars()) - {None}
    assert found == {"expired", "expiring", "not_held", "current"}


def test_sql_month_arithmetic_matches_relativedelta(db):
    """Does valid_until_for in SQL clamp 31 January + 1 month to the end of February?"""
    for day in (date(2024, 1, 31), date(2023, 1, 29), date(2024, 8, 31), date(2024, 2, 29)):
        for months in (1, 6, 12, 13):
            found = db.execute(select(compliance_sql.valid_until_for(day, months))).scalar()
            if isinstance(found, str):  # SQLite gives the text of the date
                found = date.fromisoformat(found)
            assert found == valid_until_for(months, day), (day, months)


@pytest.mark.services
def test_sql_and_python_agree_on_postgresql(pg_url):
    """Does the SQL give each cell the status the Python rule gives it (PostgreSQL)?"""
    app = create_app({"TESTING": True, "DATABASE_URL": pg_url})
    rebuild_database(app)
    with Session(app.extensions["engine"], expire_on_commit=False) as pg:
        demo.build_demo_place(pg, seed=7, staff=150, today=date.today())
        pg.commit()
        _check(pg)
        for day in (date(2024, 1, 31), date(2024, 8, 31), date(2023, 1, 29)):
            for months in (1, 13):
                found = pg.execute(select(compliance_sql.valid_until_for(day, months))).scalar()
                assert found == valid_until_for(months, day), (day, months)
    app.extensions["engine"].dispose()

