"""Execute the book's notebooks with papermill: stamps, a process pool, failure isolation.

``python -m smeintl run [NOTEBOOK ...] [--force] [-j N] [-p NAME VALUE ...]``

Where outputs go
    The committed notebooks (with outputs) are the reviewed reference, and a run never rewrites
    them: a default run writes the executed copy ``_build/site/notebooks/<stem>.ipynb``, which the
    book renders (``python -m smeintl accept`` copies it over the committed notebook after showing
    what changed). Papermill writes a temporary file in the same folder, which replaces the copy
    only when every cell succeeded, so a failure keeps the last good outputs. A run with
    non-default parameters writes ``_build/runs/<stem>__<name>-<value>.ipynb`` (one
    ``__name-value`` per parameter, sorted by name). The files a notebook writes through
    :mod:`smeintl.outputs` (tables, figures) are staged under ``_build/stage/`` and moved into
    place only when the notebook succeeded, so a failed run leaves no partial outputs.
    Papermill injects the parameters as a cell tagged ``injected-parameters``; a notebook's library
    calls derive any output-file suffix from the parameter values themselves, so the runner only
    guarantees the path of the executed notebook. A failed run leaves the executed notebook, with
    its traceback, in ``_build/runs/<stem>[__params].failed.ipynb``.

Parameters
    ``-p NAME VALUE`` is checked against the notebook's ``parameters`` cell before any kernel
    starts (grammar and the project's declarations in :mod:`smeintl.params`; a ``vintage``
    before the first release of the data the notebook reads, or after today, is refused). Named
    notebooks must all declare every given name; with no notebook named, the run covers the
    notebooks that declare all given names. Values equal to the default are dropped (that is the
    default run).

Stamps
    ``_build/stamps/<stem>[__params].json`` holds a sha256 over: the notebook's code (each code
    cell's syntax tree, so outputs, metadata, markdown cells, comments and formatting do not
    count), the parameter values, the bytes of the
    processed files it reads, and every ``src/smeintl/**/*.py``. The processed files are, for
    each name in the notebook's ``metadata.smeintl.reads`` plus ``sources`` and ``series``
    always: ``data/processed/<name>.csv`` (a family such as ``"customs"``, or ``"rules"``), or
    every file under ``data/processed/<name>/`` when that is a folder (``"paper"``). Same stamp
    and the executed notebook present: skipped as up to date; ``--force`` runs anyway. When
    only markdown, comments or formatting changed (``ruff format``, say), the executed copy gets
    the new cell sources with its outputs kept, without a kernel ("sources refreshed"). The stamp
    is written only after a success. The kernel gets ``SMEINTL_TRACE_READS``, where
    :mod:`smeintl.store` logs each family it loads; a notebook that loads one its metadata does
    not declare fails (``UndeclaredReads``), since its stamp would miss changes to that data.

Kernels
    Each worker process starts one kernel and reuses it for the next notebook it is given,
    resetting the user namespace, closing figures and switching the trace file in between; the
    imports (pandas, matplotlib, the library) and the library's caches of processed data carry
    over, which is most of a small notebook's cost. ``--cold`` starts a fresh kernel for every
    notebook instead, as papermill does by default. Strict nbval re-executes each notebook in a
    fresh kernel, so anything leaking between notebooks would show there as changed outputs.

Determinism
    Kernels get ``PYTHONHASHSEED=0``, ``MPLBACKEND=Agg`` and ``SOURCE_DATE_EPOCH=0``. Executed
    notebooks lose papermill's timestamps (``metadata.papermill``, cell ``metadata.papermill`` and
    ``metadata.execution``), empty ``tags`` lists and ``language_info.version`` (an environment
    fact that would churn diffs between machines); the injected cell gets the fixed id
    ``injected-parameters``; execution counts are papermill's, 1, 2, … in cell order. Files are
    written by nbformat (indent 1, sorted keys, final newline): the same inputs give the same
    bytes.

Exit status of :func:`main`: 0 when every notebook succeeded or was up to date, 1 when any failed
(each reported as ``FAILED notebooks/x.ipynb: cell <i> <ExceptionName>: <message>``, where ``i``
is the 0-based index in the notebook's own cells, markdown included, i.e. ``nb.cells[i]`` of the
committed file), 2 for a usage or parameter error.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import copy
import datetime as dt
import hashlib
import json
import os
import shutil
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import nbformat

from smeintl import paths
from smeintl.outputs import STAGE_ENV, commit_stage, write_bytes_atomically
from smeintl.params import ParameterError, declared_parameters, describe, resolve, suffix

KERNEL_NAME = "python3"
KERNEL_ENV = {"PYTHONHASHSEED": "0", "MPLBACKEND": "Agg", "SOURCE_DATE_EPOCH": "0"}
# Set in the runner's kernels only (not part of the documented kernel environment): the runner
# checked the parameters before the kernel started, so check_params skips papermill's history.
RUNNER_ENV = {"SMEINTL_PARAMS_CHECKED": "1"}
ALWAYS_READ = ("sources", "series")
TRACE_ENV = "SMEINTL_TRACE_READS"  # where smeintl.store logs the families a kernel loads
INJECTED_TAG = "injected-parameters"
ERROR_MARKER_TAG = "papermill-error-cell-tag"  # cells papermill adds above a failure
DEFAULT_JOBS = os.cpu_count() or 1
START_TIMEOUT = 60  # seconds for a kernel to answer; a loaded 2-core machine needs a few
# Start-up failures worth one retry: ports raced by parallel kernels, a kernel slow to answer.
_RETRYABLE = ("Kernel didn't respond", "Kernel died before replying to kernel_info")
STAMP_VERSION = 2

Status = Literal["ok", "skipped", "failed"]


class NotebookError(ValueError):
    """A notebook that cannot be run as asked: missing, unreadable, or with bad metadata."""


@dataclass(frozen=True)
class Layout:
    """The folders the runner reads and writes; :meth:`default` is the repository's."""

    root: Path
    notebooks: Path
    processed: Path
    library: Path
    stamps: Path
    runs: Path
    executed: Path | None = (
        None  # default runs' executed copies; None: <root>/_build/site/notebooks
    )

    @property
    def executed_dir(self) -> Path:
        return self.executed or self.root / "_build" / "site" / "notebooks"

    @property
    def stage(self) -> Path:
        return self.runs.parent / "stage"

    @classmethod
    def default(cls) -> Layout:
        return cls(
            root=paths.ROOT,
            notebooks=paths.NOTEBOOKS,
            processed=paths.DATA_PROCESSED,
            library=paths.LIBRARY_SRC,
            stamps=paths.STAMPS,
            runs=paths.RUNS,
            executed=paths.EXECUTED,
        )

    def show(self, path: Path) -> str:
        """``path`` relative to the root, with forward slashes, for messages."""
        try:
            return Path(path).resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return Path(path).as_posix()


