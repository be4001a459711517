"""Who may use each route. Each area adds its own `routes_expected_<area>.py` with an
EXPECTED dict; test_access.py merges them all and fails on any route not listed."""

import importlib
import pkgutil
from pathlib import Path

from webapp.models import Role

ANON = "anonymous"
EVERYONE = frozenset({ANON, *Role})
SIGNED_IN = frozenset(Role)
R = Role

EXPECTED = {
    "static": EVERYONE,
    "auth.login": EVERYONE,
    "home.health": EVERYONE,
    "auth.logout": SIGNED_IN,
    "home.index": SIGNED_IN,
    "passports.mine": {R.CARE_WORKER, R.REGISTERED_PROFESSIONAL, R.MANAGER},
    "passports.show": {R.MANAGER, R.REGISTERED_PROFESSIONAL, R.WORKFORCE_LEAD, R.ISSUER, R.ADMIN},
    "staff.index": {R.MANAGER, R.WORKFORCE_LEAD, R.ISSUER, R.ADMIN},
    "compliance.index": {R.MANAGER, R.WORKFORCE_LEAD, R.ADMIN},
    "catalogue.index": {R.ADMIN, R.ISSUER, R.WORKFORCE_LEAD},
    "catalogue.edit": {R.ADMIN},
    "delegations.mine": {R.REGISTERED_PROFESSIONAL},
}


def expected_rules() -> dict:
    """Merge EXPECTED from this module and every routes_expected_<area> module beside it."""
    merged = dict(EXPECTED)
    for module in area_modules():
        clash = set(merged) & set(module.EXPECTED)
        assert not clash, f"{module.__name__} repeats {clash}"
        merged.update(module.EXPECTED)
    return merged


def area_modules() -> list:
    here = Path(__file__).parent
    return [
        importlib.import_module(f"{__package__}.{info.name}")
        for info in pkgutil.iter_modules([str(here)])
        if info.name.startswith("routes_expected_")
    ]


def sample_args(db, carer_staff_id: int) -> dict:
    """Values for URL variables; an area module may add its own with `sample_args(db)`."""
    args = {"staff_id": carer_staff_id, "filename": "app.css", "competence_id": 1}
    for module in area_modules():
        if hasattr(module, "sample_args"):
            args.update(module.sample_args(db))
    return args
