"""Tables, in the domain's words. Importing this package registers them all on SQLModel.metadata.

Every module in this package is imported, so a new module's tables register themselves;
the core tables are re-exported here for convenience.
"""

import importlib
import pkgutil

from webapp.models.audit import AuditEvent
from webapp.models.competence import Competence, Framework, PassportEntry, RoleRequirement
from webapp.models.delegation import Delegation, DelegationStatus, PersonReceivingCare
from webapp.models.job import JobRun
from webapp.models.place import Locality, Organisation, Place, Sector
from webapp.models.staff import ContractType, EmploymentContract, StaffMember
from webapp.models.user import PLACE_WIDE, Role, User

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
    "PLACE_WIDE",
    "Role",
    "RoleRequirement",
    "Sector",
    "StaffMember",
    "User",
]

for _info in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_info.name}")
