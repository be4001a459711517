"""Plan the demo workforce in memory: role mix, joint roles, registrations."""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from webapp.models import ContractType, Organisation, Sector
from webapp.services import demo_data

FULL_TIME = 37.5  # Agenda for Change full-time hours


@dataclass
class StaffPlan:
    member: dict
    kind: str
    organisation_id: int
    contracts: list[dict] = field(default_factory=list)
    competences: list[str] = field(default_factory=list)
    verifiers: list[str] = field(default_factory=list)
    delegates: bool = False  # makes delegations (a registered nurse or therapist)


def plan_staff(rng: random.Random, count: int, orgs: list[Organisation], localities) -> list:
    """Draw `count` staff across the organisations, about 7% of them in joint roles."""
    by_sector: dict[Sector, list[Organisation]] = {}
    for org in orgs:
        by_sector.setdefault(Sector(org.sector), []).append(org)
    verifiers = {o.id: [_name(rng) + ", training lead" for _ in range(4)] for o in orgs}
    sectors = list(demo_data.SECTOR_SHARE)
    weights = list(demo_data.SECTOR_SHARE.values())
    plan = []
    for index in range(count):
        sector, job_role = DEMO_CAST[index] if index < len(DEMO_CAST) else (
            rng.choices(sectors, weights)[0], None)
        org = rng.choice(by_sector[sector])
        plan.append(_one(rng, index, sector, org, localities, verifiers[org.id], job_role))
    for index, p in enumerate(plan):
        if index == 0 or (index >= len(DEMO_CAST) and rng.random() < 0.1):
            _add_joint_role(rng, p, by_sector)
    return plan


# The first members are the demo sign-ins: a joint-role council carer, their manager, and a
# district nurse who delegates to them.
DEMO_CAST = [(Sector.COUNCIL_ASC, "Home care worker"), (Sector.COUNCIL_ASC, "Home care manager"),
             (Sector.NHS_TRUST, "District nurse")]
DEMO_INDEX = {"carer": 0, "manager": 1, "nurse": 2}


def _name(rng: random.Random) -> str:
    return f"{rng.choice(demo_data.GIVEN_NAMES)} {rng.choice(demo_data.FAMILY_NAMES)}"


def _one(rng, index, sector, org, localities, verifiers, job_role=None) -> StaffPlan:
    mix = demo_data.ROLE_MIX[sector]
    chosen = rng.choices(mix, [m[1] for m in mix])[0]
    if job_role is not None:
        chosen = next(m for m in mix if m[0] == job_role)
    job_role, _share, kind, cost = chosen
    hours = rng.choice([37.5, 37.5, 37.5, 30.0, 22.5, 16.0])
    member = {
        "staff_number": f"{10000000 + index}",
        "given_name": rng.choice(demo_data.GIVEN_NAMES),
        "family_name": rng.choice(demo_data.FAMILY_NAMES),
        "home_locality_id": rng.choice(localities).id,
        **_registration(rng, kind),
    }
    contract = {"organisation_id": org.id, "job_role": job_role,
                "contract_type": ContractType.SUBSTANTIVE, "hours_per_week": hours,
                "cost_per_hour": cost}
    return StaffPlan(member=member, kind=kind, organisation_id=org.id, contracts=[contract],
                     competences=list(demo_data.REQUIREMENTS[kind]), verifiers=verifiers,
                     delegates=(kind in ("district_nurse", "nurse", "ahp")
                                and sector == Sector.NHS_TRUST))


def _registration(rng: random.Random, kind: str) -> dict:
    body = demo_data.REGISTERED_KINDS.get(kind)
    if body is None:
        return {"registration_body": None, "registration_number": None,
                "registration_valid_until": None}
    if body == "NMC":
        number = f"{rng.randint(10, 99)}{rng.choice('ABCDEFGHIJ')}{rng.randint(1000, 9999)}E"
    else:
        number = f"{'OT' if body == 'HCPC' else 'SW'}{rng.randint(10000, 99999)}"
    until = date(2027, 1, 1) + timedelta(days=rng.randint(-60, 700))
    return {"registration_body": body, "registration_number": number,
            "registration_valid_until": until}


def _add_joint_role(rng: random.Random, p: StaffPlan, by_sector: dict) -> None:
    """Give a second contract with another employer, splitting the week between them."""
    first = p.contracts[0]
    sector = next(s for s, orgs in by_sector.items()
                  if any(o.id == first["organisation_id"] for o in orgs))
    joint = demo_data.JOINT_ROLES.get((sector, p.kind))
    if joint is None:
        return
    other_sector, job_role, contract_type, share = joint
    other = rng.choice(by_sector[other_sector])
    mix = {m[0]: m for m in demo_data.ROLE_MIX[other_sector]}
    _, _, other_kind, cost = mix[job_role]
    first["hours_per_week"] = FULL_TIME * (1 - share)
    if contract_type == ContractType.JOINT:
        first["contract_type"] = ContractType.JOINT
    p.contracts.append({"organisation_id": other.id, "job_role": job_role,
                        "contract_type": contract_type, "hours_per_week": FULL_TIME * share,
                        "cost_per_hour": cost})
    extra = [c for c in demo_data.REQUIREMENTS[other_kind] if c not in p.competences]
    p.competences.extend(extra)
