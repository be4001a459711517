"""Extension instances shared by the app factory and the views."""

import time

from flask import current_app
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_wtf import CSRFProtect
from limits.storage import Storage
from sqlalchemy import case, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = "Sign in to continue."
login_manager.login_message_category = "info"
login_manager.session_protection = "strong"


@login_manager.user_loader
def load_user(user_id: str):
    from webapp.db import get_db
    from webapp.models import User

    number, _, version = user_id.partition(":")
    if not (number.isascii() and number.isdigit() and version.isascii() and version.isdigit()):
        return None  # includes cookies from before session versions: sign in again
    user = get_db().get(User, int(number)) if len(number) < 10 else None
    if user is None or user.session_version != int(version) or not user.active:
        return None  # signed out, new password or deactivated since: this session has ended
    return user


class DatabaseStorage(Storage):
    """Rate-limit counters in the app's own database (`database://`), so every worker
    process shares them without Redis. Fixed windows only; each increment is one atomic
    upsert."""

    STORAGE_SCHEME = ["database"]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)

    @property
    def base_exceptions(self):
        return SQLAlchemyError

    @staticmethod
    def _engine():
        return current_app.extensions["engine"]

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        from webapp.models.user import RateLimitCounter as C

        now = time.time()
        engine = self._engine()
        dialect = postgresql if engine.dialect.name == "postgresql" else sqlite
        fresh = C.__table__.c.expires_at <= now  # the old window is over: start again
        statement = dialect.insert(C.__table__).values(
            key=key, count=amount, expires_at=now + expiry)
        statement = statement.on_conflict_do_update(index_elements=["key"], set_={
            "count": _case(fresh, amount, C.__table__.c.count + amount),
            "expires_at": _case(fresh, now + expiry, C.__table__.c.expires_at),
        }).returning(C.__table__.c.count)
        with engine.begin() as connection:
            # Sign-in attempts are few, so dropping ended windows here keeps the table as
            # small as the open windows (anyone can make new keys by typing new emails).
            connection.execute(delete(C).where(C.expires_at <= now, C.key != key))
            return connection.execute(statement).scalar_one()

    def _row(self, key: str):
        from webapp.models.user import RateLimitCounter as C

        with self._engine().connect() as connection:
            return connection.execute(select(C.count, C.expires_at).where(
                C.key == key, C.expires_at > time.time())).first()

    def get(self, key: str) -> int:
        row = self._row(key)
        return row.count if row else 0

    def get_expiry(self, key: str) -> float:
        row = self._row(key)
        return row.expires_at if row else time.time()

    def check(self) -> bool:
        return True

    def reset(self) -> int | None:
        from webapp.models.user import RateLimitCounter as C

        with self._engine().begin() as connection:
            return connection.execute(delete(C)).rowcount

    def clear(self, key: str) -> None:
        from webapp.models.user import RateLimitCounter as C

        with self._engine().begin() as connection:
            connection.execute(delete(C).where(C.key == key))


def _case(condition, then, otherwise):
    return case((condition, then), else_=otherwise)
