"""Use cases: plain functions that take a session and plain values, never `request`."""
