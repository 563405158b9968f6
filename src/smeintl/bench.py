"""``python -m smeintl bench``: build times measured side by side in one run.

(a) naive: jupyter-book executes every notebook itself (``execute_notebooks: force``, clean
    output folder); (b) ours: ``smeintl run --force`` (kernels reused per worker) then a render
    with execution off, incremental as ``make book`` does it, and from a clean output folder;
    (c) a no-op ``make book``; (d) ``make book`` after touching one raw file (mtime only), and
    after a content edit of one raw family file (which notebooks rerun).
Where the time goes (kernel start, cells, render) is printed from the runner's own timings.
Nothing here is a test: it prints measurements and ratios, and restores what it changed.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import yaml

from smeintl import paths

BENCH = paths.BUILD / "bench"


def _timed(cmd: list[str], **kwargs) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=paths.ROOT, capture_output=True, text=True, **kwargs)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return seconds, done.stdout + done.stderr


def _jupyter_book() -> str:
    return str(Path(sys.executable).with_name("jupyter-book"))


def _render(output: Path, execute: str, clean: bool = True) -> float:
    """Time one jupyter-book build into ``output`` (emptied first if ``clean``)."""
    if clean:
        shutil.rmtree(output, ignore_errors=True)
    config = yaml.safe_load((paths.ROOT / "_config.yml").read_text(encoding="utf-8"))
    config.setdefault("execute", {})["execute_notebooks"] = execute
    config["execute"]["timeout"] = 600
    config_path = BENCH / f"_config_{execute}.yml"
    config_path.parent.mkdir(parents=True, exist_ok=True)
    config_path.write_text(yaml.safe_dump(config), encoding="utf-8")
    seconds, _ = _timed(
        [
            _jupyter_book(),
            "build",
            ".",
            "--config",
            str(config_path),
            "--path-output",
            str(output),
            "--quiet",
        ]
    )
    return seconds


def _reran(log: str) -> list[str]:
    """Notebooks the runner started, from its ``start    notebooks/x.ipynb`` progress lines."""
    return sorted(set(re.findall(r"^start\s+(\S+\.ipynb)", log, re.MULTILINE)))


def _edit_one_note(path: Path) -> None:
    """Append a marker to the ``note`` of the first record: a content change, same schema."""
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    rows[1][rows[0].index("note")] += " (bench edit)"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")


def main(argv: list[str] | None = None) -> int:
    from smeintl.runner import run_notebooks

    BENCH.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["make", "--no-print-directory", "book"], cwd=paths.ROOT, check=True, capture_output=True
    )
    notebooks = sorted(paths.NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    print(f"benchmark on {len(notebooks)} notebooks, {os.cpu_count()} cores\n")

    naive = _render(BENCH / "naive", "force")

    _render(BENCH / "render", "off")  # a previous build, as `make book` leaves one
    start = time.perf_counter()
    results = run_notebooks(force=True, progress=None)
    run_s = time.perf_counter() - start
    render_s = _render(BENCH / "render", "off", clean=False)
    ours = run_s + render_s
    clean_render_s = _render(BENCH / "render-clean", "off")
    ours_clean = run_s + clean_render_s
    start = time.perf_counter()
    run_notebooks(force=True, progress=None, warm=False)
    cold_s = time.perf_counter() - start

    _timed(["make", "--no-print-directory", "book"])
    noop, _ = _timed(["make", "--no-print-directory", "book"])

    target = paths.DATA_RAW / "wto_unctad.csv"
    os.utime(target)
    touched, touched_log = _timed(["make", "--no-print-directory", "book"])

    original = target.read_bytes()
    manifest = paths.MANIFEST.read_bytes()
    try:
        _edit_one_note(target)
        _timed([sys.executable, "-m", "smeintl", "manifest"])
        edited, edited_log = _timed(["make", "--no-print-directory", "book"])
    finally:
        target.write_bytes(original)
        paths.MANIFEST.write_bytes(manifest)
        _timed(["make", "--no-print-directory", "book"])

    kernel = sum(r.kernel_seconds or 0 for r in results)
    cells = sum(r.execute_seconds or 0 for r in results)
    worker = sum(r.seconds for r in results)
    print(f"(a) naive jupyter-book, execute force, clean build   {naive:7.1f} s")
    print(
        f"(b) smeintl run --force + render (execution off)     {ours:7.1f} s"
        f"   = run {run_s:.1f} s + render {render_s:.1f} s (incremental, as make book does)"
    )
    print(
        f"    ratio (b)/(a)                                     {ours / naive:7.2f}   (goal ≤ 0.5)"
    )
    print(
        f"(b') the same with a clean render folder              {ours_clean:7.1f} s"
        f"   = run {run_s:.1f} s + render {clean_render_s:.1f} s; ratio {ours_clean / naive:.2f}"
    )
    print(
        f"    for comparison, a fresh kernel per notebook (--cold): run {cold_s:.1f} s "
        f"instead of {run_s:.1f} s"
    )
    print(f"(c) no-op make book                                  {noop:7.2f} s   (goal ≤ 2 s)")
    print(
        f"(d) make book after touching {paths.relative(target)} {touched:7.2f} s"
        f"   notebooks rerun: {', '.join(_reran(touched_log)) or 'none'}"
    )
    print(
        f"    make book after editing one record of it          {edited:7.2f} s"
        f"   notebooks rerun: {', '.join(_reran(edited_log)) or 'none'}"
    )
    print("\nwhere the time goes in (b), summed over notebooks (run in parallel):")
    print(
        f"    kernel start {kernel:6.1f} s   cells (imports + work) {cells:6.1f} s   "
        f"other overhead {worker - kernel - cells:6.1f} s   "
        f"render {render_s:.1f} s"
    )
    for r in sorted(results, key=lambda r: -r.seconds):
        print(
            f"    {r.notebook.name:<34} {r.seconds:5.1f} s  (kernel {r.kernel_seconds or 0:.1f}"
            f" s, cells {r.execute_seconds or 0:.1f} s)"
        )
    return 0
