"""Fixtures shared by every test: a throwaway instance folder, service URLs, CI strictness."""

import os
import socket
import tempfile
from urllib.parse import urlparse

import pytest

# Before webapp is imported anywhere: keep secrets, SQLite files and the job queue out of
# the developer's own instance folder.
_INSTANCE = tempfile.mkdtemp(prefix="place-test-")
os.environ["INSTANCE_PATH"] = _INSTANCE
os.environ.pop("DATABASE_URL", None)
os.environ.pop("REDIS_URL", None)

IN_CI = bool(os.environ.get("CI"))
PG_URL = os.environ.get("TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _reachable(url: str) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname, parsed.port), timeout=2):
            return True
    except OSError:
        return False


def require_service(url: str, name: str) -> str:
    """Return the URL, or fail in CI (skip elsewhere) when the service is unreachable."""
    if _reachable(url):
        return url
    message = f"{name} is not reachable at {url}"
    if IN_CI:
        pytest.fail(message + " (CI requires it)")
    pytest.skip(message)


@pytest.fixture(scope="session")
def pg_url() -> str:
    """The test PostgreSQL database, emptied once per run: a database left at a revision this
    checkout does not know (an earlier run of other code) must not fail the migrations."""
    url = require_service(PG_URL, "PostgreSQL")
    _empty_schema(url)
    return url


def _empty_schema(url: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(scope="session")
def redis_url() -> str:
    return require_service(REDIS_URL, "Redis")
