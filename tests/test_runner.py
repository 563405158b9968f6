"""The notebook runner: stamps, failure isolation, parameters, deterministic outputs.

Fixture notebooks (tests/fixtures/notebooks) need no project data: ``writer`` writes a CSV named
after its ``currency`` parameter and records its kernel's environment; ``counter`` has no
parameters cell and logs a read of ``cbec`` as :mod:`smeintl.store` would; ``failing`` raises
ValueError in its third cell (index 2). Each test copies them into a temporary project, so kernels
run but the repository is never touched.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
import time
from pathlib import Path

import nbformat
import pytest

from smeintl import runner
from smeintl.outputs import _umask
from smeintl.params import Parameter, ParameterError, parse_rule, resolve, suffix
from smeintl.runner import Job, Layout, main, run_notebooks

FIXTURES = Path(__file__).parent / "fixtures" / "notebooks"


@pytest.fixture
def layout(tmp_path: Path) -> Layout:
    """A throw-away project: fixture notebooks, processed files, a one-module library."""
    layout = Layout(
        root=tmp_path,
        notebooks=tmp_path / "notebooks",
        processed=tmp_path / "data" / "processed",
        library=tmp_path / "src" / "smeintl",
        stamps=tmp_path / "_build" / "stamps",
        runs=tmp_path / "_build" / "runs",
    )
    shutil.copytree(FIXTURES, layout.notebooks)
    layout.processed.mkdir(parents=True)
    for family in ("customs", "cbec", "sources", "series"):
        (layout.processed / f"{family}.csv").write_text(f"id,value\n{family},1\n")
    layout.library.mkdir(parents=True)
    (layout.library / "derive.py").write_text("SCALE = 1\n")
    return layout


def nb(layout: Layout, stem: str) -> Path:
    return layout.notebooks / f"{stem}.ipynb"


def executed(layout: Layout, stem: str) -> Path:
    """Where a default run writes a notebook's executed copy (the committed one stays as it is)."""
    return layout.executed_dir / f"{stem}.ipynb"


def quiet(paths, params=None, force=False, *, layout: Layout, jobs: int | None = None):
    return run_notebooks(paths, params, force, jobs, layout=layout, progress=None)


class NoPool:
    """Stands in for the process pool: constructing it means a kernel was about to start."""

    def __init__(self, *args, **kwargs) -> None:
        raise AssertionError("a kernel was started")


# --- executing notebooks (these start kernels) -------------------------------------------------


def test_second_run_skips_and_kernel_is_this_interpreter(layout: Layout) -> None:
    paths = [nb(layout, "writer"), nb(layout, "counter")]
    committed = [p.read_bytes() for p in paths]
    first = quiet(paths, layout=layout)
    assert [r.status for r in first] == ["ok", "ok"]
    assert [p.read_bytes() for p in paths] == committed  # the reference is never rewritten
    copies = [executed(layout, "writer"), executed(layout, "counter")]
    assert all(r.seconds > 0 and r.kernel_seconds is not None for r in first)
    assert (layout.notebooks / "writer-RMB.csv").read_text().startswith("year,RMB\n2019,")
    kernel = json.loads((layout.notebooks / "kernel-RMB.json").read_text())
    assert kernel["prefix"] == sys.prefix  # the venv's ipykernel, not some other python3
    assert Path(kernel["cwd"]) == layout.notebooks.resolve()
    assert kernel["env"] == {"PYTHONHASHSEED": "0", "MPLBACKEND": "Agg", "SOURCE_DATE_EPOCH": "0"}
    run = nbformat.read(copies[0], as_version=4)
    assert run.cells[3].outputs[0].text == "RMB latest total=18\n"
    assert oct(copies[0].stat().st_mode & 0o777) == oct(0o666 & ~_umask())

    mtimes = [p.stat().st_mtime_ns for p in copies]
    second = quiet(paths, layout=layout)
    assert [(r.status, r.reason) for r in second] == [("skipped", "up to date")] * 2
    assert [p.stat().st_mtime_ns for p in copies] == mtimes


