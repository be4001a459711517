"""Time the admins' audit log query on a large log: the first page, a deep keyset page,
the same depth by OFFSET for comparison, and the who / what filters, for a place admin and
an organisation's admin. Prints figures (and PostgreSQL's plan); asserts nothing.

    python bench/admin_audit.py [--events 300000] [--pg postgresql://postgres@127.0.0.1/NAME_db]

Runs on a temporary SQLite file, and on the PostgreSQL database given (its public schema is
dropped and rebuilt: give a database of your own).
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("INSTANCE_PATH", tempfile.mkdtemp(prefix="bench-audit-"))

from sqlalchemy import insert, text  # noqa: E402
from sqlmodel import Session, select  # noqa: E402

from webapp import create_app  # noqa: E402
from webapp.cli import upgrade_database  # noqa: E402
from webapp.models import AuditEvent, Organisation, StaffMember, User  # noqa: E402
from webapp.services import audit, demo  # noqa: E402

KINDS = ["passport.view", "passport.view", "passport.view", "user.sign_in", "share.view",
         "passport_entry.create", "leave.request", "rota.publish", "delegation.review"]
PAGE = 51


def prepare(url: str, events: int, seed: int) -> None:
    """An empty schema, a 150-staff demo place, and `events` audit events over two years."""
    if url.startswith("postgresql"):
        from sqlalchemy import create_engine

        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        engine.dispose()
    app = create_app({"DATABASE_URL": url})
    upgrade_database(app)
    rng = random.Random(seed)
    with Session(app.extensions["engine"]) as session:
        demo.build_demo_place(session, seed=seed, staff=150, today=date.today())
        session.commit()
        users = list(session.exec(select(User.id)))
        staff = list(session.exec(select(StaffMember.id)))
        start = datetime.now(UTC) - timedelta(days=730)
        for first in range(0, events, 20_000):
            rows = [{"at": start + timedelta(seconds=rng.randint(0, 730 * 86400)),
                     "actor_user_id": rng.choice(users), "action": rng.choice(KINDS),
                     "entity": "staff_member", "entity_id": "1",
                     "staff_member_id": rng.choice(staff), "after": None}
                    for _ in range(min(20_000, events - first))]
            session.execute(insert(AuditEvent), rows)
        session.commit()
        session.execute(text("ANALYZE"))
        session.commit()
    app.extensions["engine"].dispose()


def timed(call, repeats: int = 15) -> tuple[float, float]:
    """(p50, max) milliseconds of `repeats` calls after one warm-up."""
    call()
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), max(times)


def cases(session: Session, admin: User, org_admin: User) -> dict:
    """Name → a call of the view's query, as /admin/audit makes it."""
    everything = audit.LogFilter()
    deep = audit.search_log(session, admin, everything, limit=10_001)[-1]
    sample = session.exec(select(AuditEvent).where(AuditEvent.action == "rota.publish")).first()

    def offset_page():  # what OFFSET paging would cost at the same depth
        query = audit._scope(select(AuditEvent), admin).order_by(
            AuditEvent.at.desc(), AuditEvent.id.desc()).offset(10_000).limit(PAGE)
        return list(session.exec(query))

    return {
        "first page (place admin)": lambda: audit.search_log(session, admin, everything,
                                                             limit=PAGE),
        "page at depth 10,000, keyset": lambda: audit.search_log(
            session, admin, everything, before=(deep.at, deep.id), limit=PAGE),
        "page at depth 10,000, OFFSET": offset_page,
        "who acted = one account": lambda: audit.search_log(
            session, admin, audit.LogFilter(actor_user_id=sample.actor_user_id), limit=PAGE),
        "what = rota.publish (1 in 9)": lambda: audit.search_log(
            session, admin, audit.LogFilter(action="rota.publish"), limit=PAGE),
        "one month": lambda: audit.search_log(session, admin, audit.LogFilter(
            since=date.today() - timedelta(days=400), until=date.today() - timedelta(days=370)),
            limit=PAGE),
        "first page (organisation admin)": lambda: audit.search_log(
            session, org_admin, everything, limit=PAGE),
    }


def run(url: str, label: str, events: int, seed: int) -> None:
    started = time.perf_counter()
    prepare(url, events, seed)
    print(f"\n{label}: {events:,} events built in {time.perf_counter() - started:.0f} s")
    app = create_app({"DATABASE_URL": url})
    with Session(app.extensions["engine"]) as session:
        admin = session.exec(select(User).where(User.email == "admin@demo.place")).one()
        council = session.exec(select(Organisation).where(
            Organisation.sector == "council_asc")).first()
        org_admin = User(email="x", password_hash="x", role="admin", place_id=admin.place_id,
                         organisation_id=council.id)
        for name, call in cases(session, admin, org_admin).items():
            p50, worst = timed(call)
            print(f"  {name:<34} p50 {p50:7.1f} ms   max {worst:7.1f} ms")
        if url.startswith("postgresql"):
            query = audit._filtered(audit._scope(select(AuditEvent), admin), audit.LogFilter())
            query = query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(PAGE)
            compiled = query.compile(app.extensions["engine"],
                                     compile_kwargs={"literal_binds": True})
            plan = session.execute(text(f"EXPLAIN {compiled}")).scalars().all()
            print("  plan of the first page:\n    " + "\n    ".join(plan[:8]))
    app.extensions["engine"].dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=300_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--pg", help="a PostgreSQL database of your own (its schema is rebuilt)")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f} {os.getloadavg()[1]:.1f} at start")
    with tempfile.TemporaryDirectory() as folder:
        run(f"sqlite:///{folder}/audit.db", "SQLite", args.events, args.seed)
    if args.pg:
        run(args.pg, "PostgreSQL", args.events, args.seed)
    print(f"load average {os.getloadavg()[0]:.1f} {os.getloadavg()[1]:.1f} at end")


if __name__ == "__main__":
    main()
