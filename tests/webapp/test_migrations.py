"""Models and migrations cannot drift: upgrade to head, then `alembic check`, on both databases."""

import pytest
from alembic import command
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from webapp.cli import alembic_config
from webapp.config import database_url


def _upgrade_and_check(url: str) -> None:
    cfg = alembic_config(url)
    command.upgrade(cfg, "heads")
    command.check(cfg)  # raises if the models differ from the migrated schema


def _assert_audit_append_only(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO auditevent (at, action, entity, entity_id) "
                "VALUES (CURRENT_TIMESTAMP, 'test', 'x', '1')"
            )
        )
    for statement in ("UPDATE auditevent SET action = 'changed'", "DELETE FROM auditevent"):
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
            conn.execute(text(statement))
    engine.dispose()


def test_sqlite_migrates_and_matches_models(tmp_path):
    """Does an empty SQLite database migrate to head with no drift, audit log append-only?"""
    url = f"sqlite:///{tmp_path / 'm.db'}"
    _upgrade_and_check(url)
    _assert_audit_append_only(url)


@pytest.mark.services
def test_postgresql_migrates_and_matches_models(pg_url, monkeypatch):
    """Does an empty PostgreSQL database migrate to head with no drift, audit log append-only?"""
    monkeypatch.setenv("DATABASE_URL", pg_url)
    url = database_url()
    engine = create_engine(url)
    with engine.begin() as conn:  # start from an empty schema
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    _upgrade_and_check(url)
    _assert_audit_append_only(url)
    command.downgrade(alembic_config(url), "base")


def test_a_populated_sqlite_database_rebuilds(template_db, tmp_path):
    """Does `demo-place --reset`'s rebuild go down through every migration and back up with
    the demo's rows in place (tables that rows point to are rebuilt on SQLite), leaving every
    reference whole and no rows behind?"""
    import shutil

    from webapp import create_app
    from webapp.cli import rebuild_database

    path = tmp_path / "full.db"
    shutil.copy(template_db, path)
    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{path}"})
    rebuild_database(app)
    with app.extensions["engine"].connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM staffmember")).scalar() == 0
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    app.extensions["engine"].dispose()
