"""How to solve a rostering problem, and what the solver reports on the way."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from optimizer.roster.problem import Assignment


@dataclass(frozen=True)
class Progress:
    """An improving solution found while solving."""

    objective: float
    bound: float
    elapsed: float


ProgressCallback = Callable[[Progress], None]


@dataclass(frozen=True)
class SolveOptions:
    """How to solve: time, workers, and what to keep from a previous roster.

    ``pinned`` assignments must stay; ``hint`` assignments guide the search;
    ``previous`` with ``change_weight`` > 0 charges each person-day that differs
    from the previous roster (minimal-change repair).
    """

    time_limit: float = 60.0
    workers: int = 2
    seed: int = 0
    hint: tuple[Assignment, ...] = ()
    pinned: tuple[Assignment, ...] = ()
    previous: tuple[Assignment, ...] = ()
    change_weight: int = 0
    lns: bool | None = None  # None: decided by problem size (see ``lns``.needs_lns)
    # Column generation first (optimizer.roster.columns): a bound and a strong first
    # roster. None: used whenever the problem has more than one person.
    columns: bool | None = None
    stop_at: int | None = None  # stop as soon as a roster this cheap is found
    # A limit in CP-SAT's deterministic time: with workers=1 the result does not
    # depend on how busy the machine is (tests use it).
    deterministic_time: float | None = None
    log: bool = False
    # ``time.monotonic()`` the time limit counts from (None: when ``solve`` is called).
    # A caller that reads the problem first passes its own start, so every phase
    # (model building, first roster, column generation, search) takes its budget
    # from one deadline, started + time_limit, fixed before any of them.
    started: float | None = None


# The default options, shared by every call that passes none (they are frozen).
DEFAULT_OPTIONS = SolveOptions()
