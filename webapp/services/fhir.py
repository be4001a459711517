"""A member's verified qualifications as a FHIR R4 Practitioner resource (UK Core identifiers)."""

from sqlmodel import Session, col, select

from webapp.models import Competence, Organisation, PassportEntry, StaffMember
from webapp.services.passport_access import Scope

# Published identifier systems only (UK Core NamingSystems). A register with no published
# system (Social Work England; CQC provider ids) is still exported, as an identifier with
# its type and assigner named and no `system`, rather than under an invented URL.
REGISTRATION_SYSTEMS = {
    "NMC": "https://fhir.hl7.org.uk/Id/nmc-number",
    "HCPC": "https://fhir.hl7.org.uk/Id/hcpc-number",
    "GMC": "https://fhir.hl7.org.uk/Id/gmc-number",
    "GPHC": "https://fhir.hl7.org.uk/Id/gphc-number",
}
UNPUBLISHED = {"SWE": ("Social Work England registration number", "Social Work England")}
ODS = "https://fhir.nhs.uk/Id/ods-organization-code"


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
    body = (member.registration_body or "").upper()
    if not member.registration_number or (body not in REGISTRATION_SYSTEMS and
                                          body not in UNPUBLISHED):
        return None
    identifier = {"use": "official", "value": member.registration_number}
    if body in REGISTRATION_SYSTEMS:
        identifier["system"] = REGISTRATION_SYSTEMS[body]
    else:
        kind, assigner = UNPUBLISHED[body]
        identifier |= {"type": {"text": kind}, "assigner": {"display": assigner}}
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
        "issuer": {"display": org.name, "identifier": _org_identifier(org)},
    }


def _org_identifier(org: Organisation) -> dict:
    if org.code_scheme == "ODS":
        return {"system": ODS, "value": org.code}
    return {"type": {"text": "CQC provider ID"}, "value": org.code,
            "assigner": {"display": "Care Quality Commission"}}
