"""Day-by-day planning: each day's cover, then each locality's visits, as subproblems."""
