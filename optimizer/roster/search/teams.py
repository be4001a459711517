"""A team sub-problem: a few people re-rostered around everyone else's shifts.

Used by the large-neighbourhood search, and useful on its own for "re-roster
these people, leave the rest alone".
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict

from optimizer.roster.problem import Assignment, CoverRequirement, Problem, Solution


def team_problem(problem: Problem, best: Solution, people: set[str]) -> Problem:
    """The problem for ``people`` alone, each cover reduced by what the others give.

    Args:
        problem: the whole rostering problem.
        best: the current roster of everyone.
        people: ids of the team to re-roster.

    Returns:
        The same rules for the team only; solving it and splicing the result
        into ``best`` changes the whole objective by the team objective's change.
    """
    by_id = {person.id: person for person in problem.staff}
    others: dict[tuple[int, str], list[Assignment]] = defaultdict(list)
    for a in best.assignments:
        if a.staff not in people:
            others[a.day, a.shift].append(a)

    def given(need: CoverRequirement) -> int:
        date = problem.date_of(need.day)
        return sum(
            1
            for a in others[need.day, need.shift]
            if (need.site is None or a.site == need.site)
            and (
                need.competence is None
                or any(
                    c.id == need.competence and c.valid_on(date) for c in by_id[a.staff].competences
                )
            )
        )

    # An over-covered shift becomes a requirement of 0: each extra person still
    # costs the over weight, and the constant already paid does not matter.
    cover = tuple(
        dataclasses.replace(n, required=max(0, n.required - given(n))) for n in problem.cover
    )
    staff = tuple(person for person in problem.staff if person.id in people)
    return dataclasses.replace(problem, staff=staff, cover=cover)
