"""What the book prints at a vintage, kept between processes under ``_build/cache``.

Computing every table, glued number, derived value and audit class at one vintage
(:func:`smeintl.views.items`) takes a second or two, plus the imports it needs; ``make book``
computes the paper's, the first and the latest vintage for the "What changed" chapter, and
``python -m smeintl diff`` asks for the same ones again. The result depends only on the library's
code, the processed data, the locked packages and the vintage, so it is stored under a key made
of their digests: any change to one of them is a different key, and a miss recomputes. The cache
is a build artefact (never committed, never read by the book); ``diff --no-cache`` bypasses it.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from smeintl import paths
from smeintl.diff import Item

CACHE = paths.BUILD / "cache" / "items"
FORMAT = 1  # bump when the stored layout changes


def _digest_files(files: list[Path], root: Path) -> list[list[str]]:
    return [
        [p.relative_to(root).as_posix(), hashlib.sha256(p.read_bytes()).hexdigest()]
        for p in sorted(files, key=lambda p: p.relative_to(root).as_posix())
    ]


def fingerprint() -> str:
    """sha256 over the library's ``*.py``, every file of ``data/processed`` and ``uv.lock``."""
    library = paths.ROOT / "src" / "smeintl"
    parts = {
        "format": FORMAT,
        "library": _digest_files(list(library.rglob("*.py")), library),
        "processed": _digest_files(
            [p for p in paths.DATA_PROCESSED.rglob("*") if p.is_file()], paths.DATA_PROCESSED
        ),
        "lock": _digest_files([p for p in [paths.ROOT / "uv.lock"] if p.exists()], paths.ROOT),
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def _path(vintage: str, key: str) -> Path:
    return CACHE / f"{vintage}-{key[:20]}.json"


def _encode(found: dict[str, Item]) -> bytes:
    rows = [
        [i.kind, i.key, i.where, i.value, sorted([s, p] for s, p in i.reads)]
        for i in found.values()
    ]
    return json.dumps(rows, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _decode(data: bytes) -> dict[str, Item]:
    items = {}
    for kind, key, where, value, reads in json.loads(data):
        items[key] = Item(kind, key, where, value, frozenset((s, p) for s, p in reads))
    return items


def items(vintage: str, use_cache: bool = True) -> dict[str, Item]:
    """:func:`smeintl.views.items` at ``vintage`` (``latest``, ``first`` or an ISO date), from the
    cache when the code, data and lock are those it was computed with."""
    key = fingerprint() if use_cache else ""
    path = _path(vintage, key)
    if use_cache and path.exists():
        try:
            return _decode(path.read_bytes())
        except (ValueError, TypeError):  # a damaged entry is recomputed, not trusted
            pass
    from smeintl import views
    from smeintl.outputs import write_cache_file

    found = views.items(vintage)
    if use_cache:
        for stale in CACHE.glob(f"{vintage}-*.json"):
            stale.unlink(missing_ok=True)
        write_cache_file(path, _encode(found))
    return found
