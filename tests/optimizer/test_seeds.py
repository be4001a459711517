"""Seeds handed to CP-SAT are always inside its signed 32-bit range."""

from hypothesis import given
from hypothesis import strategies as st

from optimizer.seeds import CPSAT_SEEDS, cpsat_seed, derived_seed


@given(st.integers(min_value=0, max_value=2**80))
def test_any_seed_is_brought_into_range(seed):
    assert 0 <= cpsat_seed(seed) < CPSAT_SEEDS
    assert cpsat_seed(seed) == cpsat_seed(seed)


@given(st.lists(st.one_of(st.integers(), st.text()), min_size=1, max_size=4))
def test_derived_seeds_are_in_range_and_stable(parts):
    assert 0 <= derived_seed(*parts) < CPSAT_SEEDS
    assert derived_seed(*parts) == derived_seed(*parts)


def test_a_small_seed_is_kept_as_it_is():
    assert cpsat_seed(0) == 0 and cpsat_seed(7919) == 7919 and cpsat_seed(2**31 - 1) == 2**31 - 1
