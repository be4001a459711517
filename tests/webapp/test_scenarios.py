"""Scenarios: pages for workforce leads, runs through the job code, bad input refused whole."""

import json

import pytest
from sqlmodel import select

from webapp.models import Competence, JobRun, Locality, StaffMember
from webapp.models.scenario import Scenario
from webapp.services.problems import Problems
from webapp.services.scenarios import runner, store
from webapp.services.scenarios.changes import Changes
from webapp.services.scenarios.work import Settings

from .conftest import csrf_token
from .scenario_factories import LEAD, make_scenario, next_monday

FAST = Settings(time_limit=5, method="greedy")


def _form(**overrides) -> dict:
    data = {"name": "10% HCA loss + 5% demand growth", "starts_on": next_monday().isoformat(),
            "weeks": "1", "seeds": "1, 2", "staff_loss_pct": "10", "staff_loss_role": "hca",
            "staff_loss_sector": "any", "demand_growth_pct": "5", "absence_headroom_pct": "0",
            "train_count": "0", "recruit_count": "0", "joint_roles": "y", "delegation": "y"}
    return data | overrides


def test_lead_builds_a_scenario_and_its_run_is_queued(client, auth, db):
    """Does saving the form store the scenario with its changes and queue one job?"""
    auth.login(LEAD)
    assert b"Build a scenario" in client.get("/scenarios/new").data
    response = client.post("/scenarios/new", data=_form(csrf_token=csrf_token(
        client, "/scenarios/new")))
    assert response.status_code == 302
    scenario = db.exec(select(Scenario)).one()
    assert store.from_json(scenario.changes) == Changes(
        staff_loss_pct=10, staff_loss_role="hca", demand_growth_pct=5)
    assert db.get(JobRun, scenario.job_id).status == "queued"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Waiting for a solver" in page and "Lose 10% of healthcare assistants" in page
    assert scenario.name in client.get("/scenarios").get_data(as_text=True)


@pytest.mark.parametrize("field, value, message", [
    ("staff_loss_pct", "150", "Enter a percentage from 0 to 100"),
    ("demand_growth_pct", "-5", "Enter a percentage from 0 to 100"),
    ("seeds", "one, two", "Enter 1 to 5 whole numbers"),
    ("train_count", "3", "Choose what the carers are trained in"),
    ("name", "", "Enter a name for the scenario"),
])
def test_bad_input_is_refused_with_a_message_and_nothing_saved(client, auth, db, field, value,
                                                               message):
    """Is each bad value named in the error summary, with nothing stored or queued?"""
    auth.login(LEAD)
    response = client.post("/scenarios/new", data=_form(**{field: value}, csrf_token=csrf_token(
        client, "/scenarios/new")))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "There is a problem" in page and message in page
    assert db.exec(select(Scenario)).first() is None
    assert db.exec(select(JobRun).where(JobRun.kind == "scenario_run")).first() is None


def test_a_run_stores_aggregates_and_the_page_compares_them(client, auth, db):
    """Does a run through the job code store results the page, PDF and CSV show, naming
    nobody?"""
    scenario = make_scenario(db)
    runner.queue_run(db, None, scenario)
    db.commit()
    runner.run(db, scenario.job_id, scenario.id, FAST)
    db.refresh(scenario)
    assert db.get(JobRun, scenario.job_id).status == "done"
    result = json.loads(scenario.result)
    assert [r["seed"] for r in result["runs"]] == [1, 2]
    assert result["baseline"]["validator"] == "valid"
    auth.login(LEAD)
    page = client.get(f"/scenarios/{scenario.id}").get_data(as_text=True)
    assert "Headline figures" in page and "Unmet demand by locality" in page
    assert 'src="data:image/svg+xml;base64,' in page and "in the baseline" in page
    names = [m.full_name for m in db.exec(select(StaffMember)).all()]
    csv = client.get(f"/scenarios/{scenario.id}/csv").get_data(as_text=True)
    assert csv.startswith("section,item,baseline,scenario") and "Fill rate" in csv
    assert not [n for n in names if n in page or n in csv]


def test_a_loss_that_empties_a_team_fails_with_the_reason(db):
    """Does losing every member of staff fail the run with a clear reason, storing nothing?"""
    scenario = make_scenario(db, changes=Changes(staff_loss_pct=100))
    runner.queue_run(db, None, scenario)
    db.commit()
    runner.run(db, scenario.job_id, scenario.id, FAST)
    job = db.get(JobRun, scenario.job_id)
    assert job.status == "failed" and "with nobody" in job.error
    assert db.get(Scenario, scenario.id).result is None


