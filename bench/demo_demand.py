"""Build demo places and print their demand: team sizes, weekly visits, cover, leave, and how
long the demand took to build beside the whole demo. Prints figures; asserts nothing.

    python bench/demo_demand.py [--staff 150 2500 25000] [--seed 1]

Runs on SQLite; when DATABASE_URL is set, on that database instead (it is emptied first).
"""

import argparse
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("INSTANCE_PATH", tempfile.mkdtemp(prefix="bench-demand-"))

from sqlalchemy import func  # noqa: E402
from sqlmodel import Session, select  # noqa: E402

from webapp import create_app  # noqa: E402
from webapp.cli import rebuild_database, upgrade_database  # noqa: E402
from webapp.models.demand import CarePackage, CareVisitPlan, Team, TeamMember  # noqa: E402
from webapp.services import demo, demo_rotas  # noqa: E402


def build(url: str, staff: int, seed: int) -> None:
    app = create_app({"DATABASE_URL": url})
    rebuild_database(app) if url.startswith("postgresql") else upgrade_database(app)
    timings = {}
    builder = demo_rotas.build_demand

    def timed(*args, **kwargs):  # time the demand part of the build on its own
        started = time.perf_counter()
        timings["summary"] = builder(*args, **kwargs)
        timings["demand"] = time.perf_counter() - started
        return timings["summary"]

    demo.demo_rotas.build_demand = timed
    started = time.perf_counter()
    with Session(app.extensions["engine"]) as session:
        demo.build_demo_place(session, seed=seed, staff=staff, today=date.today())
        whole = time.perf_counter() - started
        print(f"\n{staff} staff, seed {seed}: whole demo {whole:.1f} s, demand "
              f"{timings['demand']:.1f} s; {timings['summary']}")
        for team in session.exec(select(Team).order_by(Team.id)):
            print(f"  {team.code:<16} {team.kind:<10} {members(session, team.id):>4} members "
                  f"{visits(session, team.id):>6} visits a week  {team.name}")
    demo.demo_rotas.build_demand = builder
    app.extensions["engine"].dispose()


def members(session, team_id: int) -> int:
    return session.exec(select(func.count()).select_from(TeamMember)
                        .where(TeamMember.team_id == team_id)).one()


def visits(session, team_id: int) -> int:
    plans = session.exec(select(CareVisitPlan.weekdays).join(CarePackage)
                         .where(CarePackage.team_id == team_id))
    return sum(days.bit_count() for days in plans)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--staff", type=int, nargs="+", default=[150, 2500, 25000])
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    for staff in args.staff:
        url = os.environ.get("DATABASE_URL") or \
            f"sqlite:///{tempfile.mkdtemp(prefix='demand-')}/demo.db"
        build(url, staff, args.seed)


if __name__ == "__main__":
    main()
