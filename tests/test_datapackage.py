"""data/processed/datapackage.json is a valid Frictionless Data Package describing every file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import frictionless

ROOT = Path(__file__).resolve().parents[1]
PROCESSED = ROOT / "data" / "processed"


def _validate(descriptor: Path):
    return frictionless.validate(str(descriptor))


def test_package_validates_with_no_errors() -> None:
    report = _validate(PROCESSED / "datapackage.json")
    errors = [e.message for task in report.tasks for e in task.errors] + [
        e.message for e in report.errors
    ]
    assert report.valid, errors[:10]


def test_every_processed_csv_is_a_resource_with_schema_and_dialect() -> None:
    package = json.loads((PROCESSED / "datapackage.json").read_text(encoding="utf-8"))
    described = {r["path"]: r for r in package["resources"]}
    on_disk = {p.relative_to(PROCESSED).as_posix() for p in PROCESSED.rglob("*.csv")}
    assert on_disk == set(described)
    for path, resource in described.items():
        assert resource["dialect"]["delimiter"] == ",", path
        assert resource["schema"]["fields"], path
        for source in resource.get("sources", []):
            assert set(source) == {"title", "path"}, path
    assert described["observations.csv"]["schema"]["primaryKey"] == [
        "series_id",
        "period",
        "vintage",
    ]
    assert described["paper/claims.csv"]["schema"]["primaryKey"] == ["claim_id"]


def test_a_broken_foreign_key_is_caught(tmp_path: Path) -> None:
    """The validator really checks the declared keys: an unknown source id fails it."""
    copy = tmp_path / "processed"
    shutil.copytree(PROCESSED, copy)
    descriptor = json.loads((copy / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        resource.pop("hash", None)
        resource.pop("bytes", None)
    (copy / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    lines = (copy / "fx.csv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = lines[1].split(",")
    cells[header.index("source_id")] = "no_such_source"
    lines[1] = ",".join(cells)
    (copy / "fx.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = _validate(copy / "datapackage.json")
    assert not report.valid
    kinds = {e.type for task in report.tasks for e in task.errors}
    assert "foreign-key" in kinds, kinds


def test_readme_provenance_counts_follow_the_raw_records() -> None:
    """The README's generated provenance block, recounted here from data/raw with the csv module."""
    import csv

    raw = ROOT / "data" / "raw"
    sources = {
        r["source_id"]: r for r in csv.DictReader(open(raw / "sources.csv", encoding="utf-8"))
    }
    records = []
    for name in ("customs", "cbec", "wbes", "wto_unctad", "miit", "finance", "fx"):
        records += list(csv.DictReader(open(raw / f"{name}.csv", encoding="utf-8")))
    kinds = {k: 0 for k in ("official", "news", "aggregator", "paper")}
    for r in records:
        kinds[sources[r["source_id"]]["kind"]] += 1
    undated = sum(sources[r["source_id"]]["date_basis"] == "unknown" for r in records)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- generated:provenance")[1].split("<!-- /generated:provenance -->")[0]
    assert f"Of the {len(records)} value records" in block
    assert f"{len(records)} carry the quoted sentence" in block  # every record is quoted
    for kind, n in kinds.items():
        assert f"(`{kind}`) | {n} |" in block, kind
    assert f"of which undated (publication date not known) | {undated} |" in block
