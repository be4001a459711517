"""The words of unfilled-item reasons and fixes, their numbers taken from the rule parameters."""

from __future__ import annotations

from collections import Counter

from optimizer.kernel import WorkingTime, as_hours


def _h(minutes: int) -> str:
    """Return minutes as hours for words: 13, 7.5."""
    return f"{as_hours(minutes):g}"


ALREADY = "fixed work already"  # a detail saying the worker's fixed work alone breaks the rule


def words(wt: WorkingTime) -> dict[str, str]:
    """Return each plan rule's short reason, with this problem's numbers."""
    return {
        "busy": "busy with other work then (travel included)",
        "day_span": f"would work more than a {_h(wt.max_day_span)}-hour day",
        "break": f"would work over {_h(wt.break_after)} hours without a "
        f"{wt.break_length}-minute break",
        "daily_rest": f"would lose their {_h(wt.daily_rest)} hours' daily rest",
        "weekly_rest": f"would lose their {_h(wt.weekly_rest)} hours' weekly rest",
        "weekly_limit": f"at their {_h(wt.weekly_limit)}-hour limit",
        "night_limit": f"at the night workers' {_h(wt.night_average)}-hour average",
        "contract_hours": "at their contract hours",
        "could_fill": "free to take it",
        "no_second_carer": "free, but no second carer is free at the same time",
    }


def already(shut, wt: WorkingTime, on) -> str:
    """Return how a worker's fixed work alone already breaks a rule (`on` words a minute's date)."""
    d, rule = shut.breach.detail, shut.breach.rule
    when = on(int(d.get("at", max(0, shut.start))))  # the day, or the period's first day
    phrase = {
        "day_span": f" breaks the {_h(wt.max_day_span)}-hour day on {when}",
        "break": f" runs over {_h(wt.break_after)} hours without a {wt.break_length}-minute "
        f"break on {when}",
        "daily_rest": f" leaves under {_h(wt.daily_rest)} hours' daily rest before {when}",
        "weekly_rest": f" leaves no {_h(wt.weekly_rest)} hours' weekly rest in the "
        f"{wt.weekly_rest_days}-day period from {when}",
        "weekly_limit": f" breaks the {_h(wt.weekly_limit)}-hour average in its reference period",
        "night_limit": f" breaks the night workers' {_h(wt.night_average)}-hour average",
        "contract_hours": f" exceeds their {d.get('employer')} contract hours",
    }
    return ALREADY + phrase[rule]


def fix(rule: str, name: str, detail: str, item, kind: str, wt: WorkingTime) -> str:
    """Return the change that would let this worker fill the item."""
    if detail.startswith(ALREADY):
        return f"move {name}'s fixed work ({detail}), or book another worker"
    what = {
        "no_competence": f"train or renew {name}'s competence ({detail})",
        "no_delegation": f"delegate {getattr(item, 'activity', '')} for "
        f"{getattr(item, 'person', '')} to {name} ({detail})",
        "no_contract": f"offer {name} a bank contract with {item.employers[0]}",
        "unavailable": f"ask {name} to change their leave",
        "busy": f"widen the visit window or move {name}'s other work"
        if kind == "visit"
        else f"swap {name}'s other work that day",
        "day_span": f"shorten {name}'s day: move their first or last visit",
        "break": f"leave {name} a {wt.break_length}-minute break between visits",
        "daily_rest": f"move {name}'s work on the next or previous day",
        "weekly_rest": f"move {name}'s day off",
        "weekly_limit": f"{name} would need to opt out of the {_h(wt.weekly_limit)}-hour limit",
        "night_limit": f"give {name} fewer nights",
        "contract_hours": f"extend {name}'s {item.employers[0]} contract or allow overtime",
        "could_fill": f"re-solve with more time: {name} is free",
        "no_second_carer": f"find a second carer to go with {name}",
        "not_checked": "re-solve with a longer time limit",
    }
    return what[rule]


def generic_fix(rule: str, item, kind: str) -> str:
    """Return a fix when no worker is even near."""
    if rule == "not_checked":
        return "re-solve with a longer time limit"
    if rule == "no_delegation":
        return f"delegate {item.activity} for {item.person} to a carer in {item.locality}"
    if rule == "visit_gap":
        return "widen the visit's window or its gap, or move the visit it is tied to"
    code = item.competence if kind == "cover" else ", ".join(item.competences)
    return f"train a worker in {code} or book bank or agency staff"


def sentence(rule, planned, near, item, kind, passed, cut, wt: WorkingTime) -> str:
    """Return the reason in domain words; `cut` says the deadline stopped the checks early."""
    if rule == "no_delegation":
        dates = sorted(
            {d.split("date ")[1].replace(" passed", "") for _, d in near if "passed" in d}
        )
        lapsed = sum(1 for _, d in near if "passed" in d)
        text = f"no carer holds an active {item.activity} delegation for this person"
        return text + (f"; {lapsed} delegations expired on {', '.join(dates)}" if lapsed else "")
    if rule == "no_competence":
        code = item.competence if kind == "cover" else ", ".join(item.competences)
        return f"too few available workers hold a valid {code}"
    if rule == "no_contract":
        return f"qualified workers have no contract with {' or '.join(item.employers)}"
    if rule == "unavailable":
        return "qualified workers are on leave or unavailable"
    if rule == "not_checked":
        return f"not checked: the time for explanations ran out ({passed} eligible workers)"
    if rule == "visit_gap":
        return "no start in its window keeps its agreed gap to a visit already planned"
    said = words(wt)
    blocked = Counter({k: len(v) for k, v in planned.items()})
    parts = [_blocked_by(k, n, planned[k], said) for k, n in blocked.most_common()]
    if rule == "contract_hours" and planned[rule] and not planned[rule][0][1].startswith(ALREADY):
        parts.append(f"e.g. {planned[rule][0][0]} {planned[rule][0][1]}")
    checked = sum(blocked.values())
    if rule in ("could_fill", "no_second_carer"):
        return f"of {passed} eligible workers: " + "; ".join(parts)
    scope = f"all {passed} eligible workers" if checked == passed else f"{checked} of {passed}"
    text = f"{scope} are blocked: " + "; ".join(parts)
    if cut:
        text += f" (the time for explanations ran out after checking {checked} of {passed})"
    return text


def _blocked_by(rule: str, count: int, found: list[tuple[str, str]], said) -> str:
    """Return how many workers a rule stops, those whose fixed work already breaks it apart."""
    shut = [(name, detail) for name, detail in found if detail.startswith(ALREADY)]
    parts = [f"{count - len(shut)} {said[rule]}"] if len(shut) < count else []
    if len(shut) == 1:
        parts.append(f"{shut[0][0]}'s {shut[0][1]}")
    elif shut:
        parts.append(
            f"{len(shut)} whose fixed work already breaks it (e.g. {shut[0][0]}'s {shut[0][1]})"
        )
    return "; ".join(parts)
