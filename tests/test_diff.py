"""The vintage comparison: constructed releases whose diffs are worked out by hand, one real
case checked by hand (cross-border e-commerce 2024: 2.63 released 2025-01-13, 2.71 on
2025-07-07), a vintage against itself, and agreement with the notebooks run at a vintage."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from smeintl import diff, paths, store, views
from smeintl.diff import Item

PAPER = "cao_gan_2026"  # the paper's own source entry (kind "paper")

CONSTRUCTED = pd.DataFrame(
    [
        # a release before any other: the data start here
        ("z", "2018", "2019-01-01", 7.0, "RMB trillion", "pub"),
        # revised once: 2.0 → 2.1
        ("x", "2023", "2024-01-01", 2.0, "RMB trillion", "pub"),
        ("x", "2023", "2024-04-10", 2.1, "RMB trillion", "pub"),
        # revised twice: 10 → 12 → 9
        ("y", "2023", "2024-01-01", 10.0, "% y/y", "pub"),
        ("y", "2023", "2024-06-01", 12.0, "% y/y", "pub"),
        ("y", "2023", "2024-12-31", 9.0, "% y/y", "pub"),
        # first published in USD; the RMB value only later
        ("u_usd", "2024", "2025-01-13", 5.0, "USD trillion", "pub"),
        ("u_rmb", "2024", "2025-03-01", 36.0, "RMB trillion", "pub"),
        # a value only the paper prints
        ("x", "2022", "2026-06-12", 1.9, "RMB trillion", PAPER),
    ],
    columns=["series_id", "period", "vintage", "value", "unit", "source_id"],
)
SOURCES = pd.DataFrame(
    [("pub", "Publisher", "", "public"), (PAPER, "Cao & Gan", "2026-06-12", "paper")],
    columns=["source_id", "publisher", "published", "kind"],
)


@pytest.fixture
def constructed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store, "observations", lambda family=None: CONSTRUCTED.copy())
    monkeypatch.setattr(store, "sources", lambda: SOURCES.copy())


def _value(series_id: str, period: str, vintage: str) -> str:
    frame = CONSTRUCTED[(CONSTRUCTED.series_id == series_id) & (CONSTRUCTED.period == period)]
    frame = store.released_by(frame, vintage)
    paper = frame["source_id"] == PAPER
    frame = frame[~paper] if (~paper).any() else frame
    return diff.number(frame.sort_values("vintage")["value"].iloc[-1]) if len(frame) else ""


def _items(vintage: str) -> dict[str, Item]:
    out = {}
    for series_id, period in [("x", "2023"), ("y", "2023"), ("u_rmb", "2024"), ("x", "2022")]:
        value = _value(series_id, period, vintage)
        if value:
            key = f"derived:{series_id}-{period}"
            reads = frozenset({(series_id, period)})
            out[key] = Item("derived", key, key, value, reads)
    return out


def _diff(a: str, b: str) -> dict[str, tuple[str, str, str]]:
    a, b = diff.resolve(a), diff.resolve(b)
    result = diff.compare(_items(a), _items(b), a, b)
    return {c.key: (c.value_a, c.value_b, c.releases) for c in result.changes}


def test_first_release_by_hand() -> None:
    assert _value("x", "2023", "first") == "2"
    assert _value("y", "2023", "first") == "10"
    assert _value("y", "2023", "2024-07-01") == "12"
    assert _value("x", "2022", "first") == "1.9"  # paper-only values stay as they are


@pytest.mark.usefixtures("constructed")
def test_constructed_first_to_latest() -> None:
    assert _diff("first", "latest") == {
        "derived:x-2023": ("2", "2.1", "x 2023 = 2.1 (Publisher, 2024-04-10)"),
        "derived:y-2023": (
            "10",
            "9",
            "y 2023 = 12 (Publisher, 2024-06-01); y 2023 = 9 (Publisher, 2024-12-31)",
        ),
    }


@pytest.mark.usefixtures("constructed")
def test_constructed_dates() -> None:
    assert _diff("2024-05-01", "latest") == {
        "derived:y-2023": (
            "10",
            "9",
            "y 2023 = 12 (Publisher, 2024-06-01); y 2023 = 9 (Publisher, 2024-12-31)",
        ),
        "derived:u_rmb-2024": ("(absent)", "36", "u_rmb 2024 = 36 (Publisher, 2025-03-01)"),
        # the paper's own value is out from its publication date
        "derived:x-2022": ("(absent)", "1.9", "x 2022 = 1.9 (Cao & Gan, 2026-06-12)"),
    }
    # the USD figure alone was out on 2025-02-01: the RMB value is absent until March
    assert _diff("2025-02-01", "2025-03-01") == {
        "derived:u_rmb-2024": ("(absent)", "36", "u_rmb 2024 = 36 (Publisher, 2025-03-01)"),
    }
    assert _diff("2025-03-01", "2026-06-11") == {}


@pytest.mark.usefixtures("constructed")
def test_constructed_vintages_resolve() -> None:
    assert diff.resolve("2019-01-01") == "2019-01-01"  # the day of the first release
    with pytest.raises(diff.VintageError, match="before the first release.*2019-01-01"):
        diff.resolve("2018-12-31")
    with pytest.raises(diff.VintageError, match="not an ISO date"):
        diff.resolve("yesterday")
    assert diff.resolve("paper") == "2026-06-12"


def test_bad_vintage_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert diff.main(["2001-01-01", "latest"]) == 2
    assert "before the first release" in capsys.readouterr().err


def test_store_first_is_the_earliest_public_release() -> None:
    assert store.observation("gac_cbec_trade", "2024", "first").value == 2.63
    assert store.observation("gac_cbec_trade", "2024", "first").vintage == "2025-01-13"
    assert store.observation("gac_cbec_trade", "2024", "latest").value == 2.71


def test_real_cbec_2024_revision() -> None:
    """By hand: GAC's January 2025 release put 2024 at RMB 2.63 trillion; China.com.cn
    reported GAC's revised 2.71 on 2025-07-07."""
    before, after = views.table_items("2025-03-01"), views.table_items("2025-08-01")
    key = "table:4:2024:Value (RMB trillion)"
    assert (before[key].value, after[key].value) == ("2.63", "2.71")
    result = diff.compare(before, after, "2025-03-01", "2025-08-01")
    change = next(c for c in result.changes if c.key == key)
    assert "gac_cbec_trade 2024 = 2.71 (China.com.cn (commentary), 2025-07-07)" in change.releases


