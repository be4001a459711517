"""The audit log written for people: what each kind of action means, and its details in
words (names, not ids; lists joined; no internal codes). One wording for every audit page."""

import json
import re
from dataclasses import dataclass

from sqlmodel import Session, col, select

from webapp.models import (
    Competence,
    Framework,
    Locality,
    Organisation,
    Role,
    StaffMember,
    User,
)
from webapp.models.demand import Team

ACTIONS = {
    "passport.view": "Viewed the passport",
    "passport.view_denied": "Was refused access to the passport",
    "passport.view_transfer": "Reviewed the passport for a new role",
    "passport.share": "Shared the passport with an organisation",
    "passport.share_withdraw": "Stopped sharing the passport with an organisation",
    "passport.export_fhir": "Exported the passport as a FHIR record",
    "passport_entry.create": "Recorded training",
    "passport_entry.verify": "Verified evidence",
    "passport_entry.import": "Imported training records",
    "passport_entry.revoke": "Revoked a record",
    "recognition.accept": "Accepted an entry through recognition",
    "recognition.mapping_add": "Proposed that one competence counts for another",
    "recognition.mapping_approve": "Approved that one competence counts for another",
    "recognition.mapping_remove": "Removed a competence match",
    "credential.issue": "Issued a digital credential",
    "credential.revoke": "Revoked a digital credential",
    "share.create": "Made a share link",
    "share.view": "Someone opened a share link",
    "share.revoke": "Stopped a share link working",
    "delegation.record": "Delegated an activity",
    "delegation.review": "Reviewed a delegation",
    "delegation.renew": "Renewed a delegation",
    "delegation.suspend": "Suspended a delegation",
    "delegation.withdraw": "Withdrew a delegation",
    "requirement.add": "Added a training requirement for a job role",
    "requirement.remove": "Removed a training requirement for a job role",
    "competence.refresher_changed": "Changed how often training must be refreshed",
    "competence.employer_refresher_changed": "Changed an employer's refresher period",
    "import.commit": "Imported a training file",
    "import.discard": "Discarded an uploaded training file",
    "agreement.create": "Recorded a data sharing agreement",
    "agreement.withdraw": "Withdrew a data sharing agreement",
    "leave.request": "Asked for leave",
    "leave.cancel": "Cancelled a leave request",
    "leave.approve": "Approved leave",
    "leave.decline": "Declined leave",
    "team.templates_change": "Changed a team's shift patterns",
    "team.template_add": "Added a shift pattern to a team",
    "team.cover_change": "Changed the cover a team needs",
    "rota.generate": "Asked for a new rota",
    "rota.resolve": "Asked for a rota to be worked out again",
    "rota.cancel": "Stopped a rota being worked out",
    "rota.edit": "Changed a rota by hand",
    "rota.edit_conflict": "Tried to change a rota someone else had just changed",
    "rota.pin": "Fixed a shift in place",
    "rota.move_visit": "Moved a visit to another carer",
    "rota.publish": "Published a rota",
    "rota.export_visit_list": "Downloaded a visit list",
    "rota.export_personal_pdf": "Downloaded someone's shifts",
    "calendar.create": "Turned on a calendar feed",
    "calendar.revoke": "Turned off a calendar feed",
    "calendar.fetch": "A calendar app fetched the shifts",
    "scenario.create": "Made a scenario",
    "scenario.run": "Ran a scenario",
    "scenario.cancel": "Stopped a scenario run",
    "place.setup": "Set up the place and its first admin (from the command line)",
    "user.sign_in": "Signed in",
    "user.invite": "Invited someone to use the service",
    "user.change_role": "Changed someone's role",
    "user.deactivate": "Deactivated an account",
    "user.reactivate": "Reactivated an account",
    "user.reset_password": "Made a link to reset a password",
    "user.set_password": "Set a new password",
    "audit.view": "Looked at the audit log",
    "audit.download": "Downloaded the audit log",
    "workplace.add": "Recorded an ASC-WDS workplace",
    "workplace.remove": "Removed an ASC-WDS workplace",
}
# Kinds written as a family with a variable ending (rota.solve_done, rota.export_csv…).
FAMILIES = {
    "rota.solve_": "A rota finished being worked out",
    "rota.export_": "Downloaded a rota",
    "scenario.run_": "A scenario run finished",
}
CELL = re.compile(r"\d+-(?:\d+|any)-\d+")  # shift pattern-competence-weekday
KEYS = {  # detail keys in words; a key not here is written out from its own name
    "organisation_id": "Organisation", "held_competence_id": "When someone holds",
    "satisfies_competence_id": "It counts for", "competence_id": "Competence",
    "entry_id": "Record", "entry_ids": "Records", "entries": "Records",
    "frameworks": "Training areas", "role": "Role", "path": "Page", "job": "Job number",
    "through": "Through", "refresher_months": "Refreshed every (months)",
    "starts_on": "Starts", "ends_on": "Ends", "credential_id": "Credential",
    "team_id": "Team", "locality_id": "Locality", "assignment": "Shift or visit number",
    "seen_version": "Version they had open", "current_version": "Version saved by then",
}
# Details that carry an id of one of these are shown by its name.
NAMED = {"organisation": Organisation, "competence": Competence, "team": Team,
         "locality": Locality}
