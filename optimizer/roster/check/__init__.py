"""Checking rosters: the independent validator and why cover stays short."""