def test_editing_one_family_reruns_only_its_readers(layout: Layout) -> None:
    paths = [nb(layout, "writer"), nb(layout, "counter")]
    assert [r.status for r in quiet(paths, layout=layout)] == ["ok", "ok"]
    (layout.processed / "cbec.csv").write_text("id,value\ncbec,2\n")  # counter reads cbec
    again = quiet(paths, layout=layout)
    assert [r.status for r in again] == ["skipped", "ok"]
    assert again[1].reason == "data changed: cbec.csv"


def test_undeclared_read_fails_the_notebook(layout: Layout) -> None:
    counter = nb(layout, "counter")
    book = nbformat.read(counter, as_version=4)
    book.metadata.smeintl.reads = ["customs"]  # but it loads cbec
    nbformat.write(book, counter)
    committed = counter.read_bytes()
    [result] = quiet([counter], layout=layout)
    assert result.status == "failed"
    assert result.report(layout).startswith(
        "FAILED notebooks/counter.ipynb: UndeclaredReads: loaded cbec but metadata.smeintl.reads"
    )
    assert counter.read_bytes() == committed
    assert not (layout.stamps / "counter.json").exists()


def test_failure_is_isolated_and_reported_by_own_cell_index(
    layout: Layout, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(layout.root)  # "notebooks/failing.ipynb" is a path from here
    failing = nb(layout, "failing")
    committed = failing.read_bytes()

    status = main(["writer", "failing", "notebooks/failing.ipynb"], layout=layout)

    assert status == 1
    out, err = capsys.readouterr()
    assert "start    notebooks/writer.ipynb  (no stamp)" in out
    assert re.search(r"done     notebooks/writer.ipynb  \d+\.\d s", out)
    assert re.search(r"failed   notebooks/failing.ipynb  \d+\.\d s", out)
    assert "2 notebook(s): 1 run, 0 up to date, 1 failed" in out
    assert "FAILED notebooks/failing.ipynb: cell 2 ValueError: threshold too low: 1.0" in err
    assert failing.read_bytes() == committed  # last good outputs kept
    assert (layout.stamps / "writer.json").exists()
    assert not (layout.stamps / "failing.json").exists()
    assert (layout.notebooks / "writer-RMB.csv").exists()  # the other notebook still ran
    copy = nbformat.read(layout.runs / "failing.failed.ipynb", as_version=4)
    assert any(o.get("ename") == "ValueError" for c in copy.cells for o in c.get("outputs", []))
    assert not list(layout.notebooks.glob(".*"))  # no temporary left behind

    # With parameters papermill injects a cell before it; the index must not move.
    [result] = quiet([failing], {"threshold": "0.5"}, layout=layout)
    assert result.status == "failed"
    assert str(result.error) == "cell 2 ValueError: threshold too low: 0.5"
    assert result.report(layout) == (
        "FAILED notebooks/failing.ipynb [threshold=0.5]: cell 2 ValueError: threshold too low: 0.5"
    )
    assert not (layout.runs / "failing__threshold-0.5.ipynb").exists()
    assert (layout.runs / "failing__threshold-0.5.failed.ipynb").exists()


def test_failed_run_leaves_no_partial_outputs(
    layout: Layout, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the kernel's smeintl.paths.ROOT is the throw-away project, where `partial` writes out/
    monkeypatch.setenv("SMEINTL_ROOT", str(layout.root))
    target = layout.root / "out" / "partial.csv"
    [failed] = quiet([nb(layout, "partial")], layout=layout)
    assert failed.status == "failed"
    assert str(failed.error) == "cell 3 RuntimeError: failed after writing an output"
    assert not target.exists()  # written to the stage, which the failure dropped
    assert not list(layout.stage.rglob("*.csv"))
    [ok] = quiet([nb(layout, "partial")], {"fail": "false"}, layout=layout)
    assert ok.status == "ok"
    assert target.read_bytes() == b"a,b\n1,2\n"  # moved into place after the success
    assert oct(target.stat().st_mode & 0o777) == oct(0o666 & ~_umask())


def test_parameters_run_to_runs_folder_byte_identically(layout: Layout) -> None:
    writer = nb(layout, "writer")
    committed = writer.read_bytes()
    [first] = quiet([writer], {"currency": "USD", "scale": "2"}, layout=layout)
    out = layout.runs / "writer__currency-USD__scale-2.ipynb"
    assert (first.status, first.output) == ("ok", out)
    assert first.params == {"currency": "USD", "scale": 2}
    assert writer.read_bytes() == committed
    assert (layout.stamps / "writer__currency-USD__scale-2.json").exists()
    assert (layout.notebooks / "writer-USD.csv").read_text().splitlines()[1] == "2019,6"
    before = out.read_bytes()
    [again] = quiet([writer], {"currency": "USD", "scale": "2"}, force=True, layout=layout)
    assert again.status == "ok" and out.read_bytes() == before
    executed = nbformat.read(out, as_version=4)
    assert executed.cells[2].id == "injected-parameters"
    assert executed.cells[2].source == '# Parameters\ncurrency = "USD"\nscale = 2\n'


def test_forced_rerun_is_byte_identical_and_free_of_timestamps(layout: Layout) -> None:
    writer = nb(layout, "writer")
    quiet([writer], layout=layout)
    copy = executed(layout, "writer")
    before = copy.read_bytes()
    [result] = quiet([writer], force=True, layout=layout)
    assert result.status == "ok" and result.reason == "forced"
    assert copy.read_bytes() == before
    assert before.endswith(b"}\n")
    run = nbformat.read(copy, as_version=4)
    assert "papermill" not in run.metadata
    assert "version" not in run.metadata.language_info
    for cell in run.cells:
        assert not {"papermill", "execution"} & set(cell.metadata)
    assert [c.get("execution_count") for c in run.cells[1:]] == [1, 2, 3]


# --- refusing before any kernel starts ---------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["writer", "-p", "colour", "red"], ["notebooks/writer.ipynb", "'colour'", "scale: int"]),
        (["-p", "currency", "EUR", "writer"], ["currency='EUR'", "one of: RMB, USD"]),
        (["writer", "-p", "vintage", "2024-13-01"], ['ISO date or "latest"']),
        (["writer", "-p", "scale", "two"], ["not a valid int"]),
        (["counter", "-p", "scale", "2"], ["counter.ipynb", "no parameters cell"]),
        (["-p", "colour", "red"], ["no notebook declares colour", "notebooks/writer.ipynb"]),
        (["missing"], ["no such notebook: missing"]),
        (["writer", "-p", "scale", "2", "-p", "scale", "3"], ["given twice"]),
    ],
)
def test_bad_request_exits_2_before_any_kernel(
    layout: Layout,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    argv: list[str],
    expected: list[str],
) -> None:
    monkeypatch.setattr(runner, "ProcessPoolExecutor", NoPool)
    committed = nb(layout, "writer").read_bytes()
    started = time.monotonic()
    assert main(argv, layout=layout) == 2
    assert time.monotonic() - started < 2  # no kernel started (a start alone takes ~1 s)
    err = capsys.readouterr().err
    for text in expected:
        assert text in err
    assert nb(layout, "writer").read_bytes() == committed
    assert not (layout.root / "_build").exists()


