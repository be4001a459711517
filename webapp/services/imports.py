"""Bulk training import, reading: an upload's bytes become ParsedRows or per-file errors.

Layouts are parsed in imports_esr and imports_ascwds into the same ParsedRow; checking rows
against the database, previewing and committing live in imports_batch.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 200_000
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%b-%Y", "%d %b %Y", "%d-%m-%Y")


class FileError(ValueError):
    """The whole file is unusable; nothing in it is imported."""


@dataclass
class ParsedRow:
    line: int  # line number in the file, header = 1
    staff_number: str
    name: str  # the competence or training name as written in the file
    code: str | None = None
    achieved_on: date | None = None
    expires_on: date | None = None
    note: str = ""
    error: str | None = None
    skip: str | None = None  # a known record with nothing to record in a passport: why
    workplace: str = ""  # ASC-WDS LOCALESTID: rows are keyed on workplace + worker
    family_name: str = ""  # ESR rows without an Employee Number match on name + birth date
    given_name: str = ""
    birth_date: date | None = None


@dataclass
class ParsedFile:
    layout: str
    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # per-file errors: nothing is usable


def decode(data: bytes) -> str:
    """Return the text of a UTF-8 upload (with or without a byte-order mark)."""
    if len(data) > MAX_BYTES:
        raise FileError(f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileError("The file is not UTF-8 text (a byte at position "
                        f"{error.start} is not valid): in Excel, save it as "
                        "'CSV UTF-8 (comma delimited)' and upload it again") from None
    if "\x00" in text:
        raise FileError("The file contains binary data: upload a CSV file")
    return text


def read_table(text: str, columns: dict[str, tuple[str, ...]],
               optional: dict[str, tuple[str, ...]]):
    """Match the header to our column names; yield (line, {column: cell}) for each row."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
    except csv.Error as error:
        raise FileError(f"The first line could not be read as CSV: {error}") from None
    if not header or not any(h.strip() for h in header):
        raise FileError("The file is empty: it needs a header row and at least one row")
    found = {_norm(h): i for i, h in enumerate(header)}
    positions, missing = {}, []
    for name, aliases in (columns | optional).items():
        index = next((found[a] for a in map(_norm, aliases) if a in found), None)
        if index is not None:
            positions[name] = index
        elif name in columns:
            missing.append(aliases[0])
    if missing:
        raise FileError(_missing_message(header, missing))
    return _rows(reader, positions)


def _rows(reader, positions: dict[str, int]):
    width = max(positions.values()) + 1
    try:
        for cells in reader:
            if not any(c.strip() for c in cells):
                continue
            if reader.line_num > MAX_ROWS + 1:
                raise FileError(f"The file has more than {MAX_ROWS:,} rows: split it")
            cells = cells + [""] * (width - len(cells))
            yield reader.line_num, {k: cells[i].strip() for k, i in positions.items()}
    except csv.Error as error:
        raise FileError(f"Line {reader.line_num} could not be read as CSV: {error}") from None


def _missing_message(header: list[str], missing: list[str]) -> str:
    first = header[0] if header else ""
    for mark, name in ((";", "semicolons"), ("\t", "tabs"), ("|", "vertical bars")):
        if len(header) == 1 and mark in first:
            return (f"The columns are separated by {name}, not commas: save the file as CSV "
                    "(comma delimited) and upload it again")
    shown = ", ".join(h.strip() for h in header if h.strip())[:300]
    return f"Missing column{'s' if len(missing) > 1 else ''}: {', '.join(missing)} " \
           f"(the header row has: {shown or 'nothing'})"


def _norm(value: str) -> str:
    return " ".join(value.replace("_", " ").split()).casefold()


def norm_name(value: str) -> str:
    """Normalise a competence name for lookup: case, spaces and pipes' padding ignored."""
    return "|".join(" ".join(p.split()) for p in value.split("|")).casefold()


@lru_cache(maxsize=8192)
def parse_date(value: str) -> date | None:
    """Read a date written as 31/03/2026, 2026-03-31 or 31-Mar-2026; None if blank."""
    value = value.strip()
    if not value:
        return None
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"'{value[:40]}' is not a date like 31/03/2026")


def build_row(line: int, cells: dict, names: dict[str, str], note: str,
              identified: bool = False) -> ParsedRow:
    """Check one row's cells and look its name up in the layout's mapping table
    (`identified`: the person is known otherwise than by staff number)."""
    row = ParsedRow(line, cells.get("staff_number", "")[:20], cells["name"][:200], note=note)
    problems = []
    if not row.staff_number and not identified:
        problems.append("the staff number is blank")
    row.code = names.get(norm_name(row.name))
    if not row.name:
        problems.append("the competence name is blank")
    elif row.code is None:
        problems.append(f"'{row.name[:80]}' is not a competence name we know")
    try:
        row.achieved_on = parse_date(cells["achieved"])
        if row.achieved_on is None:
            problems.append("the date achieved is blank")
    except ValueError as error:
        problems.append(f"date achieved: {error}")
    try:
        row.expires_on = parse_date(cells.get("expires", ""))
    except ValueError as error:
        problems.append(f"expiry date: {error}")
    if row.achieved_on and row.expires_on and row.expires_on < row.achieved_on:
        problems.append("the expiry date is before the date achieved")
    message = "; ".join(problems)
    row.error = (message[:1].upper() + message[1:]) or None
    return row


def mark_duplicates(rows: list[ParsedRow]) -> None:
    """Mark a row that repeats an earlier one (same person, competence and date) as an error."""
    seen: dict[tuple, int] = {}
    for row in rows:
        if row.error or row.skip:
            continue
        key = (row.workplace, row.staff_number, row.family_name.casefold(),
               row.given_name.casefold(), row.birth_date, row.code, row.achieved_on)
        if key in seen:
            row.error = f"Duplicates line {seen[key]} (same person, competence and date)"
        else:
            seen[key] = row.line


def parse_rows(text: str, columns: dict, optional: dict, names: dict[str, str], note_of,
               layout: str) -> ParsedFile:
    """Parse a whole file into a ParsedFile, turning per-file problems into its errors."""
    parsed = ParsedFile(layout)
    try:
        for line, cells in read_table(text, columns, optional):
            parsed.rows.append(build_row(line, cells, names, note_of(cells)))
    except FileError as error:
        return ParsedFile(layout, errors=[str(error)])
    if not parsed.rows:
        parsed.errors.append("The file has a header row but no rows of training")
    mark_duplicates(parsed.rows)
    return parsed


PARSERS = {}  # layout → parser, filled below to avoid an import cycle


def parse(layout: str, data: bytes) -> ParsedFile:
    """Parse an upload in the named layout."""
    if not PARSERS:
        from webapp.services.imports_ascwds import parse_ascwds
        from webapp.services.imports_esr import parse_esr

        PARSERS.update(esr=parse_esr, ascwds=parse_ascwds)
    return PARSERS[layout](data)
