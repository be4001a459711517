"""Jinja filters and globals: dates the NHS way (23 November 2026)."""

from datetime import date

from flask import Flask

from webapp.models import Framework, Role, Sector

TAG_CLASSES = {
    "expired": "nhsuk-tag--red",
    "expiring": "nhsuk-tag--yellow",
    "not_held": "nhsuk-tag--grey",
    "current": "nhsuk-tag--green",
}


def nhs_date(value: date | None, empty: str = "Not applicable") -> str:
    if value is None:
        return empty
    return f"{value.day} {value:%B %Y}"


def short_date(value: date | None) -> str:
    return "" if value is None else f"{value.day} {value:%b %Y}"


def rota_time(value) -> str:
    """A stored rota time as the wall-clock time in England (HH:MM)."""
    from webapp.services.rotas.clock import wall_clock

    return f"{wall_clock(value):%H:%M}"


def init_app(app: Flask) -> None:
    app.add_template_filter(rota_time)
    app.add_template_filter(nhs_date)
    app.add_template_filter(short_date)
    app.add_template_global(TAG_CLASSES, "TAG_CLASSES")
    app.add_template_global(Role, "Role")
    app.add_template_global(Sector, "Sector")
    app.add_template_global(Framework, "Framework")
    app.add_template_global(date.today, "today")