def test_a_vintage_against_itself_is_empty() -> None:
    result = diff.run("2025-06-30", "2025-06-30", use_cache=False)
    assert result.changes == []
    assert sum(result.unchanged.values()) > 500


TABLES_AT = "2025-06-30"


@pytest.fixture(scope="module")
def notebook_tables() -> dict[int, str]:
    """Every table CSV the notebooks write when run at ``TABLES_AT``."""
    subprocess.run(
        [sys.executable, "-m", "smeintl", "run", "-p", "vintage", TABLES_AT, "--force"],
        cwd=paths.ROOT,
        check=True,
        capture_output=True,
    )
    out = {}
    for number in range(1, 9):
        path = paths.TABLES / f"table-{number:02d}__vintage-{TABLES_AT}.csv"
        out[number] = path.read_text(encoding="utf-8")
    return out


@pytest.mark.parametrize("number", range(1, 9))
def test_tables_agree_with_the_notebooks(notebook_tables: dict[int, str], number: int) -> None:
    table, _, _ = views.table_frame(number, TABLES_AT)
    assert table.to_csv(index=False, lineterminator="\n") == notebook_tables[number]


def test_sweep_values_by_hand() -> None:
    """The 2020 CBEC base is 2.75 / (1 + 69.7 / 100) = 1.6205 once GAC's 2025 figures are out
    (2026-01-14), and cannot be made the day before."""
    base = "Cross-border e-commerce in 2020 backed out of “2025 was 69.7% higher than 2020”"
    before = dict((q, v) for q, _, v in diff.sweep_values("2026-01-13"))
    after = dict((q, v) for q, _, v in diff.sweep_values("2026-01-14"))
    assert before[base] != before[base]  # NaN: not computable yet
    assert after[base] == pytest.approx(2.75 / 1.697)
    wto = "Table 6: World merchandise trade volume growth, 2025"
    assert after[wto] == 2.4  # WTO's October 2025 estimate, before the March 2026 one (4.6)


def test_sweep_timeline_keeps_only_changes() -> None:
    frame = pd.DataFrame(
        [
            ("2024-01-01", "q", "%", float("nan")),
            ("2024-02-01", "q", "%", 3.0),
            ("2024-03-01", "q", "%", 3.0),
            ("2024-04-01", "q", "%", 2.5),
        ],
        columns=["as_of", "quantity", "unit", "value"],
    )
    timeline = diff.sweep_timeline(frame)
    assert timeline[["as_of", "value"]].values.tolist() == [
        ["2024-01-01", "missing"],
        ["2024-02-01", "3"],
        ["2024-04-01", "2.5"],
    ]
    assert list(diff.release_dates())[:1] == [diff.first_release_date()]
