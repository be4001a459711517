"""Large-neighbourhood search over one locality's day of visits, starting from the greedy plan.

Each step frees a small group of carers: the carers able to take a visit still unserved
(or, when all are served, a random few), plus the partners of any double-handed visit they
share, until the group is closed. Their visits and the unserved visits they could take are
re-solved with CP-SAT while everyone else's plan stays fixed; the step is kept when the
locality's whole objective (as `scoring` counts it) improves.
"""

from __future__ import annotations

import random
import time
from dataclasses import replace

from optimizer.place.daily.scoring import score_visits
from optimizer.place.daily.subproblems import VisitDay
from optimizer.place.daily.visit_model import solve_visits
from optimizer.place.visit_times import gap_window

GROUP = 10  # carers freed per step
STALE = 30  # steps without improvement before giving up early


def _group(sub: VisitDay, triples, rng: random.Random) -> set[str]:
    """Choose the carers to free: those able to take an unserved visit, else a random few."""
    served = {i for i, _, _ in triples}
    unserved = [i for i in range(len(sub.visits)) if i not in served and sub.options[i]]
    if unserved and rng.random() < 0.8:
        names = [n for n, _ in sub.options[rng.choice(unserved)]]
    else:
        names = rng.sample(sorted(sub.carers), min(GROUP, len(sub.carers)))
    return _closed(set(names[:GROUP]), triples)


def _closed(group: set[str], triples) -> set[str]:
    """Add the partners of double-handed visits shared with the group, until none are left out."""
    carers_of: dict[int, set[str]] = {}
    for index, name, _ in triples:
        carers_of.setdefault(index, set()).add(name)
    grown = True
    while grown:
        grown = False
        for names in carers_of.values():
            if names & group and not names <= group:
                group |= names
                grown = True
    return group


def _neighbourhood(sub: VisitDay, triples, group: set[str]):
    """Return the subproblem of the freed carers and the visits they may change."""
    served = {i for i, _, _ in triples}
    mine = {i for i, name, _ in triples if name in group}
    fixed_carers: dict[str, set[str]] = {}
    for index, name, _ in triples:
        if name not in group:
            fixed_carers.setdefault(sub.visits[index].person, set()).add(name)
    keep = [
        i
        for i in range(len(sub.visits))
        if i in mine or (i not in served and any(n in group for n, _ in sub.options[i]))
    ]
    seen = {p: set(s) | fixed_carers.get(p, set()) for p, s in sub.seen.items()}
    options = [[(n, p) for n, p in sub.options[i] if n in group] for i in keep]
    windows, gaps = _kept_gaps(sub, keep, triples)
    for k, (low, high) in enumerate(windows):
        if low > high:  # no start keeps its gap to a visit that stays fixed
            windows[k], options[k] = (low, low), []
    part = replace(
        sub,
        visits=[sub.visits[i] for i in keep],
        windows=windows,
        unmet=[sub.unmet[i] for i in keep],
        unsocial=[sub.unsocial[i] for i in keep],
        carers={n: c for n, c in sub.carers.items() if n in group},
        options=options,
        seen=seen,
        on_time=[sub.on_time[i] for i in keep],
        places=[sub.places[i] for i in keep] if sub.places else [],
        gaps=gaps,
    )
    return part, keep


def _kept_gaps(sub: VisitDay, keep: list[int], triples):
    """Return the freed visits' windows, held to gap partners that stay fixed, and the gaps
    between two freed visits (re-indexed)."""
    at = {i: k for k, i in enumerate(keep)}
    starts = {i: start for i, _, start in triples}
    windows, gaps = [sub.windows[i] for i in keep], []
    for i, j, low, high in sub.gaps:
        if i in at and j in at:
            gaps.append((at[i], at[j], low, high))
        elif j in at and i in starts:
            windows[at[j]] = gap_window(windows[at[j]], starts[i], low, high)
        elif i in at and j in starts:
            windows[at[i]] = gap_window(windows[at[i]], starts[j], -high, -low)
    return windows, gaps


def improve(sub: VisitDay, triples, seconds: float, workers: int, seed: int = 0, effort=None,
            until=None):
    """Improve a locality-day plan by large-neighbourhood search within `seconds`.

    Args:
        sub: the locality-day subproblem.
        triples: (visit index, staff id, start) of the starting plan (the greedy one).
        seconds: time budget (with `effort`, ignored: the solve's `until` is the safety net).
        workers: CP-SAT search workers.
        seed: random seed for choosing neighbourhoods (and, with `effort`, CP-SAT's seeds).
        effort: (CP-SAT work units per step, steps) for a deterministic search: a count of
            steps of fixed CP-SAT work instead of seconds (none: the starting plan stays).
        until: the solve's `Deadline` (with `effort`): the wall-clock safety net.

    Returns:
        The best plan found, as triples.
    """
    rng = random.Random(seed)
    best, best_score = list(triples), score_visits(sub, triples)
    if effort is not None and effort[1] == 0:
        return best
    if len(sub.carers) <= GROUP:  # one neighbourhood holds it all: solve it whole, once
        found = _solve(sub, best, seconds, workers, rng, effort, until, whole=True)
        return found if found is not None and score_visits(sub, found) < best_score else best
    stale, steps = 0, _Steps(seconds, effort)
    for _ in steps:
        if stale >= STALE or (until is not None and until.passed()):
            break
        stale += 1
        group = _group(sub, best, rng)
        part, keep = _neighbourhood(sub, best, group)
        hint = [(keep.index(i), n, s) for i, n, s in best if n in group]
        found = _solve(part, hint, steps.step_seconds(), workers, rng, effort, until)
        if found is None:
            continue
        trial = [t for t in best if t[1] not in group] + [(keep[i], n, s) for i, n, s in found]
        score = score_visits(sub, trial)
        if score < best_score - 1e-9:
            best, best_score, stale = trial, score, 0
    return best


def _solve(sub, hint, seconds, workers, rng, effort, until, whole=False):
    """Solve one neighbourhood: for `seconds`, or for fixed work with a seed (`effort`)."""
    if effort is None:
        return solve_visits(sub, max(0.2, seconds), workers, hint)
    step, steps = effort
    work = step * steps if whole else step
    return solve_visits(sub, until.left() if until else 60.0, workers, hint, work=work,
                        seed=rng.randrange(2**31), until=until)


class _Steps:
    """The neighbourhood steps: a count (deterministic), else until the wall-clock deadline."""

    def __init__(self, seconds: float, effort):
        self.deadline = time.monotonic() + seconds
        self.left = effort[1] if effort is not None else None

    def __iter__(self):
        return self

    def __next__(self):
        if self.left is not None:
            if self.left <= 0:
                raise StopIteration
            self.left -= 1
        elif time.monotonic() >= self.deadline - 0.2:
            raise StopIteration
        return self

    def step_seconds(self) -> float:
        """Return the wall-clock seconds for the next CP-SAT step (wall-clock mode)."""
        return min(2.0, max(0.2, self.deadline - time.monotonic()))
