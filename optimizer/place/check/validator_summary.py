"""The validator's checks of a solution's summary figures and of the documents' shape."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from optimizer.place.check.validator_objective import recompute_figures

KEYS = ("staff", "item", "kind", "start", "end", "employer")


def shape_problems(problem, solution) -> list[str]:
    """Return what makes the documents impossible to check (empty when they can be).

    The problem is only checked for being an object here: its full schema check costs
    seconds on a large place (run `check_problem` before solving); anything else wrong with
    it is reported by `validate`'s catch-all rather than crashing.
    """
    found = [] if isinstance(problem, dict) else ["problem: must be a JSON object"]
    if not isinstance(solution, dict) or not isinstance(solution.get("assignments"), list):
        return found + ["solution: must be an object with a list of assignments"]
    for i, a in enumerate(solution["assignments"]):
        if not isinstance(a, dict) or not all(isinstance(a.get(k), str) for k in KEYS):
            found.append(f"solution: assignment {i} needs text {', '.join(KEYS)}")
        elif a["kind"] not in ("cover", "visit") or not (_moment(a["start"]) and _moment(a["end"])):
            found.append(f"solution: assignment {i} has an unknown kind or a bad time")
    unfilled = solution.get("unfilled", [])
    if not isinstance(unfilled, list) or not all(
        isinstance(u, dict) and isinstance(u.get("item"), str) for u in unfilled
    ):
        found.append("solution: unfilled must be a list of objects, each naming its item")
    return found + _summary_shape(solution.get("summary", {}))


NUMBERS = ("objective", "fill_rate", "fill_rate_bound", "bound")
TABLES = ("hours_by_employer", "cost_by_employer", "cost_by_funder", "unfilled_by_reason")


def _summary_shape(summary) -> list[str]:
    """Return what is wrong with the summary's shape (figures are checked later)."""
    if not isinstance(summary, dict):
        return ["solution: summary must be an object"]
    found = [
        f"solution: summary {k} must be a number"
        for k in NUMBERS
        if summary.get(k) is not None and not _number(summary[k])
    ]
    for k in TABLES:
        table = summary.get(k, {})
        if not isinstance(table, dict) or not all(_number(v) for v in table.values()):
            found.append(f"solution: summary {k} must be a table of numbers")
    return found


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _moment(text: str) -> datetime | None:
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    return value if value.tzinfo is None else None


def _close(a, b, places: int) -> bool:
    """Return whether a reported figure matches its recomputation to its rounding."""
    return isinstance(a, (int, float)) and abs(a - b) <= 10**-places + 1e-9 * abs(b)


def check_summary(problem: dict, solution: dict) -> list[str]:
    """Check every summary figure present against an independent recomputation."""
    summary = solution.get("summary")
    if not isinstance(summary, dict):
        return []
    figures, broken = recompute_figures(problem, solution), []
    if "fill_rate" in summary and not _close(summary["fill_rate"], figures["fill_rate"], 6):
        broken.append(
            f"summary: fill rate reported {summary['fill_rate']}, "
            f"recomputed {figures['fill_rate']:.6f}"
        )
    for key in ("hours_by_employer", "cost_by_employer", "cost_by_funder"):
        if key in summary:
            broken += _by_key(key, summary[key], figures[key])
    if "unfilled_by_reason" in summary:
        counted = Counter(u.get("reason") for u in solution.get("unfilled", []))
        if summary["unfilled_by_reason"] != dict(counted):
            broken.append(f"summary: unfilled by reason does not count the unfilled list {counted}")
    bound = summary.get("fill_rate_bound")
    if isinstance(bound, (int, float)) and figures["fill_rate"] > bound + 1e-6:
        broken.append(f"summary: fill rate {figures['fill_rate']:.6f} above its bound {bound}")
    return broken


def _by_key(key: str, reported, recomputed: dict) -> list[str]:
    """Compare a figure by employer or funder, to two decimals."""
    if not isinstance(reported, dict):
        return [f"summary: {key} is not a table"]
    names = set(reported) | {k for k, v in recomputed.items() if round(v, 2)}
    wrong = [
        n for n in sorted(names) if not _close(reported.get(n, 0.0), recomputed.get(n, 0.0), 2)
    ]
    return [
        f"summary: {key} {n} reported {reported.get(n)}, recomputed {recomputed.get(n, 0):.2f}"
        for n in wrong
    ]
