"""Plan the demo's teams in memory: home-care branches, a trust ward and a community team."""

import math
import random
from dataclasses import dataclass, field

from webapp.models import Sector
from webapp.models.demand import TeamKind
from webapp.services.demo_rotas import data
from webapp.services.demo_staff import DEMO_INDEX


@dataclass
class TeamDraft:
    code: str
    name: str
    kind: str
    organisation_id: int
    locality_id: int
    members: list[int] = field(default_factory=list)  # indices into the staff plan
    demo: str | None = None  # "branch", "ward" or "community": a demo sign-in's team


def plan_teams(rng: random.Random, plan, orgs, localities) -> list[TeamDraft]:
    """Draw every team of the demo place from the planned staff."""
    by_sector = {}
    for org in sorted(orgs, key=lambda o: o.id):
        by_sector.setdefault(Sector(org.sector), []).append(org)
    names = {loc.id: loc.name for loc in localities}
    teams = _council_branches(rng, plan, by_sector[Sector.COUNCIL_ASC][0], names)
    teams += _provider_branch(plan, by_sector.get(Sector.INDEPENDENT_PROVIDER, []), names)
    trust = by_sector[Sector.NHS_TRUST][0]
    teams += _ward(rng, plan, trust, localities)
    teams += _community(rng, plan, trust, names)
    return [t for t in teams if t.members]


def _holders(plan, organisation_id: int, roles) -> list[int]:
    """Staff (plan indices) with a contract at the organisation in one of the job roles."""
    return [i for i, p in enumerate(plan)
            if any(c["organisation_id"] == organisation_id and c["job_role"] in roles
                   for c in p.contracts)]


def _home(plan, index: int) -> int:
    return plan[index].member["home_locality_id"]


def _code(prefix: str, name: str) -> str:
    return f"{prefix}-{name.upper().replace(' ', '')}"[:20]


def _council_branches(rng, plan, council, names: dict) -> list[TeamDraft]:
    """One branch per locality; the demo carer's gets about 150 carers (joint roles too)."""
    carers = _holders(plan, council.id, data.HOME_CARE_ROLES)
    demo_carer = DEMO_INDEX["carer"]
    home = _home(plan, demo_carer)
    near = [i for i in carers if _home(plan, i) == home and i != demo_carer]
    far = [i for i in carers if _home(plan, i) != home]
    rng.shuffle(near)
    rng.shuffle(far)
    size = min(data.BRANCH_CARERS, math.ceil(data.DEMO_BRANCH_SHARE * len(carers)))
    chosen = ([demo_carer] + near + far)[:max(1, size)]
    demo = TeamDraft(_code("HC", names[home]), f"{names[home]} home care", TeamKind.HOME_CARE,
                     council.id, home, chosen, demo="branch")
    return [demo] + _other_branches(plan, set(chosen), carers, council, names, demo)


def _other_branches(plan, taken: set, carers, council, names, demo) -> list[TeamDraft]:
    """Carers not in the demo branch work from their own locality's branches of at most
    BRANCH_CARERS each; too few to make a branch join the demo one."""
    groups: dict[int, list[int]] = {loc: [] for loc in names}
    for i in carers:
        if i not in taken:
            groups[_home(plan, i)].append(i)
    teams = []
    for loc, members in groups.items():
        if len(members) < data.MIN_BRANCH_CARERS:
            demo.members.extend(members)
            continue
        first = 2 if loc == demo.locality_id else 1  # the demo branch is the first there
        teams += _split(members, first, council, loc, names[loc])
    return teams


def _split(members: list[int], first: int, council, loc: int, name: str) -> list[TeamDraft]:
    count = math.ceil(len(members) / data.BRANCH_CARERS)
    numbered = count > 1 or first > 1
    return [TeamDraft(_code("HC", name) + (f"-{n}" if numbered else ""),
                      f"{name} home care" + (f" {n}" if numbered else ""), TeamKind.HOME_CARE,
                      council.id, loc, members[k::count])
            for k, n in enumerate(range(first, first + count))]


def _provider_branch(plan, providers, names: dict) -> list[TeamDraft]:
    """The first provider's branch where most of its carers live."""
    if not providers:
        return []
    provider = providers[0]
    carers = _holders(plan, provider.id, data.HOME_CARE_ROLES)
    if not carers:
        return []
    counts = {loc: sum(1 for i in carers if _home(plan, i) == loc) for loc in names}
    loc = max(names, key=lambda n: counts[n])
    members = [i for i in carers if _home(plan, i) == loc][:data.BRANCH_CARERS]
    if len(members) < data.MIN_BRANCH_CARERS:
        return []
    return [TeamDraft(_code("PHC", names[loc]), f"{provider.name}, {names[loc]}",
                      TeamKind.HOME_CARE, provider.id, loc, members)]


def _ward(rng, plan, trust, localities) -> list[TeamDraft]:
    """A ward of about 40: registered nurses, support workers and nursing associates."""
    pools = {"nurse": [], "support": []}
    for i in _holders(plan, trust.id, data.WARD_ROLES):
        role = next(c["job_role"] for c in plan[i].contracts
                    if c["organisation_id"] == trust.id and c["job_role"] in data.WARD_ROLES)
        pools[data.WARD_ROLES[role]].append(i)
    size = min(data.WARD_STAFF, max(4, round(data.WARD_SHARE * sum(map(len, pools.values())))))
    nurses = min(len(pools["nurse"]), max(1, round(size * data.WARD_MIX["nurse"])))
    support = min(len(pools["support"]), size - nurses)
    members = rng.sample(pools["nurse"], nurses) + rng.sample(pools["support"], support)
    number = rng.randint(3, 24)
    locality = rng.choice(localities)
    return [TeamDraft(f"WARD-{number:02d}", f"Ward {number} (older people's medicine)",
                      TeamKind.WARD, trust.id, locality.id, sorted(members), demo="ward")]


def _community(rng, plan, trust, names: dict) -> list[TeamDraft]:
    """District nurses around the demo nurse's locality, the demo nurse among them."""
    nurse = DEMO_INDEX["nurse"]
    home = _home(plan, nurse)
    pool = [i for i in _holders(plan, trust.id, {"District nurse"}) if i != nurse]
    near = [i for i in pool if _home(plan, i) == home]
    far = [i for i in pool if _home(plan, i) != home]
    rng.shuffle(near)
    rng.shuffle(far)
    members = ([nurse] + near + far)[:data.COMMUNITY_NURSES]
    return [TeamDraft(_code("DN", names[home]), f"{names[home]} district nursing",
                      TeamKind.COMMUNITY, trust.id, home, sorted(members), demo="community")]
