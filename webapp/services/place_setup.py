"""A real place's first day: its localities, its organisations and its first admin, from one
file, all or nothing.

One database holds one place. The first admin gets no password: a single-use link to set
one, shown once, as an invitation from an admin does. An admin locked out later gets a new
link the same way (`admin_link`), since nobody else may be able to reset theirs.
"""

import re

from jsonschema import Draft202012Validator
from sqlmodel import Session, func, select

from webapp.models import Locality, Organisation, Place, Role, User
from webapp.models.place import Sector
from webapp.services import accounts, audit, user_admin
from webapp.services.link_tokens import new_token
from webapp.services.problems import Problem, Problems

EMAIL = re.compile(user_admin.EMAIL_PATTERN)
_NAME = {"type": "string", "minLength": 1, "maxLength": 120, "pattern": r"\S"}
SCHEMA = {
    "type": "object",
    "required": ["place", "localities", "organisations", "admin"],
    "additionalProperties": False,
    "properties": {
        "place": {
            "type": "object", "required": ["name"], "additionalProperties": False,
            "properties": {"name": _NAME, "population": {"type": "integer", "minimum": 0}},
        },
        "localities": {
            "type": "array", "minItems": 1, "maxItems": 50,
            "items": {
                "type": "object", "required": ["name"], "additionalProperties": False,
                "properties": {"name": _NAME, "population": {"type": "integer", "minimum": 0}},
            },
        },
        "organisations": {
            "type": "array", "minItems": 1, "maxItems": 500,
            "items": {
                "type": "object", "required": ["name", "sector", "code", "code_scheme"],
                "additionalProperties": False,
                "properties": {
                    "name": {**_NAME, "maxLength": 160},
                    "sector": {"enum": [s.value for s in Sector]},
                    "code": {"type": "string", "pattern": r"^[A-Za-z0-9-]{1,20}$"},
                    "code_scheme": {"enum": ["ODS", "CQC"]},
                },
            },
        },
        "admin": {
            "type": "object", "required": ["name", "email"], "additionalProperties": False,
            "properties": {"name": _NAME, "email": {"type": "string", "maxLength": 254}},
        },
    },
}


def problems(data) -> list[Problem]:
    """Every problem with a place file: its shape first, then what the shape cannot say."""
    found = [Problem(_where(error.absolute_path),
                     f"{_where(error.absolute_path)}: {error.message}")
             for error in sorted(Draft202012Validator(SCHEMA).iter_errors(data),
                                 key=lambda e: list(map(str, e.absolute_path)))]
    if found:
        return found
    found += _repeats(data["localities"], "name", "localities", "locality name")
    found += _repeats(data["organisations"], "name", "organisations", "organisation name")
    found += _repeats(data["organisations"], "code", "organisations", "organisation code")
    if not EMAIL.match(data["admin"]["email"].strip()):
        found.append(Problem("admin.email", "admin.email: enter an email address like "
                             "name@example.nhs.uk"))
    return found


def _where(path) -> str:
    return ".".join(map(str, path)) or "(the file)"


def _repeats(items: list[dict], key: str, where: str, what: str) -> list[Problem]:
    seen: dict[str, int] = {}
    found = []
    for n, item in enumerate(items):
        value = item[key].strip().casefold()
        if value in seen:
            found.append(Problem(f"{where}.{n}.{key}", f"{where}.{n}.{key}: the {what} "
                                 f"{item[key]!r} is already used by {where}.{seen[value]}"))
        seen.setdefault(value, n)
    return found


def set_up(session: Session, data) -> tuple[Place, User, str]:
    """Create the place, its localities and organisations and its first (place-wide) admin;
    return the admin and the token of their link to set a password. Raises Problems with
    every problem found, having written nothing; the caller commits."""
    found = problems(data)
    if session.exec(select(Place.id)).first() is not None:
        found.insert(0, Problem("place", "This database already holds a place: one database "
                                "serves one place"))
    email = data["admin"]["email"].strip().lower() if not found else ""
    if email and session.exec(select(User).where(func.lower(User.email) == email)).first():
        found.append(Problem("admin.email", f"An account for {email} already exists"))
    if found:
        raise Problems(found)
    place = Place(name=data["place"]["name"].strip(),
                  population=data["place"].get("population", 0))
    session.add(place)
    session.flush()
    for item in data["localities"]:
        session.add(Locality(place_id=place.id, name=item["name"].strip(),
                             population=item.get("population", 0)))
    for item in data["organisations"]:
        session.add(Organisation(place_id=place.id, name=item["name"].strip(),
                                 sector=item["sector"], code=item["code"].upper(),
                                 code_scheme=item["code_scheme"]))
    admin = accounts.create_user(session, email=email, password=new_token(), role=Role.ADMIN,
                                 place_id=place.id)  # no organisation: a place admin
    admin.name = data["admin"]["name"].strip()
    session.flush()
    audit.record(session, actor=None, action="place.setup", entity="place", entity_id=place.id,
                 after={"name": place.name, "localities": len(data["localities"]),
                        "organisations": len(data["organisations"]), "admin": email})
    return place, admin, user_admin.issue_link(session, None, admin, "invite")


def admin_link(session: Session, email: str) -> str:
    """A new single-use link for an admin to set their password (the old one stops working).
    Raises Problems if there is no active admin with this email; the caller commits."""
    admin = session.exec(select(User).where(
        func.lower(User.email) == email.strip().lower())).first()
    if admin is None or admin.role != Role.ADMIN or not admin.active:
        raise Problems([Problem("email", f"No active admin account for {email.strip()!r}")])
    return user_admin.reset_password(session, None, admin)
