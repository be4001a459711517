"""Time the passport, staff-search and compliance pages on a 25,000-staff demo place, on SQLite
and PostgreSQL. Prints figures; asserts nothing.

    python bench/web_passport.py [--staff 25000] [--requests 200] [--db sqlite,postgresql]
                                 [--pg-url postgresql://postgres@127.0.0.1:5432/bench_db]
                                 [--rebuild]

The place (`flask demo-place --staff N`, seed 1) is built once per database and reused: the
SQLite file is cached in /tmp; the PostgreSQL database (BENCH_DATABASE_URL or --pg-url, never
a shared one) is rebuilt only when it does not hold a place of that size. Each page is asked
for in-process through Flask's test client (so no HTTP or gunicorn time), signed in as the
page's user, and timed two ways per request: wall-clock server time and this process's CPU
time (Python, Jinja, the driver; PostgreSQL's own CPU is in the other process). The first
request of each page warms caches and is left out.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("INSTANCE_PATH", tempfile.mkdtemp(prefix="bench-web-"))

from sqlalchemy import create_engine, func, text  # noqa: E402
from sqlmodel import Session, select  # noqa: E402

from webapp import create_app, serving  # noqa: E402
from webapp.cli import upgrade_database  # noqa: E402
from webapp.models import EmploymentContract, Organisation, StaffMember  # noqa: E402
from webapp.models.demand import Team, TeamMember  # noqa: E402
from webapp.services import demo  # noqa: E402

CACHE = Path(tempfile.gettempdir()) / "bench-web-passport"
PG_DEFAULT = "postgresql://postgres@127.0.0.1:5432/bench_web_passport"


def _staff_count(url: str) -> int:
    app = create_app({"DATABASE_URL": url})
    try:
        with Session(app.extensions["engine"]) as session:
            return session.exec(select(func.count()).select_from(StaffMember)).one()
    except Exception:  # noqa: BLE001 (no tables yet: nothing to reuse)
        return 0
    finally:
        app.extensions["engine"].dispose()


def _empty(url: str) -> None:
    """Empty the database: a SQLite file is removed, a PostgreSQL schema dropped."""
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
        return
    _create_database(url)
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def _create_database(url: str) -> None:
    """Create the bench's PostgreSQL database on a fresh server (a clean machine has only
    `postgres` and `test`)."""
    base, name = url.rsplit("/", 1)
    server = create_engine(f"{base}/postgres".replace("postgresql://", "postgresql+psycopg://", 1),
                           isolation_level="AUTOCOMMIT")
    with server.connect() as conn:
        found = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
        if not found.first():
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    server.dispose()


def ensure_place(url: str, staff: int, rebuild: bool) -> str:
    """Build the demo place unless the database already holds one of this size."""
    if not rebuild and _staff_count(url) == staff:
        _analyse(url)
        return "reused"
    _empty(url)
    app = create_app({"DATABASE_URL": url})
    upgrade_database(app)
    started = time.perf_counter()
    with Session(app.extensions["engine"]) as session:
        demo.build_demo_place(session, seed=1, staff=staff, today=date.today())
        session.commit()
    app.extensions["engine"].dispose()
    _analyse(url)
    return f"built in {time.perf_counter() - started:.0f} s"


def _analyse(url: str) -> None:
    """Give PostgreSQL's planner the statistics autovacuum would have gathered by now (a
    freshly loaded place otherwise gets row estimates of 1 and nested loops everywhere)."""
    if url.startswith("sqlite"):
        return
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1),
                           isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("VACUUM ANALYZE"))
    engine.dispose()


def signed_in(app, email: str):
    import re

    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    answer = client.post("/login", data={"email": email, "password": demo.DEMO_PASSWORD,
                                         "csrf_token": token})
    assert answer.status_code == 302, email
    return client


def timed(client, urls: list[str], headers=None) -> tuple[list[float], list[float], int]:
    """Return wall and CPU milliseconds per request, and the largest response in bytes."""
    client.get(urls[0], headers=headers)  # warm
    wall, cpu, size = [], [], 0
    for url in urls:
        w, c = time.perf_counter(), time.process_time()
        response = client.get(url, headers=headers)
        wall.append((time.perf_counter() - w) * 1000)
        cpu.append((time.process_time() - c) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        size = max(size, len(response.data))
    return wall, cpu, size


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]


def report(label: str, result) -> None:
    wall, cpu, size = result
    print(f"  {label:44s} p50 {statistics.median(wall):7.1f}  p95 {p95(wall):7.1f} ms"
          f"   CPU p50 {statistics.median(cpu):7.1f}  p95 {p95(cpu):7.1f} ms"
          f"   {size / 1000:6.0f} kB  ({len(wall)} requests)")


def samples(url: str) -> dict:
    """Pick the pages' inputs: staff ids, name fragments, a team nearest 300 staff."""
    app = create_app({"DATABASE_URL": url})
    with Session(app.extensions["engine"]) as session:
        members = session.exec(select(StaffMember.id, StaffMember.family_name)).all()
        sizes = session.exec(select(Team.id, Team.organisation_id, func.count())
                             .join(TeamMember, TeamMember.team_id == Team.id)
                             .group_by(Team.id, Team.organisation_id)).all()
        orgs = session.exec(select(Organisation.id, func.count(EmploymentContract.id))
                            .join(EmploymentContract).group_by(Organisation.id)).all()
    app.extensions["engine"].dispose()
    team = min(sizes, key=lambda t: abs(t[2] - 300))
    return {"members": members, "team": team, "largest": max(orgs, key=lambda o: o[1])}


