"""Configuration read from the environment, with embedded single-machine defaults."""

import os
import secrets
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTANCE = Path(os.environ.get("INSTANCE_PATH", ROOT / "instance"))


def _secret_key() -> str:
    """Return SECRET_KEY from the environment, or one kept in the instance folder."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    INSTANCE.mkdir(parents=True, exist_ok=True)
    path = INSTANCE / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def database_url() -> str:
    """Return DATABASE_URL, defaulting to a SQLite file in the instance folder."""
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{INSTANCE / 'place.db'}"
    if url.startswith("postgres://"):  # Heroku-style scheme
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


class Config:
    """Defaults for a single machine; every value can be overridden from the environment."""

    SECRET_KEY = None  # filled lazily by create_app
    DATABASE_URL = None
    REDIS_URL = os.environ.get("REDIS_URL")
    # Where people reach this service, e.g. https://workforce.place.example/: the address in
    # signed credentials, the status list, share links and QR codes. Only in development and
    # testing does it default to the address a request came in on.
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL")
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = os.environ.get("SESSION_COOKIE_SECURE") == "1"
    REMEMBER_COOKIE_HTTPONLY = True
    PERMANENT_SESSION_LIFETIME = 8 * 3600
    WTF_CSRF_TIME_LIMIT = None  # token lives as long as the session
    # Sign-in limits are shared by every worker: in Redis when it is set, else in the
    # database (webapp.extensions.DatabaseStorage). Per address and, for failed attempts,
    # per account; nothing is counted site-wide, so no one person can lock everyone out.
    RATELIMIT_STORAGE_URI = os.environ.get("REDIS_URL") or "database://"
    RATELIMIT_STRATEGY = "fixed-window"
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = "10 per minute"  # per address
    ACCOUNT_RATE_LIMIT = "10 per 15 minutes"  # failed attempts per account
    # Behind a reverse proxy, how many proxies to trust for the client's address (without
    # this, every user would share the proxy's address and so its sign-in limit).
    TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))
    MAX_CONTENT_LENGTH = 25 * 1024 * 1024  # the largest upload (training imports) and form
    STAFF_PAGE_SIZE = 50
    # Seconds a rota solve may take (the place engine's benches aim at 60 s a home-care week).
    ROTA_TIME_LIMIT = float(os.environ.get("ROTA_TIME_LIMIT", "60"))
    # A running job whose worker has not beaten for this long is marked failed.
    JOB_LEASE_SECONDS = int(os.environ.get("JOB_LEASE_SECONDS", "30"))