@dataclass(frozen=True)
class CellError:
    """Where and how a notebook failed; ``cell`` is None when no cell is to blame."""

    cell: int | None
    ename: str
    evalue: str

    def __str__(self) -> str:
        where = f"cell {self.cell} " if self.cell is not None else ""
        return f"{where}{self.ename}: {self.evalue}"


@dataclass(frozen=True)
class Result:
    """Outcome of one notebook with one parameter set."""

    notebook: Path
    output: Path
    params: dict[str, Any]
    status: Status
    reason: str = ""  # why it ran ("no stamp", "data changed: customs.csv", …) or "up to date"
    seconds: float = 0.0  # wall time in the worker, kernel start included
    kernel_seconds: float | None = None  # until the first cell started (papermill's clock)
    execute_seconds: float | None = None  # first cell start to last cell end
    error: CellError | None = None
    failed_copy: Path | None = None  # executed notebook with the traceback, when it failed

    def report(self, layout: Layout | None = None) -> str:
        """``FAILED notebooks/x.ipynb: cell 2 ValueError: …`` (empty unless it failed)."""
        if self.status != "failed":
            return ""
        return f"FAILED {_label(self.notebook, self.params, layout)}: {self.error}"


def _label(notebook: Path, params: Mapping[str, Any], layout: Layout | None) -> str:
    name = layout.show(notebook) if layout else Path(notebook).as_posix()
    if params:
        name += " [" + ", ".join(f"{k}={v}" for k, v in sorted(params.items())) + "]"
    return name


@dataclass(frozen=True)
class Job:
    """A notebook to execute: input, where the executed notebook goes, injected parameters."""

    notebook: Path
    output: Path
    params: dict[str, Any]
    start_timeout: float = START_TIMEOUT
    execution_timeout: float | None = None
    failed_copy: Path | None = None
    reads: tuple[str, ...] | None = None  # declared reads; None skips the trace check
    warm: bool = True  # reuse this worker's kernel (reset between notebooks) instead of a new one
    stamp: dict[str, Any] = field(default_factory=dict)
    stamp_path: Path | None = None
    reason: str = ""
    stage: Path | None = None  # where the notebook's outputs wait for its success
    root: Path | None = None  # where staged outputs go (the layout's root)


# --- stamps -------------------------------------------------------------------------------------


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), default=str).encode()


