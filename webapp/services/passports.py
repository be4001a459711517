"""A member's skills passport: what they hold, what their roles require, and its status."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property

from dateutil.relativedelta import relativedelta
from sqlmodel import Session, col, select

from webapp.models import (
    Competence,
    EmploymentContract,
    Framework,
    Organisation,
    PassportEntry,
    RoleRequirement,
    StaffMember,
)

# Severity order: what needs attention first.
STATUS_ORDER = {"expired": 0, "expiring": 1, "not_held": 2, "current": 3}
STATUS_LABELS = {
    "expired": "Expired",
    "expiring": "Expires soon",
    "not_held": "Not held",
    "current": "Current",
}


# No record in a passport is older than this: an earlier date is a typing or export mistake
# (ESR and spreadsheets write 01/01/0001 or 01/01/1900 for "unknown").
EARLIEST_ACHIEVED = date(1950, 1, 1)


def achieved_on_problem(achieved_on: date, today: date) -> str | None:
    """Say what is wrong with a date achieved (in the future or implausibly old), or None."""
    if achieved_on > today:
        return "The date achieved must be today or in the past"
    if achieved_on < EARLIEST_ACHIEVED:
        return f"The date achieved must be on or after {EARLIEST_ACHIEVED.day} " \
               f"{EARLIEST_ACHIEVED:%B %Y}"
    return None


def valid_until_for(refresher_months: int | None, achieved_on: date) -> date | None:
    """Derive the last valid day from a refresher period (None: does not expire)."""
    if refresher_months is None:
        return None
    return achieved_on + relativedelta(months=refresher_months) - timedelta(days=1)


# An entry is "due" (expiring) when it lapses within this many days: the one window every
# page and the compliance SQL (compliance_sql.cell_status) use.
DUE_SOON_DAYS = 60


def status_of(valid_until: date | None, today: date, window_days: int = DUE_SOON_DAYS) -> str:
    """Classify a held entry as current, expiring (within the window) or expired."""
    if valid_until is None:
        return "current"
    if valid_until < today:
        return "expired"
    if valid_until <= today + timedelta(days=window_days):
        return "expiring"
    return "current"


def best_entry(entries: list[PassportEntry]) -> PassportEntry | None:
    """Pick the entry that lasts longest among those not revoked (no expiry wins)."""
    live = [e for e in entries if not e.revoked]
    if not live:
        return None
    return max(live, key=lambda e: (e.valid_until or date.max, e.achieved_on))


@dataclass(frozen=True)
class PassportItem:
    competence: Competence
    status: str
    entry: PassportEntry | None
    verifying_organisation: str | None
    required: bool

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass
class Passport:
    member: StaffMember
    contracts: list[tuple[EmploymentContract, Organisation]]
    groups: list[tuple[str, list[PassportItem]]] = field(default_factory=list)
    delegations: list = field(default_factory=list)

    @cached_property
    def attention(self) -> list[PassportItem]:
        items = [i for _, group in self.groups for i in group]
        return sorted(
            (i for i in items if i.status in ("expired", "expiring") or
             (i.status == "not_held" and i.required)),
            key=_item_sort_key,
        )

    @cached_property
    def reviews_due(self) -> list:
        """Delegations whose review is overdue or due soon (they need the registrant)."""
        from webapp.services.delegations import needing_review

        return needing_review(self.delegations)

    def count(self, status: str) -> int:
        return sum(1 for _, group in self.groups for i in group if i.status == status)


def _item_sort_key(item: PassportItem):
    until = item.entry.valid_until if item.entry and item.entry.valid_until else date.max
    return (STATUS_ORDER[item.status], until, item.competence.code)


def active_contracts(session: Session, member_id: int, today: date) -> list:
    """Return the member's contracts in force today, with their organisations."""
    query = (
        select(EmploymentContract, Organisation)
        .join(Organisation, Organisation.id == EmploymentContract.organisation_id)
        .where(EmploymentContract.staff_member_id == member_id)
        .where(EmploymentContract.starts_on <= today)
        .where((col(EmploymentContract.ends_on).is_(None)) | (EmploymentContract.ends_on >= today))
        .order_by(EmploymentContract.hours_per_week.desc())
    )
    return list(session.exec(query))


def required_competence_ids(session: Session, contracts: list) -> set[int]:
    """Return the competences the member's roles require, across all their employers."""
    roles = {(contract.organisation_id, contract.job_role) for contract, _org in contracts}
    if not roles:
        return set()
    query = select(RoleRequirement).where(
        col(RoleRequirement.organisation_id).in_({org for org, _ in roles}))
    return {r.competence_id for r in session.exec(query)
            if (r.organisation_id, r.job_role) in roles}


def build_passport(session: Session, member: StaffMember, today: date,
                   frameworks: set[str] | None = None) -> Passport:
    """Assemble a member's passport grouped by framework, most urgent first.

    Entries another employer accepted through recognition count for what they were accepted
    for. `frameworks` limits what is shown (a data-sharing agreement); None shows everything.
    """
    from webapp.services import delegations, recognition

    contracts = active_contracts(session, member.id, today)
    required = required_competence_ids(session, contracts)
    entries = list(session.exec(select(PassportEntry).where(
        PassportEntry.staff_member_id == member.id)))
    by_competence: dict[int, list] = {}
    for entry in entries:
        by_competence.setdefault(entry.competence_id, []).append(entry)
    recognised = recognition.recognised_entries(
        session, organisation_ids={c.organisation_id for c, _ in contracts},
        member_ids=[member.id], competence_ids=required)
    for (_member, competence_id), items in recognised.items():
        by_competence.setdefault(competence_id, []).extend(items)
    wanted = required | set(by_competence)
    competences = session.exec(select(Competence).where(col(Competence.id).in_(wanted))).all()
    org_names = _organisation_names(session, entries)
    items = [
        _item(c, best_entry(by_competence.get(c.id, [])), c.id in required, today, org_names)
        for c in competences
    ]
    passport = Passport(member=member, contracts=contracts)
    for framework in Framework:
        if frameworks is not None and framework not in frameworks:
            continue
        group = sorted((i for i in items if i.competence.framework == framework),
                       key=_item_sort_key)
        if group:
            passport.groups.append((framework.label, group))
    if frameworks is None or Framework.DELEGATED_ACTIVITY in frameworks:
        passport.delegations = delegations.delegations_held(session, member.id, today)
    return passport


def _item(competence, entry, required, today, org_names) -> PassportItem:
    status = "not_held" if entry is None else status_of(entry.valid_until, today)
    org = org_names.get(entry.verifying_organisation_id) if entry else None
    return PassportItem(competence, status, entry, org, required)


def _organisation_names(session: Session, entries: list[PassportEntry]) -> dict[int, str]:
    ids = {e.verifying_organisation_id for e in entries if e.verifying_organisation_id}
    if not ids:
        return {}
    rows = session.exec(select(Organisation).where(col(Organisation.id).in_(ids)))
    return {o.id: o.name for o in rows}
