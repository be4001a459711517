"""Load the passport page and the staff list with wrk, signed in, against gunicorn served as
`make run` serves it (2 sync workers). Prints figures and every non-200; asserts nothing.

    python bench/load_passport.py [--staff 2500] [--connections 16] [--seconds 60]

Needs wrk (apt-get install wrk). Builds the demo place on a fresh SQLite database in a
temporary instance folder (with DATABASE_URL set, on that database instead).
"""

import argparse
import http.cookiejar
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("INSTANCE_PATH", tempfile.mkdtemp(prefix="bench-load-"))

import time  # noqa: E402

from web_passport import build, free_port  # noqa: E402

from webapp.services import demo  # noqa: E402

# Counts every answer that is not a 200 (wrk itself counts a redirect to sign-in as fine).
# Flask-Login's strong session protection ties a session to the browser's User-Agent: the
# sign-in and wrk send the same one.
AGENT = "load-passport-bench"
COUNTER = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) not_ok = 0 end
function response(status, headers, body) if status ~= 200 then not_ok = not_ok + 1 end end
function done(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do total = total + t:get("not_ok") end
  io.write(string.format("not-200 responses: %d\\n", total))
end
"""


def sign_in(base: str, email: str) -> str:
    """Sign in through the form; return the session cookie as a Cookie header value."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.addheaders = [("User-Agent", AGENT)]
    page = opener.open(base + "/login").read().decode()
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode({"email": email, "password": demo.DEMO_PASSWORD,
                                   "csrf_token": token}).encode()
    opener.open(base + "/login", data=body)
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def fetch(base: str, path: str, cookie: str) -> tuple[int, str]:
    request = urllib.request.Request(base + path, headers={"Cookie": cookie, "User-Agent": AGENT})
    with urllib.request.urlopen(request) as response:  # a redirect to /login lands as 200…
        return response.status, response.url  # …so the final URL is checked too


def run_wrk(url: str, cookie: str, args, script: Path) -> str:
    command = ["wrk", f"-t{min(args.connections, 2)}", f"-c{args.connections}",
               f"-d{args.seconds}s", f"--timeout={args.timeout}",
               "--latency", "-s", str(script), "-H", f"Cookie: {cookie}",
               "-H", f"User-Agent: {AGENT}", url]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--staff", type=int, default=2500)  # as `make run`
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--seconds", type=int, default=60)
    # wrk gives up on a response after 2 s by default and counts a socket error; on a
    # shared 2-core machine 16 connections queue longer than that for 2 workers
    parser.add_argument("--timeout", default="10s")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed: apt-get install wrk")
    url = os.environ.get("DATABASE_URL") or \
        f"sqlite:///{Path(os.environ['INSTANCE_PATH']) / 'load.db'}"
    print(f"building a {args.staff}-staff demo place: {build(url, args.staff, 1):.1f} s")
    proc, base = serve(url)
    try:
        measure(base, args)
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def serve(url: str):
    """Start gunicorn as `make run` does: 2 workers, the public address set."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(os.environ, DATABASE_URL=url, PUBLIC_BASE_URL=base + "/")
    gunicorn = Path(sys.executable).parent / "gunicorn"
    proc = subprocess.Popen([str(gunicorn), "--workers", "2", "--bind", f"127.0.0.1:{port}",
                             "webapp:create_app()"], env=env, cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            urllib.request.urlopen(base + "/health", timeout=1)
            return proc, base
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("gunicorn did not start")


def measure(base: str, args) -> None:
    cookie = sign_in(base, "manager@demo.place")
    carer = re.search(r"/staff/(\d+)/passport", fetch_text(base, "/staff?q=carer", cookie))
    member = carer.group(1) if carer else re.search(
        r"/staff/(\d+)/passport", fetch_text(base, "/staff", cookie)).group(1)
    script = Path(os.environ["INSTANCE_PATH"]) / "count.lua"
    script.write_text(COUNTER)
    for path in (f"/staff/{member}/passport", "/staff"):
        status, final = fetch(base, path, cookie)
        assert status == 200 and final.endswith(path), f"{path} answered {status} at {final}"
        print(f"\n== GET {path} as the council manager, {args.connections} connections, "
              f"{args.seconds} s, wrk timeout {args.timeout}")
        print(run_wrk(base + path, cookie, args, script))
        status, final = fetch(base, path, cookie)
        print(f"after the run: {status} at {final[len(base):]}")


def fetch_text(base: str, path: str, cookie: str) -> str:
    request = urllib.request.Request(base + path, headers={"Cookie": cookie, "User-Agent": AGENT})
    with urllib.request.urlopen(request) as response:
        return response.read().decode()


if __name__ == "__main__":
    main()
