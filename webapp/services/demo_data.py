"""Reference data for the demo place: names, organisations, role mix, requirements."""

from webapp.models import ContractType, Sector

PLACE_NAMES = ["Riverside", "Northmoor", "Eastvale", "Kingsbridge", "Ashfield", "Westhaven"]
LOCALITY_NAMES = [
    "Central", "North", "South", "East", "West", "Coast", "Valley", "Town Centre",
]
GIVEN_NAMES = [
    "Aisha", "Adam", "Amelia", "Amir", "Ana", "Andrew", "Anita", "Ben", "Bethany", "Bilal",
    "Callum", "Chloe", "Chidi", "Chen", "Claire", "Daniel", "Deepa", "Divya", "Ebony", "Elena",
    "Ellie", "Emma", "Farah", "Femi", "Fiona", "Gareth", "Grace", "Hannah", "Hassan", "Holly",
    "Imran", "Isla", "Jack", "Jade", "James", "Jasmine", "Joanna", "Jordan", "Joseph", "Kate",
    "Kwame", "Laura", "Leah", "Liam", "Lily", "Lucy", "Maria", "Mark", "Megan", "Mohammed",
    "Molly", "Nadia", "Naomi", "Nathan", "Niamh", "Oliver", "Olivia", "Oluwaseun", "Omar",
    "Patrick", "Priya", "Rachel", "Rajesh", "Rebecca", "Rhys", "Rosa", "Ryan", "Sadia", "Samuel",
    "Sarah", "Shauna", "Simon", "Sofia", "Sophie", "Stephen", "Tariq", "Thomas", "Tomasz", "Una",
    "Victoria", "Wei", "Yasmin", "Zainab", "Zoe", "Agnieszka", "Blessing", "Carmen", "Dorota",
    "Esther", "Grace", "Joy", "Kofi", "Maricel", "Precious", "Ravi", "Sunita", "Tendai"
]
FAMILY_NAMES = [
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel",
    "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall",
    "Thomas", "Clarke", "Jackson", "Wood", "Harris", "Edwards", "Turner", "Martin", "Cooper",
    "Hill", "Ward", "Hughes", "Moore", "Clark", "Khan", "King", "Baker", "Harrison", "Morgan",
    "Allen", "James", "Scott", "Phillips", "Watson", "Davis", "Parker", "Price", "Bennett",
    "Young", "Griffiths", "Mitchell", "Kelly", "Cook", "Carter", "Richardson", "Bailey", "Collins",
    "Bell", "Shaw", "Murphy", "Miller", "Cox", "Richards", "Begum", "Hussain", "Ahmed", "Ali",
    "Singh", "Kaur", "Okafor", "Adeyemi", "Mensah", "Nowak", "Kowalski", "Santos", "Reyes", "Chen",
    "Wang", "Nguyen", "Ibrahim", "Osei", "Mwangi", "Byrne", "Gallagher", "Doherty", "Lewis",
    "Lloyd", "Rees", "Owen", "Howell", "Sharma", "Chowdhury", "Das", "Fernandes", "Silva", "Costa",
    "Popescu", "Ionescu", "Novak", "Horvat", "Fraser", "Campbell", "Stewart", "Anderson"
]
PROVIDER_NAMES = [
    "Meadowbank Care Homes Ltd", "Brightwater Home Care", "Oakleigh Nursing Care",
    "Harbourside Support Services",
]

# Requirement sets by kind of role (competence codes from the catalogue).
_BASE = ["CSTF-EDHR-1", "CSTF-HSW-1", "CSTF-CR-1", "CSTF-FIRE", "CSTF-IPC-1", "CSTF-MH-1",
         "CSTF-SGA-1", "CSTF-SGC-1", "CSTF-PREV-1", "CSTF-RESUS-1", "CSTF-IG-1", "OMMT-1"]
_CLINICAL = ["CSTF-EDHR-1", "CSTF-HSW-1", "CSTF-CR-1", "CSTF-FIRE", "CSTF-IPC-2", "CSTF-MH-2",
             "CSTF-SGA-2", "CSTF-SGC-2", "CSTF-PREV-1", "CSTF-RESUS-2", "CSTF-IG-1", "OMMT-1",
             "OMMT-T1"]
_CARE_CERTIFICATE = [f"CC-{n:02d}" for n in range(1, 17)]
_SOCIAL_CARE = ["CSTF-HSW-1", "CSTF-FIRE", "CSTF-IPC-1", "CSTF-MH-2", "CSTF-SGA-1",
                "CSTF-RESUS-2", "CSTF-IG-1", "OMMT-1", "OMMT-T1"]
