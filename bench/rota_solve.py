"""Rotas from the database, through the same job code the web app queues. Prints figures;
asserts nothing.

    python bench/rota_solve.py [--staff 2500] [--seed 1] [--skip-place] [--grid-only] [--pg URL]

On a fresh demo place (temporary SQLite; --pg also times the grid page on PostgreSQL):
  1. the demo manager's home-care week (place engine, 60 s job): fill, bound, greedy baseline;
  2. the trust ward, four weeks (roster engine, 60 s job): fill, objective and bound;
  3. the whole place for one week (place engine, 300 s job): fill, peak memory of the solver;
  4. the rota grid page for 60 staff x 28 days: p95 server time over 60 requests.
Every job's answer passed its engine's independent validator before it was stored (the
validator line says so).
"""

import argparse
import json
import os
import re
import statistics
import sys
import tempfile
import threading
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("INSTANCE_PATH", tempfile.mkdtemp(prefix="bench-rota-"))

from sqlmodel import Session, select  # noqa: E402

import optimizer.place as place_engine  # noqa: E402
from webapp import create_app, serving  # noqa: E402
from webapp.cli import rebuild_database  # noqa: E402
from webapp.models import JobRun, User  # noqa: E402
from webapp.models.demand import Team, TeamManager, TeamMember  # noqa: E402
from webapp.models.rota import Rota, RotaAssignment  # noqa: E402
from webapp.services import demo  # noqa: E402
from webapp.services.rotas import generate, runner  # noqa: E402
from webapp.services.rotas.problem import build_input  # noqa: E402


def monday() -> date:
    today = date.today()
    return today + timedelta(days=7 - today.weekday())


def build(url: str, staff: int, seed: int):
    app = create_app({"DATABASE_URL": url, "RATELIMIT_ENABLED": False})
    rebuild_database(app)
    with Session(app.extensions["engine"]) as session:
        demo.build_demo_place(session, seed=seed, staff=staff, today=date.today())
        session.commit()
    return app


class PeakSampler:
    """The largest resident size of any process below this one while the block runs, sampled
    every 0.2 s: the solver runs in a child of the job queue's fork server, a grandchild that
    this process never waits for, so its own rusage of children does not see it."""

    def __enter__(self):
        self.mb, self._done = 0.0, threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._done.set()
        self._thread.join()

    def _sample(self) -> None:
        while not self._done.wait(0.2):
            self.mb = max([self.mb, *map(_rss_mb, _descendants(os.getpid()))])


def _descendants(root: int) -> list[int]:
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended while we looked
        parents[int(stat.parent.name)] = int(fields[1])
    found, frontier = [], [root]
    while frontier:
        kids = [pid for pid, ppid in parents.items() if ppid in frontier]
        found += kids
        frontier = kids
    return found


def _rss_mb(pid: int) -> float:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    line = next((x for x in status.splitlines() if x.startswith("VmRSS:")), "VmRSS: 0 kB")
    return int(line.split()[1]) / 1024


def solve(app, who: str, request: generate.RotaRequest, limit: float) -> dict:
    """Create and run one rota job in this process (the solver in its child); figures."""
    with Session(app.extensions["engine"], expire_on_commit=False) as session:
        user = session.exec(select(User).where(User.email == who)).one()
        rota = generate.create(session, user, request)
        session.commit()
        began = time.perf_counter()
        with PeakSampler() as peak:
            runner.run(session, rota.job_id, rota.id, time_limit=limit)
        wall = time.perf_counter() - began
        session.refresh(rota)
        job = session.get(JobRun, rota.job_id)
        summary = json.loads(rota.summary or "{}")
        return {"rota": rota, "wall": wall, "status": rota.status, "error": job.error,
                "summary": summary, "peak_mb": peak.mb}


def show(title: str, result: dict) -> None:
    s = result["summary"]
    print(f"\n{title}")
    print(f"  job {result['status']} in {result['wall']:.1f} s wall"
          + (f" ({result['error']})" if result["error"] else ""))
    if s:
        bound = f", upper bound {s['fill_rate_bound']:.4f}" if "fill_rate_bound" in s else ""
        print(f"  fill {s['fill_rate']:.4f}{bound}; {s['assignments']} assignments, "
              f"{s['unfilled']} unfilled")
        print(f"  objective {s['objective']} (bound {s['bound']}); validator: {s['validator']}")


def greedy_fill(app, rota: Rota) -> float:
    with Session(app.extensions["engine"]) as session:
        data = build_input(session, rota)
    return place_engine.solve(data.problem, 60, "greedy").summary.fill_rate


