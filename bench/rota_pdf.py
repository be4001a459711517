"""Time the rota outputs on a demo place: a 60-staff, 4-week team rota PDF, a locality's
daily visit lists (about 40 carers, 500 visits) and /me/shifts on the 25,000-staff place.
Prints figures; asserts nothing.

    python bench/rota_pdf.py [--staff 25000] [--requests 200]

SQLite in a temporary folder; with DATABASE_URL set, that database instead (it is rebuilt).
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("INSTANCE_PATH", tempfile.mkdtemp(prefix="bench-rota-pdf-"))

from flask import render_template  # noqa: E402
from sqlmodel import Session, select  # noqa: E402

from tests.webapp.rota_outputs_factories import published_visits, published_ward  # noqa: E402
from webapp import create_app  # noqa: E402
from webapp.cli import rebuild_database  # noqa: E402
from webapp.models import User  # noqa: E402
from webapp.services import demo  # noqa: E402
from webapp.services.rota_outputs import render, team, visits  # noqa: E402
from webapp.services.rotas.clock import wall_clock  # noqa: E402


def build(app, staff: int) -> float:
    started = time.perf_counter()
    rebuild_database(app)
    with Session(app.extensions["engine"]) as session:
        demo.build_demo_place(session, seed=1, staff=staff, today=date.today())
        session.commit()
    return time.perf_counter() - started


def team_pdf(app, db) -> None:
    carer = db.exec(select(User).where(User.email == "carer@demo.place")).one()
    rota, _ = published_ward(db, size=60, weeks=4, code="BENCH60",
                             extra_staff=(carer.staff_member_id,))
    with app.test_request_context():
        started, cpu = time.perf_counter(), time.process_time()
        context = team.context(db, rota)
        html = render_template("pdf/rota.html", printed_at=wall_clock(rota.published_at),
                               **context)
        document = render.document(html)
        data = document.write_pdf()
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"team rota PDF: {len(context['grid'])} staff x {len(context['days'])} days, "
          f"{len(document.pages)} pages, {len(data) / 1024:.0f} KiB: {seconds:.2f} s "
          f"({cpu:.2f} s CPU; target 3 s or less)")


def visit_pdf(app, db) -> None:
    rota, home = published_visits(db, code="BENCH40", size=40, people=250, visits_per_person=2)
    with app.test_request_context():
        started, cpu = time.perf_counter(), time.process_time()
        lists = visits.day_lists(db, rota, rota.starts_on, locality_id=home.locality_id)
        html = render_template("pdf/visits.html", rota=rota, day=rota.starts_on, lists=lists,
                               scope="bench", printed_at=wall_clock(rota.published_at))
        document = render.document(html)
        document.write_pdf()
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    count = sum(len(d.visits) for d in lists)
    print(f"locality visit lists PDF: {len(lists)} carers, {count} visits, "
          f"{len(document.pages)} pages: {seconds:.2f} s ({cpu:.2f} s CPU; target 5 s or less)")


def me_shifts(app, requests: int) -> None:
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    client.post("/login", data={"email": "carer@demo.place", "password": demo.DEMO_PASSWORD,
                                "csrf_token": token})
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get("/me/shifts")
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    print(f"/me/shifts ({requests} requests, in-process server time): "
          f"p50 {statistics.median(times):.1f} ms, p95 {p95:.1f} ms (target 50 ms or less)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--staff", type=int, default=25000)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    app = create_app({"DATABASE_URL": url, "RATELIMIT_ENABLED": False})
    print(f"demo place of {args.staff:,} staff on {url.split(':')[0]}: "
          f"built in {build(app, args.staff):.1f} s; load {os.getloadavg()[0]:.2f}")
    render.document("<p>warm up</p>")  # a running server has WeasyPrint imported already
    with Session(app.extensions["engine"], expire_on_commit=False) as db:
        team_pdf(app, db)
        visit_pdf(app, db)
    me_shifts(app, args.requests)
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
