"""The validator's checks of when work happens: never in leave, and gaps between visits kept.

Like the rest of the validator, they read the plain problem and solution documents.
"""

from __future__ import annotations


def check_leave(p, staff: dict, items: list[dict]) -> list[str]:
    """Check no work falls in approved leave or other unavailability."""
    broken = []
    for u in staff.get("unavailable", []):
        a0, b0 = p.minute(u["start"]), p.minute(u["end"])
        for a in items:
            if p.minute(a["start"]) < b0 and a0 < p.minute(a["end"]):
                broken.append(
                    f"availability: {staff['id']} works {a['item']} "
                    f"during {u.get('reason', 'leave')}"
                )
    return broken


def check_gaps(p, by_item) -> list[str]:
    """Check that two visits tied by a gap, when both happen, start within it of each other."""
    broken = []
    for g in p.raw.get("visit_gaps", []):
        first, second = by_item.get(g["first"]), by_item.get(g["second"])
        if not first or not second:
            continue
        apart = p.minute(second[0]["start"]) - p.minute(first[0]["start"])
        if not g["min_minutes"] <= apart <= g["max_minutes"]:
            broken.append(
                f"visit gap: {g['second']} starts {apart} minutes after {g['first']}, "
                f"not {g['min_minutes']} to {g['max_minutes']}"
            )
    return broken
