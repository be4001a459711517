"""Who may use the scenario routes: the place's workforce leads only."""

from webapp.models import Role as R

LEADS = {R.WORKFORCE_LEAD}
EXPECTED = {f"scenarios.{name}": LEADS for name in (
    "index", "new", "show", "progress", "run", "cancel", "clone", "fix", "pdf", "csv")}


def sample_args(db) -> dict:
    """A scenario of the demo place with a stored result and one fix (no solve needed)."""
    from .scenario_factories import make_scenario

    scenario = make_scenario(db, with_result=True)
    return {"scenario_id": scenario.id, "index": 0}
