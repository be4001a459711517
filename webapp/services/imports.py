"""Bulk training import: parse an upload, preview every row's outcome, then commit all or none.

Layouts are parsed in imports_esr and imports_ascwds into the same ParsedRow. A batch keeps
the parsed rows server-side (ImportBatch.rows) between preview and confirmation; committing
re-checks every row against the database in the same transaction that writes them.
"""

import csv
import io
import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import lru_cache

from sqlalchemy import insert, update
from sqlmodel import Session, col, select

from webapp.models import (
    AuditEvent,
    Competence,
    EmploymentContract,
    Organisation,
    PassportEntry,
    StaffMember,
)
from webapp.models.imports import ImportBatch
from webapp.services import audit
from webapp.services.passports import valid_until_for

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 200_000
CHUNK = 5000
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%b-%Y", "%d %b %Y", "%d-%m-%Y")
STATUS_LABELS = {"new": "New", "update": "Update", "unchanged": "Unchanged", "error": "Error"}


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


def build_row(line: int, cells: dict, names: dict[str, str], note: str) -> ParsedRow:
    """Check one row's cells and look its name up in the layout's mapping table."""
    row = ParsedRow(line, cells["staff_number"][:20], cells["name"][:200], note=note)
    problems = []
    if not row.staff_number:
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
        if row.error:
            continue
        key = (row.staff_number, row.code, row.achieved_on)
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


# ---- checking rows against the database ------------------------------------------------

@dataclass
class Outcome:
    row: ParsedRow
    status: str  # new, update, unchanged, error
    message: str = ""
    member_id: int | None = None
    competence_id: int | None = None
    entry_id: int | None = None
    valid_until: date | None = None


def classify(session: Session, rows: list[ParsedRow], organisation: Organisation) -> list:
    """Decide each row's outcome: new award, corrected expiry, already held, or error."""
    members = _members(session, organisation, {r.staff_number for r in rows})
    competences = {c.code: (c.id, c.refresher_months) for c in session.exec(select(Competence))}
    existing = _existing(session, {m for m, _ in members.values()},
                         {competences[r.code][0] for r in rows if r.code in competences})
    return [_outcome(r, members, competences, existing, organisation) for r in rows]


def _outcome(row, members, competences, existing, organisation) -> Outcome:
    if row.error:
        return Outcome(row, "error", row.error)
    member = members.get(row.staff_number)
    if member is None:
        return Outcome(row, "error", f"No staff member with number {row.staff_number}")
    member_id, employed = member
    if not employed:
        return Outcome(row, "error", f"{row.staff_number} has no contract with "
                                     f"{organisation.name}")
    competence_id, months = competences[row.code]
    until = row.expires_on or valid_until_for(months, row.achieved_on)
    held = existing.get((member_id, competence_id, row.achieved_on))
    if held is None:
        return Outcome(row, "new", "", member_id, competence_id, None, until)
    entry_id, held_until = held
    status = "unchanged" if held_until == until else "update"
    message = "" if status == "unchanged" else f"Expiry date changes from {held_until or 'none'}"
    return Outcome(row, status, message, member_id, competence_id, entry_id, until)


def _members(session: Session, organisation: Organisation, numbers: set[str]) -> dict:
    """Map staff number → (member id, has a contract with the organisation)."""
    employed = set(session.exec(select(EmploymentContract.staff_member_id).where(
        EmploymentContract.organisation_id == organisation.id)))
    found = {}
    numbers = sorted(numbers)
    for start in range(0, len(numbers), 500):
        for member_id, number in session.exec(
                select(StaffMember.id, StaffMember.staff_number).where(
                    StaffMember.place_id == organisation.place_id,
                    col(StaffMember.staff_number).in_(numbers[start:start + 500]))):
            found[number] = (member_id, member_id in employed)
    return found


def _existing(session: Session, member_ids: set[int], competence_ids: set[int]) -> dict:
    """Map (member, competence, achieved) → (entry id, valid until) for live entries."""
    existing = {}
    ids = sorted(member_ids)
    if not ids or not competence_ids:
        return existing
    for start in range(0, len(ids), 500):
        query = select(PassportEntry.id, PassportEntry.staff_member_id,
                       PassportEntry.competence_id, PassportEntry.achieved_on,
                       PassportEntry.valid_until).where(
            col(PassportEntry.staff_member_id).in_(ids[start:start + 500]),
            col(PassportEntry.competence_id).in_(competence_ids),
            col(PassportEntry.revoked).is_(False))
        for entry_id, member_id, competence_id, achieved, until in session.exec(query):
            existing[(member_id, competence_id, achieved)] = (entry_id, until)
    return existing


# ---- batches ------------------------------------------------------------------------------

def _row_json(outcome: Outcome) -> list:
    # Layout: [line, staff number, name, code, achieved, expires, note, status, message]
    r = outcome.row
    return [r.line, r.staff_number, r.name, r.code,
            r.achieved_on.isoformat() if r.achieved_on else None,
            r.expires_on.isoformat() if r.expires_on else None, r.note, outcome.status,
            outcome.message]


def stored_rows(batch: ImportBatch) -> list[tuple[ParsedRow, str, str]]:
    """Return the batch's rows with the outcome seen at preview: (row, status, message)."""
    result = []
    for line, number, name, code, achieved, expires, note, status, message in json.loads(
            batch.rows):
        row = ParsedRow(line, number, name, code,
                        date.fromisoformat(achieved) if achieved else None,
                        date.fromisoformat(expires) if expires else None, note,
                        message if status == "error" else None)
        result.append((row, status, message))
    return result


