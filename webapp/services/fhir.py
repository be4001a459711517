"""A member's verified qualifications as a FHIR R4 Practitioner resource (UK Core identifiers)."""

from sqlmodel import Session, col, select

from webapp.models import Competence, Organisation, PassportEntry, StaffMember
from webapp.services.passport_access import Scope

REGISTRATION_SYSTEMS = {
    "NMC": "https://fhir.hl7.org.uk/Id/nmc-number",
    "HCPC": "https://fhir.hl7.org.uk/Id/hcpc-number",
    "GMC": "https://fhir.hl7.org.uk/Id/gmc-number",
    "GPHC": "https://fhir.hl7.org.uk/Id/gphc-number",
}


def practitioner(session: Session, member: StaffMember, *, base_url: str,
                 scope: Scope) -> dict:
    """Build the Practitioner: name, registration identifier, one qualification per record.

    Only verified records that have not been revoked, in frameworks the scope shows, become
    qualifications: FHIR's `Practitioner.qualification.issuer` names who stands behind each.
    """
    resource = {
        "resourceType": "Practitioner",
        "id": member.staff_number,
        "meta": {"profile": ["https://fhir.hl7.org.uk/StructureDefinition/UKCore-Practitioner"]},
        "identifier": [{"system": f"{base_url}id/staff-number", "value": member.staff_number}],
        "active": True,
        "name": [{"use": "official", "family": member.family_name,
                  "given": [member.given_name]}],
        "qualification": qualifications(session, member, base_url=base_url, scope=scope),
    }
    registration = _registration(member)
    if registration:
        resource["identifier"].append(registration)
    return resource


def _registration(member: StaffMember) -> dict | None:
    system = REGISTRATION_SYSTEMS.get((member.registration_body or "").upper())
    if system is None or not member.registration_number:
        return None
    identifier = {"use": "official", "system": system, "value": member.registration_number}
    if member.registration_valid_until:
        identifier["period"] = {"end": member.registration_valid_until.isoformat()}
    return identifier


def qualifications(session: Session, member: StaffMember, *, base_url: str,
                   scope: Scope) -> list[dict]:
    query = (
        select(PassportEntry, Competence, Organisation)
        .join(Competence, Competence.id == PassportEntry.competence_id)
        .join(Organisation, Organisation.id == PassportEntry.verifying_organisation_id)
        .where(PassportEntry.staff_member_id == member.id,
               col(PassportEntry.revoked).is_(False),
               col(PassportEntry.verified_by).is_not(None))
        .order_by(Competence.code, PassportEntry.achieved_on)
    )
    return [_qualification(entry, competence, org, base_url)
            for entry, competence, org in session.exec(query)
            if scope.shows(competence.framework)]


def _qualification(entry, competence, org, base_url: str) -> dict:
    title = competence.title + (f", {competence.level}" if competence.level else "")
    period = {"start": entry.achieved_on.isoformat()}
    if entry.valid_until:
        period["end"] = entry.valid_until.isoformat()
    return {
        "identifier": [{"system": f"{base_url}id/passport-entry", "value": str(entry.id)}],
        "code": {"coding": [{"system": f"{base_url}catalogue/competences",
                             "code": competence.code, "display": title}], "text": title},
        "period": period,
        "issuer": {"display": org.name,
                   "identifier": {"system": _org_system(org), "value": org.code}},
    }


def _org_system(org: Organisation) -> str:
    if org.code_scheme == "ODS":
        return "https://fhir.nhs.uk/Id/ods-organization-code"
    return "https://www.cqc.org.uk/provider"  # CQC provider id
