"""licscan's own caches (the validated database, the classifier index): data in a folder only the user can write
(JSON, and the index's runs as raw ints under a JSON header), never a format that runs code when read, and rebuilt
whenever what is there is not what was written."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import stat
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from licscan.classify.index import load_index
from licscan.classify.match import classify_text
from licscan.classify.runs import MAGIC, PARTS, Runs
from licscan.database.loader import _load_entries, load_database
from licscan.paths import data_dir, private_cache_dir

needs_posix = pytest.mark.skipif(not hasattr(os, "getuid"), reason="file modes and owners are POSIX")


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache" / "licscan"
    monkeypatch.setenv("LICSCAN_CACHE_DIR", str(folder))
    load_database.cache_clear()
    yield folder
    load_database.cache_clear()


class _Planted:
    """What a hostile cache file would do if it were unpickled: create a file."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (Path.write_text, (str(self.marker), "code ran"))  # type: ignore[return-value]


def test_the_database_cache_is_json_that_reads_back_as_the_yaml(cache: Path) -> None:
    db = load_database()
    (written,) = cache.glob("database-*")
    assert written.suffix == ".json"
    json.loads(written.read_text(encoding="utf-8"))
    load_database.cache_clear()
    assert load_database().entries == _load_entries(data_dir("licenses")) == db.entries


@needs_posix
def test_the_cache_folder_is_private(cache: Path) -> None:
    load_database()
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700


@needs_posix
def test_a_cache_folder_others_can_write_is_made_private_before_use(cache: Path) -> None:
    cache.mkdir(parents=True)
    cache.chmod(0o777)
    assert private_cache_dir() == cache
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700


@needs_posix
def test_a_symlink_in_place_of_the_cache_folder_is_not_used(cache: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "shared"
    elsewhere.mkdir()
    cache.parent.mkdir(parents=True)
    cache.symlink_to(elsewhere)
    assert private_cache_dir() is None
    load_database()
    load_index()
    assert list(elsewhere.iterdir()) == []  # nothing was cached, so nothing is read from there either


def test_a_pickle_planted_as_the_database_cache_never_runs(cache: Path, tmp_path: Path) -> None:
    db = load_database()
    (written,) = cache.glob("database-*")
    marker = tmp_path / "pwned"
    written.write_bytes(pickle.dumps(_Planted(marker)))
    load_database.cache_clear()
    assert load_database().entries == db.entries  # rebuilt from the YAML
    assert not marker.exists()
    json.loads(written.read_text(encoding="utf-8"))  # and the cache is JSON again


def test_a_database_cache_of_another_shape_is_rebuilt(cache: Path) -> None:
    db = load_database()
    (written,) = cache.glob("database-*")
    written.write_text(json.dumps({"apache-2.0": {"key": "apache-2.0"}}), encoding="utf-8")
    load_database.cache_clear()
    assert load_database().entries == db.entries


def test_the_index_cache_is_data_and_classifies_as_a_fresh_index(cache: Path) -> None:
    apache = data_dir("licenses") / "texts"
    text = next(p for p in sorted(apache.iterdir()) if p.name.startswith("apache-2.0")).read_text(encoding="utf-8")
    changed = text.replace("irrevocable", "revocable", 1)
    fresh = load_index()
    core, runs = sorted(cache.glob("index-*"))
    assert (core.suffix, runs.suffix) == (".json", ".runs")
    json.loads(core.read_text(encoding="utf-8"))
    data = runs.read_bytes()
    assert data.startswith(MAGIC)
    header, _, body = data[len(MAGIC) :].partition(b"\n")
    assert len(body) == 8 * sum(json.loads(header)["lengths"])  # ints and nothing else
    cached = load_index()
    assert cached.references == fresh.references and cached.names == fresh.names
    for document in (text, changed):
        assert classify_text(document, cached) == classify_text(document, fresh)
    assert classify_text(changed, cached).match == "modified"


def _set_last(data: bytes, part: str, value: int) -> bytes:
    """The run file with the last int of one of its arrays set to value."""
    header, _, body = data[len(MAGIC) :].partition(b"\n")
    lengths = json.loads(header)["lengths"]
    at = 8 * (sum(lengths[: PARTS.index(part) + 1]) - 1)
    return MAGIC + header + b"\n" + body[:at] + value.to_bytes(8, sys.byteorder, signed=True) + body[at + 8 :]


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # cut short
        lambda data: data.replace(MAGIC, b"licscan-runs 0\n"),  # another format
        lambda data: _set_last(data, "runs_offsets", 10**6),
        lambda data: _set_last(data, "bases", 10**3),
        lambda data: MAGIC + b'{"lengths": "many"}\n',
        lambda data: b"",
    ],
    ids=[
        "cut short",
        "other format",
        "offset past the end",
        "base after the reference",
        "header of another shape",
        "empty",
    ],
)
def test_a_damaged_run_file_is_rebuilt_and_classifies_as_before(cache: Path, damage: Callable[[bytes], bytes]) -> None:
    apache = data_dir("licenses") / "texts"
    text = next(p for p in sorted(apache.iterdir()) if p.name.startswith("apache-2.0")).read_text(encoding="utf-8")
    changed = text.replace("irrevocable", "revocable", 1)
    expected = classify_text(changed, load_index())
    (runs,) = cache.glob("index-*.runs")
    runs.write_bytes(damage(runs.read_bytes()))
    assert classify_text(changed, load_index()) == expected
    assert Runs.from_bytes(runs.read_bytes(), len(load_index().references))  # written whole again


def test_a_pickle_planted_as_the_index_cache_never_runs(cache: Path, tmp_path: Path) -> None:
    load_index()
    marker = tmp_path / "pwned"
    for path in cache.glob("index-*"):
        path.write_bytes(pickle.dumps(_Planted(marker)))
    index = load_index()
    assert index.references and not marker.exists()
    assert classify_text("Licensed under the Apache License, Version 2.0", index).license == "apache-2.0"


def test_no_cache_module_imports_a_code_executing_format() -> None:
    root = Path(__file__).parent.parent / "licscan"
    for path in root.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        for module in ("pickle", "marshal", "shelve", "dill"):
            assert f"import {module}" not in source, f"{path.relative_to(root)} imports {module}"


@needs_posix
def test_hub_records_are_kept_only_in_a_private_cache_folder(cache: Path, tmp_path: Path) -> None:
    """What --offline answers comes from licscan's records: a cache folder that is a link elsewhere keeps none."""
    from licscan.sources.hub.cache import RepoRecords, records_dir

    hf_cache = tmp_path / "hf"
    found = records_dir(hf_cache)
    assert found is not None and found.is_relative_to(cache)
    shutil.rmtree(cache)
    elsewhere = tmp_path / "shared"
    elsewhere.mkdir()
    cache.symlink_to(elsewhere)
    assert records_dir(hf_cache) is None
    records = RepoRecords.of(hf_cache, "acme/model", "model")
    records.record("main", "a" * 40, {"format": 1})
    assert records.commit("main") is None and records.recorded("a" * 40) is None
    assert list(elsewhere.iterdir()) == []
