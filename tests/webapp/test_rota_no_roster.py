"""What a manager is told when the roster engine returns no roster."""

from webapp.services.rotas.solve import no_roster


def test_no_roster_in_time_is_not_called_a_broken_rule():
    """Is a search that ran out of time (UNKNOWN) told apart from a proven impossibility?"""
    assert "in the time allowed" in no_roster("UNKNOWN")
    assert "hard rule" not in no_roster("UNKNOWN")
    assert "break a hard rule" in no_roster("INFEASIBLE")
