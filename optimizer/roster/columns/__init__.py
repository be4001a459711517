"""Column generation: each person's rosters as columns of an LP over the cover."""