REQUIREMENTS = {
    "nurse": _CLINICAL + ["CSTF-SGA-3", "CLIN-OBS", "CLIN-MEDS", "CLIN-WOUND"],
    "district_nurse": _CLINICAL + ["CSTF-SGA-3", "CLIN-OBS", "CLIN-MEDS", "CLIN-WOUND",
                                   "CLIN-CATH", "CLIN-SYRD", "CLIN-PRES"],
    "hcsw": _CLINICAL + _CARE_CERTIFICATE + ["CLIN-OBS"],
    "ahp": _CLINICAL + ["CLIN-PRES"],
    "carer": _SOCIAL_CARE + _CARE_CERTIFICATE,
    "social_worker": _BASE + ["CSTF-SGA-3", "CSTF-SGC-2"],
    "public_health": _BASE,
    "manager": _BASE + ["CSTF-SGA-2"],
}
REGISTERED_KINDS = {"nurse": "NMC", "district_nurse": "NMC", "ahp": "HCPC", "social_worker": "SWE"}

# Per sector: (job role, share of that organisation's staff, kind, cost per hour in £)
ROLE_MIX = {
    Sector.NHS_TRUST: [
        ("Registered nurse", 0.22, "nurse", 24.0), ("Senior staff nurse", 0.06, "nurse", 29.0),
        ("District nurse", 0.07, "district_nurse", 30.0), ("Nursing associate", 0.05, "hcsw", 19.5),
        ("Healthcare support worker", 0.38, "hcsw", 15.0), ("Physiotherapist", 0.06, "ahp", 25.0),
        ("Occupational therapist", 0.04, "ahp", 25.0), ("Ward manager", 0.12, "manager", 33.0),
    ],
    Sector.COUNCIL_ASC: [
        ("Home care worker", 0.45, "carer", 13.5), ("Senior home care worker", 0.12, "carer", 15.0),
        ("Reablement support worker", 0.15, "carer", 14.5), ("Social worker", 0.12,
         "social_worker", 24.0), ("Occupational therapist", 0.06, "ahp", 24.0),
        ("Home care manager", 0.05, "manager", 26.0), ("Care coordinator", 0.05, "manager", 18.0),
    ],
    Sector.INDEPENDENT_PROVIDER: [
        ("Care worker", 0.62, "carer", 12.6), ("Senior care worker", 0.2, "carer", 13.8),
        ("Registered nurse", 0.1, "nurse", 22.0), ("Registered manager", 0.04, "manager", 24.0),
        ("Deputy manager", 0.04, "manager", 19.0),
    ],
    Sector.PUBLIC_HEALTH: [
        ("Public health practitioner", 0.45, "public_health", 21.0),
        ("Health improvement practitioner", 0.35, "public_health", 18.5),
        ("Sexual health nurse", 0.12, "nurse", 25.0), ("Public health consultant", 0.08,
                                                        "manager", 45.0),
    ],
}
SECTOR_SHARE = {Sector.NHS_TRUST: 0.52, Sector.COUNCIL_ASC: 0.18,
                Sector.INDEPENDENT_PROVIDER: 0.25, Sector.PUBLIC_HEALTH: 0.05}

# A joint role: (sector, kind) of the first contract → (other sector, job role, contract type,
# share of a 37.5-hour week the second contract takes).
JOINT_ROLES = {
    (Sector.NHS_TRUST, "hcsw"): (Sector.COUNCIL_ASC, "Home care worker", ContractType.JOINT, 0.4),
    (Sector.COUNCIL_ASC, "carer"): (Sector.NHS_TRUST, "Healthcare support worker",
                                    ContractType.BANK, 0.3),
    (Sector.INDEPENDENT_PROVIDER, "carer"): (Sector.NHS_TRUST, "Healthcare support worker",
                                             ContractType.BANK, 0.3),
    (Sector.NHS_TRUST, "ahp"): (Sector.COUNCIL_ASC, "Occupational therapist",
                                ContractType.JOINT, 0.4),
    (Sector.NHS_TRUST, "nurse"): (Sector.INDEPENDENT_PROVIDER, "Registered nurse",
                                  ContractType.BANK, 0.2),
    (Sector.PUBLIC_HEALTH, "public_health"): (Sector.NHS_TRUST, "Healthcare support worker",
                                              ContractType.SECONDMENT, 0.4),
}
EVIDENCE = ["e-Learning for Healthcare module", "Face-to-face session", "Observed practice",
            "Certificate seen", "Workbook and assessment"]
DELEGATED = ["DHA-INSULIN", "DHA-WOUND", "DHA-CATH", "DHA-BOWEL", "DHA-STOMA", "DHA-PEG",
             "DHA-BGM", "DHA-DROPS", "DHA-PRESSURE", "DHA-THERAPY", "DHA-MONITOR",
             "DHA-NUTRITION"]