def create_batch(session: Session, parsed: ParsedFile, *, organisation: Organisation,
                 filename: str, actor) -> tuple[ImportBatch, list[Outcome]]:
    """Check the parsed rows and keep them server-side for the preview; nothing is imported."""
    outcomes = classify(session, parsed.rows, organisation)
    batch = ImportBatch(
        place_id=organisation.place_id, organisation_id=organisation.id, layout=parsed.layout,
        filename=(filename or "upload.csv")[:200], uploaded_by_user_id=actor.id,
        uploaded_at=datetime.now(UTC), row_count=len(outcomes),
        error_count=sum(o.status == "error" for o in outcomes),
        rows=json.dumps([_row_json(o) for o in outcomes], separators=(",", ":")))
    session.add(batch)
    session.flush()
    return batch, outcomes


def counts(statuses) -> dict[str, int]:
    result = dict.fromkeys(STATUS_LABELS, 0)
    for status in statuses:
        result[status] += 1
    return result


class ImportRefused(ValueError):
    """Committing would write a partial or wrong import; nothing was written."""


def commit(session: Session, batch: ImportBatch, *, actor, today: date,
           request_id: str | None = None) -> dict[str, int]:
    """Write every row of a clean batch, or none; audit the batch and each member touched.

    The caller commits the session (one transaction) or rolls it back on ImportRefused.
    """
    claimed = session.execute(  # claim the batch first: a second confirm finds nothing
        update(ImportBatch).where(col(ImportBatch.id) == batch.id,
                                  col(ImportBatch.status) == "previewed")
        .values(status="committing").execution_options(synchronize_session=False))
    if claimed.rowcount != 1:
        raise ImportRefused("This upload has already been imported or discarded")
    organisation = session.get(Organisation, batch.organisation_id)
    outcomes = classify(session, [r for r, _, _ in stored_rows(batch)], organisation)
    errors = [o for o in outcomes if o.status == "error"]
    if errors:
        raise ImportRefused(f"{len(errors)} row{'s' if len(errors) > 1 else ''} cannot be "
                            f"imported (first: line {errors[0].row.line}: {errors[0].message}); "
                            "correct the file and upload it again")
    _write(session, outcomes, batch, organisation, today)
    summary = counts(o.status for o in outcomes)
    batch.status, batch.committed_at = "committed", datetime.now(UTC)
    batch.summary = json.dumps(summary)
    session.add(batch)
    _audit(session, batch, outcomes, actor, summary, request_id)
    return summary


def _write(session, outcomes, batch, organisation, today: date) -> None:
    verifier = f"{organisation.name} records ({batch.layout.upper()} import)"[:120]
    new = [{"staff_member_id": o.member_id, "competence_id": o.competence_id,
            "achieved_on": o.row.achieved_on, "valid_until": o.valid_until,
            "evidence_note": o.row.note[:500], "verified_by": verifier, "verified_on": today,
            "verifying_organisation_id": organisation.id, "revoked": False}
           for o in outcomes if o.status == "new"]
    for start in range(0, len(new), CHUNK):
        session.execute(insert(PassportEntry), new[start:start + CHUNK])
    changes = [{"id": o.entry_id, "valid_until": o.valid_until}
               for o in outcomes if o.status == "update"]
    for start in range(0, len(changes), CHUNK):
        session.execute(update(PassportEntry), changes[start:start + CHUNK])


def _audit(session, batch, outcomes, actor, summary, request_id) -> None:
    audit.record(session, actor=actor, action="import.commit", entity="import_batch",
                 entity_id=batch.id, request_id=request_id,
                 after={"layout": batch.layout, "filename": batch.filename,
                        "organisation_id": batch.organisation_id} | summary)
    per_member: dict[int, dict[str, int]] = {}
    for o in outcomes:
        if o.status in ("new", "update"):
            tally = per_member.setdefault(o.member_id, {"new": 0, "update": 0})
            tally[o.status] += 1
    now = datetime.now(UTC)
    events = [{"at": now, "actor_user_id": actor.id, "action": "passport_entry.import",
               "entity": "import_batch", "entity_id": str(batch.id), "staff_member_id": m,
               "after": json.dumps({"batch": batch.id, "added": t["new"],
                                    "updated": t["update"]}), "request_id": request_id}
              for m, t in per_member.items()]
    for start in range(0, len(events), CHUNK):
        session.execute(insert(AuditEvent), events[start:start + CHUNK])


def discard(session: Session, batch: ImportBatch, *, actor, request_id: str | None = None):
    """Drop an upload that was previewed but not wanted; its rows are cleared."""
    if batch.status != "previewed":
        raise ImportRefused("This upload has already been imported or discarded")
    batch.status, batch.rows = "discarded", "[]"
    session.add(batch)
    audit.record(session, actor=actor, action="import.discard", entity="import_batch",
                 entity_id=batch.id, request_id=request_id)


PARSERS = {}  # layout → parser, filled below to avoid an import cycle


def parse(layout: str, data: bytes) -> ParsedFile:
    """Parse an upload in the named layout."""
    if not PARSERS:
        from webapp.services.imports_ascwds import parse_ascwds
        from webapp.services.imports_esr import parse_esr

        PARSERS.update(esr=parse_esr, ascwds=parse_ascwds)
    return PARSERS[layout](data)


def batch_for(session: Session, batch_id: int, user) -> ImportBatch | None:
    """Return the batch if this user may see it: their organisation's, or any in an admin's
    place."""
    from webapp.models import Role

    batch = session.get(ImportBatch, batch_id)
    if batch is None or batch.place_id != user.place_id:
        return None
    if user.role != Role.ADMIN and batch.organisation_id != user.organisation_id:
        return None
    return batch
