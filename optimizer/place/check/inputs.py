"""Checking a place problem document before it is solved: its schema, then its sense.

Every problem is reported at once with the JSON path it is at, so a person can fix them all
in one go; nothing here raises on any input.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator, FormatChecker

from optimizer.place.check.sense import sense_problems

SCHEMA = Path(__file__).resolve().parents[2] / "schemas" / "place_problem.schema.json"


@dataclass(frozen=True)
class InputProblem:
    """One thing wrong with a problem document: where (a JSON path) and what."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


@cache
def _validator() -> Draft202012Validator:
    """Return the schema's validator (built once)."""
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return Draft202012Validator(schema, format_checker=FormatChecker())


def _path(parts) -> str:
    """Return a JSON path such as $.staff[3].contracts[0]."""
    text = "$"
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text


def check_problem(document) -> list[InputProblem]:
    """Return every problem with a place problem document; empty when it can be solved.

    Args:
        document: the parsed JSON (any value).

    Returns:
        Schema problems first, then sense problems (times ordered and inside the horizon,
        references to organisations, localities, sites and staff that exist, ids unique).
    """
    found = schema_problems(document)
    if not isinstance(document, dict):
        return found
    return found + [InputProblem(p, m) for p, m in sense_problems(document)]


def schema_problems(document) -> list[InputProblem]:
    """Return where the document breaks the JSON schema (empty when it keeps it)."""
    if not isinstance(document, dict):
        return [InputProblem("$", "a place problem must be a JSON object")]
    errors = sorted(_validator().iter_errors(document), key=lambda e: list(map(str, e.path)))
    return [InputProblem(_path(e.absolute_path), e.message) for e in errors]