def test_an_empty_baseline_week_fails_with_the_reason(db):
    """Does a locality with no teams (nothing to plan) fail with a clear reason?"""
    scenario = make_scenario(db)
    empty = Locality(place_id=scenario.place_id, name="Nowhere")
    db.add(empty)
    db.flush()
    scenario.locality_id = empty.id
    runner.queue_run(db, None, scenario)
    db.commit()
    runner.run(db, scenario.job_id, scenario.id, FAST)
    job = db.get(JobRun, scenario.job_id)
    assert job.status == "failed" and "no visits or shifts" in job.error


def test_a_deleted_competence_is_refused_on_saving_and_on_running(db):
    """Is a scenario naming a competence that no longer exists refused, saved or not?"""
    with pytest.raises(Problems, match="deleted"):
        make_scenario(db, changes=Changes(train_count=2, train_competence_id=99_999))
    code = Competence(code="GONE-1", title="Withdrawn course", framework="local")
    db.add(code)
    db.commit()
    scenario = make_scenario(db, changes=Changes(train_count=2, train_competence_id=code.id))
    db.delete(code)
    runner.queue_run(db, None, scenario)
    db.commit()
    runner.run(db, scenario.job_id, scenario.id, FAST)
    job = db.get(JobRun, scenario.job_id)
    assert job.status == "failed" and "competence that has been deleted" in job.error


def test_a_cancelled_run_never_starts_and_says_so(client, auth, db):
    """Is a queued run that is cancelled marked cancelled, with no results?"""
    scenario = make_scenario(db)
    runner.queue_run(db, None, scenario)
    db.commit()
    auth.login(LEAD)
    response = client.post(f"/scenarios/{scenario.id}/cancel",
                           data={"csrf_token": csrf_token(client, f"/scenarios/{scenario.id}")})
    assert response.status_code == 302
    runner.run(db, scenario.job_id, scenario.id, FAST)
    db.refresh(scenario)
    assert db.get(JobRun, scenario.job_id).status == "cancelled" and scenario.result is None
    assert "This run was cancelled" in client.get(f"/scenarios/{scenario.id}").get_data(
        as_text=True)


def test_a_fix_becomes_a_new_scenario_in_one_click(client, auth, db):
    """Does the fix button save a new scenario with the fix's levers and queue it?"""
    scenario = make_scenario(db, with_result=True)
    fixes = store.result(scenario)["fixes"]
    assert fixes, "the demo scenario should leave gaps a lever reaches"
    auth.login(LEAD)
    token = csrf_token(client, f"/scenarios/{scenario.id}")
    response = client.post(f"/scenarios/{scenario.id}/fixes/0", data={"csrf_token": token})
    made = db.get(Scenario, int(response.headers["Location"].rsplit("/", 1)[1]))
    assert made.parent_id == scenario.id and fixes[0]["label"][:20] in made.name
    changes = store.from_json(made.changes)
    assert all(getattr(changes, k) == v for k, v in fixes[0]["levers"].items())
    assert changes.staff_loss_pct == 10  # the rest of the scenario is kept
    assert client.post(f"/scenarios/{scenario.id}/fixes/9",
                       data={"csrf_token": token}).status_code == 404


def test_clone_opens_the_form_filled_in_and_saves_a_new_scenario(client, auth, db):
    """Does Clone open the form with the scenario's settings, and saving it make a new
    scenario that records where it came from?"""
    scenario = make_scenario(db, with_result=True)
    auth.login(LEAD)
    page = client.get(f"/scenarios/{scenario.id}/clone").get_data(as_text=True)
    assert f"Copy of {scenario.name}" in page and 'name="parent_id"' in page
    token = csrf_token(client, f"/scenarios/{scenario.id}/clone")
    client.post("/scenarios/new", data=_form(name="Changed copy", staff_loss_pct="20",
                                             parent_id=str(scenario.id), csrf_token=token))
    copy = db.exec(select(Scenario).where(Scenario.parent_id == scenario.id)).one()
    assert copy.name == "Changed copy" and store.from_json(copy.changes).staff_loss_pct == 20
    assert copy.result is None and copy.id != scenario.id


def test_progress_fragment_polls_while_running_and_redirects_when_done(client, auth, db):
    """Does the progress component poll while queued and send htmx on once finished?"""
    scenario = make_scenario(db)
    runner.queue_run(db, None, scenario)
    db.commit()
    auth.login(LEAD)
    url = f"/scenarios/{scenario.id}/progress"
    assert 'hx-trigger="every 2s"' in client.get(url).get_data(as_text=True)
    runner.run(db, scenario.job_id, scenario.id, FAST)
    done = client.get(url, headers={"HX-Request": "true"})
    assert done.headers["HX-Redirect"].endswith(f"/scenarios/{scenario.id}")
    fragment = client.get(f"/scenarios/{scenario.id}", headers={"HX-Request": "true"})
    assert "HX-Request" in fragment.headers["Vary"]
    assert "<html" not in fragment.get_data(as_text=True)


def test_a_run_cancelled_while_solving_stops_and_saves_nothing(app, db):
    """Does a cancel requested mid-run stop the solver process and leave no results?"""
    import threading

    from sqlmodel import Session

    scenario = make_scenario(db, seeds=(1, 2, 3))
    runner.queue_run(db, None, scenario)
    db.commit()
    slow = Settings(time_limit=10, method="cpsat")  # seven solves: time enough to cancel
    worker = threading.Thread(target=_run_in_own_session, args=(app, scenario, slow))
    worker.start()
    with Session(app.extensions["engine"]) as other:
        _wait_for(other, scenario.job_id, "running")
        runner.request_cancel(other, None, other.get(Scenario, scenario.id))
        other.commit()
    worker.join(timeout=60)
    db.expire_all()
    assert db.get(JobRun, scenario.job_id).status == "cancelled"
    assert db.get(Scenario, scenario.id).result is None


def _run_in_own_session(app, scenario, settings) -> None:
    from sqlmodel import Session

    with Session(app.extensions["engine"]) as session:
        runner.run(session, scenario.job_id, scenario.id, settings)


def _wait_for(session, job_id: int, status: str) -> None:
    import time

    for _ in range(600):
        session.expire_all()
        if session.get(JobRun, job_id).status == status:
            return
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} never became {status}")


def test_a_worker_that_stops_beating_leaves_the_run_failed_with_the_reason(client, auth, db):
    """Is a run whose worker died shown as failed with why, never running for ever?"""
    from datetime import UTC, datetime, timedelta

    scenario = make_scenario(db)
    job = runner.queue_run(db, None, scenario)
    job.status, job.started_at = "running", datetime.now(UTC) - timedelta(minutes=10)
    job.heartbeat_at = job.started_at
    db.commit()
    auth.login(LEAD)
    page = client.get(f"/scenarios/{scenario.id}").get_data(as_text=True)
    assert "The run failed" in page and "stopped responding" in page
    db.expire_all()
    assert db.get(JobRun, job.id).status == "failed"


def test_another_places_lead_gets_404_and_an_empty_list(client, auth, db):
    """Are a place's scenarios invisible to a workforce lead of another place?"""
    from webapp.models import Place, Role
    from webapp.services import accounts

    scenario = make_scenario(db, with_result=True)
    elsewhere = Place(name="Another place")
    db.add(elsewhere)
    db.flush()
    accounts.create_user(db, email="lead@elsewhere.test", password="demo-password-2026",
                         role=Role.WORKFORCE_LEAD, place_id=elsewhere.id)
    db.commit()
    auth.login("lead@elsewhere.test")
    for path in ("", "/progress", "/pdf", "/csv"):
        assert client.get(f"/scenarios/{scenario.id}{path}").status_code == 404
    assert scenario.name not in client.get("/scenarios").get_data(as_text=True)


@pytest.mark.services
def test_a_run_on_postgresql_stores_the_same_shape_of_results(pg_url):
    """Does a scenario save, run through the job code and store its results on PostgreSQL?"""
    from datetime import date

    from sqlmodel import Session

    from webapp import create_app
    from webapp.cli import rebuild_database
    from webapp.services import demo

    app = create_app({"TESTING": True, "DATABASE_URL": pg_url})
    rebuild_database(app)
    with Session(app.extensions["engine"], expire_on_commit=False) as pg:
        demo.build_demo_place(pg, seed=7, staff=150, today=date.today())
        pg.commit()
        scenario = make_scenario(pg, changes=Changes(delegation=False, joint_roles=False))
        runner.queue_run(pg, None, scenario)
        pg.commit()
        runner.run(pg, scenario.job_id, scenario.id, FAST)
        pg.refresh(scenario)
        assert pg.get(JobRun, scenario.job_id).status == "done"
        result = json.loads(scenario.result)
        assert result["baseline"]["validator"] == "valid"
        assert result["spread"]["thin_delegation"]["median"] == 0  # nothing delegated any more
        from webapp.models import User

        lead = pg.exec(select(User).where(User.email == LEAD)).one()
        assert store.visible(pg, lead)[0].id == scenario.id
    app.extensions["engine"].dispose()
