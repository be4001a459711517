"""Alembic environment on SQLModel.metadata; the URL comes from DATABASE_URL or the default."""

from alembic import context
from sqlalchemy import pool
from sqlmodel import SQLModel

import webapp.models  # noqa: F401  (registers every table)
from webapp.config import database_url
from webapp.db import make_engine

config = context.config
target_metadata = SQLModel.metadata


def _url() -> str:
    return config.attributes.get("database_url") or database_url()


def run_migrations_offline() -> None:
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True,
                      compare_type=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    url = _url()
    engine = make_engine(url, poolclass=pool.NullPool)  # no pooled connections left behind
    sqlite = url.startswith("sqlite")
    with engine.connect() as connection:
        if sqlite:
            # A batch migration rebuilds a table (copy, drop, rename); with foreign keys
            # enforced, dropping a table that other rows point to fails. Alembic's advice:
            # switch enforcement off while migrating, then check every reference after.
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()  # so that the migrations run in a transaction of their own
        context.configure(connection=connection, target_metadata=target_metadata,
                          compare_type=True, render_as_batch=sqlite)
        with context.begin_transaction():
            context.run_migrations()
        if sqlite:
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise RuntimeError(f"migration left broken references: {broken[:5]}")
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
