"""Soft rules for staff wishes: shifts they asked to work and shifts they asked not to."""

from __future__ import annotations

from optimizer.roster.model.variables import RosterModel


def penalise_shift_on_requests(roster: RosterModel) -> None:
    """Each requested shift that is not given costs the request's weight."""
    roster.declare("shift_on_requests")
    for person in roster.problem.staff:
        for request in person.shift_on_requests:
            given = sum(roster.of_shift(person, request.day, request.shift))
            roster.penalise("shift_on_requests", 1 - given, request.weight)


def penalise_shift_off_requests(roster: RosterModel) -> None:
    """Each shift worked against an off-request costs the request's weight."""
    roster.declare("shift_off_requests")
    for person in roster.problem.staff:
        for request in person.shift_off_requests:
            given = sum(roster.of_shift(person, request.day, request.shift))
            roster.penalise("shift_off_requests", given, request.weight)
