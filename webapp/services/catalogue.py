"""The reference catalogue of competences: CSTF, Care Certificate, Oliver McGowan,
clinical skills and delegated healthcare activities (DOMAIN.md §2–3).

Refresher periods are data: loading never overwrites a period an admin has edited.
"""

from sqlmodel import Session, select

from webapp.models import Competence, Framework

SM = Framework.STATUTORY_MANDATORY
CC = Framework.CARE_CERTIFICATE
CS = Framework.CLINICAL_SKILL
DA = Framework.DELEGATED_ACTIVITY

# (framework, code, title, level, refresher months or None for no expiry)
REFERENCE = [
    (SM, "CSTF-EDHR-1", "Equality, diversity and human rights", "Level 1", 36),
    (SM, "CSTF-HSW-1", "Health, safety and welfare", "Level 1", 36),
    (SM, "CSTF-CR-1", "Conflict resolution", "Level 1", 36),
    (SM, "CSTF-FIRE", "Fire safety", None, 24),
    # ESR's national competences keep the annual variants apart from the two-yearly ones.
    (SM, "CSTF-FIRE-1Y", "Fire safety", "Annual refresher", 12),
    (SM, "CSTF-IPC-1", "Infection prevention and control", "Level 1", 36),
    (SM, "CSTF-IPC-2", "Infection prevention and control", "Level 2", 12),
    (SM, "CSTF-MH-1", "Moving and handling", "Level 1", 36),
    (SM, "CSTF-MH-2", "Moving and handling (patient handling)", "Level 2", 24),
    (SM, "CSTF-MH-2-1Y", "Moving and handling (patient handling)", "Level 2, annual refresher",
     12),
    (SM, "CSTF-SGA-1", "Safeguarding adults", "Level 1", 36),
    (SM, "CSTF-SGA-2", "Safeguarding adults", "Level 2", 36),
    (SM, "CSTF-SGA-3", "Safeguarding adults", "Level 3", 36),
    (SM, "CSTF-SGC-1", "Safeguarding children", "Level 1", 36),
    (SM, "CSTF-SGC-2", "Safeguarding children", "Level 2", 36),
    (SM, "CSTF-SGC-3", "Safeguarding children", "Level 3", 36),
    (SM, "CSTF-PREV-1", "Preventing radicalisation", "Basic awareness", 36),
    (SM, "CSTF-PREV-3", "Preventing radicalisation", "Level 3", 36),
    (SM, "CSTF-RESUS-1", "Resuscitation", "Level 1 awareness", 12),
    (SM, "CSTF-RESUS-2", "Resuscitation", "Level 2 basic life support", 12),
    (SM, "CSTF-RESUS-3", "Resuscitation", "Level 3 immediate life support", 12),
    (SM, "CSTF-IG-1", "Information governance and data security", "Level 1", 12),
    (SM, "OMMT-1", "Oliver McGowan Mandatory Training", "Part 1 e-learning", None),
    (SM, "OMMT-T1", "Oliver McGowan Mandatory Training", "Tier 1 live webinar", None),
    (SM, "OMMT-T2", "Oliver McGowan Mandatory Training", "Tier 2 face to face", None),
    (CC, "CC-01", "Understand your role", "Standard 1, 2025 edition", None),
    (CC, "CC-02", "Your personal development", "Standard 2, 2025 edition", None),
    (CC, "CC-03", "Duty of care", "Standard 3, 2025 edition", None),
    (CC, "CC-04", "Equality, diversity, inclusion and human rights", "Standard 4, 2025 edition",
     None),
    (CC, "CC-05", "Work in a person-centred way", "Standard 5, 2025 edition", None),
    (CC, "CC-06", "Communication", "Standard 6, 2025 edition", None),
    (CC, "CC-07", "Privacy and dignity", "Standard 7, 2025 edition", None),
    (CC, "CC-08", "Fluids and nutrition", "Standard 8, 2025 edition", None),
    (CC, "CC-09", "Awareness of mental health and dementia", "Standard 9, 2025 edition", None),
    (CC, "CC-10", "Safeguarding adults", "Standard 10, 2025 edition", None),
    (CC, "CC-11", "Safeguarding children", "Standard 11, 2025 edition", None),
    (CC, "CC-12", "Basic life support", "Standard 12, 2025 edition", None),
    (CC, "CC-13", "Health and safety", "Standard 13, 2025 edition", None),
    (CC, "CC-14", "Handling information", "Standard 14, 2025 edition", None),
    (CC, "CC-15", "Infection prevention and control", "Standard 15, 2025 edition", None),
    (CC, "CC-16", "Awareness of learning disability and autism", "Standard 16, 2025 edition", None),
    # Earlier and successor awards, kept apart so a 2015 completion is never shown under
    # the 2025 standards' titles.
    (CC, "CC-2015", "Care Certificate", "2015 edition, 15 standards", None),
    (CC, "ASC-CERT-L2", "Level 2 Adult Social Care Certificate",
     "Ofqual-regulated, 15 units (from 2024)", None),
    (CS, "CLIN-OBS", "Clinical observations and NEWS2", None, 36),
    (CS, "CLIN-VENE", "Venepuncture", None, 36),
    (CS, "CLIN-CANN", "Peripheral cannulation", None, 36),
    (CS, "CLIN-CATH", "Urinary catheterisation", None, 36),
    (CS, "CLIN-MEDS", "Medicines administration", None, 12),
    (CS, "CLIN-WOUND", "Wound assessment and complex dressings", None, 36),
    (CS, "CLIN-SYRD", "Syringe driver management", None, 12),
    (CS, "CLIN-ECG", "12-lead ECG recording", None, 36),
    (CS, "CLIN-PEG", "Enteral feeding", None, 24),
    (CS, "CLIN-PRES", "Pressure ulcer risk assessment", None, 24),
    (DA, "DHA-INSULIN", "Insulin administration", None, None),
    (DA, "DHA-WOUND", "Simple wound care", None, None),
    (DA, "DHA-CATH", "Catheter care", None, None),
    (DA, "DHA-BOWEL", "Bowel care", None, None),
    (DA, "DHA-STOMA", "Stoma care", None, None),
    (DA, "DHA-PEG", "Enteral (PEG) feeding", None, None),
    (DA, "DHA-BGM", "Blood glucose monitoring", None, None),
    (DA, "DHA-DROPS", "Eye and ear drops and medicines support", None, None),
    (DA, "DHA-PRESSURE", "Pressure area care", None, None),
    (DA, "DHA-THERAPY", "Therapy and exercise programme", None, None),
    (DA, "DHA-MONITOR", "Monitoring health indicators", None, None),
    (DA, "DHA-NUTRITION", "Nutrition and hydration support", None, None),
]


