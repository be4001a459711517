"""Who may use the admin routes (accounts, audit log, ASC-WDS workplaces) and the
set-password link."""

from sqlmodel import select

from webapp.models import Organisation, User
from webapp.models.place import AscwdsWorkplace
from webapp.services import user_admin

from .routes_expected import EVERYONE, R

EXPECTED = {
    "admin_users.index": {R.ADMIN},
    "admin_users.invite": {R.ADMIN},
    "admin_users.show": {R.ADMIN},
    "admin_users.change_role": {R.ADMIN},
    "admin_users.deactivate": {R.ADMIN},
    "admin_users.reactivate": {R.ADMIN},
    "admin_users.reset": {R.ADMIN},
    "admin_audit.index": {R.ADMIN},
    "admin_audit.download": {R.ADMIN},
    "admin_workplaces.index": {R.ADMIN},
    "admin_workplaces.remove": {R.ADMIN},
    "invites.accept": EVERYONE,
}


def sample_args(db) -> dict:
    """An invited council account (with its live link) and a council workplace: things the
    place admin manages."""
    admin = db.exec(select(User).where(User.email == "admin@demo.place")).one()
    manager = db.exec(select(User).where(User.email == "manager@demo.place")).one()
    organisation = db.get(Organisation, manager.organisation_id)
    user, token = user_admin.invite(db, admin, name="Sample Person", email="sample@walk.test",
                                    role="care_worker", organisation_id=organisation.id,
                                    staff_member_id=None)
    workplace = AscwdsWorkplace(organisation_id=organisation.id, local_id="WALK-1",
                                name="Walk workplace")
    db.add(workplace)
    db.commit()
    return {"user_id": user.id, "link_token": token, "workplace_id": workplace.id}
