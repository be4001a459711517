"""ASC-WDS worker training file → ParsedFile.

Adult Social Care Workforce Data Set training records name a training category, not a CSTF
competence. The table maps each category we accept to our catalogue code; social-care
moving and handling is people handling, so it maps to level 2. (Verify the categories
against Skills for Care's "Appendix A – data items"; DOMAIN.md §7.)
"""

from webapp.services.imports import FileError, ParsedFile, decode, norm_name, parse_rows

ASCWDS_CATEGORIES = {
    "Equality, diversity and human rights": "CSTF-EDHR-1",
    "Health and safety awareness": "CSTF-HSW-1",
    "Complaints handling/conflict resolution": "CSTF-CR-1",
    "Fire safety": "CSTF-FIRE",
    "Infection prevention and control": "CSTF-IPC-1",
    "Moving and handling": "CSTF-MH-2",
    "Safeguarding adults": "CSTF-SGA-1",
    "Safeguarding children": "CSTF-SGC-1",
    "Basic life support and first aid": "CSTF-RESUS-2",
    "Data protection and information governance": "CSTF-IG-1",
    "Prevent": "CSTF-PREV-1",
    "Learning disability and autism (Oliver McGowan) part 1": "OMMT-1",
    "Learning disability and autism (Oliver McGowan) tier 1": "OMMT-T1",
    "Medication safe handling and awareness": "CLIN-MEDS",
}
NAMES = {norm_name(name): code for name, code in ASCWDS_CATEGORIES.items()}

COLUMNS = {
    "staff_number": ("Worker ID", "Unique worker ID", "Unique Worker Id", "Local identifier"),
    "name": ("Training category", "Category"),
    "achieved": ("Date completed", "Completed"),
}
OPTIONAL = {"expires": ("Expiry date", "Expires"), "accredited": ("Accredited",)}


def _note(cells: dict) -> str:
    accredited = cells.get("accredited", "").strip()[:20]
    return "ASC-WDS training record" + (f"; accredited: {accredited}" if accredited else "")


def parse_ascwds(data: bytes) -> ParsedFile:
    """Parse an ASC-WDS worker training file; never raises on bad input."""
    try:
        text = decode(data)
    except FileError as error:
        return ParsedFile("ascwds", errors=[str(error)])
    return parse_rows(text, COLUMNS, OPTIONAL, NAMES, _note, "ascwds")
