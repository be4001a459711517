"""Browser fixtures: the real app served on a free port, driven by Playwright in Debian's
headless Chromium. Screenshots land in tests/screenshots/ (ignored by git)."""

import contextlib
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.webapp.conftest import template_db  # noqa: F401  (shared session fixture)
from webapp import create_app

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots"
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 900}}
PASSWORD = "demo-password-2026"
BLOCKING_IMPACTS = {"serious", "critical"}


@pytest.fixture(scope="session")
def live_database(template_db, tmp_path_factory):  # noqa: F811
    """The SQLite file the live server uses (a job worker can be pointed at it too)."""
    path = tmp_path_factory.mktemp("e2e") / "live.db"
    shutil.copy(template_db, path)
    return path


@pytest.fixture(scope="session")
def live_server(live_database):
    """Serve the app on a copy of the demo database; yield its base URL."""
    path = live_database
    app = create_app(
        {"TESTING": True, "DATABASE_URL": f"sqlite:///{path}", "RATELIMIT_ENABLED": False}
    )
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Browser tests need Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # launch() gives Chromium a fresh temporary user-data dir of its own each run.
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser):
    """Open a page in a fresh browser context (no cookies) at a phone or desktop size."""
    contexts = []

    def open_page(viewport: str = "desktop"):
        context = browser.new_context(
            viewport=VIEWPORTS[viewport],
            is_mobile=viewport == "phone",
            has_touch=viewport == "phone",
        )
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def login(live_server):
    def sign_in(page, email: str, password: str = PASSWORD):
        page.goto(f"{live_server}/login")
        page.get_by_label("Email address").fill(email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state("networkidle")

    return sign_in


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot for a person to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def axe_check(page) -> list:
    """Run axe-core on the page; fail on serious or critical WCAG violations."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page,
        options={
            "runOnly": {
                "type": "tag",
                "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"],
            }
        },
    )
    violations = results.response["violations"]
    blocking = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
        for v in violations
        if v["impact"] in BLOCKING_IMPACTS
    ]
    assert not blocking, "accessibility violations:\n" + "\n".join(blocking)
    return violations


@contextlib.contextmanager
def job_worker(live_database, **settings):
    """A huey consumer on the live server's database and queue, as `make run` starts one."""
    from webapp.jobs import huey

    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL",)}
    env.update(DATABASE_URL=f"sqlite:///{live_database}", HUEY_SQLITE_PATH=huey.storage.filename,
               **settings)
    worker = subprocess.Popen([os.path.join(os.path.dirname(sys.executable), "huey_consumer"),
                               "webapp.jobs.huey", "--workers", "2", "--delay", "0.1"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield worker
    finally:
        worker.terminate()
        worker.wait(timeout=30)
