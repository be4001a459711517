"""Sense checks of a place problem document (after its schema): order, horizon, references.

Each check reads defensively: a part the schema already rejected is skipped, not crashed on.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta


def moment(text) -> datetime | None:
    """Return an ISO date-time, or None if it is not one."""
    try:
        value = datetime.fromisoformat(text) if isinstance(text, str) else None
    except ValueError:
        return None
    return value if value is None or value.tzinfo is None else None  # local times only


def day(text) -> date | None:
    """Return an ISO date, or None if it is not one."""
    try:
        return date.fromisoformat(text) if isinstance(text, str) else None
    except ValueError:
        return None


def horizon(document: dict) -> tuple[datetime, datetime] | None:
    """Return the horizon's first and last moments, or None if start or days are unusable."""
    first, days = day(document.get("start")), document.get("days")
    if first is None or not isinstance(days, int) or isinstance(days, bool) or days < 1:
        return None
    origin = datetime.combine(first, datetime.min.time())
    return origin, origin + timedelta(days=min(days, 10_000))


def _items(document: dict, key: str) -> list[tuple[int, dict]]:
    """Return (index, object) of a list's objects, skipping anything else."""
    value = document.get(key)
    if not isinstance(value, list):
        return []
    return [(i, v) for i, v in enumerate(value) if isinstance(v, dict)]


def _ids(document: dict, key: str) -> set:
    """Return the string ids of a list's objects."""
    return {v.get("id") for _, v in _items(document, key) if isinstance(v.get("id"), str)}


def sense_problems(document: dict) -> list[tuple[str, str]]:
    """Return (JSON path, message) for every sense problem of the document."""
    found: list[tuple[str, str]] = []
    for key in ("organisations", "localities", "sites", "staff", "cover", "visits", "locations"):
        found += _unique(document, key)
    found += _sites(document) + _travel(document) + _staff(document)
    found += _cover(document) + _visits(document)
    found += _locations(document) + _matrix(document) + _located(document)
    return found + _gaps(document)


def _unique(document: dict, key: str) -> list[tuple[str, str]]:
    """Ids are unique within each list."""
    seen = Counter(v.get("id") for _, v in _items(document, key) if isinstance(v.get("id"), str))
    return [(f"$.{key}", f"id {i!r} is used {n} times") for i, n in seen.items() if n > 1]


def _ref(found, path: str, value, known: set, what: str) -> None:
    """Report a reference to an unknown id."""
    if isinstance(value, str) and value not in known:
        found.append((path, f"{what} {value!r} is not in the problem"))


def _sites(document: dict) -> list[tuple[str, str]]:
    """Each site is in a known locality and belongs to a known organisation."""
    found: list = []
    places, orgs = _ids(document, "localities"), _ids(document, "organisations")
    for i, s in _items(document, "sites"):
        _ref(found, f"$.sites[{i}].locality", s.get("locality"), places, "locality")
        _ref(found, f"$.sites[{i}].organisation", s.get("organisation"), orgs, "organisation")
    return found


def _travel(document: dict) -> list[tuple[str, str]]:
    """Travel is between known localities."""
    found: list = []
    places = _ids(document, "localities")
    for i, t in _items(document, "travel"):
        for end in ("origin", "destination"):
            _ref(found, f"$.travel[{i}].{end}", t.get(end), places, "locality")
    return found


def _span(found, path: str, raw: dict, first: str, last: str, strict: bool = True) -> None:
    """Report a period whose end is not after (or, not strict, before) its start."""
    a, b = moment(raw.get(first)), moment(raw.get(last))
    if isinstance(raw.get(first), str) and a is None:
        found.append((f"{path}.{first}", "not a local date and time (YYYY-MM-DDTHH:MM)"))
    if isinstance(raw.get(last), str) and b is None:
        found.append((f"{path}.{last}", "not a local date and time (YYYY-MM-DDTHH:MM)"))
    if a is not None and b is not None and (b <= a if strict else b < a):
        word = "after" if strict else "at or after"
        found.append((f"{path}.{last}", f"must be {word} {first} ({raw.get(first)})"))


def _inside(found, path: str, document: dict, text) -> None:
    """Report a moment outside the horizon."""
    bounds, when = horizon(document), moment(text)
    if bounds and when and not bounds[0] <= when < bounds[1]:
        found.append((path, f"{text} is outside the horizon (start and days)"))


def _staff(document: dict) -> list[tuple[str, str]]:
    """Homes and employers exist; hours, competences, leave and fixed work are ordered."""
    found: list = []
    places, orgs = _ids(document, "localities"), _ids(document, "organisations")
    for i, s in _items(document, "staff"):
        path = f"$.staff[{i}]"
        _ref(found, f"{path}.home_locality", s.get("home_locality"), places, "locality")
        for k, c in _items(s, "contracts"):
            _ref(found, f"{path}.contracts[{k}].employer", c.get("employer"), orgs, "employer")
            low, high = c.get("hours_per_week"), c.get("hours_per_week_max")
            if _number(low) and _number(high) and high < low:
                found.append((f"{path}.contracts[{k}].hours_per_week_max", "below hours_per_week"))
        for k, u in _items(s, "unavailable"):
            _span(found, f"{path}.unavailable[{k}]", u, "start", "end")
        for k, f in _items(s, "fixed_work"):
            _span(found, f"{path}.fixed_work[{k}]", f, "start", "end")
            _ref(found, f"{path}.fixed_work[{k}].locality", f.get("locality"), places, "locality")
        for k, c in _items(s, "competences"):
            a, b = c.get("valid_from"), c.get("valid_until")
            if isinstance(a, str) and isinstance(b, str) and b < a:
                found.append((f"{path}.competences[{k}].valid_until", "before valid_from"))
    return found


