"""Fuzz the ESR and ASC-WDS parsers: any bytes give rows or file errors, never an exception."""

import csv
import io
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from webapp.services.imports import ParsedFile
from webapp.services.imports_ascwds import categories, parse_ascwds
from webapp.services.imports_esr import competences, parse_esr

ESR_COMPETENCES = competences()

FUZZ = settings(max_examples=60, deadline=None)
PARSERS = (parse_esr, parse_ascwds)
ESR_HEADER = ["Employee Number", "Competency Name", "Date Last Awarded", "Expiry Date"]
ASCWDS_HEADER = ["LOCALESTID", "UNIQUEWORKERID", "CATEGORY", "DESCRIPTION", "DATECOMPLETED",
                 "EXPIRYDATE", "ACCREDITED", "NOTES"]


def check_invariants(parsed: ParsedFile) -> None:
    """Every row is either in error with a reason, or complete and consistent."""
    assert parsed.errors or parsed.rows
    if parsed.errors:
        assert parsed.rows == [] and all(isinstance(e, str) and e for e in parsed.errors)
        return
    lines = [r.line for r in parsed.rows]
    assert lines == sorted(lines) and len(set(lines)) == len(lines)
    known = set(ESR_COMPETENCES.values()) | {c for _, c in categories().values() if c}
    for row in parsed.rows:
        if row.error:
            assert isinstance(row.error, str) and not row.skip
            continue
        if row.skip:  # a known ASC-WDS record the passport does not hold: shown, not written
            assert parsed.layout == "ascwds" and isinstance(row.skip, str)
            continue
        assert row.staff_number or (row.family_name and row.given_name and row.birth_date)
        assert row.code in known and isinstance(row.achieved_on, date)
        assert row.expires_on is None or row.expires_on >= row.achieved_on


@FUZZ
@given(st.binary(max_size=2000))
def test_any_bytes(data):
    """Do arbitrary bytes give a result, never an exception?"""
    for parse in PARSERS:
        check_invariants(parse(data))


cells = st.one_of(
    st.text(max_size=30),
    st.sampled_from(list(ESR_COMPETENCES)),
    st.sampled_from([str(n) for n in categories()]),
    st.sampled_from(["0", "1", "999", "2", "x"]),
    st.dates().map(lambda d: d.strftime("%d/%m/%Y")),
    st.just(""),
)


@FUZZ
@given(
    st.lists(st.lists(cells, max_size=6), max_size=20),
    st.sampled_from([",", ";", "\t"]),
    st.sampled_from([None, ESR_HEADER, ASCWDS_HEADER]),
)
def test_csv_shaped_text(rows, delimiter, header):
    """Do CSV-shaped files with odd cells, widths and delimiters keep the invariants?"""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    if header:
        writer.writerow(header)
    writer.writerows(rows)
    for parse in PARSERS:
        check_invariants(parse(out.getvalue().encode("utf-8")))


valid_rows = st.lists(
    st.tuples(
        st.from_regex(r"[0-9]{8}", fullmatch=True),
        st.sampled_from(sorted(ESR_COMPETENCES)),
        st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)),
    ),
    min_size=1,
    max_size=30,
    unique_by=lambda r: (r[0], ESR_COMPETENCES[r[1]], r[2]),
)


@FUZZ
@given(valid_rows, st.sampled_from(["%d/%m/%Y", "%Y-%m-%d", "%d-%b-%Y"]))
def test_valid_esr_rows_round_trip(rows, fmt):
    """Is every valid row read back with the same person, competence and date?"""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(ESR_HEADER)
    for number, name, achieved in rows:
        writer.writerow([number, name, achieved.strftime(fmt), ""])
    parsed = parse_esr(out.getvalue().encode("utf-8-sig"))
    assert not parsed.errors
    got = [(r.staff_number, r.code, r.achieved_on, r.error) for r in parsed.rows]
    assert got == [(n, ESR_COMPETENCES[name], d, None) for n, name, d in rows]


ascwds_rows = st.lists(
    st.tuples(
        st.from_regex(r"[A-Z]{2}[0-9]{3}", fullmatch=True),
        st.from_regex(r"[0-9]{8}", fullmatch=True),
        st.sampled_from(sorted(categories())),
        st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), min_size=1,
                max_size=120).filter(str.strip),
        st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)),
        st.one_of(st.none(), st.integers(1, 2000)),
        st.sampled_from(["", "0", "1", "999"]),
    ),
    min_size=1, max_size=30,
    unique_by=lambda r: (r[0], r[1], categories()[r[2]][1], r[4]),
)


@FUZZ
@given(ascwds_rows)
def test_valid_ascwds_rows_round_trip(rows):
    """Is every valid ASC-WDS row read back keyed on workplace + worker, with its category's
    competence (or skipped when the passport has none) and its own expiry date?"""
    from datetime import timedelta

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(ASCWDS_HEADER)
    for place, worker, category, text, done, days, accredited in rows:
        expiry = (done + timedelta(days=days)).strftime("%d/%m/%Y") if days else ""
        writer.writerow([place, worker, category, text, done.strftime("%d/%m/%Y"), expiry,
                         accredited, "note, with a comma"])
    parsed = parse_ascwds(out.getvalue().encode("utf-8-sig"))
    assert not parsed.errors
    for row, (place, worker, category, _text, done, days, _acc) in zip(parsed.rows, rows,
                                                                      strict=True):
        code = categories()[category][1]
        assert (row.workplace, row.staff_number, row.code, row.achieved_on) == (
            place, worker, code, done), row.error
        assert row.error is None and (row.skip is None) == (code is not None)
        assert row.expires_on == (done + timedelta(days=days) if days else None)
