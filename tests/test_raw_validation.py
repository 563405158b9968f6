"""Every kind of bad raw input is refused with file, line, column and what was expected,
the command exits non-zero, and data/processed is left byte-for-byte as it was."""

from __future__ import annotations

import csv
import io

import pytest
from conftest import Sandbox


def rows_of(path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def write_rows(path, rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")


def edit_cell(box: Sandbox, name: str, column: str, value: str, row: int = 1) -> int:
    """Set ``column`` of data row ``row`` (1-based) of a raw file; return its line number."""
    path = box.raw / name
    rows = rows_of(path)
    rows[row][rows[0].index(column)] = value
    write_rows(path, rows)
    return row + 1  # header is line 1 and no field of these files spans lines


def refuse(box: Sandbox, *expected: str, rerecord: bool = True) -> str:
    """Run the build on broken data: it must fail, say ``expected`` and leave outputs alone."""
    before = box.snapshot()
    if rerecord:  # isolate the case from the checksum check
        assert box.smeintl("manifest").returncode == 0
    result = box.smeintl("data")
    assert result.returncode != 0
    for text in expected:
        assert text in result.stderr, result.stderr
    assert "left unchanged" in result.stderr
    assert box.snapshot() == before
    return result.stderr


def test_non_numeric_value(sandbox: Sandbox) -> None:
    line = edit_cell(sandbox, "customs.csv", "value", "45,47")
    refuse(
        sandbox,
        f"data/raw/customs.csv:{line}: column 'value'",
        "expected a plain number",
        "'45,47'",
    )


def test_empty_required_value(sandbox: Sandbox) -> None:
    line = edit_cell(sandbox, "customs.csv", "source_id", "")
    refuse(sandbox, f"data/raw/customs.csv:{line}: column 'source_id'", "found an empty cell")


def test_duplicated_key(sandbox: Sandbox) -> None:
    path = sandbox.raw / "customs.csv"
    rows = rows_of(path)
    rows.append(list(rows[1]))
    write_rows(path, rows)
    refuse(
        sandbox,
        f"data/raw/customs.csv:{len(rows)}: column 'vintage'",
        "expected a unique key (series_id, period, vintage)",
        "already appears on line 2",
    )


def test_unknown_series_id(sandbox: Sandbox) -> None:
    line = edit_cell(sandbox, "customs.csv", "series_id", "gac_no_such_series")
    refuse(
        sandbox,
        f"data/raw/customs.csv:{line}: column 'series_id'",
        "unknown series 'gac_no_such_series'",
    )


def test_unknown_source_id(sandbox: Sandbox) -> None:
    line = edit_cell(sandbox, "cbec.csv", "source_id", "no_such_source")
    refuse(
        sandbox, f"data/raw/cbec.csv:{line}: column 'source_id'", "unknown source 'no_such_source'"
    )


@pytest.mark.parametrize(
    "column, value, expected",
    [
        ("vintage", "2026-13-01", "expected an ISO date YYYY-MM-DD"),
        ("vintage", "14/01/2026", "expected an ISO date YYYY-MM-DD"),
        ("period", "2025Q5", "expected a period YYYY, YYYY-MM"),
    ],
)
def test_malformed_date_or_period(sandbox: Sandbox, column: str, value: str, expected: str) -> None:
    line = edit_cell(sandbox, "customs.csv", column, value)
    refuse(sandbox, f"data/raw/customs.csv:{line}: column '{column}'", expected, repr(value))


def test_unit_mismatch(sandbox: Sandbox) -> None:
    rows = rows_of(sandbox.raw / "customs.csv")
    row = next(i for i, r in enumerate(rows) if r[0] == "gac_trade_total")
    line = edit_cell(sandbox, "customs.csv", "unit", "USD trillion", row=row)
    refuse(
        sandbox,
        f"data/raw/customs.csv:{line}: column 'unit'",
        "expected 'RMB trillion' (the unit declared for gac_trade_total)",
        "found 'USD trillion'",
    )


def test_share_outside_0_100(sandbox: Sandbox) -> None:
    rows = rows_of(sandbox.raw / "customs.csv")
    row = next(i for i, r in enumerate(rows) if r[0] == "gac_private_share")
    line = edit_cell(sandbox, "customs.csv", "value", "157.3", row=row)
    refuse(
        sandbox,
        f"data/raw/customs.csv:{line}: column 'value'",
        "expected a share between 0 and 100, found 157.3",
    )


def test_missing_column(sandbox: Sandbox) -> None:
    path = sandbox.raw / "customs.csv"
    rows = rows_of(path)
    at = rows[0].index("note")
    write_rows(path, [r[:at] + r[at + 1 :] for r in rows])
    refuse(
        sandbox,
        "data/raw/customs.csv:1: column 'note' is missing from the header",
        "expected columns series_id, period, vintage",
    )


def test_extra_column(sandbox: Sandbox) -> None:
    path = sandbox.raw / "customs.csv"
    write_rows(path, [r + ["x"] for r in rows_of(path)])
    refuse(sandbox, "data/raw/customs.csv:1: column 'x' is not expected")


def test_not_utf8(sandbox: Sandbox) -> None:
    path = sandbox.raw / "sources.csv"
    lines = path.read_bytes().split(b"\n")
    lines[3] = lines[3] + "é".encode("latin-1")
    path.write_bytes(b"\n".join(lines))
    refuse(sandbox, "data/raw/sources.csv:4: byte 0xe9", "expected a UTF-8 encoded file")


def test_byte_order_mark(sandbox: Sandbox) -> None:
    path = sandbox.raw / "series.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    refuse(sandbox, "data/raw/series.csv:1: file starts with a UTF-8 byte-order mark")


def test_checksum_mismatch(sandbox: Sandbox) -> None:
    path = sandbox.raw / "customs.csv"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    refuse(
        sandbox,
        "data/raw/customs.csv: checksum",
        "does not match the one recorded in MANIFEST.sha256",
        "python -m smeintl manifest",
        rerecord=False,
    )


def test_empty_file(sandbox: Sandbox) -> None:
    (sandbox.raw / "cbec.csv").write_bytes(b"")
    refuse(sandbox, "data/raw/cbec.csv: file is empty")


def _line_of(box: Sandbox, name: str, series: str, period: str) -> int:
    rows = rows_of(box.raw / name)
    column = rows[0].index("series_id"), rows[0].index("period")
    return next(i for i, r in enumerate(rows) if (r[column[0]], r[column[1]]) == (series, period))


def test_empty_quote(sandbox: Sandbox) -> None:
    line = edit_cell(sandbox, "customs.csv", "quote", "")
    refuse(
        sandbox,
        f"data/raw/customs.csv:{line}: column 'quote'",
        "expected the source's sentence or table cell stating",
        "found an empty cell",
    )


def test_quote_that_does_not_state_the_value(sandbox: Sandbox) -> None:
    line = edit_cell(sandbox, "customs.csv", "quote", "Trade with Africa grew to 2.2 trillion yuan")
    refuse(
        sandbox,
        f"data/raw/customs.csv:{line}: column 'quote'",
        "expected the quote to state the value",
        "it states 2.2",
    )


def test_rule_quote_without_its_date(sandbox: Sandbox) -> None:
    line = edit_cell(sandbox, "rules.csv", "quote", "The rules apply from next year.")
    refuse(
        sandbox,
        f"data/raw/rules.csv:{line}: column 'quote'",
        "expected the quote to state the date",
    )


def test_identity_violation(sandbox: Sandbox) -> None:
    """A total that is not exports + imports is refused, naming the records and the gap."""
    row = _line_of(sandbox, "customs.csv", "gac_trade_total", "2019")
    edit_cell(sandbox, "customs.csv", "value", "31.64", row)
    line = edit_cell(sandbox, "customs.csv", "quote", "total trade of 31.64 trillion yuan", row)
    refuse(
        sandbox,
        f"data/raw/customs.csv:{line}: column 'value' — identity trade_total",
        "gac_trade_total 2019 = 31.64",
        "gap 0.085",
    )


def test_rebuild_is_byte_identical(sandbox: Sandbox) -> None:
    before = sandbox.snapshot()
    for name in list(before):
        (sandbox.processed / name).unlink()
    assert sandbox.smeintl("data").returncode == 0
    assert sandbox.snapshot() == before
    assert sandbox.smeintl("data").stdout.strip().endswith("is up to date")


def test_validating_and_building_the_data_does_not_import_pandas() -> None:
    """`make data` runs before every build: the checks and the processed files are plain csv and
    json, and importing pandas was a third of its time."""
    import subprocess
    import sys

    from smeintl import paths

    code = (
        "import sys\n"
        "from smeintl import paths\n"
        "from smeintl.build import processed_files\n"
        "from smeintl.validate import load_raw\n"
        "files = processed_files(load_raw(paths.DATA_RAW))\n"
        "print(len(files) > 0, 'pandas' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=paths.ROOT
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["True", "False"]