WORDS = {"invite": "an invitation link", "reset": "a password reset link",
         True: "Yes", False: "No"}


def describe(action: str) -> str:
    """What a kind of action means, in words (never the internal code)."""
    if action in ACTIONS:
        return ACTIONS[action]
    for prefix, words in FAMILIES.items():
        if action.startswith(prefix):
            return f"{words} ({action.removeprefix(prefix).replace('_', ' ')})"
    return action.replace(".", ": ").replace("_", " ").capitalize()


def kinds() -> list[tuple[str, str]]:
    """Every kind of action, (code, words), for a filter."""
    return sorted(ACTIONS.items(), key=lambda item: item[1])


@dataclass
class Names:
    """Names for the ids that details carry."""

    named: dict  # kind ("organisation", "competence", …) → {id: name}
    people: dict  # user id → email (those who acted, and accounts acted on)
    staff: dict  # staff member id → full name


def names_for(session: Session, events: list) -> Names:
    """Look up, in one query each, every name the events' details and actors need."""
    details = [json.loads(e.after) for e in events if e.after]
    ids = {kind: set() for kind in NAMED}
    for after in (a for a in details if isinstance(a, dict)):
        for key, value in after.items():
            kind = _named_kind(key)
            if kind and isinstance(value, int) and not isinstance(value, bool):
                ids[kind].add(value)
    actors = {e.actor_user_id for e in events if e.actor_user_id}
    actors |= {int(e.entity_id) for e in events if e.entity == "user" and e.entity_id.isdigit()}
    staff = {e.staff_member_id for e in events if e.staff_member_id}
    return Names(
        named={kind: _lookup(session, NAMED[kind].id, _title(NAMED[kind]), ids[kind])
               for kind in NAMED},
        people=_lookup(session, User.id, User.email, actors),
        staff={i: f"{g} {f}" for i, g, f in _rows(
            session, select(StaffMember.id, StaffMember.given_name, StaffMember.family_name)
            .where(col(StaffMember.id).in_(staff)))})


def _named_kind(key: str) -> str | None:
    """The kind of thing a detail key names by id ("held_competence_id" → "competence")."""
    return next((kind for kind in NAMED if key.endswith(f"{kind}_id")), None)


def _title(model):
    return model.title if model is Competence else model.name


def _lookup(session: Session, key, value, ids: set) -> dict:
    return dict(_rows(session, select(key, value).where(col(key).in_(ids)))) if ids else {}


def _rows(session: Session, query) -> list:
    return list(session.exec(query).all())


def details(after_json: str | None, names: Names) -> str:
    """An event's details as one line of words: "Organisation: Northshire Council; …"."""
    if not after_json:
        return ""
    after = json.loads(after_json)
    if not isinstance(after, dict):
        return ""
    if after and all(CELL.fullmatch(k) for k in after):  # a team's cover grid, cell by cell
        return f"Cover changed in {len(after)} shift and day cells"
    parts = [f"{KEYS.get(k) or k.replace('_', ' ').capitalize()}: {_value(k, v, names)}"
             for k, v in after.items() if v is not None and v != [] and v != ""]
    return "; ".join(parts)


def _value(key: str, value, names: Names) -> str:
    if isinstance(value, list):
        if key in ("entry_ids", "entries"):
            return f"{len(value)}"
        return ", ".join(_value(key, v, names) for v in value)
    if isinstance(value, bool) or (isinstance(value, str) and value in WORDS):
        return WORDS[value]
    if isinstance(value, dict):
        return ", ".join(f"{k.replace('_', ' ')} {_value(k, v, names)}" for k, v in value.items())
    kind = _named_kind(key)
    if kind and isinstance(value, int):
        return names.named[kind].get(value, f"a {kind} no longer listed")
    if key == "role" and value in {r.value for r in Role}:
        return Role(value).label
    if key == "frameworks" and isinstance(value, str):
        return ", ".join(_framework(f) for f in value.split(","))
    return str(value)


def _framework(value: str) -> str:
    try:
        return Framework(value.strip()).label
    except ValueError:
        return value


def rows(session: Session, events: list) -> list[dict]:
    """Each event as a row in words: when, who, what, about whom and the details."""
    names = names_for(session, events)
    return [{"event": e, "what": describe(e.action), "about": _about(e, names),
             "who": names.people.get(e.actor_user_id, "Someone with a share link"
                                     if e.action == "share.view" else "The system"),
             "details": details(e.after, names)} for e in events]


def _about(event, names: Names) -> str:
    """Whom an event is about: the staff member, else the account it changed."""
    if event.staff_member_id in names.staff:
        return names.staff[event.staff_member_id]
    if event.entity == "user" and event.entity_id.isdigit():
        return names.people.get(int(event.entity_id), "")
    return ""
