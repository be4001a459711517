"""When each step of a place solve stops: on the wall clock, or after counted work.

A solve bounded by the wall clock stops wherever the clock says, so two runs of one problem
differ with the machine's load. A deterministic solve (a `Budget`) counts its work instead:
CP-SAT's deterministic time with a fixed number of workers and a fixed seed, neighbourhood
steps of the large-neighbourhood search, and insertion, move and explanation checks. The
time limit stays as a safety net; if it ever stops counted work, the `Deadline` records the
cut and the summary says the result may differ from another run's.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

EVERYTHING = 10**12  # checks allowed when a step runs to completion


@dataclass(frozen=True)
class Budget:
    """The work a deterministic solve may do; the same problem, seed and budget give the same
    plan whatever the machine's load.

    Sized so a one-week whole-place scenario on the demo place (2,500 staff) takes about as
    long as a 30 s wall-clock solve on an idle 2-core machine (see bench/README.md).
    """

    seed: int = 0
    plan_work: float = 4.0  # CP-SAT work units for all locality-days, shared by their size
    step_work: float = 0.2  # CP-SAT work units per neighbourhood step
    checks: int = EVERYTHING  # insertion, move and explanation checks (all: to completion)

    def describe(self) -> str:
        """Return the budget in words, for the summary."""
        return (
            f"deterministic: seed {self.seed}, {self.plan_work:g} CP-SAT work units for the "
            f"day-by-day plan in steps of {self.step_work:g}"
        )


class Deadline:
    """Where a step stops: a wall-clock moment, and (when counting) a number of checks."""

    def __init__(self, seconds: float, checks: int | None = None):
        self.at = time.monotonic() + seconds
        self.checks = checks  # None: the wall clock alone decides
        self.done = 0
        self.cut = False  # the wall clock stopped counted work: the result may not repeat

    @property
    def counted(self) -> bool:
        """Return whether this deadline counts work (a deterministic step)."""
        return self.checks is not None

    def passed(self) -> bool:
        """Count one check; return whether the step must stop before doing it."""
        if self.checks is not None:
            self.done += 1
            if self.done > self.checks:
                return True
        if time.monotonic() > self.at:
            self.cut = self.cut or self.checks is not None
            return True
        return False

    def left(self) -> float:
        """Return wall-clock seconds left (never negative)."""
        return max(0.0, self.at - time.monotonic())


def deadline(limit: float | Deadline) -> Deadline:
    """Return `limit` as a Deadline (seconds from now on the wall clock alone)."""
    return limit if isinstance(limit, Deadline) else Deadline(limit)
