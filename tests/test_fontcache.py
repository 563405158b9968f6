"""The font-subset cache: a hit gives the bytes fontTools gives, every input is in the key, and
a damaged or unwritable cache is never trusted or fatal."""

from __future__ import annotations

import shutil

import pytest

from smeintl import fontcache, plotting

CHARS = "Exports 2024 (RMB trillion) −4.5%"


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setattr(fontcache, "CACHE", tmp_path / "fonts")
    plotting._common_face.cache_clear()
    yield tmp_path / "fonts"
    plotting._common_face.cache_clear()


def direct(chars: str) -> bytes:
    return plotting._subset(plotting._face_path(400, "normal"), chars, "woff")


def test_a_hit_is_the_bytes_fonttools_gives(cache) -> None:
    first = plotting.font_subset(400, "normal", CHARS)
    assert len(list(cache.iterdir())) == 2  # the common face and the subset
    plotting._common_face.cache_clear()
    calls = []
    original = plotting._subset
    try:
        plotting._subset = lambda *a: calls.append(a) or original(*a)
        again = plotting.font_subset(400, "normal", CHARS)
    finally:
        plotting._subset = original
    assert calls == []  # served from the cache, not subset again
    assert first == again == direct(CHARS)


def test_every_input_is_part_of_the_key(tmp_path) -> None:
    face = plotting._face_path(400, "normal")
    other_face = tmp_path / "face.ttf"
    shutil.copyfile(face, other_face)
    other_face.write_bytes(other_face.read_bytes() + b"\0")
    recipe = tmp_path / "recipe.py"
    recipe.write_text("options = 1\n")
    base = fontcache.key(face, CHARS, "woff", str(recipe))
    assert fontcache.key(face, CHARS, "woff", str(recipe)) == base
    assert fontcache.key(face, CHARS + "x", "woff", str(recipe)) != base
    assert fontcache.key(face, CHARS, None, str(recipe)) != base
    assert fontcache.key(str(other_face), CHARS, "woff", str(recipe)) != base
    recipe.write_text("options = 2\n")
    fontcache._file_digest.cache_clear()
    assert fontcache.key(face, CHARS, "woff", str(recipe)) != base


def test_a_damaged_entry_is_recomputed_and_repaired(cache) -> None:
    good = plotting.font_subset(400, "normal", CHARS)
    for entry in cache.iterdir():
        data = bytearray(entry.read_bytes())
        data[-1] ^= 0xFF
        entry.write_bytes(bytes(data))
    plotting._common_face.cache_clear()
    assert plotting.font_subset(400, "normal", CHARS) == good == direct(CHARS)
    assert fontcache.cached(sorted(p.name for p in cache.iterdir())[0], lambda: b"") != b""


def test_an_unwritable_cache_still_gives_the_subset(cache, monkeypatch) -> None:
    def refuse(path, data):
        raise PermissionError(f"read-only: {path}")

    monkeypatch.setattr(fontcache, "write_cache_file", refuse)
    assert plotting.font_subset(400, "normal", CHARS) == direct(CHARS)
    assert not cache.exists()