def source_cells(nb: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    """The notebook's own cells: without papermill's injected-parameters and error-marker cells."""
    skip = {INJECTED_TAG, ERROR_MARKER_TAG}
    return [c for c in nb.cells if not skip & set(c.get("metadata", {}).get("tags", []))]


def cells_digest(nb: nbformat.NotebookNode) -> str:
    """sha256 over the cell types and sources, so re-executing (new outputs) keeps it."""
    return _sha256(_canonical([[c.cell_type, c.source] for c in source_cells(nb)]))


def _code(source: str) -> str:
    """A code cell as its syntax tree (comments and formatting gone); the text if not Python."""
    try:
        return ast.dump(ast.parse(source))
    except SyntaxError:  # IPython magics, shell escapes: compare the text itself
        return source


def code_digest(nb: nbformat.NotebookNode) -> str:
    """sha256 over the code cells' syntax trees, in order: what execution depends on.

    Re-executing, editing markdown, comments or formatting (``ruff format``) keep it.
    """
    return _sha256(_canonical([_code(c.source) for c in source_cells(nb) if c.cell_type == "code"]))


def declared_reads(nb: nbformat.NotebookNode, label: str = "notebook") -> list[str]:
    """Names a notebook reads: ``metadata.smeintl.reads`` plus sources and series, sorted."""
    declared = nb.metadata.get("smeintl", {}).get("reads", [])
    if not isinstance(declared, list) or not all(isinstance(n, str) for n in declared):
        raise NotebookError(f"{label}: metadata.smeintl.reads must be a list of names")
    names = sorted(set(declared) | set(ALWAYS_READ))
    for name in names:
        if not name or Path(name).is_absolute() or ".." in Path(name).parts or "." in name:
            raise NotebookError(
                f"{label}: metadata.smeintl.reads entry {name!r} must be a processed file stem "
                f"such as 'customs' (data/processed/customs.csv) or folder such as 'paper'"
            )
    return names


def reads(nb: nbformat.NotebookNode, processed: Path, label: str = "notebook") -> list[Path]:
    """Processed files a notebook reads: ``<name>.csv``, or every file of folder ``<name>``."""
    files: list[Path] = []
    for name in declared_reads(nb, label):
        folder = processed / name
        if folder.is_dir():
            files.extend(sorted(p for p in folder.rglob("*") if p.is_file()))
        else:
            files.append(processed / f"{name}.csv")
    return files


def library_digest(library: Path) -> str:
    """sha256 over every ``*.py`` under ``library`` (relative path and bytes, sorted by path)."""
    files = sorted(library.rglob("*.py"), key=lambda p: p.relative_to(library).as_posix())
    return _sha256(
        _canonical([[p.relative_to(library).as_posix(), _sha256(p.read_bytes())] for p in files])
    )


def compute_stamp(
    notebook: Path,
    params: Mapping[str, Any],
    layout: Layout,
    *,
    library: str | None = None,
    file_cache: dict[Path, str | None] | None = None,
) -> dict[str, Any]:
    """The stamp of a notebook and parameter set: its inputs' digests and their combined digest.

    ``library`` (a :func:`library_digest`) and ``file_cache`` let one run hash shared inputs once.
    A missing processed file counts as ``None``, so creating it later reruns its readers.
    """
    cache = {} if file_cache is None else file_cache
    label = layout.show(notebook)
    nb = _read(notebook, label)
    data: dict[str, str | None] = {}
    for path in reads(nb, layout.processed, label):
        if path not in cache:
            cache[path] = _sha256(path.read_bytes()) if path.is_file() else None
        data[path.relative_to(layout.processed).as_posix()] = cache[path]
    inputs = {
        "cells": code_digest(nb),
        "params": {k: params[k] for k in sorted(params)},
        "data": data,
        "library": library if library is not None else library_digest(layout.library),
    }
    return {
        "version": STAMP_VERSION,
        "notebook": label,
        "digest": _sha256(_canonical(inputs)),
        "inputs": inputs,
        "sources": cells_digest(nb),  # not in the digest: a change only refreshes the copy
    }


def stale_reason(old: Mapping[str, Any] | None, new: Mapping[str, Any]) -> str:
    """Why ``new`` differs from the stored stamp ``old`` ("" when they agree)."""
    if not old or old.get("version") != new["version"] or "inputs" not in old:
        return "no stamp"
    if old.get("digest") == new["digest"]:
        return ""
    was, now = old["inputs"], new["inputs"]
    changed = [
        name
        for name in sorted(set(was.get("data", {})) | set(now["data"]))
        if was.get("data", {}).get(name) != now["data"].get(name)
    ]
    reasons = []
    if was.get("cells") != now["cells"]:
        reasons.append("notebook changed")
    if changed:
        reasons.append("data changed: " + ", ".join(changed))
    if was.get("library") != now["library"]:
        reasons.append("library changed")
    if was.get("params") != now["params"]:
        reasons.append("parameters changed")
    return "; ".join(reasons) or "stamp changed"


def _read(notebook: Path, label: str) -> nbformat.NotebookNode:
    try:
        return nbformat.read(notebook, as_version=4)
    except FileNotFoundError:
        raise NotebookError(f"no such notebook: {label}") from None
    except (OSError, ValueError) as err:  # nbformat's read errors are ValueErrors
        raise NotebookError(f"{label}: cannot read notebook: {err}") from None


def _load_stamp(path: Path) -> dict[str, Any] | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _write_atomically(path: Path, text: str) -> None:
    write_bytes_atomically(path, text.encode("utf-8"))


def _notebook_bytes(nb: nbformat.NotebookNode) -> bytes:
    """What ``nbformat.write`` writes (indent 1, sorted keys, final newline)."""
    text = nbformat.writes(nb)
    return (text if text.endswith("\n") else text + "\n").encode("utf-8")


def refresh_sources(notebook: Path, output: Path) -> bool:
    """Give the executed copy the committed notebook's cells, keeping its outputs.

    For a change that leaves the code (:func:`code_digest`) as it was: markdown, comments,
    formatting. The code cells are matched in order. Returns whether the file changed.
    """
    source = nbformat.read(notebook, as_version=4)
    executed = nbformat.read(output, as_version=4)
    ran = [c for c in executed.cells if c.cell_type == "code"]
    fresh = copy.deepcopy(source)
    code = [c for c in fresh.cells if c.cell_type == "code"]
    if len(ran) != len(code) or code_digest(source) != code_digest(executed):
        raise NotebookError(f"{output}: cannot refresh sources, the code differs")
    for cell, old in zip(code, ran, strict=True):
        cell.outputs = old.get("outputs", [])
        cell.execution_count = old.get("execution_count")
    fresh.metadata = executed.metadata
    data = _notebook_bytes(fresh)
    if output.read_bytes() == data:
        return False
    write_bytes_atomically(output, data)
    return True


# --- executing one notebook (in a worker process) -----------------------------------------------


def normalise(
    nb: nbformat.NotebookNode, source: nbformat.NotebookNode | None = None
) -> nbformat.NotebookNode:
    """Drop what changes between identical runs: papermill's timestamps and bookkeeping.

    With the ``source`` notebook, cell ids are taken from it (``cell-<i>`` where it has none):
    papermill upgrades notebooks older than nbformat 4.5 and so gives their cells random ids.
    """
    nb.metadata.pop("papermill", None)
    nb.metadata.get("language_info", {}).pop("version", None)
    count = 0
    for cell in nb.cells:
        if cell.cell_type == "code" and cell.get("execution_count") is not None:
            # a reused kernel keeps counting across notebooks: number each notebook from 1
            count += 1
            cell.execution_count = count
            for out in cell.get("outputs", []):
                if out.get("output_type") == "execute_result":
                    out["execution_count"] = count
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        if cell.metadata.get("tags") == []:
            del cell.metadata["tags"]
        if INJECTED_TAG in cell.metadata.get("tags", []) and "id" in cell:
            cell.id = INJECTED_TAG  # papermill gives it a random id
    if source is not None:
        pairs = zip(source_cells(nb), source_cells(source), strict=True)
        for i, (cell, original) in enumerate(pairs):
            if "id" in cell:
                cell.id = original.get("id") or f"cell-{i}"
    return nb


def timings(nb: nbformat.NotebookNode) -> tuple[float | None, float | None]:
    """(kernel start, execution) seconds from papermill's timestamps, before they are stripped."""
    try:
        start = dt.datetime.fromisoformat(nb.metadata.papermill.start_time)
        cells = [c.metadata.papermill for c in nb.cells if c.metadata.get("papermill")]
        first = min(dt.datetime.fromisoformat(c.start_time) for c in cells if c.get("start_time"))
        last = max(dt.datetime.fromisoformat(c.end_time) for c in cells if c.get("end_time"))
    except (AttributeError, KeyError, TypeError, ValueError):
        return None, None
    return (first - start).total_seconds(), (last - first).total_seconds()


def own_cell_index(nb: nbformat.NotebookNode, index: int) -> int | None:
    """Map papermill's ``cell_index`` (counts the injected cell) to the notebook's own index.

    ``nb`` is the executed notebook without papermill's error markers. None when the failing cell
    is the injected-parameters cell itself.
    """
    if index >= len(nb.cells) or INJECTED_TAG in nb.cells[index].metadata.get("tags", []):
        return None
    injected = sum(INJECTED_TAG in c.metadata.get("tags", []) for c in nb.cells[:index])
    return index - injected


def undeclared_reads(trace: str, declared: Iterable[str]) -> CellError | None:
    """An error when the notebook loaded data its ``metadata.smeintl.reads`` does not declare.

    Its stamp would not see changes to that data, so the run fails until the metadata is fixed.
    """
    missing = sorted({line.strip() for line in trace.splitlines() if line.strip()} - set(declared))
    if not missing:
        return None
    return CellError(
        None,
        "UndeclaredReads",
        f"loaded {', '.join(missing)} but metadata.smeintl.reads does not list "
        f"{'it' if len(missing) == 1 else 'them'}; add {json.dumps(missing)} so its stamp "
        "sees changes",
    )


@contextlib.contextmanager
def _captured_stderr() -> Iterator[Any]:
    """Send this process's stderr (which kernels inherit) to a temporary file.

    Kernels print start-up chatter (e.g. ipykernel's TCP warning) that would garble the progress
    display; the captured tail is kept for errors that no cell explains.
    """
    sys.stderr.flush()
    saved = os.dup(2)
    with tempfile.TemporaryFile("w+b") as capture:
        os.dup2(capture.fileno(), 2)
        try:
            yield capture
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)


