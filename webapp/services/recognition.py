"""Cross-sector recognition: approved mappings between frameworks, and what they make count.

Recognition is data: a mapping says a held competence (e.g. Care Certificate standard 10)
may count for another (CSTF safeguarding adults level 1). It counts only once an admin has
approved it, and only for an organisation that has accepted the entry through it.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlmodel import Session, col, select

from webapp.models import Competence, PassportEntry, User
from webapp.models.recognition import CompetenceMapping, RecognitionAcceptance
from webapp.services import audit

# DOMAIN.md §2d, derived overlap that needs sign-off: (held code, counts for code, note).
DRAFT_MAPPINGS = [
    ("CC-04", "CSTF-EDHR-1", "Care Certificate 4 covers EDHR level 1"),
    ("CC-10", "CSTF-SGA-1", "Safeguarding adults level 1 (level 2 for regulated contact)"),
    ("CC-11", "CSTF-SGC-1", "Safeguarding children level 1"),
    ("CC-12", "CSTF-RESUS-1", "Adult basic life support"),
    ("CC-12", "CSTF-RESUS-2", "Adult basic life support"),
    ("CC-13", "CSTF-HSW-1", "Health, safety and welfare (parts of fire, moving and handling)"),
    ("CC-14", "CSTF-IG-1", "Information governance and data security"),
    ("CC-15", "CSTF-IPC-1", "IPC level 1 (level 2 for clinical roles)"),
    ("CC-16", "OMMT-T1", "Oliver McGowan Tier 1"),
]


@dataclass(frozen=True)
class RecognisedEntry:
    """A held entry counted for another competence; duck-types PassportEntry for status."""

    id: int  # the source PassportEntry id
    staff_member_id: int
    competence_id: int  # the competence it counts for
    held_competence_id: int
    mapping_id: int
    achieved_on: date
    valid_until: date | None
    evidence_note: str
    verified_by: str | None
    verified_on: date | None
    verifying_organisation_id: int | None
    revoked: bool = False


@dataclass(frozen=True)
class MappingRow:
    mapping: CompetenceMapping
    held: Competence
    satisfies: Competence
    approved_by: str | None = None  # the approver's email


def recognised_valid_until(entry, satisfies: Competence) -> date | None:
    """Count an entry no longer than its own validity nor the target's refresher period."""
    from webapp.services.passports import valid_until_for  # passports may import this module

    ends = [d for d in (entry.valid_until,
                        valid_until_for(satisfies.refresher_months, entry.achieved_on)) if d]
    return min(ends) if ends else None


def list_mappings(session: Session, place_id: int) -> list[MappingRow]:
    """Return the place's mappings in force or in draft, by held competence code."""
    query = (select(CompetenceMapping)
             .where(CompetenceMapping.place_id == place_id,
                    col(CompetenceMapping.withdrawn_at).is_(None)))
    mappings = list(session.exec(query))
    ids = {m.held_competence_id for m in mappings} | {m.satisfies_competence_id for m in mappings}
    comps = {c.id: c for c in session.exec(select(Competence).where(col(Competence.id).in_(ids)))}
    approvers = {m.approved_by_user_id for m in mappings if m.approved_by_user_id}
    emails = dict(session.exec(select(User.id, User.email).where(
        col(User.id).in_(approvers))).all())
    rows = [MappingRow(m, comps[m.held_competence_id], comps[m.satisfies_competence_id],
                       emails.get(m.approved_by_user_id)) for m in mappings]
    return sorted(rows, key=lambda r: (r.held.code, r.satisfies.code))


def approved_mappings(session: Session, place_id: int) -> list[CompetenceMapping]:
    """Return only the mappings that count: approved and not withdrawn."""
    return list(session.exec(select(CompetenceMapping).where(
        CompetenceMapping.place_id == place_id,
        col(CompetenceMapping.approved_at).is_not(None),
        col(CompetenceMapping.withdrawn_at).is_(None))))


def add_mapping(session: Session, *, place_id: int, held_id: int, satisfies_id: int, note: str,
                actor, request_id: str | None = None) -> CompetenceMapping:
    """Add a draft mapping (or revive a removed one as a draft); audited."""
    if held_id == satisfies_id:
        raise ValueError("A competence cannot be mapped to itself")
    mapping = session.exec(select(CompetenceMapping).where(
        CompetenceMapping.place_id == place_id, CompetenceMapping.held_competence_id == held_id,
        CompetenceMapping.satisfies_competence_id == satisfies_id)).first()
    if mapping is not None and mapping.withdrawn_at is None:
        raise ValueError("That mapping exists already")
    now = datetime.now(UTC)
    if mapping is None:
        mapping = CompetenceMapping(place_id=place_id, held_competence_id=held_id,
                                    satisfies_competence_id=satisfies_id, created_at=now)
    mapping.note, mapping.created_by_user_id, mapping.created_at = note, getattr(
        actor, "id", None), now
    mapping.approved_at = mapping.approved_by_user_id = mapping.withdrawn_at = None
    session.add(mapping)
    session.flush()
    _audit(session, actor, "recognition.mapping_add", mapping, request_id)
    return mapping


