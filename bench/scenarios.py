"""A batch of shortage scenarios on the demo place through real huey workers. Prints figures;
asserts nothing.

    python bench/scenarios.py [--staff 2500] [--seed 1] [--work 4] [--time-limit 300]
                              [--samples 1] [--fixes] [--workers 1 2]

On a fresh demo place (temporary SQLite), five scenarios of one week of the whole place
(10% HCA loss; 5% demand growth; delegation off; renewals lapse; 10% HCA loss + 5% growth)
are queued at once and run by a huey consumer with 1, then 2, worker threads (each scenario's
solves run in a child process with one CP-SAT worker, so two workers use two cores). Solves
are deterministic (`--work` CP-SAT work units each, the time limit only a safety net), so a
batch's work is fixed and the speed-up measures parallelism, not the clock. Each batch starts
with no kept baseline (the first scenario of the place solves it, the others reuse it).
Prints the batch's wall time and CPU seconds (as the solver processes report them) per
worker count, the load average, the speed-up, each scenario's time from start to finish,
and the peak memory of each scenario's solver process.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("INSTANCE_PATH", tempfile.mkdtemp(prefix="bench-scenarios-"))

from sqlmodel import Session, select  # noqa: E402

from webapp import create_app  # noqa: E402
from webapp.cli import rebuild_database  # noqa: E402
from webapp.models import JobRun, User  # noqa: E402
from webapp.models.scenario import Scenario  # noqa: E402
from webapp.services import demo  # noqa: E402
from webapp.services.scenarios import store  # noqa: E402
from webapp.services.scenarios.changes import Changes  # noqa: E402

BATCH = {
    "10% HCA loss": Changes(staff_loss_pct=10, staff_loss_role="hca"),
    "5% demand growth": Changes(demand_growth_pct=5),
    "Delegation off": Changes(delegation=False),
    "Renewals lapse": Changes(renewals_lapse=True),
    "10% HCA loss + 5% growth": Changes(staff_loss_pct=10, staff_loss_role="hca",
                                       demand_growth_pct=5),
}


def build(url: str, staff: int, seed: int, samples: int):
    app = create_app({"DATABASE_URL": url, "RATELIMIT_ENABLED": False})
    rebuild_database(app)
    start = date.today() + timedelta(days=7 - date.today().weekday())
    with Session(app.extensions["engine"]) as session:
        demo.build_demo_place(session, seed=seed, staff=staff, today=date.today())
        lead = session.exec(select(User).where(User.email == "lead@demo.place")).one()
        ids = [store.create(session, lead, name=name, starts_on=start, weeks=1,
                            locality_id=None, changes=changes,
                            seeds=list(range(1, samples + 1))).id
               for name, changes in BATCH.items()]
        session.commit()
    return app, ids


def batch(app, ids: list[int], workers: int, env: dict) -> dict:
    """Queue every scenario, run one consumer with this many workers, wait for them all."""
    from webapp.services.scenarios import runner

    queue_file = Path(os.environ["INSTANCE_PATH"]) / f"jobs-{workers}.db"
    env = env | {"HUEY_SQLITE_PATH": str(queue_file),
                 "SCENARIO_CACHE": tempfile.mkdtemp(prefix="baselines-")}
    os.environ["HUEY_SQLITE_PATH"] = str(queue_file)
    import importlib

    import webapp.jobs
    importlib.reload(webapp.jobs)  # the queue this batch's consumer reads
    with Session(app.extensions["engine"], expire_on_commit=False) as session:
        scenarios = [session.get(Scenario, i) for i in ids]
        for scenario in scenarios:
            runner.queue_run(session, None, scenario)
        session.commit()
        jobs = [s.job_id for s in scenarios]
    began = time.perf_counter()
    consumer = subprocess.Popen(
        [os.path.join(os.path.dirname(sys.executable), "huey_consumer"), "webapp.jobs.huey",
         "--workers", str(workers), "--delay", "0.1"], env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for scenario in scenarios:
            runner.enqueue(scenario)
        wall = wait(app, jobs)
    finally:
        consumer.terminate()
        consumer.wait(timeout=60)
    return {"wall": wall - 0 * began, "jobs": jobs, "busy": busy(app, jobs),
            "cpu": solver_cpu(app, jobs)}


def busy(app, jobs: list[int]) -> float:
    """Seconds from the first job's start to the last one's end (the consumer's start-up
    left out)."""
    with Session(app.extensions["engine"]) as session:
        rows = [session.get(JobRun, j) for j in jobs]
        return (max(r.finished_at for r in rows) - min(r.started_at for r in rows)).total_seconds()


def solver_cpu(app, jobs: list[int]) -> float:
    """CPU seconds the scenarios' solver processes used, as each reported it."""
    with Session(app.extensions["engine"]) as session:
        scenarios = session.exec(select(Scenario).where(Scenario.job_id.in_(jobs))).all()
        return sum(json.loads(s.result or "{}").get("cpu_seconds", 0.0) for s in scenarios)


