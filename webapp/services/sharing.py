"""Share links: a member chooses parts of their passport and an expiry; anyone with the link
sees exactly those parts, with who verified them, until it expires or the member revokes it.

The raw token is returned once, at creation; only its sha256 is stored.
"""

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlmodel import Session, col, select

from webapp.models import Competence, Framework, Organisation, PassportEntry, StaffMember
from webapp.models.sharing import ShareLink
from webapp.services import audit, passports
from webapp.services.link_tokens import hash_token, new_token

DEFAULT_DAYS = 7
EXPIRY_CHOICES = (1, 7, 30, 90)
# Special-category health data is never swept into a share by choosing a whole category;
# a member must pick such an entry on its own. (No such framework is in the catalogue yet.)
NEVER_SHARED_BY_CATEGORY = frozenset({"occupational_health"})


class ShareError(ValueError):
    """The member's choice cannot be shared (the message says why)."""


@dataclass(frozen=True)
class SharedItem:
    competence: Competence
    entry: PassportEntry
    verifying_organisation: str | None
    status: str  # current, expiring, expired or revoked

    @property
    def category(self) -> str:
        framework = self.competence.framework
        return Framework(framework).label if framework in set(Framework) else framework


@dataclass(frozen=True)
class SharedView:
    link: ShareLink
    state: str  # active, expired or revoked
    member: StaffMember
    items: list[SharedItem]



def state_of(link: ShareLink, now: datetime) -> str:
    """Classify a link as active, expired or revoked."""
    if link.revoked_at is not None:
        return "revoked"
    return "expired" if link.expires_at <= now else "active"


def shareable_frameworks() -> list[Framework]:
    return [f for f in Framework if f.value not in NEVER_SHARED_BY_CATEGORY]


def create_share(session: Session, *, member: StaffMember, frameworks: list[str],
                 entry_ids: list[int], days: int, label: str, actor,
                 request_id: str | None = None) -> tuple[ShareLink, str]:
    """Create a share link and return it with its raw token (shown once, never stored)."""
    frameworks = sorted(set(frameworks))
    entry_ids = sorted(set(entry_ids))
    _check_choice(session, member, frameworks, entry_ids, days)
    token = new_token()
    now = datetime.now(UTC)
    link = ShareLink(staff_member_id=member.id, token_hash=hash_token(token),
                     label=label.strip()[:80], created_at=now,
                     expires_at=now + timedelta(days=days),
                     scope=json.dumps({"frameworks": frameworks, "entry_ids": entry_ids}))
    session.add(link)
    session.flush()
    audit.record(session, actor=actor, action="share.create", entity="share_link",
                 entity_id=link.id, staff_member_id=member.id,
                 after={"frameworks": frameworks, "entry_ids": entry_ids,
                        "expires_at": link.expires_at}, request_id=request_id)
    session.commit()
    return link, token


def _check_choice(session, member, frameworks, entry_ids, days) -> None:
    if not frameworks and not entry_ids:
        raise ShareError("Choose at least one category or record to share")
    allowed = {f.value for f in shareable_frameworks()}
    if not set(frameworks) <= allowed:
        raise ShareError("Choose categories from the list")
    if entry_ids:
        owned = set(session.exec(select(PassportEntry.id).where(
            PassportEntry.staff_member_id == member.id, col(PassportEntry.id).in_(entry_ids))))
        if owned != set(entry_ids):
            raise ShareError("Choose records from your own passport")
    if days not in EXPIRY_CHOICES:
        raise ShareError("Choose how long the link works for")


def describe_scope(link: ShareLink) -> str:
    """Say in words what a link shares, e.g. "Care Certificate standards and 2 single records"."""
    scope = json.loads(link.scope)
    parts = [Framework(f).label for f in scope.get("frameworks", []) if f in set(Framework)]
    count = len(scope.get("entry_ids", []))
    if count:
        parts.append("1 single record" if count == 1 else f"{count} single records")
    return " and ".join([", ".join(parts[:-1]), parts[-1]] if len(parts) > 1 else parts)


def shares_for(session: Session, member_id: int) -> list[ShareLink]:
    """Return the member's links, newest first."""
    query = (select(ShareLink).where(ShareLink.staff_member_id == member_id)
             .order_by(col(ShareLink.created_at).desc(), col(ShareLink.id).desc()))
    return list(session.exec(query))


def revoke_share(session: Session, *, member_id: int, share_id: int, actor,
                 request_id: str | None = None) -> ShareLink | None:
    """Revoke one of the member's own links (audited); None when it is not theirs."""
    link = session.get(ShareLink, share_id)
    if link is None or link.staff_member_id != member_id:
        return None
    if link.revoked_at is None:
        link.revoked_at = datetime.now(UTC)
        session.add(link)
        audit.record(session, actor=actor, action="share.revoke", entity="share_link",
                     entity_id=link.id, staff_member_id=member_id,
                     after={"revoked_at": link.revoked_at}, request_id=request_id)
        session.commit()
    return link


def open_share(session: Session, token: str, *, request_id: str | None = None,
               today: date | None = None) -> SharedView | None:
    """Resolve a token to what it shares (None if unknown); every look is audited."""
    link = session.exec(select(ShareLink).where(
        ShareLink.token_hash == hash_token(token))).first()
    if link is None:
        return None
    state = state_of(link, datetime.now(UTC))
    member = session.get(StaffMember, link.staff_member_id)
    items = shared_items(session, link, today or date.today()) if state == "active" else []
    audit.record(session, actor=None, action="share.view", entity="share_link",
                 entity_id=link.id, staff_member_id=link.staff_member_id,
                 after={"state": state, "entries": [i.entry.id for i in items]},
                 request_id=request_id)
    session.commit()
    return SharedView(link, state, member, items)


def shared_items(session: Session, link: ShareLink, today: date) -> list[SharedItem]:
    """Resolve a link's scope now: the best entry per chosen category, plus chosen entries."""
    scope = json.loads(link.scope)
    frameworks = set(scope.get("frameworks", [])) - NEVER_SHARED_BY_CATEGORY
    rows = list(session.exec(
        select(PassportEntry, Competence)
        .join(Competence, Competence.id == PassportEntry.competence_id)
        .where(PassportEntry.staff_member_id == link.staff_member_id)))
    chosen = {entry.id: (entry, c) for entry, c in rows if entry.id in scope.get("entry_ids", [])}
    by_competence: dict[int, list] = {}
    for entry, competence in rows:
        if competence.framework in frameworks:
            by_competence.setdefault(competence.id, []).append((entry, competence))
    for pairs in by_competence.values():
        best = passports.best_entry([e for e, _ in pairs])
        if best is not None:
            chosen.setdefault(best.id, (best, pairs[0][1]))
    orgs = _organisation_names(session, [e for e, _ in chosen.values()])
    items = [SharedItem(c, e, orgs.get(e.verifying_organisation_id), _status(e, today))
             for e, c in chosen.values()]
    order = {f.value: i for i, f in enumerate(Framework)}
    return sorted(items, key=lambda i: (order.get(i.competence.framework, 99),
                                        i.competence.title, i.competence.level or ""))


def _status(entry: PassportEntry, today: date) -> str:
    return "revoked" if entry.revoked else passports.status_of(entry.valid_until, today)


def _organisation_names(session: Session, entries: list[PassportEntry]) -> dict[int, str]:
    ids = {e.verifying_organisation_id for e in entries if e.verifying_organisation_id}
    if not ids:
        return {}
    return {o.id: o.name for o in session.exec(
        select(Organisation).where(col(Organisation.id).in_(ids)))}