def _tail(capture: Any, lines: int = 5) -> str:
    capture.flush()
    capture.seek(0)
    text = capture.read().decode("utf-8", "replace").strip().splitlines()
    return "\n".join(text[-lines:])


def _kernel_environment() -> None:
    os.environ.update(KERNEL_ENV)
    os.environ.update(RUNNER_ENV)
    # Put this interpreter's kernelspec first, so a user-wide "python3" spec pointing at another
    # Python cannot shadow it (the spec's "python" is replaced by sys.executable).
    venv_share = str(Path(sys.prefix) / "share" / "jupyter")
    rest = [p for p in os.environ.get("JUPYTER_PATH", "").split(os.pathsep) if p]
    os.environ["JUPYTER_PATH"] = os.pathsep.join([venv_share, *rest])


# A worker keeps one kernel and reuses it for the next notebook: starting a kernel and importing
# pandas and matplotlib in it is most of a small notebook's cost. Between notebooks the user
# namespace is reset (so a missing import still fails), figures are closed and the trace file is
# switched; what survives is imported modules and their caches of the processed data, which do
# not change during a run. Strict nbval re-executes every notebook in a fresh kernel and compares
# outputs, which guards against anything leaking between notebooks.
_WARM: dict[str, Any] = {}
_PREPARE = (
    "get_ipython().run_line_magic('reset', '-f')\n"
    "__import__('os').environ[{env!r}] = {trace!r}\n"
    "__import__('os').environ[{stage_env!r}] = {stage!r}\n"
    "if 'matplotlib.pyplot' in __import__('sys').modules:\n"
    "    __import__('sys').modules['matplotlib.pyplot'].close('all')\n"
)