def run(url: str, label: str, staff: int, requests: int, rebuild: bool) -> None:
    print(f"\n== {label}: {staff} staff, place {ensure_place(url, staff, rebuild)} ==")
    found = samples(url)
    rng = random.Random(1)
    app = create_app({"DATABASE_URL": url, "RATELIMIT_ENABLED": False})
    lead = signed_in(app, "lead@demo.place")
    serving.settle_heap()  # as a gunicorn worker does once the app is loaded
    ids = [m for m, _ in found["members"]]
    report("/staff/<id>/passport (lead, random)", timed(
        lead, [f"/staff/{rng.choice(ids)}/passport" for _ in range(requests)]))
    report("/me/passport (carer)", timed(signed_in(app, "carer@demo.place"),
                                         ["/me/passport"] * requests))
    terms = [name[:3].lower() for _, name in rng.sample(found["members"], requests)]
    report("/staff?q=<3 letters> (htmx results)", timed(
        lead, [f"/staff?q={t}" for t in terms], headers={"HX-Request": "true"}))
    team, org, n = found["team"]
    few = max(10, requests // 4)
    report(f"/compliance team of {n} staff", timed(
        lead, [f"/compliance?organisation={org}&team={team}"] * few))
    org, n = found["largest"]
    whole = 5  # whole-organisation and place-wide pages take seconds: a few requests each
    report(f"/compliance organisation of {n} contracts, p.1", timed(
        lead, [f"/compliance?organisation={org}"] * whole))
    report(f"/compliance organisation of {n}, page 20", timed(
        lead, [f"/compliance?organisation={org}&page=20"] * whole))
    report("/compliance place summary (lead)", timed(lead, ["/compliance"] * whole))
    app.extensions["engine"].dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--staff", type=int, default=25_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--db", default="sqlite,postgresql")
    parser.add_argument("--pg-url", default=os.environ.get("BENCH_DATABASE_URL", PG_DEFAULT))
    parser.add_argument("--rebuild", action="store_true", help="build the place again")
    args = parser.parse_args()
    load = os.getloadavg()
    print(f"{date.today()}, {os.cpu_count()} cores, Python {sys.version.split()[0]}, "
          f"load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    CACHE.mkdir(exist_ok=True)
    if "sqlite" in args.db:
        run(f"sqlite:///{CACHE}/place-{args.staff}.db", "SQLite", args.staff, args.requests,
            args.rebuild)
    if "postgresql" in args.db:
        run(args.pg_url, "PostgreSQL " + args.pg_url.split("@")[-1], args.staff, args.requests,
            args.rebuild)
    load = os.getloadavg()
    print(f"\nload average at the end {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")


if __name__ == "__main__":
    main()
