"""Accept new results: ``python -m smeintl accept [NOTEBOOK ...] [--check]`` (``make accept``).

The committed notebooks, with their outputs, are the reviewed reference that strict nbval
re-executes and compares. ``make book`` writes executed copies to ``_build/site/notebooks/``
instead of replacing them; this command shows, for each notebook whose executed copy differs,
what changed as readable lines (glued values by name, printed lines and table rows by cell, not
JSON), then copies the executed copy over the committed notebook. ``--check`` only reports, and
exits 1 when a result changed (the test suite uses it).
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from pathlib import Path

import nbformat

from smeintl import paths
from smeintl.outputs import write_bytes_atomically
from smeintl.runner import code_digest

MAX_LINES = 40  # per notebook: a summary, not the whole table


def _text(output: nbformat.NotebookNode) -> tuple[str, str]:
    """(label, text) of one output: a glued value is labelled by its name."""
    kind = output.get("output_type")
    if kind == "stream":
        return "", output.get("text", "")
    if kind == "error":
        return "error", f"{output.get('ename')}: {output.get('evalue')}"
    data = output.get("data", {})
    name = output.get("metadata", {}).get("scrapbook", {}).get("name")
    mimes = (
        "text/markdown",
        "text/plain",
        "application/papermill.record/text/markdown",
        "application/papermill.record/text/plain",
    )
    for mime in mimes:
        if mime in data:
            text = data[mime]
            text = "".join(text) if isinstance(text, list) else text
            # a number glued as an evidence link reads as its label: [RMB 1.62 trillion](…)
            return (f"glue {name}" if name else ""), _LINK.sub(r"\1", text)
    return "", ", ".join(sorted(data))  # e.g. an image: its kind only, never its bytes


def result_lines(nb: nbformat.NotebookNode) -> list[str]:
    """Every output of every code cell as ``cell <i> | text`` lines (cells 0-based, own cells)."""
    lines = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for output in cell.get("outputs", []):
            label, text = _text(output)
            where = f"cell {i}" + (f" {label}" if label else "")
            lines += [f"{where} | {line}" for line in str(text).splitlines() or [""]]
    return lines


_LINK = re.compile(r'\[([^\]]*)\]\((?:[^()"]|"[^"]*")*\)')  # [label](target "hover title")


def changes(reference: Path, executed: Path) -> list[str]:
    """Readable lines saying how ``executed``'s results differ from ``reference``'s ([] if not)."""
    old = nbformat.read(reference, as_version=4)
    new = nbformat.read(executed, as_version=4)
    diff = [
        line
        for line in difflib.unified_diff(result_lines(old), result_lines(new), n=0, lineterm="")
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    if len(diff) > MAX_LINES:
        diff = [*diff[:MAX_LINES], f"… and {len(diff) - MAX_LINES} more changed lines"]
    return [f"  was {line[1:]}" if line[0] == "-" else f"  now {line[1:]}" for line in diff]


def pending(names: list[str] | None = None) -> list[tuple[Path, Path, list[str]]]:
    """(committed, executed copy, changes) for each notebook whose executed copy differs."""
    found = []
    committed = sorted(p for p in paths.NOTEBOOKS.glob("*.ipynb") if not p.name.startswith("."))
    if names:
        committed = [p for p in committed if p.name in names or p.stem in names]
    for path in committed:
        copy = paths.EXECUTED / path.name
        if not copy.exists():
            raise FileNotFoundError(
                f"{paths.relative(copy)} is missing: run `make book` (or `make notebooks`) first"
            )
        if copy.read_bytes() == path.read_bytes():
            continue
        if code_digest(nbformat.read(copy, as_version=4)) != code_digest(
            nbformat.read(path, as_version=4)
        ):
            raise ValueError(
                f"{paths.relative(copy)} was executed from other code than "
                f"{paths.relative(path)}: run `make notebooks` first"
            )
        found.append((path, copy, changes(path, copy)))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m smeintl accept", description=__doc__)
    parser.add_argument("notebooks", nargs="*", metavar="NOTEBOOK", help="names (default: all)")
    parser.add_argument("--check", action="store_true", help="report only; exit 1 on a change")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    try:
        found = pending(args.notebooks or None)
    except (FileNotFoundError, ValueError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    if not found:
        print("the committed notebooks hold the current results: nothing to accept")
        return 0
    for committed, copy, lines in found:
        what = "results changed" if lines else "only cell ids or metadata changed"
        print(f"{paths.relative(committed)}: {what}")
        for line in lines:
            print(line)
        if not args.check:
            write_bytes_atomically(committed, copy.read_bytes())
    if args.check:
        print(
            "\nThe executed notebooks differ from the committed reference. If the change is "
            "intended, run `make accept` to make it the new reference."
        )
        return 1
    print(f"accepted {len(found)} notebook(s): review with `git diff notebooks/` and commit")
    return 0
