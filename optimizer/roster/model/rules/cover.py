"""Soft rules for cover: each missing person and each extra person costs its weight."""

from __future__ import annotations

from optimizer.roster.model.variables import RosterModel
from optimizer.roster.problem import CoverRequirement


def counted(roster: RosterModel, need: CoverRequirement) -> list:
    """The variables of everyone who counts towards a cover requirement."""
    date = roster.problem.date_of(need.day)
    sites = roster.problem.site_ids() if need.site is None else (need.site,)
    keys = (
        (person.id, need.day, need.shift, site)
        for person in roster.problem.staff
        if need.competence is None
        or any(c.id == need.competence and c.valid_on(date) for c in person.competences)
        for site in sites
    )
    return [roster.assign[key] for key in keys if key in roster.assign]


def _label(need: CoverRequirement) -> str:
    extra = "".join(
        f", {k}={v}" for k, v in (("site", need.site), ("competence", need.competence)) if v
    )
    return f"day={need.day}, shift={need.shift}{extra}"


def penalise_under_cover(roster: RosterModel) -> None:
    """Each person short of a shift's required cover costs the under-cover weight."""
    roster.declare("cover_shortfall")
    for need in roster.problem.cover:
        people = counted(roster, need)
        if people and len(people) <= need.required:
            # Never over: the shortfall is linear (a person alone, a small team).
            roster.penalise("cover_shortfall", need.required - sum(people), need.under_weight)
            continue
        short = roster.model.new_int_var(0, need.required, f"cover_short({_label(need)})")
        # Exactly the shortfall, so an unfinished solve reports its true cost.
        roster.model.add_max_equality(short, [need.required - sum(people), 0])
        roster.penalise("cover_shortfall", short, need.under_weight)


def penalise_over_cover(roster: RosterModel) -> None:
    """Each person beyond a shift's required cover costs the over-cover weight."""
    roster.declare("cover_excess")
    for need in roster.problem.cover:
        people = counted(roster, need)
        if len(people) <= need.required:
            continue  # never over
        if need.required == 0:
            roster.penalise("cover_excess", sum(people), need.over_weight)
            continue
        excess = roster.model.new_int_var(0, len(people), f"cover_excess({_label(need)})")
        roster.model.add_max_equality(excess, [sum(people) - need.required, 0])
        roster.penalise("cover_excess", excess, need.over_weight)
