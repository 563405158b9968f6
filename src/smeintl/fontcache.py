"""Font subsets kept between processes under ``_build/cache/fonts``.

Cutting a WOFF subset of a DejaVu face with fontTools takes 0.2–0.4 s per face in a new process
(most of it parsing the whole face), and every kernel that draws a figure, and ``generate``,
used to pay it again for the same faces and the same characters. A subset depends only on the
face's bytes, the characters, the output flavour, the subsetting options and the fontTools
version, so it is stored under the sha256 of those; a different face file or fontTools is a
different key. An entry carries the sha256 of its content and is recomputed when damaged. The
cache is a build artefact, never committed; the bytes are those the subsetter gives (tested).
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from pathlib import Path

from smeintl import paths
from smeintl.outputs import write_cache_file

CACHE = paths.BUILD / "cache" / "fonts"
FORMAT = 1  # bump when the stored layout changes


@functools.cache
def _file_digest(path: str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def key(face: str, chars: str, flavor: str | None, recipe: str) -> str:
    """The entry's name: sha256 of the face file's content, the characters, the flavour, the
    ``recipe`` (the file that holds the subsetting options: any edit of it is a new key), the
    fontTools version and :data:`FORMAT`."""
    import fontTools

    parts = [str(FORMAT), fontTools.version, _file_digest(face), _file_digest(recipe)]
    text = "\n".join([*parts, flavor or "ttf", chars])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def cached(name: str, compute: Callable[[], bytes]) -> bytes:
    """The bytes stored under ``name``, or ``compute()``'s, stored for the next process."""
    path = CACHE / name
    try:
        stored = path.read_bytes()
    except OSError:
        stored = b""
    digest, data = stored[:32], stored[32:]
    if len(digest) == 32 and hashlib.sha256(data).digest() == digest:
        return data
    data = compute()
    try:
        write_cache_file(path, hashlib.sha256(data).digest() + data)
    except OSError:  # a read-only checkout still draws its figures, only more slowly
        pass
    return data