def _shutdown_warm() -> None:
    km = _WARM.pop("km", None)
    if km is not None:
        km.shutdown_kernel(now=True)


def _new_session(km: Any) -> None:
    """Give the next client of ``km`` its own session id.

    Clients take the manager's session, and its id is their socket identity on the kernel's
    shell channel; clients left connected by an earlier notebook would otherwise receive the
    replies meant for the next one.
    """
    session = km.session.clone()
    session.session = str(uuid.uuid4())
    km.session = session


def _warm_kernel(
    cwd: Path, trace: Path, stage: Path, start_timeout: float
) -> tuple[Any, Any, float]:
    """This worker's kernel in ``cwd``, started if needed and prepared for the next notebook,
    with a connected client for papermill (which then skips its own start-up handshake); and
    the seconds that took (a start, the first time, then only the reset).

    The caller stops the client's channels when the notebook is done. A kernel that is already
    running is not asked ``wait_for_ready`` again: that handshake ends by listening 0.2 s for
    stray IOPub messages, twice per notebook when papermill repeats it; the reset's own reply
    shows the kernel is there."""
    from multiprocessing.util import Finalize

    from jupyter_client.manager import KernelManager

    began = time.monotonic()
    km = _WARM.get("km")
    if km is not None and (_WARM.get("cwd") != cwd or not km.is_alive()):
        _shutdown_warm()
        km = None
    if km is None:
        km = KernelManager(kernel_name=KERNEL_NAME)
        km.start_kernel(cwd=str(cwd))
        if not _WARM.get("finalizer"):
            # ProcessPoolExecutor workers skip atexit; multiprocessing's finalizers do run
            _WARM["finalizer"] = Finalize(None, _shutdown_warm, exitpriority=10)
        _WARM.update(km=km, cwd=cwd, fresh=True)
    _new_session(km)
    kc = km.client()
    try:
        kc.start_channels()
        if _WARM.pop("fresh", False):
            kc.wait_for_ready(timeout=start_timeout)
        reply = kc.execute_interactive(
            _PREPARE.format(env=TRACE_ENV, trace=str(trace), stage_env=STAGE_ENV, stage=str(stage)),
            silent=True,
            timeout=start_timeout,
        )
        if reply["content"]["status"] != "ok":
            raise RuntimeError(f"Kernel didn't respond to the reset: {reply['content']}")
    except BaseException:
        kc.stop_channels()
        _shutdown_warm()
        raise
    return km, kc, time.monotonic() - began


