"""The researcher's workbench: one environment everywhere, results guarded against the reference,
parameters checked the same way in papermill as in the runner, outputs that a failure leaves alone.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import nbformat
import pandas as pd
import pytest
import yaml

from smeintl import accept, outputs, paths
from smeintl.params import DECLARED, ParameterError, declared_parameters, parse_rule, validate

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))


# --- one environment: uv.lock, requirements.txt, environment.yml -------------------------------


def _locked() -> dict[str, str]:
    """Every package uv.lock installs for the project with its dev extra: name → version."""
    lock = tomllib.loads((REPO / "uv.lock").read_text(encoding="utf-8"))
    packages = {p["name"]: p for p in lock["package"]}
    root = packages["smeintl"]
    todo = [*root["dependencies"], *root["optional-dependencies"]["dev"]]
    seen: dict[str, str] = {}
    while todo:
        dep = todo.pop()
        name = dep["name"]
        for extra in dep.get("extra", []):  # e.g. jsonschema[format-nongpl]
            todo += packages[name]["optional-dependencies"][extra]
        if name in seen:
            continue
        seen[name] = packages[name]["version"]
        todo += packages[name].get("dependencies", [])
    return seen


def _required() -> dict[str, str]:
    pins = {}
    for line in (REPO / "requirements.txt").read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([A-Za-z0-9_.-]+)==([^ ;]+)", line)
        if match:
            pins[match[1].lower().replace("_", "-")] = match[2]
    return pins


def test_requirements_txt_pins_exactly_what_uv_lock_installs() -> None:
    locked, required = _locked(), _required()
    assert {"jupyterlab", "nbconvert", "papermill", "jupyter-book"} <= set(locked)
    missing = {n: v for n, v in locked.items() if required.get(n) != v}
    extra = sorted(set(required) - set(locked))
    assert not missing and not extra, f"run `make lock`: differs {missing}, not locked {extra}"


def test_environment_yml_is_python_311_plus_requirements_txt() -> None:
    env = yaml.safe_load((REPO / "environment.yml").read_text(encoding="utf-8"))
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert "python=3.11" in env["dependencies"]
    assert project["requires-python"] == ">=3.11,<3.12"
    [pip] = [d["pip"] for d in env["dependencies"] if isinstance(d, dict)]
    assert pip == ["-r requirements.txt", "-e ."]


def test_jupyterlab_and_nbconvert_are_default_dependencies() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = {re.split(r"[<>=!~ ]", d)[0] for d in project["dependencies"]}
    assert {"jupyterlab", "nbconvert"} <= names
    assert "lab" not in project.get("optional-dependencies", {})


# --- parameters: declared once ------------------------------------------------------------------


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_parameters_are_declared_once_in_the_library(notebook: Path) -> None:
    declared = declared_parameters(notebook)
    assert declared, f"{notebook.name} has no parameters cell"
    for name, param in declared.items():
        assert name in DECLARED, f"{notebook.name}: {name} is not in smeintl.params.DECLARED"
        assert param.default_source == DECLARED[name].default_source
        assert parse_rule(param.help) == (None, None), "the rule belongs in DECLARED only"
        assert param.rule() == DECLARED[name].rule()


def test_validate_bounds_the_vintage_by_today_and_the_first_release(tmp_path: Path) -> None:
    data = tmp_path / "cbec.csv"
    data.write_text("series_id,period,vintage,value\nx,2020,2021-01-14,1\nx,2021,2022-03-09,2\n")
    today = dt.date(2026, 12, 1)

    def check(**given: str) -> dict:
        return validate(given, DECLARED, label="nb", data=[data], data_label="cbec", today=today)

    assert check(vintage="2021-01-14", currency="USD") == {
        "currency": "USD",
        "vintage": "2021-01-14",
    }
    with pytest.raises(ParameterError, match=r"before the first .* \(cbec\); .* is 2021-01-14"):
        check(vintage="1990-01-01")
    with pytest.raises(ParameterError, match=r"after today \(2026-12-01\)"):
        check(vintage="2030-01-01")
    with pytest.raises(ParameterError, match="one of: RMB, USD"):
        check(currency="EUR")
    with pytest.raises(ParameterError, match="has no parameter 'colour'"):
        check(colour="red")


def _papermill(tmp_path: Path, *params: str) -> subprocess.CompletedProcess:
    notebook = REPO / "notebooks" / "04_cross_border_ecommerce.ipynb"
    args = [str(notebook), str(tmp_path / "out.ipynb"), "--cwd", str(notebook.parent)]
    for pair in params:
        args += ["-p", *pair.split("=")]
    env = {k: v for k, v in os.environ.items() if not k.startswith("SMEINTL_")}
    return subprocess.run(
        [sys.executable, "-m", "papermill", *args], capture_output=True, text=True, env=env
    )


@pytest.mark.parametrize(
    ("param", "message"),
    [
        ("vintage=1990-01-01", r"vintage='1990-01-01' is before the first release .* earliest"),
        ("vintage=2030-01-01", r"vintage='2030-01-01' is after today"),
        ("colour=red", r"has no parameter 'colour' \(injected by papermill\)"),
    ],
)
def test_papermill_run_directly_gets_the_same_clear_errors(
    tmp_path: Path, param: str, message: str
) -> None:
    done = _papermill(tmp_path, param)
    assert done.returncode != 0
    assert re.search(r"ParameterError: this notebook.*", done.stderr)
    assert re.search(message, done.stderr), done.stderr[-2000:]


# --- outputs: one writer, umask, no partial outputs ---------------------------------------------


def test_writer_honours_the_umask_and_leaves_unchanged_files_alone(tmp_path: Path) -> None:
    target = tmp_path / "a" / "t.csv"
    old = os.umask(0o027)
    try:
        outputs.write_bytes_atomically(target, b"x\n")
    finally:
        os.umask(old)
    assert target.stat().st_mode & 0o777 == 0o640
    mtime = target.stat().st_mtime_ns
    outputs.write_bytes_atomically(target, b"x\n")
    assert target.stat().st_mtime_ns == mtime
    assert [p.name for p in target.parent.iterdir()] == ["t.csv"]  # no temporary left


def test_roll_back_removes_new_files_and_restores_replaced_ones(tmp_path: Path) -> None:
    kept, new = tmp_path / "kept.csv", tmp_path / "new.csv"
    kept.write_bytes(b"reviewed\n")
    outputs.start_run()
    outputs.write_bytes_atomically(kept, b"half\n")
    outputs.write_bytes_atomically(new, b"half\n")
    assert len(outputs.roll_back()) == 2
    assert kept.read_bytes() == b"reviewed\n" and not new.exists()


def test_staged_writes_wait_for_commit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(paths, "ROOT", tmp_path)
    stage = tmp_path / "_build" / "stage" / "x"
    monkeypatch.setenv(outputs.STAGE_ENV, str(stage))
    final = tmp_path / "book" / "generated" / "tables" / "t.csv"
    assert outputs.write_bytes_atomically(final, b"1\n") == final
    assert not final.exists() and (stage / "book/generated/tables/t.csv").exists()
    monkeypatch.delenv(outputs.STAGE_ENV)
    assert outputs.commit_stage(stage) == [final]
    assert final.read_bytes() == b"1\n"


def test_usd_run_fills_the_years_a_sourced_rate_supports(tmp_path: Path) -> None:
    """papermill with currency=USD: every year with a GAC USD figure or a sourced annual rate
    is filled, a year with neither (2024: no sourced 2024 rate) stays empty. By hand: 2020,
    the derived base 2.75 / 1.697 = 1.6205 at the NBS 2020 rate 6.8974 is 0.2349; 2025,
    2.75 at the NBS 2025 rate 7.1429 is 0.3850."""
    done = _papermill(tmp_path, "currency=USD")
    assert done.returncode == 0, done.stderr[-3000:]
    table = pd.read_csv(paths.TABLES / "table-04__currency-USD.csv").set_index("year")
    assert table.loc[2020, "value"] == pytest.approx(2.75 / 1.697 / 6.8974, abs=5e-5)
    assert table.loc[2025, "value"] == pytest.approx(2.75 / 7.1429, abs=5e-5)
    assert math.isnan(table.loc[2024, "value"])
    assert set(table["unit"]) == {"USD trillion"}


# --- the committed notebooks are the reference ---------------------------------------------------


def test_accept_describes_changed_values_readably(tmp_path: Path) -> None:
    reference = NOTEBOOKS[3]
    book = nbformat.read(reference, as_version=4)
    glued = next(
        o
        for c in book.cells
        for o in c.get("outputs", [])
        if o.get("metadata", {}).get("scrapbook", {}).get("name") == "cbec_2020"
    )
    record = "application/papermill.record/text/markdown"
    glued["data"][record] = glued["data"][record].replace("1.62", "9.99")
    changed = tmp_path / reference.name
    nbformat.write(book, changed)
    lines = accept.changes(reference, changed)
    assert len(lines) == 2 and lines[0].startswith("  was cell ")
    assert lines[0].endswith("glue cbec_2020 | RMB 1.62 trillion")
    assert lines[1].endswith("glue cbec_2020 | RMB 9.99 trillion")
    assert accept.changes(reference, reference) == []


def test_executed_notebooks_match_the_committed_reference() -> None:
    """After `make book`: a changed result fails here, readably, until `make accept`."""
    try:
        found = accept.pending()
    except FileNotFoundError as err:
        pytest.fail(str(err))
    report = "\n".join(
        f"{paths.relative(c)}:\n" + "\n".join(lines or ["  (cell ids or metadata only)"])
        for c, _, lines in found
    )
    assert not found, f"results differ from the committed notebooks (run `make accept`):\n{report}"


# --- portability ---------------------------------------------------------------------------------


def test_makefile_needs_no_gnu_date_and_lets_uv_pick_python() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert "%N" not in makefile and "date +" not in makefile
    assert "export UV_PYTHON" not in makefile
    assert "unexport PYTHONDONTWRITEBYTECODE" in makefile


def test_chromium_is_found_on_path_or_skipped_with_a_reason_outside_ci(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from conftest import find_chromium, require_chromium

    fake = tmp_path / "bin" / "chromium-browser"
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    monkeypatch.delenv("SMEINTL_CHROMIUM", raising=False)
    monkeypatch.setenv("PATH", str(fake.parent))
    assert find_chromium() == fake
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr("smeintl.chromium.CHROMIUM_APPS", ())
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no Chromium found.*apt-get install"):
        require_chromium()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true needs the browser test"):
        require_chromium()
    monkeypatch.setenv("SMEINTL_CHROMIUM", str(fake))
    assert require_chromium() == fake


def test_runtime_page_shows_the_committed_bench_figures_not_this_build() -> None:
    from smeintl.report import runtime_markdown

    bench = json.loads(paths.BENCH_REFERENCE.read_text(encoding="utf-8"))
    page = runtime_markdown()
    assert bench["measured_on"] in page
    assert "_build" not in page


def test_bench_help_prints_usage_and_measures_nothing() -> None:
    reference = paths.BENCH_REFERENCE.read_bytes()
    done = subprocess.run(
        [sys.executable, "-m", "smeintl", "bench", "--help"],
        cwd=paths.ROOT,
        capture_output=True,
        text=True,
        timeout=120,  # the bench itself takes minutes: a run would not end in time
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("usage: python -m smeintl bench")
    assert "--vintages" in done.stdout
    assert paths.BENCH_REFERENCE.read_bytes() == reference
