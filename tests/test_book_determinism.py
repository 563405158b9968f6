"""The same sources give the same HTML: in two different directories, and incrementally.

The book's sources (``_config.yml``, ``_toc.yml``, ``book/`` with the pages ``make book``
generates, the executed notebooks) are copied into two directories of different names and
depths and rendered there from scratch. The two ``_build/html`` trees must be byte-identical
apart from Sphinx's ``.buildinfo`` (``.doctrees`` lives outside ``_build/html``). Then one copy
is rendered again after some sources changed (an incremental render), and must equal a clean
render of the same changed sources in the other; no page may carry a ``?v=`` query string.
"""

from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
JUPYTER_BOOK = Path(sys.executable).with_name("jupyter-book")
IGNORED = {".buildinfo"}


def copy_sources(dest: Path) -> Path:
    generated = ROOT / "book" / "generated"
    assert generated.is_dir(), f"{generated} is missing: run `make book` first"
    dest.mkdir(parents=True)
    for name in ("_config.yml", "_toc.yml"):
        shutil.copy2(ROOT / name, dest / name)
    shutil.copytree(ROOT / "book", dest / "book")
    (dest / "notebooks").mkdir()
    for notebook in sorted((ROOT / "notebooks").glob("*.ipynb")):
        shutil.copy2(notebook, dest / "notebooks" / notebook.name)
    return dest


def render(folder: Path) -> Path:
    cmd = [str(JUPYTER_BOOK), "build", ".", "-W", "-n", "--keep-going", "--quiet"]
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    result = subprocess.run(cmd, cwd=folder, capture_output=True, text=True, env=env)
    assert result.returncode == 0, f"{' '.join(cmd)} in {folder} failed:\n{result.stderr[-3000:]}"
    return folder / "_build" / "html"


def files(tree: Path) -> dict[str, Path]:
    return {
        p.relative_to(tree).as_posix(): p
        for p in sorted(tree.rglob("*"))
        if p.is_file() and p.name not in IGNORED
    }


def differences(a: Path, b: Path) -> list[str]:
    left, right = files(a), files(b)
    problems = [f"only in the first build: {name}" for name in sorted(left.keys() - right.keys())]
    problems += [f"only in the second build: {name}" for name in sorted(right.keys() - left.keys())]
    problems += [
        f"differs: {name}"
        for name in sorted(left.keys() & right.keys())
        if not filecmp.cmp(left[name], right[name], shallow=False)
    ]
    return problems


def query_strings(tree: Path) -> list[str]:
    return [
        name
        for name, path in files(tree).items()
        if name.endswith(".html") and "?v=" in path.read_text()
    ]


def test_two_clean_builds_and_an_incremental_one_are_identical(tmp_path: Path) -> None:
    first = copy_sources(tmp_path / "one")
    second = copy_sources(tmp_path / "two" / "a" / "deeper" / "copy")
    html_first, html_second = render(first), render(second)
    assert not differences(html_first, html_second), "\n".join(
        ["two clean builds of the same sources differ:", *differences(html_first, html_second)]
    )
    assert not query_strings(html_first), f"?v= query strings in {query_strings(html_first)}"

    # incremental: a page and a chapter title (shown in every page's sidebar) change; the first
    # copy renders incrementally, the second from scratch: same files. (A changed stylesheet or
    # template rewrites every page anyway: see smeintl.booksite.assets_digest.)
    for folder in (first, second):
        change_sources(folder)
    render(first)
    shutil.rmtree(second / "_build")
    render(second)
    problems = differences(html_first, html_second)
    assert not problems, "\n".join(["an incremental render differs from a clean one:", *problems])
    assert not query_strings(html_first), f"?v= query strings in {query_strings(html_first)}"


def change_sources(folder: Path) -> None:
    intro = folder / "book" / "intro.md"
    intro.write_text(intro.read_text() + "\nA sentence added for the test.\n")
    glossary = folder / "book" / "glossary.md"
    text = glossary.read_text()
    assert "\n# Glossary\n" in text, "the test renames the glossary page's title"
    glossary.write_text(text.replace("\n# Glossary\n", "\n# Glossary of terms\n"))
