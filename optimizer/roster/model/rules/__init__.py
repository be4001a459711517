"""The rostering rules: hard rules (``add_*``) and soft rules (``penalise_*``)."""

from optimizer.roster.model.rules.averages import add_averaged_limits
from optimizer.roster.model.rules.breaks import add_in_work_breaks
from optimizer.roster.model.rules.cover import penalise_over_cover, penalise_under_cover
from optimizer.roster.model.rules.daily import (
    add_forbidden_successions,
    add_one_shift_per_day,
    add_shift_type_limits,
    add_site_restrictions,
    add_unavailable_days,
)
from optimizer.roster.model.rules.daily_rest import add_daily_rest
from optimizer.roster.model.rules.fairness import penalise_unfairness
from optimizer.roster.model.rules.fixed_work import add_fixed_work, add_fixed_work_breaches
from optimizer.roster.model.rules.requests import (
    penalise_shift_off_requests,
    penalise_shift_on_requests,
)
from optimizer.roster.model.rules.stretches import (
    add_max_consecutive_days,
    add_min_consecutive_days,
    add_min_consecutive_days_off,
)
from optimizer.roster.model.rules.totals import add_max_weekends, add_total_minutes
from optimizer.roster.model.rules.weekly_rest import add_weekly_rest

HARD_RULES = (
    add_one_shift_per_day,
    add_unavailable_days,
    add_shift_type_limits,
    add_site_restrictions,
    add_forbidden_successions,
    add_total_minutes,
    add_max_weekends,
    add_max_consecutive_days,
    add_min_consecutive_days,
    add_min_consecutive_days_off,
    add_fixed_work,
    add_fixed_work_breaches,
    add_daily_rest,
    add_weekly_rest,
    add_averaged_limits,
    add_in_work_breaks,
)

SOFT_RULES = (
    penalise_shift_on_requests,
    penalise_shift_off_requests,
    penalise_under_cover,
    penalise_over_cover,
    penalise_unfairness,
)

__all__ = ["HARD_RULES", "SOFT_RULES"] + [rule.__name__ for rule in HARD_RULES + SOFT_RULES]
