"""ASC-WDS bulk upload training file → ParsedFile.

The layout is the one ASC-WDS itself takes and gives in bulk upload (one row per training
record): LOCALESTID (the workplace), UNIQUEWORKERID (the worker in that workplace), CATEGORY
(a number from the published training-category list), DESCRIPTION, DATECOMPLETED,
EXPIRYDATE, ACCREDITED (0 no, 1 yes, 999 don't know) and NOTES. Rows are keyed on
workplace + worker. The category list is data (webapp/data/ascwds_training_categories.csv):
a category with no passport competence (Dementia care, say) is shown and skipped, an
unknown number is an error. Lengths and rules follow ASC-WDS's own training validator.
"""

import csv
from functools import cache
from importlib.resources import files

from webapp.services.imports import (
    FileError,
    ParsedFile,
    ParsedRow,
    decode,
    mark_duplicates,
    parse_date,
    read_table,
)

COLUMNS = {
    "workplace": ("LOCALESTID",),
    "staff_number": ("UNIQUEWORKERID",),
    "category": ("CATEGORY",),
    "description": ("DESCRIPTION",),
    "achieved": ("DATECOMPLETED",),
}
OPTIONAL = {"expires": ("EXPIRYDATE",), "accredited": ("ACCREDITED",), "notes": ("NOTES",)}
LIMITS = {"workplace": ("LOCALESTID", 50), "staff_number": ("UNIQUEWORKERID", 50),
          "description": ("DESCRIPTION", 120), "notes": ("NOTES", 1000)}
ACCREDITED = {"0": "not accredited", "1": "accredited", "999": "accreditation not known"}


@cache
def categories() -> dict[int, tuple[str, str | None]]:
    """The published training categories: number → (name, our competence code or None)."""
    text = files("webapp").joinpath("data/ascwds_training_categories.csv").read_text("utf-8")
    return {int(r["code"]): (r["category"], r["competence"] or None)
            for r in csv.DictReader(text.splitlines())}


def _category(value: str) -> tuple[str | None, str | None, str | None]:
    """Return (name, competence code, problem) for a CATEGORY cell."""
    number = value.strip()
    if not number.isascii() or not number.isdigit() or len(number) > 4:
        return None, None, f"CATEGORY '{number[:20]}' is not a training category number" \
            if number else "CATEGORY is blank"
    found = categories().get(int(number))
    if found is None:
        return None, None, f"CATEGORY {int(number)} is not on the ASC-WDS training list"
    return found[0], found[1], None


def _dates(row: ParsedRow, cells: dict, problems: list[str]) -> None:
    for field, column, attribute in (("achieved", "DATECOMPLETED", "achieved_on"),
                                     ("expires", "EXPIRYDATE", "expires_on")):
        try:
            setattr(row, attribute, parse_date(cells.get(field, "")))
        except ValueError as error:
            problems.append(f"{column}: {error}")
    if row.achieved_on and row.expires_on and row.expires_on <= row.achieved_on:
        problems.append("EXPIRYDATE must be after DATECOMPLETED")


def _problems(cells: dict) -> list[str]:
    problems = [f"{column} is blank" for key, (column, _) in LIMITS.items()
                if key in COLUMNS and not cells.get(key)]
    problems += [f"{column} is longer than {limit} characters"
                 for key, (column, limit) in LIMITS.items() if len(cells.get(key, "")) > limit]
    if cells.get("accredited", "") not in ("", *ACCREDITED):
        problems.append(f"ACCREDITED must be 0, 1 or 999 (it is '{cells['accredited'][:10]}')")
    return problems


def build_ascwds_row(line: int, cells: dict) -> ParsedRow:
    """Check one ASC-WDS row and look its category up in the published list."""
    name, code, problem = _category(cells["category"])
    description = cells["description"][:120]
    row = ParsedRow(line, cells["staff_number"][:50], f"{name or 'Unknown category'}: "
                    f"{description}"[:200], code, workplace=cells["workplace"][:50],
                    note=_note(cells))
    problems = _problems(cells) + ([problem] if problem else [])
    _dates(row, cells, problems)
    if not problems and row.achieved_on is None:
        row.skip = "No DATECOMPLETED: nothing to record in a passport"
    elif not problems and code is None:
        row.skip = f"{name} is not a competence in the passport catalogue"
    row.error = "; ".join(problems) or None
    return row


def _note(cells: dict) -> str:
    accredited = ACCREDITED.get(cells.get("accredited", ""), "")
    notes = " ".join(cells.get("notes", "").split())
    parts = ["ASC-WDS training record", cells["description"].strip(), accredited, notes]
    return "; ".join(p for p in parts if p)[:500]


def parse_ascwds(data: bytes) -> ParsedFile:
    """Parse an ASC-WDS bulk upload training file; never raises on bad input."""
    parsed = ParsedFile("ascwds")
    try:
        for line, cells in read_table(decode(data), COLUMNS, OPTIONAL):
            parsed.rows.append(build_ascwds_row(line, cells))
    except FileError as error:
        return ParsedFile("ascwds", errors=[str(error)])
    if not parsed.rows:
        parsed.errors.append("The file has a header row but no rows of training")
    mark_duplicates(parsed.rows)
    return parsed
