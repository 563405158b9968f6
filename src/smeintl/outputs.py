"""Where a table or figure is written, under which name for a given parameter set, and how.

:func:`write_bytes_atomically` is the project's one writer of files (processed data, generated
pages, tables, figures, executed notebooks, stamps): a temporary file in the same folder renamed
over the target, with the permissions the umask gives a new file (``mkstemp`` alone makes them
0600). An unchanged file is left alone, mtime included.

A failed run leaves no partial outputs. Under the runner (``SMEINTL_STAGE`` set) every write goes
to that staging folder instead, at the same path relative to the root, and the runner moves the
files into place only when the whole notebook succeeded. Elsewhere (papermill, nbconvert,
JupyterLab) :func:`smeintl.notebook.check_params` arms :func:`roll_back`, which a failing cell
triggers: files this run created are removed and files it replaced get their old content back.

Defaults produce ``table-02.csv``; any parameter that differs from the project-wide default is
appended, so a non-default run never overwrites the default outputs:
``table-02__currency-USD.csv``.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from smeintl import paths

DEFAULTS: dict[str, str] = {"currency": "RMB", "vintage": "latest", "scenario": "baseline"}


def stem(kind: str, key: int | str, params: Mapping[str, str] | None = None) -> str:
    """``table-02``, ``figure-03__vintage-2021-06-30`` or, for an output that is not one of the
    paper's numbered ones, its name: ``rules-timeline__scenario-energy_shock``.

    Non-default parameters are appended, sorted by name.
    """
    name = f"{kind}-{key:02d}" if isinstance(key, int) else key
    extra = sorted((k, str(v)) for k, v in (params or {}).items() if DEFAULTS.get(k) != str(v))
    return name + "".join(f"__{k}-{v}" for k, v in extra)


STAGE_ENV = "SMEINTL_STAGE"
_BEFORE: dict[Path, bytes | None] = {}  # path → its content before this run wrote it


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def written(path: Path) -> Path:
    """Where this process writes ``path``: in a staged run (``SMEINTL_STAGE``) its copy in the
    staging folder, until the run is committed; otherwise (or outside the project) ``path``."""
    path = Path(path)
    stage = os.environ.get(STAGE_ENV)
    if stage:
        try:
            return Path(stage) / path.resolve().relative_to(paths.ROOT)
        except ValueError:
            return path  # outside the project: written directly
    return path


def write_bytes_atomically(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` via a temporary file in the same folder, then rename.

    An unchanged file is left alone, mtime included, so that builds keyed on mtimes (make,
    Sphinx) see no change where there is none. The file gets ``0o666`` less the umask. Returns
    ``path`` (where the file will be once a staged run is committed).
    """
    path = Path(path)
    target = written(path)
    if target.exists() and target.read_bytes() == data:
        return path
    if target == path and path not in _BEFORE:
        _BEFORE[path] = path.read_bytes() if path.exists() else None
    _replace(target, data)
    return path


def _replace(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_cache_file(path: Path, data: bytes) -> None:
    """Write a cache entry atomically, outside any staged run: a cache holds only what its key
    determines, so it is neither staged nor rolled back."""
    _replace(Path(path), data)


def start_run() -> None:
    """Forget earlier writes: what :func:`roll_back` undoes starts here."""
    _BEFORE.clear()


def roll_back() -> list[str]:
    """Undo this run's writes (remove new files, restore replaced ones); the paths undone."""
    undone = []
    for path, before in sorted(_BEFORE.items()):
        if before is None:
            path.unlink(missing_ok=True)
        else:
            _replace(path, before)
        undone.append(paths.relative(path))
    _BEFORE.clear()
    return undone


def commit_stage(stage: Path, root: Path | None = None) -> list[Path]:
    """Move every file of a staging folder to the same place under ``root`` (the project's root
    by default); the paths moved. Files equal to their target are dropped, so the target keeps
    its mtime.
    """
    moved = []
    for staged in sorted(p for p in Path(stage).rglob("*") if p.is_file()):
        final = (root or paths.ROOT) / staged.relative_to(stage)
        if final.exists() and final.read_bytes() == staged.read_bytes():
            continue
        final.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staged, final)
        moved.append(final)
    return moved


def table_path(key: int | str, params: Mapping[str, str] | None = None) -> Path:
    return paths.TABLES / f"{stem('table', key, params)}.csv"


def figure_path(key: int | str, suffix: str, params: Mapping[str, str] | None = None) -> Path:
    return paths.FIGURES / f"{stem('figure', key, params)}.{suffix}"