def execute(job: Job) -> Result:
    """Execute one notebook; replace ``job.output`` only if every cell succeeded."""
    import papermill as pm  # heavy (~2 s): imported by workers only, so no-op runs stay fast

    _kernel_environment()
    started = time.monotonic()
    output = job.output
    output.parent.mkdir(parents=True, exist_ok=True)
    # Same folder as the output, so os.replace is an atomic rename; dot-prefixed so that listing
    # notebooks/*.ipynb ignores it.
    tmp = output.with_name(f".{output.stem}.{os.getpid()}.tmp.ipynb")
    error: CellError | None = None
    kernel_s = execute_s = None
    warm_s = 0.0
    wrote_copy = False
    handle, trace_name = tempfile.mkstemp(prefix="smeintl-reads-", suffix=".txt")
    os.close(handle)
    trace = Path(trace_name)
    os.environ[TRACE_ENV] = str(trace)  # smeintl.store appends each family it loads
    stage = job.stage or output.parent / f".stage-{output.stem}-{os.getpid()}"
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir(parents=True)
    os.environ[STAGE_ENV] = str(stage)  # smeintl.outputs writes tables and figures there
    try:
        with _captured_stderr() as capture:
            for attempt in (1, 2):
                try:
                    cwd = job.notebook.resolve().parent
                    warm = {}
                    if job.warm:
                        warm["km"], warm["kc"], warm_s = _warm_kernel(
                            cwd, trace, stage, job.start_timeout
                        )
                    try:
                        pm.execute_notebook(
                            str(job.notebook.resolve()),
                            str(tmp.resolve()),
                            parameters=job.params or None,
                            kernel_name=KERNEL_NAME,
                            cwd=str(job.notebook.resolve().parent),
                            start_timeout=job.start_timeout,
                            execution_timeout=job.execution_timeout,
                            progress_bar=False,
                            request_save_on_cell_execute=False,
                            **warm,
                        )
                    finally:
                        if "kc" in warm:
                            warm["kc"].stop_channels()
                    break
                except pm.PapermillExecutionError as err:
                    executed = nbformat.read(tmp, as_version=4)
                    executed.cells = [
                        c
                        for c in executed.cells
                        if ERROR_MARKER_TAG not in c.metadata.get("tags", [])
                    ]
                    index = own_cell_index(executed, err.cell_index)
                    ename = err.ename if index is not None else f"{err.ename} (injected parameters)"
                    error = CellError(index, ename, err.evalue)
                    break
                except Exception as err:  # any failure is reported, not raised
                    if attempt == 1 and any(text in str(err) for text in _RETRYABLE):
                        continue
                    lines = [*str(err).strip().splitlines()[:1], _tail(capture)]
                    error = CellError(None, type(err).__name__, "\n".join(filter(None, lines)))
                    break
        os.environ.pop(STAGE_ENV, None)  # the runner's own writes go straight to their place
        if error is None and job.reads is not None:
            error = undeclared_reads(trace.read_text(encoding="utf-8"), job.reads)
        if tmp.exists():
            executed = nbformat.read(tmp, as_version=4)
            kernel_s, execute_s = timings(executed)
            if kernel_s is not None:
                kernel_s += warm_s  # a reused kernel starts outside papermill's clock
            normalise(executed, nbformat.read(job.notebook, as_version=4))
            if error is None:
                # unchanged files keep their mtime, so the book's render (incremental, by
                # mtime) does not re-read a page whose content did not change
                commit_stage(stage, job.root)
                write_bytes_atomically(output, _notebook_bytes(executed))
            elif job.failed_copy is not None:
                write_bytes_atomically(job.failed_copy, _notebook_bytes(executed))
                wrote_copy = True
        elif error is None:
            error = CellError(None, "RuntimeError", "papermill wrote no output notebook")
    finally:
        tmp.unlink(missing_ok=True)
        trace.unlink(missing_ok=True)
        shutil.rmtree(stage, ignore_errors=True)  # a failed run's outputs are dropped here
        os.environ.pop(STAGE_ENV, None)
    if job.failed_copy is not None and not wrote_copy:
        job.failed_copy.unlink(missing_ok=True)  # a copy from an earlier failure would mislead
    return Result(
        notebook=job.notebook,
        output=output,
        params=job.params,
        status="failed" if error else "ok",
        reason=job.reason,
        seconds=time.monotonic() - started,
        kernel_seconds=kernel_s,
        execute_seconds=execute_s,
        error=error,
        failed_copy=job.failed_copy if wrote_copy else None,
    )


# --- planning and running -----------------------------------------------------------------------


def discover(notebooks: Path) -> list[Path]:
    """Every ``*.ipynb`` directly in ``notebooks``, sorted; hidden files (temporaries) excluded."""
    return sorted(p for p in notebooks.glob("*.ipynb") if not p.name.startswith("."))


def plan(
    notebooks: Sequence[Path] | None,
    params: Mapping[str, Any],
    layout: Layout,
) -> list[tuple[Path, dict[str, Any]]]:
    """Notebooks to consider with their checked, non-default parameters.

    Raises ParameterError or NotebookError before anything runs.
    """
    if notebooks is None:
        candidates = discover(layout.notebooks)
        if params:
            # With no notebook named, the parameters select the notebooks that declare them all.
            declared = {nb: declared_parameters(nb) for nb in candidates}
            selected = [nb for nb in candidates if set(params) <= set(declared[nb])]
            if not selected:
                listing = "\n".join(
                    f"{layout.show(nb)}:\n{describe(d)}" for nb, d in declared.items()
                )
                raise ParameterError(
                    f"no notebook declares {', '.join(sorted(params))}; declared parameters:\n"
                    f"{listing or '  (no notebooks)'}"
                )
            candidates = selected
    else:
        # Named twice would mean two workers writing one output.
        candidates = list(dict.fromkeys(Path(nb).resolve() for nb in notebooks))
    planned = []
    for nb in candidates:
        if not Path(nb).is_file():
            raise NotebookError(f"no such notebook: {layout.show(nb)}")
        label = layout.show(nb)
        data, names = [], ""
        if params:
            book = _read(Path(nb), label)
            data = reads(book, layout.processed, label)
            names = ", ".join(declared_reads(book, label))
        planned.append((Path(nb), resolve(nb, params, label, data=data, data_label=names)))
    return planned


