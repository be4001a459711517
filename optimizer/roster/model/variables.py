"""The CP-SAT variable container: one boolean per person, day, shift and site.

``RosterModel`` holds the model, its decision variables under readable names
and, per soft rule, the weighted penalty terms that make up the objective.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from optimizer.roster.problem import Problem, StaffMember

# (staff id, day, shift id, site id or None)
Key = tuple[str, int, str, str | None]


@dataclass
class RosterModel:
    """A CP-SAT model under construction for one problem."""

    problem: Problem
    model: cp_model.CpModel = field(default_factory=cp_model.CpModel)
    assign: dict[Key, cp_model.IntVar] = field(default_factory=dict)
    works: dict[tuple[str, int], cp_model.IntVar] = field(default_factory=dict)
    # rule name -> list of (expression, weight); the objective is their sum.
    penalties: dict[str, list[tuple[cp_model.LinearExprT, int]]] = field(
        default_factory=lambda: defaultdict(list)
    )

    def __post_init__(self) -> None:
        # Looked up for every variable of every rule: worked out once.
        self.sites = self.problem.site_ids()
        self.people = {person.id: person for person in self.problem.staff}

    def on_day(self, person: StaffMember, day: int) -> list[cp_model.IntVar]:
        """Every shift variable of ``person`` on ``day``."""
        keys = (
            (person.id, day, shift.id, site) for shift in self.problem.shifts for site in self.sites
        )
        return [self.assign[key] for key in keys if key in self.assign]

    def of_shift(self, person: StaffMember, day: int, shift: str) -> list[cp_model.IntVar]:
        """The variables of ``person`` working ``shift`` on ``day`` (one per site)."""
        if len(self.sites) == 1:
            var = self.assign.get((person.id, day, shift, self.sites[0]))
            return [] if var is None else [var]
        keys = ((person.id, day, shift, site) for site in self.sites)
        return [self.assign[key] for key in keys if key in self.assign]

    def declare(self, rule: str) -> None:
        """Report soft rule ``rule`` in the objective breakdown, even at zero cost."""
        self.penalties.setdefault(rule, [])

    def penalise(self, rule: str, expression: cp_model.LinearExprT, weight: int) -> None:
        """Charge ``weight`` per unit of ``expression`` to soft rule ``rule``."""
        if weight:
            self.penalties[rule].append((expression, weight))

    def objective(self) -> cp_model.LinearExprT:
        """The weighted sum of every soft rule's penalties."""
        terms = [term for terms in self.penalties.values() for term in terms]
        return cp_model.LinearExpr.weighted_sum([e for e, _ in terms], [w for _, w in terms])


def create_variables(problem: Problem) -> RosterModel:
    """Create one boolean per person, day, shift and site, and one per worked day.

    Shift types a person may never work (a maximum of 0) get no variable at all:
    on the larger benchmark instances that halves the model.
    """
    roster = RosterModel(problem)
    for person in problem.staff:
        allowed = [shift for shift in problem.shifts if person.max_of(shift.id) != 0]
        for day in range(problem.days):
            for shift in allowed:
                for site in problem.site_ids():
                    where = f", site={site}" if site is not None else ""
                    name = f"works(staff={person.id}, day={day}, shift={shift.id}{where})"
                    roster.assign[person.id, day, shift.id, site] = roster.model.new_bool_var(name)
            worked = roster.model.new_bool_var(f"works_day(staff={person.id}, day={day})")
            roster.works[person.id, day] = worked
    return roster
