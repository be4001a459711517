"""ESR competence export → ParsedFile.

ESR names national competences `NHS|CSTF|<subject>[ - <level>] - <n> Year(s)|`: the
refresher period is part of the name, so the one-year and two-year variants of a subject are
different competences and map to different catalogue codes. The table is data
(webapp/data/esr_competences.csv) and explicit on purpose: an unknown name is an error a
person can read, never a guess.

Exports come with or without an Employee Number column (a team export has one; a personal or
manager's export often has only the learner's name). A row is matched by staff number when it
has one (an Assignment Number's "-2" suffix is dropped), otherwise by name and date of birth.
"""

import csv
import io
import re
from functools import cache
from importlib.resources import files

from webapp.services.imports import (
    FileError,
    ParsedFile,
    ParsedRow,
    build_row,
    decode,
    mark_duplicates,
    norm_name,
    parse_date,
    read_table,
)

COLUMNS = {
    "name": ("Competency Name", "Competence Name"),
    "achieved": ("Date Last Awarded", "Date Start", "Date Achieved", "Achievement Date"),
}
PEOPLE = {
    "staff_number": ("Employee Number", "Employee No", "Assignment Number"),
    "full_name": ("Full Name", "Employee Name", "Name"),
    "family": ("Last Name", "Surname"),
    "given": ("First Name", "Forename", "First Names"),
    "birth": ("Date of Birth", "DOB"),
}
OPTIONAL = {"expires": ("Expiry Date",), **PEOPLE}
NAME_PATTERN = re.compile(r"^NHS\|(CSTF|MAND)\|[^|]+\|$")
PERIOD = re.compile(r" - (\d+) Years?\|$")


@cache
def competences() -> dict[str, str]:
    """ESR competence name → our catalogue code."""
    text = files("webapp").joinpath("data/esr_competences.csv").read_text("utf-8")
    return {r["name"]: r["competence"] for r in csv.DictReader(text.splitlines())}


@cache
def _names() -> dict[str, str]:
    return {norm_name(name): code for name, code in competences().items()}


def period_months(name: str) -> int | None:
    """The refresher period an ESR name carries ("- 2 Years|" → 24), or None."""
    found = PERIOD.search(name)
    return int(found.group(1)) * 12 if found else None


def _header_check(text: str) -> None:
    """Refuse a file that gives no way to tell whose each row is."""
    header = next(csv.reader(io.StringIO(text, newline="")), [])
    found = {" ".join(h.replace("_", " ").split()).casefold() for h in header}

    def has(key):
        return any(a.casefold() in found for a in PEOPLE[key])

    if header and not (has("staff_number") or (has("birth") and (
            has("full_name") or (has("family") and has("given"))))):
        raise FileError("The file has no Employee Number column, nor names and dates of "
                        "birth to match people by: export it with Employee Number")


def _split_name(full: str) -> tuple[str, str]:
    """("Smith, Jane" or "Jane Smith") → (family name, given name)."""
    if "," in full:
        family, given = full.split(",", 1)
    else:
        given, _, family = full.strip().rpartition(" ")
    return family.strip(), (given.split() or [""])[0]


def _identify(row: ParsedRow, cells: dict) -> None:
    number = cells.get("staff_number", "")
    row.staff_number = re.sub(r"-\d{1,2}$", "", number)[:20]  # assignment 12345678-2
    if row.staff_number:
        return
    family, given = (cells.get("family", ""), cells.get("given", "").split(" ")[0])
    if not family and cells.get("full_name"):
        family, given = _split_name(cells["full_name"])
    row.family_name, row.given_name = family[:80], given[:80]
    try:
        row.birth_date = parse_date(cells.get("birth", ""))
    except ValueError as error:
        row.error = f"Date of birth: {error}"
    if not row.error and not (row.family_name and row.given_name and row.birth_date):
        row.error = "No Employee Number, and no name and date of birth to match the person by"


def build_esr_row(line: int, cells: dict) -> ParsedRow:
    """Check one ESR row; identify the person by staff number or by name and birth date."""
    row = build_row(line, cells, _names(), "ESR competence record", identified=True)
    error = row.error
    _identify(row, cells)
    row.error = "; ".join(e for e in (error, row.error) if e) or None
    return row


def parse_esr(data: bytes) -> ParsedFile:
    """Parse an ESR competence export; never raises on bad input."""
    parsed = ParsedFile("esr")
    try:
        text = decode(data)
        rows = read_table(text, COLUMNS, OPTIONAL)  # checks the header's required columns
        _header_check(text)
        for line, cells in rows:
            parsed.rows.append(build_esr_row(line, cells))
    except FileError as error:
        return ParsedFile("esr", errors=[str(error)])
    if not parsed.rows:
        parsed.errors.append("The file has a header row but no rows of training")
    mark_duplicates(parsed.rows)
    return parsed
