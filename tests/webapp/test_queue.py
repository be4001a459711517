"""The job queue for real: a huey consumer process runs a queued job against the database,
on SQLite storage and on Redis."""

import json
import os
import subprocess
import sys
import time
from datetime import date

import pytest
from sqlmodel import Session, create_engine, select

from webapp.cli import upgrade_database
from webapp.models import JobRun, Organisation
from webapp.services import demo


def _env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")}
    env.update(extra)
    return env


def _run_scan_through_worker(database: str, env: dict) -> JobRun:
    """Queue the expiry scan with the CLI, let a real consumer run it, wait for the row."""
    bin_dir = os.path.dirname(sys.executable)
    env = dict(env, DATABASE_URL=database)
    worker = subprocess.Popen(
        [
            os.path.join(bin_dir, "huey_consumer"),
            "webapp.jobs.huey",
            "--workers",
            "1",
            "--delay",
            "0.1",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        subprocess.run(
            [os.path.join(bin_dir, "flask"), "--app", "webapp", "expiry-scan"],
            env=env,
            check=True,
            capture_output=True,
        )
        return _wait_for_job(database)
    finally:
        worker.terminate()
        worker.wait(timeout=10)


def _wait_for_job(database: str, seconds: float = 60) -> JobRun:
    engine = create_engine(database)
    deadline = time.monotonic() + seconds
    try:
        while time.monotonic() < deadline:
            with Session(engine) as session:
                job = session.exec(select(JobRun)).first()
                if job is not None and job.status in ("done", "failed"):
                    return job
            time.sleep(0.2)
        pytest.fail("the worker did not finish the job in time")
    finally:
        engine.dispose()


def _prepared_database(app_factory, url: str) -> None:
    app = app_factory({"TESTING": True, "DATABASE_URL": url})
    upgrade_database(app)
    with Session(app.extensions["engine"]) as session:
        demo.build_demo_place(session, seed=3, staff=60, today=date.today())
        session.commit()
    app.extensions["engine"].dispose()


def test_sqlite_queue_runs_job(tmp_path):
    """Does a job queued on huey's SQLite storage run in a separate worker process?"""
    from webapp import create_app

    url = f"sqlite:///{tmp_path / 'q.db'}"
    _prepared_database(create_app, url)
    job = _run_scan_through_worker(url, _env(HUEY_SQLITE_PATH=str(tmp_path / "jobs.db")))
    assert job.status == "done", job.error
    result = json.loads(job.result)
    engine = create_engine(url)
    with Session(engine) as session:
        names = set(session.exec(select(Organisation.name)))
    engine.dispose()
    assert set(result) == names
    assert all(
        set(counts) == {"expired", "within_30_days", "within_60_days"} for counts in result.values()
    )


@pytest.mark.services
def test_redis_queue_runs_job(tmp_path, redis_url):
    """Does the same job run through Redis when REDIS_URL is set?"""
    import redis

    from webapp import create_app

    redis.Redis.from_url(redis_url).flushdb()
    url = f"sqlite:///{tmp_path / 'r.db'}"
    _prepared_database(create_app, url)
    job = _run_scan_through_worker(url, _env(REDIS_URL=redis_url))
    assert job.status == "done", job.error
    assert sum(c["expired"] for c in json.loads(job.result).values()) > 0
