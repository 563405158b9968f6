"""The cache of a vintage's items: a hit returns exactly what the library computes, a change to
the processed data is a different key, and a damaged entry is recomputed."""

from __future__ import annotations

import shutil

import pytest

from smeintl import itemcache, paths, views
from smeintl.diff import Item

VINTAGE = "2025-06-30"


@pytest.fixture
def cache(tmp_path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(itemcache, "CACHE", tmp_path / "items")
    return tmp_path / "items"


def test_a_hit_is_what_the_library_computes(cache, monkeypatch: pytest.MonkeyPatch) -> None:
    computed = views.items(VINTAGE)
    assert itemcache.items(VINTAGE) == computed  # a miss: computed and stored
    assert len(list(cache.glob("*.json"))) == 1

    def refuse(vintage: str) -> dict[str, Item]:
        raise AssertionError("a hit must not compute")

    monkeypatch.setattr(views, "items", refuse)
    hit = itemcache.items(VINTAGE)
    assert hit == computed
    assert list(hit) == list(computed)  # the order of the items too


def test_the_processed_data_are_part_of_the_key(tmp_path, monkeypatch) -> None:
    before = itemcache.fingerprint()
    copy = tmp_path / "processed"
    shutil.copytree(paths.DATA_PROCESSED, copy)
    monkeypatch.setattr(paths, "DATA_PROCESSED", copy)
    assert itemcache.fingerprint() == before  # same bytes elsewhere: same key
    target = copy / "observations.csv"
    target.write_bytes(target.read_bytes().replace(b"2.75", b"2.85", 1))
    assert itemcache.fingerprint() != before


def test_a_damaged_entry_is_recomputed(cache, monkeypatch: pytest.MonkeyPatch) -> None:
    fresh = {"glue:x": Item("glue", "glue:x", "chapter 01, x", "1.5", frozenset({("s", "2024")}))}
    monkeypatch.setattr(views, "items", lambda vintage: fresh)
    path = itemcache._path(VINTAGE, itemcache.fingerprint())
    path.parent.mkdir(parents=True)
    path.write_bytes(b'[["glue", "glue:x"')  # cut short, as by a killed process
    assert itemcache.items(VINTAGE) == fresh
    assert itemcache._decode(path.read_bytes()) == fresh