def wait(app, jobs: list[int]) -> float:
    began = time.perf_counter()
    while True:
        with Session(app.extensions["engine"]) as session:
            states = [session.get(JobRun, j).status for j in jobs]
        if all(s in ("done", "failed", "cancelled") for s in states):
            return time.perf_counter() - began
        time.sleep(1)


def report(app, ids: list[int], jobs: list[int]) -> None:
    with Session(app.extensions["engine"]) as session:
        for sid, jid in zip(ids, jobs, strict=True):
            scenario, job = session.get(Scenario, sid), session.get(JobRun, jid)
            took = (job.finished_at - job.started_at).total_seconds() if job.started_at else 0
            if job.status != "done":
                print(f"  {scenario.name:26} {job.status}: {job.error}")
                continue
            result = json.loads(scenario.result)
            base, spread = result["baseline"], result["spread"]
            print(f"  {scenario.name:26} {took:6.1f} s, solver peak {result['peak_mb']:5} MB, "
                  f"fill {base['fill_rate']:.3f} -> {spread['fill_rate']['median']:.3f}, "
                  f"unmet visits {base['unmet_visits']} -> {spread['unmet_visits']['median']}"
                  f", fixes {len(result['fixes'])}, validator {base['validator']}, "
                  f"repeatable {result['runs'][0].get('repeatable', '?')[:3]}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--staff", type=int, default=2500)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=float, default=4.0,
                        help="CP-SAT work units per solve's day-by-day plan.")
    parser.add_argument("--time-limit", type=float, default=300.0,
                        help="Safety-net seconds per solve.")
    parser.add_argument("--samples", type=int, default=1, help="Seeds per scenario.")
    parser.add_argument("--fixes", action="store_true", help="Also measure the ranked fixes.")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    url = f"sqlite:///{os.environ['INSTANCE_PATH']}/bench.db"
    app, ids = build(url, args.staff, args.seed, args.samples)
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"} | {
        "DATABASE_URL": url, "SCENARIO_TIME_LIMIT": str(args.time_limit),
        "SCENARIO_WORK": str(args.work),
        "SCENARIO_FIXES": "1" if args.fixes else "0", "PYTHONPATH": str(ROOT)}
    print(f"{len(ids)} scenarios, {args.staff} staff, one week of the whole place, "
          f"{args.samples} sample(s) each, fixes {'on' if args.fixes else 'off'}, "
          f"{args.work:g} work units per solve ({args.time_limit:g} s safety net); "
          f"load {os.getloadavg()[0]:.2f}")
    walls, busies = {}, {}
    for workers in args.workers:
        result = batch(app, ids, workers, env)
        walls[workers], busies[workers] = result["wall"], result["busy"]
        print(f"\n{workers} worker(s): batch {result['wall']:.1f} s wall ({result['busy']:.1f} s "
              f"from the first start to the last end), {result['cpu']:.1f} CPU s "
              f"(load {os.getloadavg()[0]:.2f})")
        report(app, ids, result["jobs"])
    if 1 in walls and 2 in walls:
        print(f"\nspeed-up with 2 workers: {walls[1] / walls[2]:.2f}x "
              f"({busies[1] / busies[2]:.2f}x first start to last end)")


if __name__ == "__main__":
    main()
