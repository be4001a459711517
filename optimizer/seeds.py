"""Random seeds for CP-SAT: its `random_seed` is a signed 32-bit integer, so every seed an
engine hands it (a user's, a derived one) is brought into range here, in one place."""

import zlib

CPSAT_SEEDS = 2**31


def cpsat_seed(seed: int) -> int:
    """Return `seed` as a value CP-SAT accepts (the same seed, the same value)."""
    return seed % CPSAT_SEEDS


def derived_seed(*parts: object) -> int:
    """Return a seed that depends only on `parts` (stable across runs and machines)."""
    return cpsat_seed(zlib.crc32("/".join(map(str, parts)).encode()))
