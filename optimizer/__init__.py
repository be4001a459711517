"""Pure rostering solver: stdlib and OR-Tools only."""
