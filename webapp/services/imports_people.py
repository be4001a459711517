"""Bulk training import: whose each row is. ESR rows without an Employee Number are matched
on name and date of birth; ASC-WDS rows must come from one of the organisation's workplaces.
"""

from sqlmodel import Session, col, select

from webapp.models import Organisation, StaffMember


def workplaces(session: Session, organisation: Organisation) -> set[str]:
    """The ASC-WDS workplace ids (LOCALESTID) that are this organisation's: those recorded
    for it, and its own code (CQC or ODS), which many providers use as the id."""
    from webapp.models.place import AscwdsWorkplace

    ids = set(session.exec(select(AscwdsWorkplace.local_id).where(
        AscwdsWorkplace.organisation_id == organisation.id)))
    return {i.casefold() for i in ids | {organisation.code}}


def workplace_error(row, workplaces: set[str], organisation) -> str | None:
    """Why this row's workplace is not the organisation's, or None."""
    if row.error or not row.workplace or row.workplace.casefold() in workplaces:
        return None
    return (f"LOCALESTID {row.workplace[:50]} is not one of {organisation.name}'s ASC-WDS "
            "workplaces: an admin records it on the ASC-WDS workplaces page "
            "(Administration, /admin/workplaces), then upload the file again")


def match_by_name(session: Session, organisation: Organisation, rows: list) -> None:
    """Give rows without a staff number the staff number of the one person in the place with
    that family name, first name and date of birth (none or several: the row is in error)."""
    wanted = [r for r in rows if not r.error and not r.staff_number and r.birth_date]
    births = sorted({r.birth_date for r in wanted})
    people: dict[tuple, list[str]] = {}
    for start in range(0, len(births), 500):
        for member in session.exec(select(StaffMember).where(
                StaffMember.place_id == organisation.place_id,
                col(StaffMember.date_of_birth).in_(births[start:start + 500]))):
            key = (member.family_name.casefold(), member.given_name.casefold(),
                   member.date_of_birth)
            people.setdefault(key, []).append(member.staff_number)
    for row in wanted:
        found = people.get((row.family_name.casefold(), row.given_name.casefold(),
                            row.birth_date), [])
        if len(found) == 1:
            row.staff_number = found[0]
        else:
            row.error = (f"{'No one' if not found else 'More than one person'} in the place "
                         f"is called {row.given_name} {row.family_name} with that date of "
                         "birth: add the Employee Number")
