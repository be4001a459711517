"""Tables, in the domain's words. Importing this package registers them all on SQLModel.metadata."""

from webapp.models.audit import AuditEvent
from webapp.models.competence import Competence, Framework, PassportEntry, RoleRequirement
from webapp.models.delegation import Delegation, DelegationStatus, PersonReceivingCare
from webapp.models.job import JobRun
from webapp.models.place import Locality, Organisation, Place, Sector
from webapp.models.staff import ContractType, EmploymentContract, StaffMember
from webapp.models.user import Role, User

__all__ = [
    "AuditEvent",
    "Competence",
    "ContractType",
    "Delegation",
    "DelegationStatus",
    "EmploymentContract",
    "Framework",
    "JobRun",
    "Locality",
    "Organisation",
    "PassportEntry",
    "PersonReceivingCare",
    "Place",
    "Role",
    "RoleRequirement",
    "Sector",
    "StaffMember",
    "User",
]
