"""The comparison of a scenario with its baseline, as the page, the PDF, the CSV and the CLI
show it: headline rows, breakdown tables and charts, all aggregates."""

from __future__ import annotations

from webapp.services.scenarios import charts
from webapp.services.scenarios.changes import describe, from_json

HEADLINES = (  # key, label, format
    ("fill_rate", "Fill rate", "{:.1%}"),
    ("unmet_visits", "Unmet visits", "{:,.0f}"),
    ("unmet_hours", "Unmet hours (visits and shifts)", "{:,.1f}"),
    ("cost", "Cost (£)", "{:,.0f}"),
    ("bank_agency_hours", "Bank and agency hours", "{:,.1f}"),
    ("held_back", "Staff held back by working-time limits", "{:,.0f}"),
    ("continuity", "Different carers a person sees in a week", "{:.2f}"),
    ("thin_delegation", "People whose delegated activities have fewer than two signed-off "
                        "carers", "{:,.0f}"),
)
BREAKDOWNS = (("locality", "Locality"), ("band", "Time band"),
              ("competence", "Competence or activity"), ("priority", "Priority"))


def comparison(result: dict, scenario, names: dict) -> dict:
    """Everything the page, PDF, CSV and CLI show, from a run's stored aggregates."""
    base, runs = result["baseline"], result["runs"]
    shown, spread = runs[result["shown"]], result["spread"]
    return {
        "changes": describe(from_json(scenario.changes), names),
        "samples": len(runs), "seeds": [r["seed"] for r in runs],
        "headlines": [_headline(key, label, form, base, spread) for key, label, form
                      in HEADLINES],
        "breakdowns": [(label, _rows(base["by"][key], shown["by"][key]))
                       for key, label in BREAKDOWNS],
        "cost_by_funder": _rows_flat(base["cost_by_funder"], shown["cost_by_funder"]),
        "cost_by_employer": _rows_flat(base["cost_by_employer"], shown["cost_by_employer"]),
        "reasons": _rows_flat(base["unfilled_by_reason"], shown["unfilled_by_reason"]),
        "charts": _charts(base, shown),
        "fixes": [dict(f, effect=effect(f, scenario.weeks)) for f in result.get("fixes", [])],
        "validator": [base["validator"]] + [r["validator"] for r in runs],
        "shown_seed": shown["seed"], "seconds": result.get("seconds"),
    }


def _headline(key, label, form, base, spread) -> dict:
    s = spread[key]
    text = form.format(s["median"])
    if s["low"] != s["high"]:
        text += f" ({form.format(s['low'])} to {form.format(s['high'])})"
    return {"key": key, "label": label, "baseline": form.format(base[key]), "scenario": text,
            "change": s["median"] - base[key], "values": (base[key], s["low"], s["median"],
                                                          s["high"])}


def _rows(base: dict, shown: dict) -> list[tuple]:
    keys = sorted(set(base) | set(shown))
    empty = {"visits": 0, "hours": 0.0}
    return [(k, base.get(k, empty)["visits"], shown.get(k, empty)["visits"],
             base.get(k, empty)["hours"], shown.get(k, empty)["hours"]) for k in keys]


def _rows_flat(base: dict, shown: dict) -> list[tuple]:
    return [(k, base.get(k, 0), shown.get(k, 0)) for k in sorted(set(base) | set(shown))]


def _charts(base: dict, shown: dict) -> list[dict]:
    places = _rows(base["by"]["locality"], shown["by"]["locality"])
    funders = _rows_flat(base["cost_by_funder"], shown["cost_by_funder"])
    return [
        charts.bars("unmet-by-locality", "Unmet hours by locality", [r[0] for r in places],
                    [r[3] for r in places], [r[4] for r in places], "hours"),
        charts.bars("cost-by-funder", "Cost by funder", [r[0] for r in funders],
                    [round(r[1]) for r in funders], [round(r[2]) for r in funders], "£"),
    ]


def effect(fix: dict, weeks: int) -> str:
    """What a fix did when the scenario was solved again with it, in words."""
    when = "a week" if weeks == 1 else f"over the {weeks} weeks"
    visits, hours = fix["visits"], fix["hours"]
    if visits > 0:
        text = f"recovers {visits} visit{'s' * (visits != 1)} and {hours:g} hours {when}"
    elif visits < 0:
        text = f"leaves {-visits} more visit{'s' * (visits != -1)} unfilled {when}"
    else:
        text = f"recovers no visits ({hours:g} hours) {when}"
    if fix["units"] > 1:
        text += f" ({fix['visits_per_unit']:g} visits per {fix['unit'].split()[0][:-1]})"
    return text
