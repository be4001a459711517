"""Checking: a problem before it is solved, and a solution after (the independent validator)."""
