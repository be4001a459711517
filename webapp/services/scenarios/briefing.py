"""The comparison as a PDF briefing (WeasyPrint), a CSV and plain text: aggregates only."""

from __future__ import annotations

import csv
import io

from flask import Response, render_template


def pdf_bytes(scenario, compared: dict) -> bytes:
    """The briefing: the same charts (the same SVG) as the page, their tables and the fixes."""
    from weasyprint import HTML  # slow to import; only the briefing needs it

    html = render_template("scenarios/briefing.html", scenario=scenario, compared=compared)
    return HTML(string=html).write_pdf()


def pdf_response(scenario, compared: dict) -> Response:
    return Response(pdf_bytes(scenario, compared), mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="scenario-{scenario.id}.pdf"'})


def rows(compared: dict) -> list[list]:
    """Section, item, baseline, scenario: every figure the page shows."""
    out = [["section", "item", "baseline", "scenario"]]
    out += [["change", line, "", ""] for line in compared["changes"]]
    out += [["headline", h["label"], h["baseline"], h["scenario"]]
            for h in compared["headlines"]]
    for label, table in compared["breakdowns"]:
        out += [[f"unmet visits by {label.lower()}", k, bv, sv] for k, bv, sv, _, _ in table]
        out += [[f"unmet hours by {label.lower()}", k, bh, sh] for k, _, _, bh, sh in table]
    out += [["cost by funder (£)", k, b, s] for k, b, s in compared["cost_by_funder"]]
    out += [["cost by employer (£)", k, b, s] for k, b, s in compared["cost_by_employer"]]
    out += [["fix", f["label"], "", f["effect"]] for f in compared["fixes"]]
    return out


def csv_response(scenario, compared: dict) -> Response:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows(compared))
    return Response(buffer.getvalue(), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="scenario-{scenario.id}.csv"'})


def text(name: str, compared: dict) -> str:
    """The comparison for a terminal (the scenario-run command)."""
    width = max(len(h["label"]) for h in compared["headlines"])
    lines = [f"Scenario: {name}", *(f"  - {c}" for c in compared["changes"]),
             f"Samples: seeds {', '.join(map(str, compared['seeds']))}", "",
             f"{'':{width}}  {'baseline':>12}  scenario"]
    lines += [f"{h['label']:{width}}  {h['baseline']:>12}  {h['scenario']}"
              for h in compared["headlines"]]
    lines += ["", "Ranked fixes (each solved again with the change):"]
    lines += [f"  {n}. {f['label']}: {f['effect']}"
              for n, f in enumerate(compared["fixes"], start=1)] or ["  none"]
    return "\n".join(lines)
