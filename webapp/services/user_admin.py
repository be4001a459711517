"""Admins manage sign-in accounts: invite, change role, deactivate, reset a password.

Who administers whom: an admin with an organisation manages that organisation's accounts;
an admin with none is a place admin and manages every account in the place. Anyone else is
out of reach and answers as missing. Every change is audited; the caller commits.
"""

from datetime import UTC, datetime, timedelta

from sqlmodel import Session, col, func, or_, select

from webapp.models import PLACE_WIDE, Organisation, Role, StaffMember, User
from webapp.models.user import PasswordLink
from webapp.services import accounts, audit
from webapp.services.link_tokens import hash_token, new_token

LINK_LIFETIME = timedelta(days=7)
PAGE_SIZE = 25
PASSWORD_MIN, PASSWORD_MAX = 12, 200
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"  # something@somewhere.tld, no spaces


UNKNOWN = "This link is not recognised. Ask your admin for a new one."
USED = "This link has already been used. Ask your admin for a new one."
EXPIRED = "This link has expired. Ask your admin for a new one."


class Refused(ValueError):
    """An admin action the rules do not allow; the message says why, for people."""


# Only a place admin may give a place-wide role, and an admin account never belongs to one
# organisation: an organisation's admin who could make one would reach every employer.


def check_role_allowed(admin: User, role: str, organisation_id: int | None) -> None:
    """Refuse a role this admin may not give, or an admin account tied to one organisation."""
    if role not in PLACE_WIDE:
        return
    label = Role(role).label.lower()
    if admin.organisation_id is not None:
        raise Refused(f"Only a place admin can give the {label} role: it reaches the whole place")
    if role == Role.ADMIN and organisation_id is not None:
        raise Refused("An admin administers the whole place: choose \"The whole place\" "
                      "as the organisation")



def manages(admin: User, user: User) -> bool:
    """Whether this admin administers this account."""
    if admin.role != Role.ADMIN or user.place_id != admin.place_id:
        return False
    return admin.organisation_id is None or user.organisation_id == admin.organisation_id


def organisations(session: Session, admin: User) -> list[Organisation]:
    """The organisations whose accounts this admin may create."""
    query = select(Organisation).where(Organisation.place_id == admin.place_id)
    if admin.organisation_id is not None:
        query = query.where(Organisation.id == admin.organisation_id)
    return list(session.exec(query.order_by(Organisation.name)))


def find(session: Session, admin: User, user_id: int) -> User | None:
    """The account with this id if the admin manages it, else None (shown as missing)."""
    user = session.get(User, user_id)
    return user if user is not None and manages(admin, user) else None


def search(session: Session, admin: User, *, q: str = "", page: int = 1):
    """Return (users on this page, total) that the admin manages, by email, optionally
    only those whose name or email contains q."""
    query = select(User).where(User.place_id == admin.place_id)
    if admin.organisation_id is not None:
        query = query.where(User.organisation_id == admin.organisation_id)
    if q.strip():
        pattern = f"%{q.strip().lower()}%"
        query = query.where(or_(func.lower(User.email).like(pattern),
                                func.lower(User.name).like(pattern)))
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    users = session.exec(query.order_by(User.email).offset((page - 1) * PAGE_SIZE)
                         .limit(PAGE_SIZE)).all()
    return list(users), total


def password_problem(password: str, email: str = "") -> str | None:
    """Why a new password is not allowed, or None (length, as NCSC advises, not symbols)."""
    if len(password) < PASSWORD_MIN:
        return f"Password must be {PASSWORD_MIN} characters or more"
    if len(password) > PASSWORD_MAX:
        return f"Password must be {PASSWORD_MAX} characters or fewer"
    if email and password.strip().lower() == email.strip().lower():
        return "Password must not be your email address"
    return None


def linkable_staff(session: Session, admin: User, *, number: str,
                   organisation_id: int | None) -> tuple[int | None, str | None]:
    """Return (staff member id, None) for the member an account may be linked to, or
    (None, why not): they must be in the place, employed by the account's organisation (so
    an admin cannot reach another organisation's passport through an account), and have no
    account yet."""
    from webapp.models import EmploymentContract

    member = session.exec(select(StaffMember).where(
        StaffMember.staff_number == number, StaffMember.place_id == admin.place_id)).first()
    if member is None:
        return None, f"No one in the place has staff number {number[:20]}"
    if organisation_id is not None and session.exec(select(EmploymentContract.id).where(
            EmploymentContract.staff_member_id == member.id,
            EmploymentContract.organisation_id == organisation_id)).first() is None:
        return None, f"Staff number {number} is not employed by the chosen organisation"
    if session.exec(select(User.id).where(User.staff_member_id == member.id)).first():
        return None, f"{member.full_name} ({number}) already has an account"
    return member.id, None


