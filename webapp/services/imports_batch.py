"""Bulk training import, writing: preview every row's outcome, then commit all or none.

A batch keeps the parsed rows server-side (ImportBatch.rows) between preview and
confirmation; committing re-checks every row against the database in the same transaction
that writes them.
"""

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache

from sqlalchemy import bindparam, update
from sqlmodel import Session, col, select

from webapp.models import (
    AuditEvent,
    EmploymentContract,
    Organisation,
    PassportEntry,
    StaffMember,
)
from webapp.models.imports import ImportBatch
from webapp.services import audit, imports_people, passport_access, refresher
from webapp.services.imports import ParsedFile, ParsedRow
from webapp.services.passports import achieved_on_problem, valid_until_for

CHUNK = 5000
_valid_until = lru_cache(maxsize=65536)(valid_until_for)  # relativedelta is slow per row
STATUS_LABELS = {"new": "New", "update": "Update", "unchanged": "Unchanged",
                 "skipped": "Skipped", "error": "Error"}


@dataclass
class Outcome:
    row: ParsedRow
    status: str  # new, update, unchanged, error
    message: str = ""
    member_id: int | None = None
    competence_id: int | None = None
    entry_id: int | None = None
    valid_until: date | None = None


def classify(session: Session, rows: list[ParsedRow], organisation: Organisation,
             today: date | None = None) -> list:
    """Decide each row's outcome: new award, corrected expiry, already held, or error."""
    imports_people.match_by_name(session, organisation, rows)
    members = _members(session, organisation, {r.staff_number for r in rows},
                       today or date.today())
    competences = refresher.periods_by_code(session, organisation.id)
    existing = _existing(session, {m for m, _ in members.values()},
                         {competences[r.code][0] for r in rows if r.code in competences})
    today = today or date.today()
    workplaces = imports_people.workplaces(session, organisation)
    outcomes = []
    for r in rows:
        wrong_place = imports_people.workplace_error(r, workplaces, organisation)
        outcomes.append(Outcome(r, "error", wrong_place) if wrong_place else
                        _outcome(r, members, competences, existing, organisation, today))
    return outcomes


def _outcome(row, members, competences, existing, organisation, today) -> Outcome:
    if row.error:
        return Outcome(row, "error", row.error)
    if row.skip:
        return Outcome(row, "skipped", row.skip)
    if problem := achieved_on_problem(row.achieved_on, today):
        return Outcome(row, "error", f"{problem} (it is {row.achieved_on:%d/%m/%Y})")
    member = members.get(row.staff_number)
    if member is None:
        return Outcome(row, "error", f"No staff member with number {row.staff_number}")
    member_id, employed = member
    if not employed:
        return Outcome(row, "error", f"{row.staff_number} has no contract with "
                                     f"{organisation.name}")
    competence_id, months = competences[row.code]
    until = row.expires_on or _valid_until(months, row.achieved_on)
    held = _changeable(existing.get((member_id, competence_id, row.achieved_on), []),
                       organisation.id)
    if held is None:
        return Outcome(row, "new", "", member_id, competence_id, None, until)
    entry_id, held_until = held
    status = "unchanged" if held_until == until else "update"
    message = "" if status == "unchanged" else f"Expiry date changes from {held_until or 'none'}"
    return Outcome(row, status, message, member_id, competence_id, entry_id, until)


def _changeable(held: list[tuple], organisation_id: int) -> tuple | None:
    """The held entry (id, valid until) this organisation may update, if any: another
    organisation's verified record of the same training is never rewritten (the row then
    adds the importing organisation's own record)."""
    for entry_id, until, verified_by_organisation in held:
        if passport_access.organisation_may_change(
                organisation_id, verified_by_organisation=verified_by_organisation,
                employers={organisation_id}):  # employment was checked by the caller
            return entry_id, until
    return None


