"""Reference data for the demo's demand: where people live, visit patterns and ward cover."""

from datetime import time

# A plausible English town centre for each demo place name (latitude, longitude).
PLACE_CENTRES = {
    "Riverside": (52.9536, -1.1505), "Northmoor": (53.7997, -1.5492),
    "Eastvale": (52.6309, 1.2974), "Kingsbridge": (50.2836, -3.7770),
    "Ashfield": (53.0950, -1.2520), "Westhaven": (51.4545, -2.5879),
}
FALLBACK_CENTRE = (52.4862, -1.8904)
# Where each locality sits from the place's centre, in km (north, east).
LOCALITY_OFFSETS_KM = {
    "Central": (0.0, 0.0), "North": (8.0, 0.5), "South": (-8.0, -0.5), "East": (0.5, 9.0),
    "West": (-0.5, -9.0), "Coast": (-6.0, 11.0), "Valley": (6.0, -8.0),
    "Town Centre": (2.5, 3.5),
}
SCATTER_KM = 3.0  # people live within this distance of their locality's centre

# The demo manager's service at 2,500 staff: about 150 carers making 2,500 visits a week.
# No branch grows past that: a big place has more branches, not bigger ones.
BRANCH_CARERS = 150
DEMO_BRANCH_SHARE = 0.75  # of the council's carers, in a small place
VISITS_PER_CARER_WEEK = 2500 / 150
WARD_STAFF = 40
WARD_SHARE = 0.22  # of the trust's nurses and support workers, in a small place
COMMUNITY_NURSES = 20
MIN_BRANCH_CARERS = 3  # a smaller branch is not worth a team: its carers join the demo one

WARD_ROLES = {"Registered nurse": "nurse", "Senior staff nurse": "nurse",
              "Healthcare support worker": "support", "Nursing associate": "support"}
WARD_MIX = {"nurse": 0.42, "support": 0.58}
HOME_CARE_ROLES = {"Home care worker", "Senior home care worker", "Reablement support worker",
                   "Care worker", "Senior care worker"}

# Visit rounds: (earliest start, latest start, durations to draw from, tasks).
ROUNDS = {
    "morning": (time(7), time(9), (30, 45, 45, 60), "personal care, breakfast, medicines"),
    "lunch": (time(11, 30), time(13, 30), (15, 30, 30), "lunch, medicines prompt"),
    "tea": (time(16), time(18), (15, 30, 30), "tea, medicines prompt"),
    "bedtime": (time(19, 30), time(21, 30), (15, 30, 30), "help to bed, personal care"),
}
EVERY_DAY = 0b1111111
WEEKDAYS = 0b0011111
# Care patterns: (rounds, days as a Monday-first bit mask, weight). Mean about 14 visits a week.
PATTERNS = (
    (("morning", "lunch", "tea", "bedtime"), EVERY_DAY, 15),
    (("morning", "lunch", "bedtime"), EVERY_DAY, 20),
    (("morning", "bedtime"), EVERY_DAY, 30),
    (("morning",), EVERY_DAY, 20),
    (("morning",), WEEKDAYS, 10),
    (("morning",), 0b0010101, 5),  # Monday, Wednesday, Friday
)
DOUBLE_HANDED_SHARE = 0.16  # of people: a hoist, so two carers at morning and bedtime
DOUBLE_HANDED_ROUNDS = ("morning", "bedtime")
FUNDERS = (("council", 70), ("NHS", 15), ("pooled", 15))
# Which round a delegated activity is done on (insulin twice a day); others on the first round.
ACTIVITY_ROUNDS = {"DHA-INSULIN": ("morning", "tea"), "DHA-CATH": ("morning",),
                   "DHA-BGM": ("morning",), "DHA-DROPS": ("morning", "bedtime")}
TIME_CRITICAL = {"DHA-INSULIN", "DHA-BGM"}

# Cover for a 40-person ward and a 20-nurse community team; smaller teams scale down.
# (template code, weekday or "weekend"/"weekday", competence or None for anyone, min, preferred)
NURSE_COMPETENCE = "CLIN-MEDS"  # medicines administration: registered nurses hold it
SUPPORT_COMPETENCE = "CC-01"  # the Care Certificate: support workers and associates hold it
WARD_COVER = (
    ("E", "weekday", NURSE_COMPETENCE, 3, 4), ("E", "weekday", SUPPORT_COMPETENCE, 4, 5),
    ("L", "weekday", NURSE_COMPETENCE, 3, 3), ("L", "weekday", SUPPORT_COMPETENCE, 3, 4),
    ("LD", "weekend", NURSE_COMPETENCE, 3, 3), ("LD", "weekend", SUPPORT_COMPETENCE, 3, 4),
    ("N", "all", NURSE_COMPETENCE, 2, 2), ("N", "all", SUPPORT_COMPETENCE, 2, 2),
)
COMMUNITY_COVER = (
    ("CD", "weekday", None, 7, 8), ("CD", "weekday", "CLIN-SYRD", 1, 2),
    ("CD", "weekend", None, 3, 4), ("TW", "all", None, 2, 2),
)
DAY_SETS = {"weekday": range(5), "weekend": range(5, 7), "all": range(7)}
