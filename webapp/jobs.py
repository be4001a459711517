"""The job queue: huey on SQLite by default, on Redis when REDIS_URL is set.

Run a worker with `huey_consumer webapp.jobs.huey` (the Procfile's `worker`).
"""

import json
import os
from datetime import UTC, date, datetime

from huey import RedisHuey, SqliteHuey, crontab

from webapp import config


def make_huey():
    """Build the queue from the environment: Redis when REDIS_URL is set, else SQLite."""
    immediate = os.environ.get("HUEY_IMMEDIATE") == "1"
    if os.environ.get("REDIS_URL"):
        return RedisHuey("place-workforce", url=os.environ["REDIS_URL"], immediate=immediate)
    config.INSTANCE.mkdir(parents=True, exist_ok=True)
    path = os.environ.get("HUEY_SQLITE_PATH", str(config.INSTANCE / "jobs.db"))
    return SqliteHuey("place-workforce", filename=path, immediate=immediate)


huey = make_huey()
_app = None


def app():
    """Return the Flask app for jobs to work in (built once per worker)."""
    global _app
    if _app is None:
        from webapp import create_app

        _app = create_app()
    return _app


@huey.task()
def expiry_scan(job_id: int) -> dict:
    """Count passport entries expiring within 60, 30 and 0 days, per organisation."""
    from webapp.db import session_scope
    from webapp.models import JobRun
    from webapp.services.expiry import count_expiring

    with session_scope(app()) as session:
        job = session.get(JobRun, job_id)
        job.status = "running"
        session.commit()
        result = count_expiring(session, date.today())
        job.status, job.progress = "done", 100
        job.result = json.dumps(result)
        job.finished_at = datetime.now(UTC)
    return result


@huey.periodic_task(crontab(hour="6", minute="0"))
def daily_expiry_scan() -> None:
    """Every morning, queue the expiry scan."""
    from webapp.db import session_scope
    from webapp.services.expiry import queue_scan

    with session_scope(app()) as session:
        queue_scan(session)




@huey.task()
def solve_rota(job_id: int, rota_id: int) -> None:
    """Solve a rota (the solver runs in a child process this task can stop)."""
    from webapp.db import session_scope
    from webapp.services.rotas import runner

    flask_app = app()
    with session_scope(flask_app) as session:
        runner.run(session, job_id, rota_id,
                   time_limit=float(flask_app.config["ROTA_TIME_LIMIT"]))


@huey.periodic_task(crontab(minute="*"))
def reap_stale_jobs() -> None:
    """Every minute, mark jobs whose worker stopped beating as failed."""
    from datetime import timedelta

    from webapp.db import session_scope
    from webapp.services.rotas import runner

    flask_app = app()
    with session_scope(flask_app) as session:
        runner.reap_stale(session, timedelta(seconds=flask_app.config["JOB_LEASE_SECONDS"]))


@huey.task()
def run_scenario(job_id: int, scenario_id: int) -> None:
    """Run a scenario's solves (in a child process this task can stop)."""
    from webapp.db import session_scope
    from webapp.services.scenarios import runner

    flask_app = app()
    with session_scope(flask_app) as session:
        runner.run(session, job_id, scenario_id, runner.settings_from(flask_app.config))