def test_default_value_is_the_default_run(layout: Layout) -> None:
    assert resolve(nb(layout, "writer"), {"currency": "RMB", "vintage": "2025-06-30"}) == {
        "vintage": "2025-06-30"
    }


def test_implicit_selection_takes_notebooks_declaring_the_parameters(layout: Layout) -> None:
    planned = runner.plan(None, {"threshold": "2"}, layout)
    assert planned == [(nb(layout, "failing"), {"threshold": 2.0})]
    assert [p for p, _ in runner.plan(None, {}, layout)] == [
        nb(layout, s) for s in ("counter", "failing", "partial", "writer")
    ]


# --- parameters grammar ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("comment", "rule"),
    [
        ("one of: RMB, USD", (("RMB", "USD"), None)),
        ('reporting currency; one of: "RMB", USD', (("RMB", "USD"), None)),
        ('ISO date or "latest"', (None, "date-or-latest")),
        ("release date, ISO date", (None, "date")),
        ("multiplier for the values", (None, None)),
    ],
)
def test_parse_rule(comment: str, rule: tuple) -> None:
    assert parse_rule(comment) == rule


def test_convert_checks_type_and_rule() -> None:
    flag = Parameter("log", "bool", "False", "use a log axis")
    assert flag.convert("true") is True and flag.convert("no") is False
    level = Parameter("level", "int", "1", "one of: 1, 2", choices=("1", "2"))
    assert level.convert("2") == 2
    with pytest.raises(ParameterError, match="one of: 1, 2"):
        level.convert("3")
    vintage = Parameter("vintage", "str", '"latest"', "", date_rule="date-or-latest")
    assert vintage.convert("latest") == "latest" and vintage.convert("2024-02-29") == "2024-02-29"
    with pytest.raises(ParameterError):
        vintage.convert("2023-02-29")
    untyped = Parameter("ratio", "None", "0.5", "")
    assert untyped.convert("0.25") == 0.25