def team_of(app, email: str, kind: str) -> Team:
    with Session(app.extensions["engine"]) as session:
        user = session.exec(select(User).where(User.email == email)).one()
        return session.exec(select(Team).join(TeamManager, TeamManager.team_id == Team.id).where(
            TeamManager.user_id == user.id, Team.kind == kind)).first()


def grid_rota(app) -> int:
    """A drafted four-week rota of 60 staff, one shift a day each on five days in seven."""
    with Session(app.extensions["engine"]) as session:
        user = session.exec(select(User).where(User.email == "admin@demo.place")).one()
        ward = session.exec(select(Team).where(Team.kind == "ward")).first()
        members = session.exec(select(TeamMember.staff_member_id).where(
            TeamMember.team_id == ward.id)).all()
        others = session.exec(select(TeamMember.staff_member_id).where(
            TeamMember.team_id != ward.id)).all()
        staff = list(dict.fromkeys(list(members) + list(others)))[:60]
        rota = Rota(place_id=user.place_id, team_id=ward.id, starts_on=monday(), weeks=4,
                    engine="roster", status="draft", created_by_user_id=user.id,
                    created_at=datetime.now(UTC))
        session.add(rota)
        session.flush()
        for n, sid in enumerate(staff):
            if sid not in members:  # the demo ward has about 40: widen it to 60 for this page
                session.add(TeamMember(team_id=ward.id, staff_member_id=sid))
            for d in range(28):
                if (d + n) % 7 < 5:
                    at = datetime.combine(rota.starts_on + timedelta(days=d),
                                          datetime.min.time(), UTC) + timedelta(hours=7)
                    session.add(RotaAssignment(rota_id=rota.id, staff_member_id=sid,
                                               organisation_id=ward.organisation_id,
                                               day=at.date(), starts_at=at,
                                               ends_at=at + timedelta(hours=8)))
        session.commit()
        return rota.id


def time_grid(app, rota_id: int, requests: int = 60) -> list[float]:
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    client.post("/login", data={"email": "admin@demo.place", "password": demo.DEMO_PASSWORD,
                                "csrf_token": token})
    client.get(f"/rotas/{rota_id}")
    serving.settle_heap()  # as a gunicorn worker does once the app is loaded
    times = []
    for _ in range(requests):
        began = time.perf_counter()
        response = client.get(f"/rotas/{rota_id}")
        times.append(time.perf_counter() - began)
        assert response.status_code == 200
    return times


def print_grid(label: str, times: list[float]) -> None:
    p95 = statistics.quantiles(times, n=20)[-1]
    print(f"  {label}: median {statistics.median(times) * 1000:.0f} ms, "
          f"p95 {p95 * 1000:.0f} ms over {len(times)} requests")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--staff", type=int, default=2500)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip-place", action="store_true", help="skip the whole-place week")
    parser.add_argument("--pg", default=None, help="PostgreSQL URL for the grid timing too")
    parser.add_argument("--grid-only", action="store_true", help="only time the grid page")
    args = parser.parse_args()
    path = Path(os.environ["INSTANCE_PATH"]) / "bench.db"
    began = time.perf_counter()
    app = build(f"sqlite:///{path}", args.staff, args.seed)
    print(f"demo place: {args.staff} staff, seed {args.seed}, built in "
          f"{time.perf_counter() - began:.1f} s; {os.cpu_count()} cores")
    if not args.grid_only:
        solve_all(app, args)
    print("\n4. rota grid page, 60 staff x 28 days")
    print_grid("SQLite", time_grid(app, grid_rota(app)))
    if args.pg:
        pg = build(args.pg, args.staff, args.seed)
        print_grid("PostgreSQL", time_grid(pg, grid_rota(pg)))


def solve_all(app, args) -> None:
    care = team_of(app, "manager@demo.place", "home_care")
    result = solve(app, "manager@demo.place",
                   generate.RotaRequest(care.id, None, False, monday(), 1), 60)
    show(f"1. home-care week, {care.name} (place engine, 60 s job)", result)
    print(f"  greedy baseline fill {greedy_fill(app, result['rota']):.4f}")
    ward = team_of(app, "wardmanager@demo.place", "ward")
    show(f"2. ward, four weeks, {ward.name} (roster engine, 60 s job)", solve(
        app, "wardmanager@demo.place", generate.RotaRequest(ward.id, None, False, monday(), 4),
        60))
    if not args.skip_place:
        result = solve(app, "lead@demo.place",
                       generate.RotaRequest(None, None, True, monday(), 1), 300)
        show("3. whole place, one week (place engine, 300 s job)", result)
        print(f"  peak memory of the solver process: {result['peak_mb']:.0f} MB (sampled)")


if __name__ == "__main__":
    main()