def _outputs(notebook: Path, params: Mapping[str, Any], layout: Layout) -> tuple[Path, Path, Path]:
    """(executed notebook, stamp file, failed copy) for a notebook and parameter set."""
    name = notebook.stem + suffix(params)
    output = layout.executed_dir / notebook.name if not params else layout.runs / f"{name}.ipynb"
    return output, layout.stamps / f"{name}.json", layout.runs / f"{name}.failed.ipynb"


def run_notebooks(
    paths: Sequence[Path] | None = None,
    params: Mapping[str, Any] | None = None,
    force: bool = False,
    jobs: int | None = None,
    *,
    layout: Layout | None = None,
    start_timeout: float = START_TIMEOUT,
    execution_timeout: float | None = None,
    progress: Callable[[str], None] | None = print,
    warm: bool = True,
    sweep: tuple[str, Sequence[Any]] | None = None,
) -> list[Result]:
    """Execute notebooks (default: all of ``layout.notebooks``) in parallel processes.

    ``params`` maps names to values (strings are converted by the declared type); they are checked
    before any kernel starts (ParameterError, NotebookError). Up-to-date notebooks are skipped
    unless ``force``. ``jobs`` defaults to the CPU count, capped at the number of notebooks to
    run. ``warm`` lets each worker reuse its kernel between notebooks (reset in between);
    ``warm=False`` starts a fresh kernel per notebook, as papermill does by default.
    ``sweep`` = (name, values) runs every notebook once per value of that parameter, all in
    the same pool of warm kernels (each output suffixed as for ``params``).
    Returns one Result per notebook (per sweep value, in value order) in input order; failures
    are results, not exceptions.
    """
    layout = layout or Layout.default()
    say = progress or (lambda _line: None)
    if sweep is None:
        planned = plan(paths, dict(params or {}), layout)
    else:
        name, values = sweep
        if name in (params or {}):
            raise ParameterError(f"parameter {name!r} is both set and swept")
        planned = []
        for value in values:
            planned += plan(paths, dict(params or {}) | {name: value}, layout)

    library = library_digest(layout.library)
    cache: dict[Path, str | None] = {}
    results: dict[int, Result] = {}
    pending: list[tuple[int, Job]] = []
    for i, (notebook, values) in enumerate(planned):
        output, stamp_path, failed_copy = _outputs(notebook, values, layout)
        stamp = compute_stamp(notebook, values, layout, library=library, file_cache=cache)
        reason = stale_reason(_load_stamp(stamp_path), stamp)
        if not reason and not output.exists():
            reason = "output missing"
        if not reason and not force and not values:
            old = _load_stamp(stamp_path) or {}
            if old.get("sources") != stamp["sources"] and refresh_sources(notebook, output):
                say(f"refreshed {_label(notebook, values, layout)}  (only markdown or formatting)")
            if old.get("sources") != stamp["sources"]:
                _write_atomically(
                    stamp_path,
                    json.dumps(
                        {**old, "sources": stamp["sources"]}, indent=1, sort_keys=True, default=str
                    )
                    + "\n",
                )
        if not reason and not force:
            results[i] = Result(notebook, output, values, "skipped", reason="up to date")
            say(f"skipped  {_label(notebook, values, layout)}  up to date")
            continue
        job = Job(
            notebook=notebook,
            output=output,
            params=values,
            start_timeout=start_timeout,
            execution_timeout=execution_timeout,
            failed_copy=failed_copy,
            reads=tuple(declared_reads(_read(notebook, layout.show(notebook)))),
            stamp=stamp,
            stamp_path=stamp_path,
            reason=reason or "forced",
            warm=warm,
            stage=layout.stage / f"{output.stem}",
            root=layout.root,
        )
        pending.append((i, job))

    for i, result in _execute_all(pending, jobs, layout, say):
        results[i] = result
    return [results[i] for i in range(len(planned))]


