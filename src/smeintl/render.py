"""Render the book from the executed notebooks: ``python -m smeintl render [--clean] [-j N]``.

The book's source folder is ``_build/site``: relative links to the repository's top-level entries
(``_config.yml``, ``_toc.yml``, ``book/`` …) beside a real ``notebooks/`` folder that holds the
runner's executed copies. The committed notebooks are never rendered directly, so building the
book cannot replace the reviewed reference; ``_toc.yml`` keeps naming ``notebooks/…`` and the
pages keep their addresses. jupyter-book's own build is called in this process (no execution:
``execute_notebooks: "off"``), strict as before (``-W -n --keep-going``), writing
``_build/html``; the seconds it took go to ``_build/timings/render.txt``, never into the book.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from pathlib import Path

from smeintl import paths
from smeintl.outputs import write_bytes_atomically

# Top-level entries the site does not link: its own notebooks folder, build outputs, and what the
# book never reads (also excluded in _config.yml).
NOT_LINKED = {"_build", "notebooks", "data", "src", "tests"}


def prepare_site(root: Path | None = None, site: Path | None = None) -> Path:
    """Create or update the site folder's links; return it. Idempotent, and cheap."""
    root = root or paths.ROOT
    site = site or paths.SITE
    (site / "notebooks").mkdir(parents=True, exist_ok=True)
    wanted = {
        e.name: os.path.relpath(e, site)
        for e in root.iterdir()
        if not e.name.startswith(".") and e.name not in NOT_LINKED
    }
    for entry in site.iterdir():
        if entry.is_symlink() and os.readlink(entry) != wanted.get(entry.name):
            entry.unlink()
    for name, target in sorted(wanted.items()):
        link = site / name
        if not link.is_symlink():
            link.symlink_to(target)
    return site


def render(*, clean: bool = False, jobs: int = 1, output: Path | None = None) -> int:
    """Build the HTML book from the site folder; return jupyter-book's status (0 is success)."""
    from jupyter_book.sphinx import build_sphinx

    site = prepare_site()
    output = output or paths.HTML
    doctrees = output.parent / ".doctrees"
    if clean:
        shutil.rmtree(output, ignore_errors=True)
        shutil.rmtree(doctrees, ignore_errors=True)
    started = time.perf_counter()
    status = build_sphinx(
        site,
        output,
        doctreedir=doctrees,
        noconfig=True,
        path_config=str(site / "_config.yml"),
        confoverrides={
            "external_toc_path": (site / "_toc.yml").as_posix(),
            "latex_individualpages": False,
            "nitpicky": True,
        },
        warningiserror=True,
        keep_going=True,
        quiet=True,
        jobs=jobs,
    )
    seconds = time.perf_counter() - started
    write_bytes_atomically(paths.TIMINGS / "render.txt", f"{seconds:.3f}\n".encode())
    if status:
        print(f"error: the book did not build (status {status}); see the messages above")
    else:
        print(f"rendered {paths.relative(output)} in {seconds:.1f} s")
    return int(status or 0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m smeintl render", description=__doc__)
    parser.add_argument("--clean", action="store_true", help="remove the previous build first")
    parser.add_argument("-j", "--jobs", type=int, default=1, help="Sphinx processes (default 1)")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    return render(clean=args.clean, jobs=args.jobs)