def test_suffix_names_each_parameter_sorted() -> None:
    assert suffix({}) == ""
    assert suffix({"vintage": "2024-01-31", "currency": "USD", "log": True}) == (
        "__currency-USD__log-true__vintage-2024-01-31"
    )
    assert suffix({"label": "a b/c"}) == "__label-a_b_c"


# --- stamps and the worker, without kernels -----------------------------------------------------


def test_stamp_covers_cells_params_data_library_not_outputs(layout: Layout) -> None:
    writer = nb(layout, "writer")
    base = runner.compute_stamp(writer, {}, layout)["digest"]
    assert set(runner.compute_stamp(writer, {}, layout)["inputs"]["data"]) == {
        "customs.csv",
        "series.csv",
        "sources.csv",
    }

    def digest_after(change) -> str:
        change()
        return runner.compute_stamp(writer, {}, layout)["digest"]

    book = nbformat.read(writer, as_version=4)
    book.cells[3].outputs = [nbformat.v4.new_output("stream", text="stale\n")]
    book.cells[3].metadata["collapsed"] = True
    assert digest_after(lambda: nbformat.write(book, writer)) == base  # outputs, metadata
    assert digest_after(lambda: (layout.processed / "cbec.csv").write_text("x\n")) == base
    assert runner.compute_stamp(writer, {"currency": "USD"}, layout)["digest"] != base
    seen = {base}
    for change in (
        lambda: (layout.processed / "sources.csv").write_text("changed\n"),
        lambda: (layout.processed / "customs.csv").unlink(),
        lambda: (layout.library / "sub").mkdir() or (layout.library / "sub" / "x.py").touch(),
        lambda: nbformat.write(_edited(book), writer),
    ):
        digest = digest_after(change)
        assert digest not in seen
        seen.add(digest)


def _edited(book: nbformat.NotebookNode) -> nbformat.NotebookNode:
    book.cells[3].source += "\nedited = True"
    return book


