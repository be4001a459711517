"""The changes a scenario makes to its baseline, and every reason a set of them is refused."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass

from sqlmodel import Session

from webapp.models import Competence, Locality
from webapp.models.demand import Team
from webapp.services.problems import Problem

# Role groups a lead thinks in; a staff member belongs when any contract's job role is listed.
ROLE_GROUPS = {
    "any": ("All roles", ()),
    "hca": ("Healthcare assistants and care workers", (
        "Healthcare support worker", "Nursing associate", "Home care worker",
        "Senior home care worker", "Reablement support worker", "Care worker",
        "Senior care worker")),
    "nurse": ("Registered and district nurses", (
        "Registered nurse", "Senior staff nurse", "District nurse", "Sexual health nurse")),
}
SECTORS = {"any": "All sectors", "nhs_trust": "NHS trusts", "council_asc": "Council adult care",
           "independent_provider": "Independent providers", "public_health": "Public health"}
PERCENT_FIELDS = ("demand_growth_pct", "staff_loss_pct", "absence_headroom_pct")
MAX_ADDED = 500  # carers trained or staff recruited in one scenario


@dataclass(frozen=True)
class Changes:
    """Levers on the baseline; the defaults change nothing."""

    demand_growth_pct: float = 0.0
    demand_growth_team_id: int | None = None  # None: every service
    demand_growth_locality_id: int | None = None  # None: every locality
    staff_loss_pct: float = 0.0
    staff_loss_role: str = "any"  # a ROLE_GROUPS key or "role:<job role>"
    staff_loss_sector: str = "any"  # a SECTORS key
    absence_headroom_pct: float = 0.0  # share of staff-days lost to sickness and training
    bank_agency_cap_hours: float | None = None  # a week's bank and agency hours; None: no cap
    joint_roles: bool = True  # off: joint-role staff work for their main employer only
    delegation: bool = True  # off: delegated activities need a registered professional
    renewals_lapse: bool = False  # entries expiring in the period are not renewed
    train_count: int = 0
    train_competence_id: int | None = None  # a competence or delegated activity
    train_locality_id: int | None = None
    recruit_count: int = 0
    recruit_role: str | None = None  # a job role
    recruit_locality_id: int | None = None

    def to_json(self) -> str:
        return json.dumps(dataclasses.asdict(self), sort_keys=True)

    def plus(self, **levers) -> Changes:
        """These changes with some levers set (a fix turned into a scenario)."""
        return dataclasses.replace(self, **levers)


def from_json(text: str | None) -> Changes:
    """Read saved changes, ignoring keys an older version wrote."""
    data = json.loads(text or "{}")
    names = {f.name for f in dataclasses.fields(Changes)}
    return Changes(**{k: v for k, v in data.items() if k in names})


def problems(session: Session, changes: Changes) -> list[Problem]:
    """Every reason these changes cannot be run (empty: they can)."""
    found = [Problem(name, "Enter a percentage from 0 to 100")
             for name in PERCENT_FIELDS if not 0 <= getattr(changes, name) <= 100]
    if changes.bank_agency_cap_hours is not None and changes.bank_agency_cap_hours < 0:
        found.append(Problem("bank_agency_cap_hours", "Enter a cap of 0 hours or more"))
    for name in ("train_count", "recruit_count"):
        if not 0 <= getattr(changes, name) <= MAX_ADDED:
            found.append(Problem(name, f"Enter a number from 0 to {MAX_ADDED}"))
    if changes.staff_loss_role not in ROLE_GROUPS and \
            not changes.staff_loss_role.startswith("role:"):
        found.append(Problem("staff_loss_role", "Choose a role"))
    if changes.staff_loss_sector not in SECTORS:
        found.append(Problem("staff_loss_sector", "Choose a sector"))
    return found + missing_references(session, changes)


def missing_references(session: Session, changes: Changes) -> list[Problem]:
    """Teams, localities and competences the changes name that no longer exist."""
    checks = [("demand_growth_team_id", Team, "team"),
              ("demand_growth_locality_id", Locality, "locality"),
              ("train_competence_id", Competence, "competence"),
              ("train_locality_id", Locality, "locality"),
              ("recruit_locality_id", Locality, "locality")]
    found = [Problem(name, f"The scenario refers to a {noun} that has been deleted "
                           f"(id {getattr(changes, name)}): choose another")
             for name, model, noun in checks
             if getattr(changes, name) is not None
             and session.get(model, getattr(changes, name)) is None]
    if changes.train_count and changes.train_competence_id is None:
        found.append(Problem("train_competence_id", "Choose what the carers are trained in"))
    if changes.recruit_count and not changes.recruit_role:
        found.append(Problem("recruit_role", "Choose the role to recruit"))
    return found


def describe(changes: Changes, names: dict) -> list[str]:
    """The changes in words, for the page, the briefing and the CSV."""
    lines = []
    if changes.staff_loss_pct:
        role = ROLE_GROUPS.get(changes.staff_loss_role, (changes.staff_loss_role[5:],))[0]
        lines.append(f"Lose {changes.staff_loss_pct:g}% of {role.lower()} "
                     f"({SECTORS.get(changes.staff_loss_sector, '').lower()})")
    if changes.demand_growth_pct:
        where = names.get(("team", changes.demand_growth_team_id)) or names.get(
            ("locality", changes.demand_growth_locality_id)) or "every service"
        lines.append(f"Demand grows {changes.demand_growth_pct:g}% ({where})")
    if changes.absence_headroom_pct:
        lines.append(f"{changes.absence_headroom_pct:g}% of staff-days lost to absence")
    if changes.bank_agency_cap_hours is not None:
        lines.append(f"Bank and agency capped at {changes.bank_agency_cap_hours:g} hours a week")
    if not changes.joint_roles:
        lines.append("Joint roles off: staff work for their main employer only")
    if not changes.delegation:
        lines.append("Delegation off: delegated activities need a registered professional")
    if changes.renewals_lapse:
        lines.append("Renewals lapse: training and delegations due in the period expire")
    if changes.train_count:
        lines.append(f"Train {changes.train_count} carers in "
                     f"{names.get(('competence', changes.train_competence_id), '?')} in "
                     f"{names.get(('locality', changes.train_locality_id), 'every locality')}")
    if changes.recruit_count:
        lines.append(f"Recruit {changes.recruit_count} {changes.recruit_role} in "
                     f"{names.get(('locality', changes.recruit_locality_id), 'every locality')}")
    return lines or ["No changes: the baseline itself"]
