"""Put a generated place on the map: people, workers and sites at points inside their locality.

    python bench/place_instance.py --seed 1 --staff 1500 --addresses --out PROBLEM.json

The localities sit where the generator's own travel table puts them (its first draws of the
seed, one map unit = 3 km) around a town centre; each person receiving care, each worker and
each site gets a point drawn uniformly in a disc around its locality's centre (2.5 km in town,
4 km in the country), from a generator seeded by the seed alone, so a seed gives one file.
Travel then comes from the engine's travel source (great-circle distance x road factor at
the localities' speeds); the locality table stays for anything without a point.
"""

from __future__ import annotations

import math
import random
from dataclasses import replace

from optimizer.place.problem import Locality, Location, PlaceProblem

TOWN = (53.80, -1.55)  # latitude, longitude of the map's origin
KM_PER_UNIT = 3.0  # one unit of the generator's locality map
KM_PER_DEGREE = 111.2  # of latitude (longitude shrinks by the cosine of the latitude)
RURAL = {"north", "riverside"}
RADIUS_KM = {"urban": 2.5, "rural": 4.0}


def _centres(seed: int, names: list[str]) -> dict[str, tuple[float, float]]:
    """Return each locality's centre: the generator's first draws, as in its travel table."""
    rng = random.Random(seed)
    where = {name: (rng.uniform(0, 6), rng.uniform(0, 6)) for name in names}
    return {name: _offset(TOWN, x * KM_PER_UNIT, y * KM_PER_UNIT) for name, (x, y) in where.items()}


def _offset(origin: tuple[float, float], east_km: float, north_km: float) -> tuple[float, float]:
    """Return the point `east_km` east and `north_km` north of `origin`."""
    lat = origin[0] + north_km / KM_PER_DEGREE
    lon = origin[1] + east_km / (KM_PER_DEGREE * math.cos(math.radians(origin[0])))
    return round(lat, 6), round(lon, 6)


def _point(rng: random.Random, centre, radius_km: float) -> tuple[float, float]:
    """Return a point drawn uniformly in a disc around `centre`."""
    distance, angle = radius_km * math.sqrt(rng.random()), rng.uniform(0, 2 * math.pi)
    return _offset(centre, distance * math.cos(angle), distance * math.sin(angle))


def at_addresses(problem: PlaceProblem, seed: int) -> PlaceProblem:
    """Return the problem with every person, worker and site at a point in its locality.

    Args:
        problem: a generated place (bench/place_instance.py).
        seed: its seed.
    """
    names = [loc.id.removeprefix("loc-") for loc in problem.localities]
    centres = {f"loc-{n}": c for n, c in _centres(seed, names).items()}
    kinds = {f"loc-{n}": "rural" if n in RURAL else "urban" for n in names}
    rng = random.Random(f"addresses/{seed}")
    spots: list[Location] = []

    def place(key: str, locality: str) -> str:
        lat, lon = _point(rng, centres[locality], RADIUS_KM[kinds[locality]])
        spots.append(Location(key, lat, lon, locality))
        return key

    people = {}
    for v in problem.visits:
        if v.person not in people:
            people[v.person] = place(f"home-{v.person}", v.locality)
    return replace(
        problem,
        name=problem.name + " at addresses",
        localities=tuple(
            Locality(loc.id, loc.name, kinds[loc.id], *centres[loc.id])
            for loc in problem.localities
        ),
        visits=tuple(replace(v, location=people[v.person]) for v in problem.visits),
        staff=tuple(
            replace(s, home_location=place(f"home-{s.id}", s.home_locality))
            for s in problem.staff
        ),
        sites=tuple(replace(s, location=place(f"site-{s.id}", s.locality)) for s in problem.sites),
        locations=tuple(spots),
    )
