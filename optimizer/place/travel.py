"""Travel time between two places of work: the one definition every part of the engine uses.

A place is named by a key: a locality id, or a location id (a point: a person's home, a
worker's home, a site's door). Between two locations the problem's matrix answers if it
lists the pair (either direction); otherwise the great-circle distance times a road factor,
driven at the mean speed of the two ends' locality kinds (urban, rural). A location and a
locality meet at the locality's centroid when it has one. Anything else, and always two
localities, uses the locality table (the reverse direction, then the within-locality
default, else 60 minutes), so a problem without locations travels exactly as before.

It reads plain values, so the engine (from a `PlaceProblem`) and the validator (from the
JSON document) build the same `TravelSource`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

EARTH_RADIUS_KM = 6371.0088  # mean radius (IUGG)
UNLISTED_MINUTES = 60  # two localities the table does not connect


@dataclass(frozen=True)
class Speeds:
    """How fast a carer gets about: road distance is the great circle times `road_factor`."""

    road_factor: float = 1.3  # roads are longer than the crow flies (UK studies: 1.2-1.4)
    urban_kmh: float = 20.0  # door to door in town, parking included
    rural_kmh: float = 40.0

    def kmh(self, kind: str) -> float:
        """Return the speed in a locality of `kind` (urban unless rural)."""
        return self.rural_kmh if kind == "rural" else self.urban_kmh


@dataclass(frozen=True)
class Spot:
    """A point on the map and the locality it is in."""

    latitude: float
    longitude: float
    locality: str


def great_circle_km(a: Spot, b: Spot) -> float:
    """Return the haversine distance between two points, in kilometres."""
    p1, p2 = math.radians(a.latitude), math.radians(b.latitude)
    dp, dl = p2 - p1, math.radians(b.longitude - a.longitude)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


class TravelSource:
    """Minutes between places, by matrix, by distance, or by the locality table."""

    def __init__(self, table, within: int, locations=None, centroids=None, kinds=None,
                 matrix=None, speeds: Speeds | None = None):  # fmt: skip
        self.table = dict(table)  # (locality, locality) -> minutes
        self.within = within
        self.locations: dict[str, Spot] = dict(locations or {})
        self.centroids: dict[str, Spot] = dict(centroids or {})
        self.kinds: dict[str, str] = dict(kinds or {})
        self.matrix: dict[tuple[str, str], int] = dict(matrix or {})
        self.speeds = speeds or Speeds()
        self._cache: dict[tuple[str, str], int] = {}

    def minutes(self, origin: str, destination: str) -> int:
        """Return travel minutes from one place (locality or location id) to another."""
        key = (origin, destination)
        if key not in self._cache:
            self._cache[key] = self._minutes(origin, destination)
        return self._cache[key]

    def _minutes(self, a: str, b: str) -> int:
        """Return minutes, uncached (see the module docstring for the order)."""
        if a in self.locations and b in self.locations:
            listed = self.matrix.get((a, b), self.matrix.get((b, a)))
            if listed is not None:
                return listed
        if a in self.locations or b in self.locations:
            one, two = self._spot(a), self._spot(b)
            if one is not None and two is not None:
                return self.drive(one, two)
        return self.between_localities(self.locality(a), self.locality(b))

    def _spot(self, key: str) -> Spot | None:
        """Return the point of a location, or a locality's centroid (None if it has none)."""
        return self.locations.get(key) or self.centroids.get(key)

    def locality(self, key: str) -> str:
        """Return the locality of a place key (a locality is its own)."""
        spot = self.locations.get(key)
        return spot.locality if spot is not None else key

    def drive(self, a: Spot, b: Spot) -> int:
        """Return whole minutes to drive between two points, rounded up."""
        road = great_circle_km(a, b) * self.speeds.road_factor
        kmh = (self.speeds.kmh(self.kinds.get(a.locality, "urban"))
               + self.speeds.kmh(self.kinds.get(b.locality, "urban"))) / 2  # fmt: skip
        return math.ceil(road / kmh * 60 - 1e-9)

    def between_localities(self, a: str, b: str) -> int:
        """Return the locality table's minutes (reverse direction, within default, else 60)."""
        if a == b:
            return self.table.get((a, a), self.within)
        return self.table.get((a, b), self.table.get((b, a), UNLISTED_MINUTES))


def _get(raw, name: str, default=None):
    """Read a field of a dataclass or of its JSON object."""
    return raw.get(name, default) if isinstance(raw, dict) else getattr(raw, name, default)


def place_of(raw, locality_field: str = "locality", location_field: str = "location") -> str:
    """Return where a visit, site or worker's home is: its location if it has one, else locality.

    Args:
        raw: a `Visit`, `Site` or `StaffMember`, or its JSON object.
        locality_field: the name of its locality field (`home_locality` for a worker).
        location_field: the name of its location field (`home_location` for a worker).
    """
    return _get(raw, location_field) or _get(raw, locality_field)


def home_of(staff) -> str:
    """Return where a worker's day starts and ends."""
    return place_of(staff, "home_locality", "home_location")


def places_of(visits) -> list[str]:
    """Return where some visits are (the locality itself for a visit without a location)."""
    return sorted({place_of(v) for v in visits})


SAMPLE = 60  # places a typical leg is averaged over (evenly spread through the sorted list)


def typical_leg(trip, origins, destinations, distinct: bool = False) -> int:
    """Return the mean journey from an origin to a destination (`distinct`: two different
    places, for journeys between visits), rounded up.

    It is exact when there is one place on each side (always so without locations); a day
    model planning with it has its starts re-timed door to door afterwards (`daily.retime`).
    """
    origins, destinations = _spread(origins), _spread(destinations)
    legs = [trip(a, b) for a in origins for b in destinations if not distinct or a != b]
    if not legs:
        return trip(origins[0], destinations[0])
    return math.ceil(sum(legs) / len(legs) - 1e-9)


def _spread(places: list[str]) -> list[str]:
    """Return at most SAMPLE places, evenly spread through the list."""
    step = max(1, math.ceil(len(places) / SAMPLE))
    return places[::step]


def travel_source(problem) -> TravelSource:
    """Return the travel source of a `PlaceProblem` or of its JSON document."""
    spot = lambda p: Spot(_get(p, "latitude"), _get(p, "longitude"), _get(p, "locality"))  # noqa: E731
    places = _get(problem, "localities") or ()
    centroids = {
        _get(p, "id"): Spot(_get(p, "latitude"), _get(p, "longitude"), _get(p, "id"))
        for p in places
        if _get(p, "latitude") is not None and _get(p, "longitude") is not None
    }
    speeds = _get(problem, "travel_speeds")
    return TravelSource(
        table={(_get(t, "origin"), _get(t, "destination")): _get(t, "minutes")
               for t in _get(problem, "travel") or ()},
        within=_get(problem, "travel_within_locality_minutes", 10),
        locations={_get(p, "id"): spot(p) for p in _get(problem, "locations") or ()},
        centroids=centroids,
        kinds={_get(p, "id"): _get(p, "kind", "urban") or "urban" for p in places},
        matrix={(_get(t, "origin"), _get(t, "destination")): _get(t, "minutes")
                for t in _get(problem, "travel_matrix") or ()},
        speeds=Speeds(**speeds) if isinstance(speeds, dict) else speeds,
    )  # fmt: skip