def invite(session: Session, admin: User, *, name: str, email: str, role: str,
           organisation_id: int | None, staff_member_id: int | None,
           request_id: str | None = None) -> tuple[User, str]:
    """Create an account with no usable password and a single-use link to set one."""
    email = email.strip().lower()
    if session.exec(select(User).where(func.lower(User.email) == email)).first():
        raise Refused("An account with this email address already exists")
    if admin.organisation_id is not None and organisation_id != admin.organisation_id:
        raise Refused("Choose your own organisation")
    check_role_allowed(admin, role, organisation_id)
    user = accounts.create_user(session, email=email, password=new_token(),
                                role=role, place_id=admin.place_id,
                                staff_member_id=staff_member_id,
                                organisation_id=organisation_id)
    user.name = name.strip()
    session.flush()
    audit.record(session, actor=admin, action="user.invite", entity="user", entity_id=user.id,
                 staff_member_id=staff_member_id, request_id=request_id,
                 after={"email": email, "name": user.name, "role": role,
                        "organisation_id": organisation_id})
    return user, issue_link(session, admin, user, "invite")


def issue_link(session: Session, admin: User | None, user: User, purpose: str) -> str:
    """Make a new link for this user, ending any earlier unused one (shown once); `admin` is
    None when the link comes from the command line (a new place's first admin)."""
    now = datetime.now(UTC)
    for link in session.exec(select(PasswordLink).where(
            PasswordLink.user_id == user.id, col(PasswordLink.used_at).is_(None))):
        link.used_at = now  # an older link stops working: only the newest is live
        session.add(link)
    token = new_token()
    session.add(PasswordLink(user_id=user.id, token_hash=hash_token(token), purpose=purpose,
                             created_by_user_id=admin.id if admin else None, created_at=now,
                             expires_at=now + LINK_LIFETIME))
    return token


def reset_password(session: Session, admin: User | None, user: User,
                   request_id: str | None = None) -> str:
    """A new single-use link; the old password works until the new one is set."""
    audit.record(session, actor=admin, action="user.reset_password", entity="user",
                 entity_id=user.id, staff_member_id=user.staff_member_id,
                 request_id=request_id, after={"email": user.email})
    return issue_link(session, admin, user, "reset")


def _other_active_admins(session: Session, user: User) -> int:
    query = select(func.count()).select_from(User).where(
        User.place_id == user.place_id, User.role == Role.ADMIN, User.active,
        User.id != user.id)
    if user.organisation_id is None:
        query = query.where(col(User.organisation_id).is_(None))
    else:
        query = query.where(User.organisation_id == user.organisation_id)
    return session.exec(query).one()


def _check_keeps_an_admin(session: Session, admin: User, user: User, what: str) -> None:
    if user.id == admin.id:
        raise Refused(f"You cannot {what} yourself: ask another admin")
    if user.role == Role.ADMIN and user.active and _other_active_admins(session, user) == 0:
        raise Refused(f"You cannot {what} the last admin of "
                      f"{'the place' if user.organisation_id is None else 'their organisation'}")


def change_role(session: Session, admin: User, user: User, role: str,
                request_id: str | None = None) -> None:
    """Give the account a new role (never taking the admin role from oneself or the last
    admin of an organisation); their open sessions end so the new role applies at once."""
    if role == user.role:
        return
    check_role_allowed(admin, role, user.organisation_id)
    if user.role == Role.ADMIN:
        _check_keeps_an_admin(session, admin, user, "remove the admin role from")
    before = user.role
    user.role = role
    accounts.end_sessions(user)
    session.add(user)
    audit.record(session, actor=admin, action="user.change_role", entity="user",
                 entity_id=user.id, staff_member_id=user.staff_member_id,
                 request_id=request_id, before={"role": before}, after={"role": role})


def set_active(session: Session, admin: User, user: User, active: bool,
               request_id: str | None = None) -> None:
    """Deactivate (sign-in refused, every open session ended) or reactivate an account."""
    if active == user.active:
        return
    if not active:
        _check_keeps_an_admin(session, admin, user, "deactivate")
    user.active = active
    accounts.end_sessions(user)
    session.add(user)
    audit.record(session, actor=admin, action="user.reactivate" if active else "user.deactivate",
                 entity="user", entity_id=user.id, staff_member_id=user.staff_member_id,
                 request_id=request_id, after={"email": user.email})


def open_link(session: Session, token: str) -> tuple[PasswordLink | None, str | None]:
    """Return (link, None) for a live link, or (None, why it cannot be used)."""
    link = session.exec(select(PasswordLink).where(
        PasswordLink.token_hash == hash_token(token[:100]))).first()
    if link is None:
        return None, UNKNOWN
    if link.used_at is not None:
        return None, USED
    expires = link.expires_at if link.expires_at.tzinfo else link.expires_at.replace(tzinfo=UTC)
    if expires <= datetime.now(UTC):
        return None, EXPIRED
    return link, None


def use_link(session: Session, link: PasswordLink, password: str,
             request_id: str | None = None) -> User:
    """Set the password through a live link: the link is spent, the old password and every
    open session stop working."""
    user = session.get(User, link.user_id)
    accounts.set_password(session, user, password)
    link.used_at = datetime.now(UTC)
    session.add(link)
    audit.record(session, actor=user, action="user.set_password", entity="user",
                 entity_id=user.id, staff_member_id=user.staff_member_id,
                 request_id=request_id, after={"through": link.purpose})
    return user
