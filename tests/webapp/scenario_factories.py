"""Scenarios for tests: saved by the store, their results (when asked) from real solves."""

import json
from datetime import date, timedelta

from sqlmodel import select

from webapp.models import User
from webapp.services.scenarios import baseline, store
from webapp.services.scenarios.changes import Changes
from webapp.services.scenarios.work import Settings, work

LEAD = "lead@demo.place"
QUICK = Settings(time_limit=5, method="greedy")  # the deterministic baseline method, fast


def next_monday() -> date:
    today = date.today()
    return today + timedelta(days=7 - today.weekday())


def make_scenario(db, *, name="Test scenario", changes=None, seeds=(1, 2), with_result=False,
                  settings=QUICK):
    """Save a scenario of the whole demo place; optionally run it here (no queue)."""
    lead = db.exec(select(User).where(User.email == LEAD)).one()
    scenario = store.create(db, lead, name=name, starts_on=next_monday(), weeks=1,
                            locality_id=None,
                            changes=changes or Changes(staff_loss_pct=10, staff_loss_role="hca",
                                                       demand_growth_pct=5),
                            seeds=list(seeds))
    if with_result:
        result = work(baseline.load(db, scenario), store.from_json(scenario.changes),
                      list(seeds), settings)
        scenario.result = json.dumps(result)
    db.commit()
    return scenario
