"""One contract over every series in the catalogue, and vintage selection checked on real releases.

The expectations are read from the raw CSVs with the csv module (not through the library) or
typed from the releases themselves (see data/raw/sources.csv), never from the code under test.
"""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from smeintl import paths
from smeintl.schema import FAMILIES, UNITS

REPO = Path(__file__).resolve().parents[1]


def read(name: str) -> list[dict[str, str]]:
    with open(REPO / "data" / "raw" / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


SERIES = read("series.csv")
SOURCES = {row["source_id"]: row for row in read("sources.csv")}
RECORDS = [
    row | {"family": f}
    for f in FAMILIES
    if (REPO / "data/raw" / f"{f}.csv").exists()
    for row in read(f"{f}.csv")
]


@pytest.fixture(scope="module", autouse=True)
def processed() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "smeintl", "data"], cwd=REPO, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


def test_at_least_twenty_series_and_all_in_the_catalogue() -> None:
    import smeintl

    catalog = smeintl.catalog()
    assert len(SERIES) >= 20
    assert sorted(catalog["series_id"]) == sorted(s["series_id"] for s in SERIES)


@pytest.fixture(scope="module")
def catalog(processed):
    import smeintl

    return smeintl.catalog().set_index("series_id")


@pytest.mark.parametrize("meta", SERIES, ids=[s["series_id"] for s in SERIES])
def test_series_contract(meta: dict[str, str], catalog) -> None:
    import smeintl

    for field in (
        "title",
        "unit",
        "frequency",
        "producer",
        "family",
        "measure",
        "description",
        "processing",
    ):
        assert meta[field].strip(), f"{meta['series_id']}: {field} is empty"
    assert meta["unit"] in UNITS
    records = [r for r in RECORDS if r["series_id"] == meta["series_id"]]
    assert records, f"{meta['series_id']} has no record"
    for record in records:
        assert record["family"] == meta["family"]
        assert record["unit"] == meta["unit"]
        float(record["value"])
        for sid in [record["source_id"], *filter(None, record["also_in"].split(";"))]:
            assert sid in SOURCES, f"{sid} is not in sources.csv"
            assert SOURCES[sid]["url"].startswith(("http://", "https://"))
    assert (paths.DATA_PROCESSED / f"{meta['family']}.csv").exists()
    row = catalog.loc[meta["series_id"]]
    assert row["n_records"] == len(records)
    assert row["url"] and row["licence"]
    loaded = smeintl.series(meta["series_id"])
    assert set(loaded["period"]) == {r["period"] for r in records}


def test_latest_and_as_of_vintages_of_cbec_2024() -> None:
    # GAC's preliminary 2024 figure (RMB 2.63 trillion, January 2025) was later revised to 2.71.
    import smeintl

    assert smeintl.observation("gac_cbec_trade", "2024").value == 2.71
    assert smeintl.observation("gac_cbec_trade", "2024", vintage="2025-06-30").value == 2.63
    with pytest.raises(smeintl.MissingDataError):
        smeintl.observation("gac_cbec_trade", "2024", vintage="2024-12-31")


def test_cbec_2020_first_published_value_and_all_vintages_kept() -> None:
    import smeintl

    first = smeintl.observation("gac_cbec_trade", "2020", vintage="2021-12-31")
    assert (first.value, first.vintage) == (1.69, "2021-01-14")
    kept = smeintl.vintages("gac_cbec_trade", "2022")
    assert list(kept["value"]) == [2.11, 2.1]


def test_public_release_wins_over_the_papers_own_value() -> None:
    # The paper prints 2024 imports as "about RMB 18.40 trillion"; GAC published 18.39.
    import smeintl

    assert smeintl.observation("gac_imports", "2024").value == 18.39
    values = set(smeintl.vintages("gac_imports", "2024")["value"])
    assert values == {18.39, 18.40}


def test_paper_only_series_are_flagged_in_the_catalogue() -> None:
    import smeintl

    flagged = smeintl.catalog().set_index("series_id")["paper_only"]
    assert flagged["wbes_direct_exporters_chn"]
    assert not flagged["gac_trade_total"]


def test_datapackage_describes_every_family_file() -> None:
    import json

    package = json.loads((paths.DATA_PROCESSED / "datapackage.json").read_text())
    names = {r["path"] for r in package["resources"]}
    assert {f"{f}.csv" for f in {r["family"] for r in RECORDS}} <= names
    customs = next(r for r in package["resources"] if r["path"] == "customs.csv")
    assert customs["schema"]["primaryKey"] == ["series_id", "period", "vintage"]
    assert [f["name"] for f in customs["schema"]["fields"]][:4] == [
        "series_id",
        "period",
        "vintage",
        "value",
    ]