def approve_mapping(session: Session, mapping: CompetenceMapping, *, actor,
                    request_id: str | None = None) -> None:
    """Record who approved a draft mapping and when; audited."""
    if mapping.approved_at is not None:
        return
    mapping.approved_at, mapping.approved_by_user_id = datetime.now(UTC), actor.id
    session.add(mapping)
    _audit(session, actor, "recognition.mapping_approve", mapping, request_id)


def remove_mapping(session: Session, mapping: CompetenceMapping, *, actor,
                   request_id: str | None = None) -> None:
    """Withdraw a mapping: it stops counting, acceptances through it lapse; audited."""
    mapping.withdrawn_at = datetime.now(UTC)
    session.add(mapping)
    _audit(session, actor, "recognition.mapping_remove", mapping, request_id)


def seed_draft_mappings(session: Session, *, place_id: int, actor=None,
                        request_id: str | None = None) -> int:
    """Add the DOMAIN.md §2d overlap as unapproved drafts; return how many were added."""
    codes = {c.code: c.id for c in session.exec(select(Competence))}
    existing = {(m.held_competence_id, m.satisfies_competence_id) for m in session.exec(
        select(CompetenceMapping).where(CompetenceMapping.place_id == place_id))}
    added = 0
    for held, satisfies, note in DRAFT_MAPPINGS:
        pair = (codes.get(held), codes.get(satisfies))
        if None in pair or pair in existing:
            continue
        add_mapping(session, place_id=place_id, held_id=pair[0], satisfies_id=pair[1],
                    note=note + " (derived overlap: needs sign-off by a subject expert)",
                    actor=actor,
                    request_id=request_id)
        added += 1
    return added


def recognised_entries(session: Session, *, organisation_ids, member_ids=None,
                       competence_ids=None) -> dict[tuple[int, int], list[RecognisedEntry]]:
    """Return entries these organisations accepted through approved mappings, keyed by
    (member id, competence counted for); only live entries, validity capped by the target."""
    query = (select(RecognitionAcceptance, PassportEntry, Competence)
             .join(PassportEntry, PassportEntry.id == RecognitionAcceptance.passport_entry_id)
             .join(CompetenceMapping, CompetenceMapping.id == RecognitionAcceptance.mapping_id)
             .join(Competence, Competence.id == RecognitionAcceptance.competence_id)
             .where(col(RecognitionAcceptance.organisation_id).in_(list(organisation_ids)),
                    col(PassportEntry.revoked).is_(False),
                    col(CompetenceMapping.approved_at).is_not(None),
                    col(CompetenceMapping.withdrawn_at).is_(None)))
    if competence_ids is not None:
        query = query.where(col(RecognitionAcceptance.competence_id).in_(list(competence_ids)))
    if member_ids is not None and len(member_ids) <= 500:
        query = query.where(col(RecognitionAcceptance.staff_member_id).in_(list(member_ids)))
    wanted = None if member_ids is None else set(member_ids)  # large sets: filter here
    result: dict[tuple[int, int], list[RecognisedEntry]] = {}
    for acceptance, entry, target in session.exec(query):
        if wanted is None or acceptance.staff_member_id in wanted:
            item = _recognised(acceptance, entry, target)
            result.setdefault((item.staff_member_id, item.competence_id), []).append(item)
    return result


def _recognised(acceptance: RecognitionAcceptance, entry: PassportEntry,
                target: Competence) -> RecognisedEntry:
    return RecognisedEntry(
        id=entry.id, staff_member_id=entry.staff_member_id, competence_id=target.id,
        held_competence_id=entry.competence_id, mapping_id=acceptance.mapping_id,
        achieved_on=entry.achieved_on, valid_until=recognised_valid_until(entry, target),
        evidence_note=entry.evidence_note, verified_by=entry.verified_by,
        verified_on=entry.verified_on, verifying_organisation_id=entry.verifying_organisation_id)


def _audit(session, actor, action, mapping: CompetenceMapping, request_id) -> None:
    audit.record(session, actor=actor, action=action, entity="competence_mapping",
                 entity_id=mapping.id, request_id=request_id,
                 after={"held_competence_id": mapping.held_competence_id,
                        "satisfies_competence_id": mapping.satisfies_competence_id,
                        "approved_at": mapping.approved_at, "withdrawn_at": mapping.withdrawn_at})


def with_recognised(session: Session, held: dict, *, organisation_ids, member_ids,
                    competence_ids) -> dict:
    """Add accepted recognitions to a {(member id, competence id): [entries]} map in place.

    For compliance._held and passports.build_passport: best_entry and status_of then count a
    recognised item like a held one (RecognisedEntry duck-types PassportEntry).
    """
    found = recognised_entries(session, organisation_ids=organisation_ids,
                               member_ids=member_ids, competence_ids=competence_ids)
    for key, items in found.items():
        held.setdefault(key, []).extend(items)
    return held


def with_recognised_dates(session: Session, held: dict, *, organisation_ids, member_ids,
                          competence_ids) -> dict:
    """Like with_recognised, for a {(member id, competence id): [valid_until]} map
    (compliance._held's shape): adds each recognised item's capped valid_until."""
    found = recognised_entries(session, organisation_ids=organisation_ids,
                               member_ids=member_ids, competence_ids=competence_ids)
    for key, items in found.items():
        held.setdefault(key, []).extend(item.valid_until for item in items)
    return held