def test_format_only_change_refreshes_sources_without_a_kernel(
    layout: Layout, monkeypatch: pytest.MonkeyPatch
) -> None:
    writer = nb(layout, "writer")
    quiet([writer], layout=layout)
    book = nbformat.read(writer, as_version=4)
    book.cells[3].source = book.cells[3].source.replace("print(", "print(  ") + "  # a comment"
    book.cells[0].source += "\n\nA new sentence."
    nbformat.write(book, writer)
    monkeypatch.setattr(runner, "ProcessPoolExecutor", NoPool)
    [result] = quiet([writer], layout=layout)
    assert (result.status, result.reason) == ("skipped", "up to date")
    copy = nbformat.read(executed(layout, "writer"), as_version=4)
    assert [c.source for c in copy.cells] == [c.source for c in book.cells]
    assert copy.cells[3].outputs[0].text == "RMB latest total=18\n"  # outputs kept
    book.cells[3].source += "\nprint(1)"  # a code change does need a kernel
    nbformat.write(book, writer)
    with pytest.raises(AssertionError, match="a kernel was started"):
        quiet([writer], layout=layout)


def test_stale_reason_names_what_changed(layout: Layout) -> None:
    old = runner.compute_stamp(nb(layout, "writer"), {}, layout)
    (layout.processed / "customs.csv").write_text("new\n")
    (layout.library / "derive.py").write_text("SCALE = 2\n")
    new = runner.compute_stamp(nb(layout, "writer"), {}, layout)
    assert runner.stale_reason(old, new) == "data changed: customs.csv; library changed"
    assert runner.stale_reason(new, new) == ""
    assert runner.stale_reason(None, new) == "no stamp"


def test_reads_entry_may_name_a_folder(layout: Layout) -> None:
    counter = nb(layout, "counter")
    book = nbformat.read(counter, as_version=4)
    book.metadata.smeintl.reads = ["paper"]
    nbformat.write(book, counter)
    (layout.processed / "paper").mkdir()
    (layout.processed / "paper" / "table-09.csv").write_text("a\n")
    stamp = runner.compute_stamp(counter, {}, layout)
    assert set(stamp["inputs"]["data"]) == {"paper/table-09.csv", "series.csv", "sources.csv"}
    (layout.processed / "paper" / "table-10.csv").write_text("b\n")
    assert runner.compute_stamp(counter, {}, layout)["digest"] != stamp["digest"]


def test_undeclared_reads_lists_what_is_missing() -> None:
    assert runner.undeclared_reads("cbec\ncbec\n", ["cbec", "series", "sources"]) is None
    error = runner.undeclared_reads("rules\ncustoms\ncbec\n", ["cbec"])
    assert error is not None and error.cell is None
    assert error.evalue.startswith("loaded customs, rules but metadata.smeintl.reads does not")
    assert '["customs", "rules"]' in error.evalue


def test_bad_reads_metadata_is_refused(layout: Layout) -> None:
    book = nbformat.read(nb(layout, "counter"), as_version=4)
    book.metadata.smeintl.reads = ["../raw/customs"]
    nbformat.write(book, nb(layout, "counter"))
    with pytest.raises(runner.NotebookError, match="processed file stem"):
        runner.compute_stamp(nb(layout, "counter"), {}, layout)


