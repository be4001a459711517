"""A team's rota as a printable page and as CSV rows: the grid, its legend and its gaps."""

from __future__ import annotations

from types import SimpleNamespace

from sqlmodel import Session

from webapp.models import Organisation
from webapp.models.rota import Rota
from webapp.services.rotas import review
from webapp.services.rotas.clock import wall_clock


def context(session: Session, rota: Rota) -> dict:
    """Everything the team rota template needs, as the review page gathers it."""
    team = review.team_of(session, rota)
    organisation = session.get(Organisation, team.organisation_id) if team else None
    return {"rota": rota, "team": team, "organisation": organisation,
            "days": review.days_of(rota), "grid": review.grid(session, rota),
            "templates": review.templates(session, rota), "gaps": review.gaps(session, rota),
            "published_by": review.user_name(session, rota.published_by_user_id),
            "published_at": wall_clock(rota.published_at) if rota.published_at else None,
            "printed_rota": printed(rota)}


def printed(rota: Rota) -> SimpleNamespace:
    """The rota as the grid partial sees it on paper: in no editable state, so its cells are
    plain shift codes rather than links (a tenth of the markup to lay out)."""
    return SimpleNamespace(**{**rota.model_dump(), "status": "printed"})


def grid_rows(session: Session, rota: Rota) -> tuple[list[str], list[list]]:
    """The grid as CSV: one row per person, a shift code per day, then their hours."""
    days = review.days_of(rota)
    codes = {t.id: t.code for t in review.templates(session, rota).values()}
    header = ["Staff number", "Family name", "Given name", *(d.isoformat() for d in days),
              "Hours"]
    rows = []
    for row in review.grid(session, rota):
        cells = [" ".join(codes.get(a.shift_template_id, "visit") for a in row.cells.get(d, []))
                 for d in days]
        rows.append([row.member.staff_number, row.member.family_name, row.member.given_name,
                     *cells, f"{row.minutes / 60:.1f}"])
    return header, rows


GAP_HEADER = ["Not filled: start", "End", "Needs", "Short by", "Reason"]


def gap_rows(session: Session, rota: Rota) -> list[list]:
    """The unfilled shifts and visits, with their reasons, for the end of the CSV."""
    return [[f"{g['starts']:%Y-%m-%d %H:%M}", f"{g['ends']:%Y-%m-%d %H:%M}",
             g["competence"] or g["person"] or "", g["gap"].missing, g["gap"].reason]
            for g in review.gaps(session, rota)]
