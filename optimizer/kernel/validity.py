"""Whether a competence or a delegation may be relied on, on a given date.

A competence counts from its first valid day to its last, inclusive (no end date: no
expiry). A registrant's delegation counts while it is active and its review date has not
passed (the review day itself still counts).
"""

from __future__ import annotations

from datetime import date


def competence_valid(valid_from: date, valid_until: date | None, day: date) -> bool:
    """Return whether a competence valid from `valid_from` to `valid_until` holds on `day`."""
    return valid_from <= day and (valid_until is None or day <= valid_until)


def delegation_usable(status: str, review_by: date, day: date) -> bool:
    """Return whether a delegation with this status and review date may be used on `day`."""
    return status == "active" and day <= review_by