def _execute_all(
    pending: list[tuple[int, Job]], jobs: int | None, layout: Layout, say: Callable[[str], None]
) -> Iterable[tuple[int, Result]]:
    if not pending:
        return
    # One worker per core: with kernels reused, a worker's notebooks are CPU-bound (measured
    # 9.5 s with 2 workers against 12.2 s with 4, 8 notebooks on 2 cores); `--cold` runs can
    # gain from more (`-j`), since a fresh kernel waits on its sockets while it starts.
    workers = max(1, min(jobs or DEFAULT_JOBS, len(pending)))
    queue = list(pending)
    running: dict[Future[Result], tuple[int, Job]] = {}
    with ProcessPoolExecutor(max_workers=workers) as pool:
        while queue or running:
            # Submit only as many as there are workers, so "start" means started.
            while queue and len(running) < workers:
                i, job = queue.pop(0)
                say(f"start    {_label(job.notebook, job.params, layout)}  ({job.reason})")
                running[pool.submit(execute, job)] = (i, job)
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                i, job = running.pop(future)
                try:
                    result = future.result()
                except Exception as err:  # a dead worker fails its notebook only
                    result = Result(
                        job.notebook,
                        job.output,
                        job.params,
                        "failed",
                        job.reason,
                        error=CellError(None, type(err).__name__, str(err)),
                    )
                if result.status == "ok" and job.stamp_path is not None:
                    # timings ride along for the book's runtime table; the digest ignores them
                    timed = {
                        **job.stamp,
                        "last_run": {
                            "seconds": round(result.seconds, 2),
                            "kernel_seconds": result.kernel_seconds,
                            "execute_seconds": result.execute_seconds,
                        },
                    }
                    text = json.dumps(timed, indent=1, sort_keys=True, default=str) + "\n"
                    _write_atomically(job.stamp_path, text)
                timing = f"{result.seconds:.1f} s"
                if result.kernel_seconds is not None and result.execute_seconds is not None:
                    timing += (
                        f" (kernel {result.kernel_seconds:.1f} s,"
                        f" cells {result.execute_seconds:.1f} s)"
                    )
                word = "done    " if result.status == "ok" else "failed  "
                say(f"{word} {_label(job.notebook, job.params, layout)}  {timing}")
                yield i, result


# --- command line -------------------------------------------------------------------------------


def _find(name: str, layout: Layout) -> Path:
    """A notebook named on the command line: a path (from here or the root), or a stem."""
    candidates = (
        Path(name),
        layout.root / name,
        layout.notebooks / name,
        layout.notebooks / f"{name}.ipynb",
    )
    for candidate in candidates:
        if candidate.is_file() and candidate.suffix == ".ipynb":
            return candidate
    raise NotebookError(f"no such notebook: {name} (looked in {layout.show(layout.notebooks)})")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m smeintl run",
        description="Execute notebooks with papermill into _build/site/notebooks, skipping those "
        "up to date.",
    )
    parser.add_argument(
        "notebooks",
        nargs="*",
        metavar="NOTEBOOK",
        help="notebook paths or names in notebooks/ (default: all notebooks/*.ipynb)",
    )
    parser.add_argument("--force", action="store_true", help="run even if up to date")
    parser.add_argument(
        "--cold",
        action="store_true",
        help="a fresh kernel per notebook instead of one reused (and reset) kernel per worker",
    )
    parser.add_argument(
        "-j", "--jobs", type=int, metavar="N", help="parallel kernels (default: cores)"
    )
    parser.add_argument(
        "-p",
        "--parameter",
        nargs=2,
        action="append",
        default=[],
        metavar=("NAME", "VALUE"),
        help="set a parameter (repeatable); output goes to _build/runs/<stem>__NAME-VALUE.ipynb",
    )
    parser.add_argument(
        "--sweep",
        metavar="NAME=V1,V2,...",
        help="run the notebooks once per value of one parameter, in parallel on warm kernels "
        "(each output suffixed as with -p)",
    )
    return parser


def main(argv: list[str] | None = None, *, layout: Layout | None = None) -> int:
    """``python -m smeintl run …``; returns the exit status (0 ok, 1 a notebook failed, 2 usage)."""
    layout = layout or Layout.default()
    parser = _parser()
    try:
        # intermixed: `run a -p NAME VALUE b` names two notebooks
        args = parser.parse_intermixed_args(sys.argv[1:] if argv is None else argv)
    except SystemExit as exit_:  # argparse exits; the CLI wants a status
        return int(exit_.code or 0)
    if args.jobs is not None and args.jobs < 1:
        print("error: -j needs a positive number", file=sys.stderr)
        return 2
    given: dict[str, str] = {}
    for name, value in args.parameter:
        if name in given:
            print(f"error: parameter {name!r} given twice", file=sys.stderr)
            return 2
        given[name] = value

    sweep = None
    if args.sweep is not None:
        name, _, values = args.sweep.partition("=")
        swept = [v for v in values.split(",") if v]
        if not name or not swept:
            print("error: --sweep needs NAME=V1,V2,...", file=sys.stderr)
            return 2
        sweep = (name, swept)

    started = time.monotonic()
    try:
        notebooks = [_find(n, layout) for n in args.notebooks] or None
        results = run_notebooks(
            notebooks,
            given,
            args.force,
            args.jobs,
            layout=layout,
            progress=lambda line: print(line, flush=True),
            warm=not args.cold,
            sweep=sweep,
        )
    except (ParameterError, NotebookError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2

    counts = {status: sum(r.status == status for r in results) for status in ("ok", "skipped")}
    failed = [r for r in results if r.status == "failed"]
    print(
        f"{len(results)} notebook(s): {counts['ok']} run, {counts['skipped']} up to date, "
        f"{len(failed)} failed in {time.monotonic() - started:.1f} s"
    )
    for result in failed:
        print(result.report(layout), file=sys.stderr)
        if result.failed_copy is not None:
            print(f"  executed notebook: {layout.show(result.failed_copy)}", file=sys.stderr)
    return 1 if failed else 0