def test_kernel_start_failure_is_retried_once(
    layout: Layout, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []

    def flaky(input_path: str, output_path: str, **kwargs) -> None:
        calls.append(kwargs["kernel_name"])
        if len(calls) == 1:
            raise RuntimeError("Kernel didn't respond in 60 seconds")
        shutil.copy(input_path, output_path)

    import papermill

    monkeypatch.setattr(papermill, "execute_notebook", flaky)
    monkeypatch.setattr(runner.os, "environ", dict(runner.os.environ))  # execute() sets kernel env
    counter = nb(layout, "counter")
    result = runner.execute(Job(counter, counter, {}, failed_copy=layout.runs / "c.failed.ipynb"))
    assert (result.status, calls) == ("ok", ["python3", "python3"])

    calls.clear()
    monkeypatch.setattr(runner, "_RETRYABLE", ("never matches",))
    result = runner.execute(Job(counter, counter, {}))
    assert result.status == "failed" and len(calls) == 1
    assert str(result.error).startswith("RuntimeError: Kernel didn't respond")


def test_own_cell_index_skips_injected_cells() -> None:
    book = nbformat.v4.new_notebook()
    book.cells = [nbformat.v4.new_code_cell(str(i)) for i in range(4)]
    book.cells[1].metadata["tags"] = ["injected-parameters"]
    assert [runner.own_cell_index(book, i) for i in range(4)] == [0, None, 1, 2]


def test_normalise_gives_stable_ids_to_old_notebooks(layout: Layout) -> None:
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    old = nbformat.read(nb(layout, "writer"), as_version=4)
    old.nbformat_minor = 4
    for cell in old.cells:
        del cell["id"]
    nbformat.write(old, nb(layout, "writer"))
    runs = [  # what papermill does to the notebook before executing it
        runner.normalise(
            parameterize_notebook(load_notebook_node(str(nb(layout, "writer"))), {"scale": 2}), old
        )
        for _ in range(2)
    ]
    assert [c.id for c in runs[0].cells] == [
        "cell-0",
        "cell-1",
        "injected-parameters",
        "cell-2",
        "cell-3",
    ]
    assert nbformat.writes(runs[0]) == nbformat.writes(runs[1])


def _code_notebook(path: Path, *sources: str) -> Path:
    book = nbformat.v4.new_notebook()
    book.cells = [nbformat.v4.new_code_cell(src) for src in sources]
    book.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(book, path)
    return path


def test_reused_kernel_does_not_leak_names_between_notebooks(layout: Layout) -> None:
    # one worker, so the second notebook runs in the kernel the first one used
    first = _code_notebook(layout.notebooks / "a_defines.ipynb", "leaked = 41 + 1")
    second = _code_notebook(
        layout.notebooks / "b_checks.ipynb", "print('leaked' in dir(), 'leaked' in globals())"
    )
    results = quiet([first, second], force=True, layout=layout, jobs=1)
    assert [r.status for r in results] == ["ok", "ok"]
    copy = layout.executed_dir / second.name
    out = nbformat.read(copy, as_version=4).cells[0].outputs[0]["text"]
    assert out.strip() == "False False"
    # execution counts restart at 1 in each notebook, whatever the kernel counted before
    assert nbformat.read(copy, as_version=4).cells[0].execution_count == 1


def test_warm_and_cold_kernels_give_identical_notebooks(layout: Layout) -> None:
    notebook = nb(layout, "writer")
    run_notebooks([notebook], None, True, 1, layout=layout, progress=None, warm=True)
    warm = executed(layout, "writer").read_bytes()
    run_notebooks([notebook], None, True, 1, layout=layout, progress=None, warm=False)
    assert executed(layout, "writer").read_bytes() == warm


def test_sweep_runs_each_value_as_its_own_suffixed_run(layout: Layout) -> None:
    writer = nb(layout, "writer")
    results = run_notebooks(
        [writer], {"currency": "USD"}, layout=layout, progress=None, sweep=("scale", ["2", "3"])
    )
    assert [(r.status, r.params) for r in results] == [
        ("ok", {"currency": "USD", "scale": 2}),
        ("ok", {"currency": "USD", "scale": 3}),
    ]
    assert [r.output.name for r in results] == [
        "writer__currency-USD__scale-2.ipynb",
        "writer__currency-USD__scale-3.ipynb",
    ]
    assert (layout.notebooks / "writer-USD.csv").read_text().splitlines()[1] in ("2019,6", "2019,9")
    # each run is the same as a separate -p run of that value
    swept = results[1].output.read_bytes()
    [alone] = quiet([writer], {"currency": "USD", "scale": "3"}, force=True, layout=layout)
    assert alone.output == results[1].output and alone.output.read_bytes() == swept
    assert main(["writer", "--sweep", "scale"]) == 2
