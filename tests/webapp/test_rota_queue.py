"""Rota solves through a real huey consumer (SQLite storage and Redis), and a worker killed
mid-solve leaves its job marked failed with the reason, never "running" for ever."""

import os
import signal
import subprocess
import sys
import time
from datetime import date, timedelta

import pytest
from sqlmodel import Session, create_engine, select

from webapp.models import JobRun, User
from webapp.models.rota import Rota
from webapp.services.rotas import generate

from .rota_factories import make_ward


def _prepare(template_db: str, tmp_path) -> str:
    import shutil

    path = tmp_path / "q.db"
    shutil.copy(template_db, path)
    url = f"sqlite:///{path}"
    engine = create_engine(url)
    with Session(engine) as session:
        team = make_ward(session, code="WQ", size=8)
        admin = session.exec(select(User).where(User.email == "admin@demo.place")).one()
        start = date.today() + timedelta(days=7 - date.today().weekday())
        generate.create(session, admin, generate.RotaRequest(team.id, None, False, start, 1))
        session.commit()
    engine.dispose()
    return url


def _consumer(env: dict) -> subprocess.Popen:
    bin_dir = os.path.dirname(sys.executable)
    return subprocess.Popen([os.path.join(bin_dir, "huey_consumer"), "webapp.jobs.huey",
                             "--workers", "1", "--delay", "0.1"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _env(url: str, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")}
    return dict(env, DATABASE_URL=url, **extra)


def _queue(url: str, env: dict) -> None:
    """Queue the rota's job from a separate process configured like the web app."""
    code = ("from sqlmodel import Session, create_engine, select\n"
            "from webapp.models.rota import Rota\n"
            "from webapp.services.rotas import generate\n"
            f"e = create_engine({url!r})\n"
            "with Session(e) as s:\n"
            "    generate.queue(s.exec(select(Rota)).one())\n")
    subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True)


def _wait(url: str, done, seconds: float = 120) -> tuple[Rota, JobRun]:
    engine = create_engine(url)
    deadline = time.monotonic() + seconds
    try:
        while time.monotonic() < deadline:
            with Session(engine) as session:
                rota = session.exec(select(Rota)).one()
                job = session.get(JobRun, rota.job_id)
                if done(rota, job):
                    return rota, job
            time.sleep(0.3)
        pytest.fail("the job did not reach the expected state in time")
    finally:
        engine.dispose()


def _solve_through(url: str, env: dict) -> tuple[Rota, JobRun]:
    worker = _consumer(env)
    try:
        _queue(url, env)
        return _wait(url, lambda rota, job: job.status in ("done", "failed"))
    finally:
        worker.terminate()
        worker.wait(timeout=30)


def test_sqlite_queue_solves_a_rota(template_db, tmp_path):
    """Does a rota queued on huey's SQLite storage come back drafted from a real worker?"""
    url = _prepare(template_db, tmp_path)
    env = _env(url, HUEY_SQLITE_PATH=str(tmp_path / "jobs.db"), ROTA_TIME_LIMIT="5")
    rota, job = _solve_through(url, env)
    assert (job.status, rota.status) == ("done", "draft"), job.error


@pytest.mark.services
def test_redis_queue_solves_a_rota(template_db, tmp_path, redis_url):
    """Does the same solve run through Redis when REDIS_URL is set?"""
    import redis

    redis.Redis.from_url(redis_url).flushdb()
    url = _prepare(template_db, tmp_path)
    rota, job = _solve_through(url, _env(url, REDIS_URL=redis_url, ROTA_TIME_LIMIT="5"))
    assert (job.status, rota.status) == ("done", "draft"), job.error


def test_killed_worker_leaves_the_job_failed_with_a_reason(template_db, tmp_path):
    """Is a job whose worker is killed mid-solve marked failed once its lease runs out?"""
    from webapp import create_app

    url = _prepare(template_db, tmp_path)
    env = _env(url, HUEY_SQLITE_PATH=str(tmp_path / "jobs.db"), ROTA_TIME_LIMIT="120")
    worker = _consumer(env)
    try:
        _queue(url, env)
        _wait(url, lambda rota, job: job.status == "running" and job.heartbeat_at is not None)
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
    app = create_app({"TESTING": True, "DATABASE_URL": url, "JOB_LEASE_SECONDS": 3,
                      "RATELIMIT_ENABLED": False})
    time.sleep(5)
    client = app.test_client()
    from .conftest import csrf_token

    client.post("/login", data={"email": "admin@demo.place", "password": "demo-password-2026",
                                "csrf_token": csrf_token(client)})
    with Session(app.extensions["engine"]) as session:
        rota = session.exec(select(Rota)).one()
    page = client.get(f"/rotas/{rota.id}").get_data(as_text=True)
    assert "The solve failed" in page and "no heartbeat since" in page
    with Session(app.extensions["engine"]) as session:
        rota = session.exec(select(Rota)).one()
        job = session.get(JobRun, rota.job_id)
        assert (rota.status, job.status) == ("failed", "failed")
        assert "the worker stopped responding" in job.error
    app.extensions["engine"].dispose()