def load_reference_catalogue(session: Session) -> int:
    """Add missing reference competences and refresh titles; return how many were added."""
    existing = {c.code: c for c in session.exec(select(Competence))}
    added = 0
    for framework, code, title, level, months in REFERENCE:
        competence = existing.get(code)
        if competence is None:
            session.add(
                Competence(
                    framework=framework, code=code, title=title, level=level,
                    refresher_months=months,
                )
            )
            added += 1
        else:
            competence.title, competence.level = title, level
    session.commit()
    return added


def competences_by_code(session: Session) -> dict[str, Competence]:
    return {c.code: c for c in session.exec(select(Competence))}


def list_catalogue(session: Session) -> list[Competence]:
    """Return the catalogue in framework then code order."""
    order = {f.value: i for i, f in enumerate(Framework)}
    return sorted(session.exec(select(Competence)), key=lambda c: (order[c.framework], c.code))


def change_refresher_period(session: Session, *, competence: Competence, months: int | None,
                            actor, request_id: str | None = None) -> int:
    """Set a refresher period and re-derive valid-until for its derived entries (a source
    system's expiry and an employer's own period stand); return how many changed."""
    from webapp.services import refresher

    changed = refresher.change_catalogue_period(session, competence=competence, months=months,
                                                actor=actor, request_id=request_id)
    session.commit()
    return changed