def _members(session: Session, organisation: Organisation, numbers: set[str],
             today: date) -> dict:
    """Map staff number → (member id, employed by the organisation today)."""
    employed = set(session.exec(select(EmploymentContract.staff_member_id).where(
        EmploymentContract.organisation_id == organisation.id,
        (col(EmploymentContract.ends_on).is_(None)) | (EmploymentContract.ends_on >= today))))
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
    """Map (member, competence, achieved) → [(entry id, valid until, verifying organisation)]
    for live entries."""
    existing = {}
    ids = sorted(member_ids)
    if not ids or not competence_ids:
        return existing
    for start in range(0, len(ids), 500):
        query = select(PassportEntry.id, PassportEntry.staff_member_id,
                       PassportEntry.competence_id, PassportEntry.achieved_on,
                       PassportEntry.valid_until, PassportEntry.verifying_organisation_id).where(
            col(PassportEntry.staff_member_id).in_(ids[start:start + 500]),
            col(PassportEntry.competence_id).in_(competence_ids),
            col(PassportEntry.revoked).is_(False))
        for entry_id, member_id, competence_id, achieved, until, org in session.exec(query):
            existing.setdefault((member_id, competence_id, achieved), []).append(
                (entry_id, until, org))
    return existing


def _row_json(outcome: Outcome) -> list:
    # Layout: [line, staff number, name, code, achieved, expires, note, status, message,
    # workplace]
    r = outcome.row
    return [r.line, r.staff_number, r.name, r.code,
            r.achieved_on.isoformat() if r.achieved_on else None,
            r.expires_on.isoformat() if r.expires_on else None, r.note, outcome.status,
            outcome.message, r.workplace]


def stored_rows(batch: ImportBatch) -> list[tuple[ParsedRow, str, str]]:
    """Return the batch's rows with the outcome seen at preview: (row, status, message)."""
    result = []
    for line, number, name, code, achieved, expires, note, status, message, *rest in \
            json.loads(batch.rows):
        row = ParsedRow(line, number, name, code,
                        date.fromisoformat(achieved) if achieved else None,
                        date.fromisoformat(expires) if expires else None, note,
                        message if status == "error" else None,
                        message if status == "skipped" else None, *rest)
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
    outcomes = classify(session, [r for r, _, _ in stored_rows(batch)], organisation, today)
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
            "verifying_organisation_id": organisation.id, "revoked": False,
            "expiry_source": _source(o, batch)}
           for o in outcomes if o.status == "new"]
    for start in range(0, len(new), CHUNK):
        session.execute(PassportEntry.__table__.insert(), new[start:start + CHUNK])
    changes = [{"entry_id": o.entry_id, "until": o.valid_until, "source": _source(o, batch)}
               for o in outcomes if o.status == "update"]
    table = PassportEntry.__table__
    statement = update(table).where(table.c.id == bindparam("entry_id")).values(
        valid_until=bindparam("until"), expiry_source=bindparam("source"))
    for start in range(0, len(changes), CHUNK):
        session.connection().execute(statement, changes[start:start + CHUNK])


def _source(outcome: Outcome, batch: ImportBatch) -> str | None:
    """The source system, when the row carried its own expiry date (which then stands)."""
    return batch.layout if outcome.row.expires_on else None


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
        session.execute(AuditEvent.__table__.insert(), events[start:start + CHUNK])


def discard(session: Session, batch: ImportBatch, *, actor, request_id: str | None = None):
    """Drop an upload that was previewed but not wanted; its rows are cleared."""
    if batch.status != "previewed":
        raise ImportRefused("This upload has already been imported or discarded")
    batch.status, batch.rows = "discarded", "[]"
    session.add(batch)
    audit.record(session, actor=actor, action="import.discard", entity="import_batch",
                 entity_id=batch.id, request_id=request_id)


def importing_organisation(session: Session, user, requested_id: int | None):
    """Return the organisation whose records are imported: an issuer's own; the one an admin
    chose in their place; otherwise None (the upload is refused)."""
    from webapp.models import Role

    wanted = requested_id if user.role == Role.ADMIN else user.organisation_id
    organisation = session.get(Organisation, wanted) if wanted else None
    if organisation is None or organisation.place_id != user.place_id:
        return None
    return organisation


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
