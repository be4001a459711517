"""Bad input, explained: every problem with a request, each tied to the field it concerns."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    field: str  # the id of the form field it belongs to, for the error summary's link
    message: str


class Problems(ValueError):
    """Raised by a use case with every problem it found; nothing has been written."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems
