"""Build a 25,000-staff demo place and time the passport and compliance pages through a real
WSGI server (gunicorn). Prints figures; asserts nothing.

    python bench/web_passport.py [--staff 25000] [--requests 1000]

Runs on SQLite; when DATABASE_URL is set, runs again on that database (e.g. PostgreSQL).
"""

import argparse
import http.cookiejar
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("INSTANCE_PATH", tempfile.mkdtemp(prefix="bench-web-"))

from sqlalchemy import func  # noqa: E402
from sqlmodel import Session, select  # noqa: E402

from webapp import create_app  # noqa: E402
from webapp.cli import rebuild_database  # noqa: E402
from webapp.models import EmploymentContract, Organisation, StaffMember, User  # noqa: E402
from webapp.services import demo  # noqa: E402

PASSWORD = demo.DEMO_PASSWORD


def build(url: str, staff: int, seed: int) -> float:
    """Build the demo place on an empty database; return the seconds it took."""
    app = create_app({"DATABASE_URL": url})
    rebuild_database(app)
    started = time.perf_counter()
    with Session(app.extensions["engine"]) as session:
        demo.build_demo_place(session, seed=seed, staff=staff, today=date.today())
        session.commit()
    seconds = time.perf_counter() - started
    app.extensions["engine"].dispose()
    return seconds


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(url: str):
    port = free_port()
    env = dict(os.environ, DATABASE_URL=url)
    gunicorn = Path(sys.executable).parent / "gunicorn"
    proc = subprocess.Popen([str(gunicorn), "--workers", "2", "--bind", f"127.0.0.1:{port}",
                             "webapp:create_app()"], env=env, cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/health", timeout=1)
            return proc, base
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("gunicorn did not start")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def signed_in(base: str, email: str):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())
    page = opener.open(base + "/login").read().decode()
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"email": email, "password": PASSWORD, "csrf_token": token})
    try:
        opener.open(base + "/login", data=data.encode())
    except urllib.error.HTTPError as answer:  # the 302 to the landing page
        assert answer.code == 302, answer.code
    return opener


def timed(opener, urls: list[str]) -> list[float]:
    times = []
    for url in urls:
        started = time.perf_counter()
        response = opener.open(url)
        response.read()
        assert response.status == 200, url
        times.append((time.perf_counter() - started) * 1000)
    return times


def p(times: list[float], q: int) -> float:
    return statistics.quantiles(times, n=100)[q - 1]


def org_near(url: str, size: int):
    """Return (organisation id, staff in post) of the organisation nearest `size` staff."""
    app = create_app({"DATABASE_URL": url})
    with Session(app.extensions["engine"]) as session:
        counts = session.exec(select(Organisation.id, func.count(EmploymentContract.id))
                              .join(EmploymentContract).group_by(Organisation.id)).all()
        ids = list(session.exec(select(StaffMember.id)))
        carer = session.exec(select(User).where(User.email == "carer@demo.place")).one()
    app.extensions["engine"].dispose()
    org_id, n = min(counts, key=lambda c: abs(c[1] - size))
    return org_id, n, ids, carer.staff_member_id


def run(url: str, label: str, staff: int, requests: int) -> None:
    print(f"\n== {label} ==")
    seconds = build(url, staff, seed=1)
    print(f"demo place build: {staff} staff in {seconds:.1f} s")
    _, _, ids, _ = org_near(url, 300)
    proc, base = serve(url)
    try:
        carer = signed_in(base, "carer@demo.place")
        mine = timed(carer, [base + "/me/passport"] * requests)
        lead = signed_in(base, "lead@demo.place")
        rng = random.Random(1)
        other = timed(lead, [f"{base}/staff/{rng.choice(ids)}/passport" for _ in range(requests)])
        print(f"/me/passport            p50 {p(mine, 50):6.1f} ms  p95 {p(mine, 95):6.1f} ms"
              f"  ({requests} requests)")
        print(f"/staff/<id>/passport    p50 {p(other, 50):6.1f} ms  p95 {p(other, 95):6.1f} ms"
              f"  ({requests} requests, random members)")
    finally:
        proc.terminate()
        proc.wait()
    compliance(url, label)


def compliance(url: str, label: str) -> None:
    """Time /compliance for the organisation nearest 300 staff in a 3,000-staff place."""
    build(url, 3000, seed=2)
    org_id, n, _, _ = org_near(url, 300)
    proc, base = serve(url)
    try:
        lead = signed_in(base, "lead@demo.place")
        times = timed(lead, [f"{base}/compliance?organisation={org_id}"] * 50)
        print(f"/compliance ({n} staff)  p50 {p(times, 50):6.1f} ms  p95 {p(times, 95):6.1f} ms"
              f"  (50 requests)")
    finally:
        proc.terminate()
        proc.wait()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--staff", type=int, default=25_000)
    parser.add_argument("--requests", type=int, default=1000)
    args = parser.parse_args()
    print(f"{date.today()}, {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    sqlite = f"sqlite:///{tempfile.mkdtemp(prefix='bench-')}/bench.db"
    run(sqlite, "SQLite", args.staff, args.requests)
    if os.environ.get("DATABASE_URL"):
        from webapp.config import database_url

        run(database_url(), "DATABASE_URL (" + database_url().split("@")[-1] + ")",
            args.staff, args.requests)


if __name__ == "__main__":
    main()