def _list(value) -> list:
    """Return a list value, or no items when the schema already rejected it."""
    return value if isinstance(value, list) else []


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _cover(document: dict) -> list[tuple[str, str]]:
    """Shifts end after they start, inside the horizon, at known sites, for known employers."""
    found: list = []
    sites, orgs = _ids(document, "sites"), _ids(document, "organisations")
    for i, c in _items(document, "cover"):
        path = f"$.cover[{i}]"
        _span(found, path, c, "start", "end")
        _inside(found, f"{path}.start", document, c.get("start"))
        _ref(found, f"{path}.site", c.get("site"), sites, "site")
        for k, e in enumerate(_list(c.get("employers"))):
            _ref(found, f"{path}.employers[{k}]", e, orgs, "employer")
    return found


def _visits(document: dict) -> list[tuple[str, str]]:
    """Windows are ordered and inside the horizon; localities, employers and carers exist."""
    found: list = []
    places, orgs, staff = (_ids(document, k) for k in ("localities", "organisations", "staff"))
    for i, v in _items(document, "visits"):
        path = f"$.visits[{i}]"
        _span(found, path, v, "earliest_start", "latest_start", strict=False)
        _inside(found, f"{path}.earliest_start", document, v.get("earliest_start"))
        _ref(found, f"{path}.locality", v.get("locality"), places, "locality")
        for k, e in enumerate(_list(v.get("employers"))):
            _ref(found, f"{path}.employers[{k}]", e, orgs, "employer")
        for k, name in enumerate(_list(v.get("preferred_carers"))):
            _ref(found, f"{path}.preferred_carers[{k}]", name, staff, "worker")
    return found


def _on_earth(found, path: str, raw: dict) -> None:
    """Report a latitude outside -90..90 or a longitude outside -180..180."""
    for name, bound in (("latitude", 90), ("longitude", 180)):
        value = raw.get(name)
        if _number(value) and not -bound <= value <= bound:
            found.append((f"{path}.{name}", f"{value} is not between -{bound} and {bound}"))


def _locations(document: dict) -> list[tuple[str, str]]:
    """Points are on the earth, inside known localities, and not named like a locality."""
    found: list = []
    places = _ids(document, "localities")
    for i, p in _items(document, "localities"):
        _on_earth(found, f"$.localities[{i}]", p)
    for i, p in _items(document, "locations"):
        _on_earth(found, f"$.locations[{i}]", p)
        _ref(found, f"$.locations[{i}].locality", p.get("locality"), places, "locality")
        if isinstance(p.get("id"), str) and p["id"] in places:
            found.append((f"$.locations[{i}].id", f"{p['id']!r} is also a locality's id"))
    return found


def _matrix(document: dict) -> list[tuple[str, str]]:
    """Travel matrix entries join known locations and take no negative time."""
    found: list = []
    spots = _ids(document, "locations")
    for i, t in _items(document, "travel_matrix"):
        for end in ("origin", "destination"):
            _ref(found, f"$.travel_matrix[{i}].{end}", t.get(end), spots, "location")
        if _number(t.get("minutes")) and t["minutes"] < 0:
            found.append((f"$.travel_matrix[{i}].minutes", "must not be negative"))
    return found


def _located(document: dict) -> list[tuple[str, str]]:
    """Visits, homes and sites name known locations, inside their own locality."""
    found: list = []
    spots = {
        p["id"]: p.get("locality")
        for _, p in _items(document, "locations")
        if isinstance(p.get("id"), str)
    }
    for key, where, home in (("visits", "location", "locality"), ("sites", "location", "locality"),
                             ("staff", "home_location", "home_locality")):  # fmt: skip
        for i, raw in _items(document, key):
            path, spot = f"$.{key}[{i}].{where}", raw.get(where)
            _ref(found, path, spot, set(spots), "location")
            inside = spots.get(spot) if isinstance(spot, str) else None
            if inside is not None and inside != raw.get(home, inside):
                found.append((path, f"{spot!r} is not in {home} {raw[home]!r}"))
    return found


def _gaps(document: dict) -> list[tuple[str, str]]:
    """A gap ties two different known visits, its minimum not above its maximum."""
    found: list = []
    visits = _ids(document, "visits")
    for i, g in _items(document, "visit_gaps"):
        path = f"$.visit_gaps[{i}]"
        for end in ("first", "second"):
            _ref(found, f"{path}.{end}", g.get(end), visits, "visit")
        if isinstance(g.get("first"), str) and g.get("first") == g.get("second"):
            found.append((f"{path}.second", "must be another visit than first"))
        low, high = g.get("min_minutes"), g.get("max_minutes")
        if _number(low) and _number(high) and high < low:
            found.append((f"{path}.max_minutes", "below min_minutes"))
    return found
