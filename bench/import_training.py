"""Time a 50,000-row ESR competence import: parse + preview, then commit. Prints figures;
asserts nothing.

    python bench/import_training.py [--rows 50000] [--staff 5000]

Builds a demo place on a temporary SQLite database, writes an ESR-style file for the trust's
staff (about a fifth of rows already held, so preview finds new, unchanged and update rows),
then runs the same service calls the import pages make.
"""

import argparse
import csv
import io
import os
import random
import resource
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("INSTANCE_PATH", tempfile.mkdtemp(prefix="bench-import-"))

from sqlalchemy import func  # noqa: E402
from sqlmodel import Session, SQLModel, select  # noqa: E402

import webapp.models  # noqa: E402,F401  (registers every table)
from webapp.db import make_engine  # noqa: E402
from webapp.models import (  # noqa: E402
    Competence,
    EmploymentContract,
    PassportEntry,
    StaffMember,
    User,
)
from webapp.services import demo, imports_batch  # noqa: E402
from webapp.services.imports_esr import ESR_COMPETENCES, parse_esr  # noqa: E402


def build_place(url: str, staff: int) -> None:
    engine = make_engine(url)
    SQLModel.metadata.create_all(engine)
    with Session(engine) as session:
        demo.build_demo_place(session, seed=1, staff=staff, today=date.today())
        session.commit()
    engine.dispose()


def esr_file(session: Session, issuer: User, rows: int, rng: random.Random) -> bytes:
    """Write `rows` distinct ESR rows for the issuer's organisation's staff."""
    numbers = dict(session.exec(select(StaffMember.id, StaffMember.staff_number).where(
        StaffMember.id.in_(select(EmploymentContract.staff_member_id).where(
            EmploymentContract.organisation_id == issuer.organisation_id)))).all())
    codes = {c.id: c.code for c in session.exec(select(Competence))}
    name_of = {code: name for name, code in reversed(list(ESR_COMPETENCES.items()))}
    held = [(numbers[m], name_of[codes[c]], a, u) for m, c, a, u in session.exec(
        select(PassportEntry.staff_member_id, PassportEntry.competence_id,
               PassportEntry.achieved_on, PassportEntry.valid_until)
        .where(PassportEntry.staff_member_id.in_(list(numbers)))) if codes[c] in name_of]
    chosen = rng.sample(held, min(len(held), rows // 5))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Employee Number", "Competency Name", "Date Last Awarded", "Expiry Date"])
    seen = set()
    for number, name, achieved, until in chosen:  # unchanged, or an expiry a month later
        if rng.random() < 0.5 and until:
            until += timedelta(days=30)
        writer.writerow([number, name, f"{achieved:%d/%m/%Y}", f"{until:%d/%m/%Y}" if until
                         else ""])
        seen.add((number, ESR_COMPETENCES[name], achieved))
    names, staff = list(ESR_COMPETENCES), list(numbers.values())
    while len(seen) < rows:
        number, name = rng.choice(staff), rng.choice(names)
        achieved = date.today() - timedelta(days=rng.randint(0, 1500))
        key = (number, ESR_COMPETENCES[name], achieved)
        if key not in seen:
            seen.add(key)
            writer.writerow([number, name, f"{achieved:%d-%b-%Y}", ""])
    return out.getvalue().encode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--staff", type=int, default=5_000)
    args = parser.parse_args()
    url = f"sqlite:///{tempfile.mkdtemp(prefix='bench-import-db-')}/place.db"
    started = time.perf_counter()
    build_place(url, args.staff)
    print(f"demo place: {args.staff:,} staff built in {time.perf_counter() - started:.1f} s")
    engine = make_engine(url)
    with Session(engine, expire_on_commit=False) as session:
        issuer = session.exec(select(User).where(User.email == "issuer@demo.place")).one()
        data = esr_file(session, issuer, args.rows, random.Random(7))
        before = session.exec(select(func.count()).select_from(PassportEntry)).one()
        print(f"file: {args.rows:,} rows, {len(data) / 1e6:.1f} MB")
        started = time.perf_counter()
        parsed = parse_esr(data)
        organisation = session.get(webapp.models.Organisation, issuer.organisation_id)
        batch, outcomes = imports_batch.create_batch(session, parsed, organisation=organisation,
                                               filename="bench.csv", actor=issuer)
        session.commit()
        preview = time.perf_counter() - started
        tally = imports_batch.counts(o.status for o in outcomes)
        print(f"parse + preview: {preview:.2f} s, {args.rows / preview:,.0f} rows/s  {tally}")
        started = time.perf_counter()
        imports_batch.commit(session, batch, actor=issuer, today=date.today())
        session.commit()
        commit = time.perf_counter() - started
        after = session.exec(select(func.count()).select_from(PassportEntry)).one()
        print(f"commit: {commit:.2f} s, {args.rows / commit:,.0f} rows/s  "
              f"({after - before:,} entries added)")
        print(f"total import: {preview + commit:.2f} s (target under 60 s)")
    engine.dispose()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (ru_maxrss): {peak:.0f} MB")


if __name__ == "__main__":
    main()
