"""Bad input is reported, every problem at once with its JSON path; the command line exits 2."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from place_factories import at, place, slot, visit, worker

from optimizer.place import FixedWork, Site, check_problem, problem_to_dict
from optimizer.place.__main__ import main


def _document() -> dict:
    """Return a valid problem document with a shift, a visit and fixed work."""
    busy = (FixedWork(at(0, 18), at(0, 20), "loc-b", "elsewhere"),)
    problem = place(
        [worker("w1", fixed_work=busy)],
        [visit("v1")],
        [slot("s1", employers=("trust",))],
        sites=(Site("ward-1", "Ward 1", "loc-a", "trust"),),
    )
    return problem_to_dict(problem)


def _run(tmp_path, text: str, capsys):
    """Run the command line on a file holding `text`; return (exit code, stderr)."""
    (tmp_path / "p.json").write_text(text)
    out = tmp_path / "s.json"
    code = main(
        [str(tmp_path / "p.json"), "--out", str(out), "--time-limit", "1", "--workers", "1"]
    )
    err = capsys.readouterr().err
    assert "Traceback" not in err
    if code == 2:
        assert not out.exists()
    return code, err


def test_a_valid_document_has_no_problems():
    assert check_problem(_document()) == []


def test_every_problem_is_reported_at_once_with_its_path():
    """Negative duration, a shift ending before it starts, carers 0, a window back to front..."""
    document = _document()
    document["visits"][0]["duration_minutes"] = -30
    document["visits"][0]["carers"] = 0
    document["visits"][0]["latest_start"] = "2026-11-02T08:00"
    document["cover"][0]["end"] = "2026-11-02T06:00"
    document["cover"][0]["site"] = "ward-9"
    document["staff"][0]["home_locality"] = "nowhere"
    document["staff"][0]["fixed_work"][0]["end"] = "2026-11-02T17:00"
    document["cover"].append(dict(document["cover"][0], id="s2", start="2026-12-25T07:00"))
    found = {(p.path, p.message.split(" ")[0]) for p in check_problem(document)}
    paths = {p for p, _ in found}
    assert {
        "$.visits[0].duration_minutes",
        "$.visits[0].carers",
        "$.visits[0].latest_start",
        "$.cover[0].end",
        "$.cover[0].site",
        "$.staff[0].home_locality",
        "$.staff[0].fixed_work[0].end",
        "$.cover[1].start",
    } <= paths


def test_missing_key_and_bad_date_are_schema_problems():
    document = _document()
    del document["staff"][0]["contracts"]
    document["start"] = "2026-13-45"
    messages = [str(p) for p in check_problem(document)]
    assert any(m.startswith("$.staff[0]: 'contracts' is a required property") for m in messages)
    assert any(m.startswith("$.start:") for m in messages)


def test_command_line_lists_problems_and_exits_2(tmp_path, capsys):
    document = _document()
    document["visits"][0]["carers"] = 0
    document["cover"][0]["end"] = "2026-11-02T06:00"
    code, err = _run(tmp_path, json.dumps(document), capsys)
    assert code == 2
    assert "$.visits[0].carers" in err and "$.cover[0].end" in err


def test_command_line_on_malformed_json_and_a_missing_file(tmp_path, capsys):
    code, err = _run(tmp_path, '{"start": ', capsys)
    assert code == 2 and "not valid JSON" in err
    assert main([str(tmp_path / "absent.json")]) == 2
    assert "cannot read" in capsys.readouterr().err


JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-3, 10**6)
    | st.floats(allow_nan=False)
    | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


def _paths(value, prefix=()):
    """Yield every path into a JSON value."""
    yield prefix
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, (*prefix, i))


def _mutate(document, path, new):
    """Return the document with the value at `path` replaced (or removed when `new` is ...)."""
    if not path:
        return new
    holder = document
    for part in path[:-1]:
        holder = holder[part]
    if new is ...:
        del holder[path[-1]]
    else:
        holder[path[-1]] = new
    return document


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_fuzzed_documents_never_give_a_traceback(tmp_path, capsys, data):
    """Any value anywhere in a valid document, or a key removed: exit 0, 1 or 2, no traceback."""
    document = _document()
    path = data.draw(st.sampled_from(list(_paths(document))))
    new = data.draw(JSON | st.just(...)) if path else data.draw(JSON)
    document = _mutate(document, path, new)
    code, _ = _run(tmp_path, json.dumps(document), capsys)
    assert code in (0, 1, 2)
    (tmp_path / "s.json").unlink(missing_ok=True)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=40))
def test_fuzzed_text_never_gives_a_traceback(tmp_path, capsys, text):
    code, _ = _run(tmp_path, text, capsys)
    assert code in (0, 1, 2)
    (tmp_path / "s.json").unlink(missing_ok=True)
