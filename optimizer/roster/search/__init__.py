"""Searching for rosters: the entry point, neighbourhood search, first rosters, greedy."""
