"""Each lever changes the baseline's solver input as the lead would expect (no solving)."""

import pytest
from sqlmodel import select

from webapp.models import Competence
from webapp.services.scenarios import baseline, levers
from webapp.services.scenarios.baseline import ScenarioError
from webapp.services.scenarios.changes import Changes

from .scenario_factories import make_scenario


@pytest.fixture
def base(db):
    return baseline.load(db, make_scenario(db))


def test_joint_roles_off_leaves_each_worker_one_employer(base):
    """Do joint-role staff keep only their main contract?"""
    assert any(len(s.contracts) > 1 for s in base.problem.staff)
    problem = levers.apply(base, Changes(joint_roles=False), 1)
    assert all(len(s.contracts) == 1 for s in problem.staff)


def test_a_bank_and_agency_cap_shrinks_their_hours_to_the_cap(base):
    """Do bank and agency contracts' weekly limits add up to no more than the cap?"""
    def temporary(problem):
        return sum(c.hours_per_week_max for s in problem.staff for c in s.contracts
                   if c.type in levers.TEMPORARY)

    assert temporary(base.problem) > 20
    assert temporary(levers.apply(base, Changes(bank_agency_cap_hours=20), 1)) <= 20.01
    assert temporary(levers.apply(base, Changes(bank_agency_cap_hours=0), 1)) == 0


def test_absence_headroom_takes_away_that_share_of_staff_days(base):
    """Is about the asked share of staff-days marked as absence?"""
    problem = levers.apply(base, Changes(absence_headroom_pct=20), 1)
    days = sum(1 for s in problem.staff for u in s.unavailable if u.reason == "absence")
    assert 0.15 < days / (len(problem.staff) * 7) < 0.25


def test_staff_loss_stays_within_its_role_and_sector(base):
    """Are only staff of the chosen role and sector lost?"""
    problem = levers.apply(base, Changes(staff_loss_pct=50, staff_loss_role="nurse",
                                         staff_loss_sector="nhs_trust"), 1)
    lost = {s.id for s in base.problem.staff} - {s.id for s in problem.staff}
    assert lost and all(levers.matches(base.staff[s], "nurse", "nhs_trust") for s in lost)


def test_losing_everyone_is_refused_naming_the_team(base):
    """Does a loss that empties a team raise a clear error?"""
    with pytest.raises(ScenarioError, match="with nobody"):
        levers.apply(base, Changes(staff_loss_pct=100), 1)


def test_training_signs_carers_off_for_the_people_who_need_the_activity(db, base):
    """Do trained carers get a delegation for each person needing that activity?"""
    code = next(v.activity for v in base.problem.visits if v.activity)
    competence = db.exec(select(Competence).where(Competence.code == code)).one()
    problem = levers.apply(base, Changes(train_count=3, train_competence_id=competence.id), 1)
    people = {v.person for v in base.problem.visits if v.activity == code}
    trained = [s for s in problem.staff if any(c.code == code for c in s.competences)
               and s not in base.problem.staff]
    assert len(trained) == 3
    assert all({d.person for d in s.delegations if d.activity == code} >= people
               for s in trained)


def test_recruits_join_in_the_chosen_locality(base):
    """Are recruits added with the role's contract, in the locality, without delegations?"""
    role = next(r for info in base.staff.values() for r in info.roles if r == "Care worker")
    where = base.problem.localities[0].id
    problem = levers.apply(base, Changes(recruit_count=2, recruit_role=role,
                                         recruit_locality_id=int(where[1:])), 1)
    fresh = [s for s in problem.staff if s.id.startswith("snew")]
    assert len(fresh) == 2
    assert all(s.home_locality == where and not s.delegations for s in fresh)


def test_renewals_lapse_only_when_asked(base):
    """Does the baseline renew entries expiring in the period, and the lapse keep them?"""
    first, last = base.problem.start, base.end
    due = [(s.id, c.code) for s in base.problem.staff for c in s.competences
           if c.valid_until and first <= c.valid_until <= last]
    if not due:
        pytest.skip("no entry of the demo expires in the week")
    renewed = {s.id: s for s in levers.apply(base, Changes(), 1).staff}
    lapsed = {s.id: s for s in levers.apply(base, Changes(renewals_lapse=True), 1).staff}
    sid, code = due[0]
    assert any(c.code == code and c.valid_until is None for c in renewed[sid].competences)
    assert not any(c.code == code and c.valid_until is None for c in lapsed[sid].competences)
