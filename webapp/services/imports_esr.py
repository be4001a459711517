"""ESR competence export → ParsedFile.

ESR names national CSTF competences as `NHS|CSTF|<subject> - <refresher>|`. The table below
maps each name we accept to our catalogue code; it is explicit on purpose, so an unknown name
is an error a person can read, never a guess. (Verify the full list against the CSTF
data-portability guidance before relying on it; DOMAIN.md §7.)
"""

from webapp.services.imports import FileError, ParsedFile, decode, norm_name, parse_rows

ESR_COMPETENCES = {
    "NHS|CSTF|Equality, Diversity and Human Rights - 3 Years|": "CSTF-EDHR-1",
    "NHS|CSTF|Health, Safety and Welfare - 3 Years|": "CSTF-HSW-1",
    "NHS|CSTF|Conflict Resolution - 3 Years|": "CSTF-CR-1",
    "NHS|CSTF|Fire Safety - 2 Years|": "CSTF-FIRE",
    "NHS|CSTF|Fire Safety - 1 Year|": "CSTF-FIRE",
    "NHS|CSTF|Infection Prevention and Control - Level 1 - 3 Years|": "CSTF-IPC-1",
    "NHS|CSTF|Infection Prevention and Control - Level 2 - 1 Year|": "CSTF-IPC-2",
    "NHS|CSTF|Moving and Handling - Level 1 - 3 Years|": "CSTF-MH-1",
    "NHS|CSTF|Moving and Handling - Level 2 - 2 Years|": "CSTF-MH-2",
    "NHS|CSTF|Safeguarding Adults - Level 1 - 3 Years|": "CSTF-SGA-1",
    "NHS|CSTF|Safeguarding Adults - Level 2 - 3 Years|": "CSTF-SGA-2",
    "NHS|CSTF|Safeguarding Adults - Level 3 - 3 Years|": "CSTF-SGA-3",
    "NHS|CSTF|Safeguarding Children - Level 1 - 3 Years|": "CSTF-SGC-1",
    "NHS|CSTF|Safeguarding Children - Level 2 - 3 Years|": "CSTF-SGC-2",
    "NHS|CSTF|Safeguarding Children - Level 3 - 3 Years|": "CSTF-SGC-3",
    "NHS|CSTF|Preventing Radicalisation - Basic Prevent Awareness - 3 Years|": "CSTF-PREV-1",
    "NHS|CSTF|Preventing Radicalisation - Levels 3, 4 & 5 - 3 Years|": "CSTF-PREV-3",
    "NHS|CSTF|Resuscitation - Level 1 - 1 Year|": "CSTF-RESUS-1",
    "NHS|CSTF|Resuscitation - Level 2 - Adult Basic Life Support - 1 Year|": "CSTF-RESUS-2",
    "NHS|CSTF|Resuscitation - Level 3 - Adult Immediate Life Support - 1 Year|": "CSTF-RESUS-3",
    "NHS|CSTF|Information Governance and Data Security - 1 Year|": "CSTF-IG-1",
    "NHS|MAND|Oliver McGowan Mandatory Training - Part 1|": "OMMT-1",
    "NHS|MAND|Oliver McGowan Mandatory Training - Tier 1|": "OMMT-T1",
    "NHS|MAND|Oliver McGowan Mandatory Training - Tier 2|": "OMMT-T2",
}
NAMES = {norm_name(name): code for name, code in ESR_COMPETENCES.items()}

# Our column → the header names ESR exports use for it (first is the one we ask for).
COLUMNS = {
    "staff_number": ("Employee Number", "Assignment Number", "Employee No"),
    "name": ("Competency Name", "Competence Name"),
    "achieved": ("Date Last Awarded", "Date Start", "Date Achieved"),
}
OPTIONAL = {"expires": ("Expiry Date",)}


def _note(_cells: dict) -> str:
    return "ESR competence record"


def parse_esr(data: bytes) -> ParsedFile:
    """Parse an ESR competence export; never raises on bad input."""
    try:
        text = decode(data)
    except FileError as error:
        return ParsedFile("esr", errors=[str(error)])
    return parse_rows(text, COLUMNS, OPTIONAL, NAMES, _note, "esr")
