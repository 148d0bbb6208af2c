"""State the scan's threads share: the classifier's lazily built maps and the lineage cache.

Thread switches are forced as often as the interpreter allows, so that a map read while another thread fills it, or
a base fetched by every thread that names it, shows up in a few trials rather than once in hundreds.
"""

from __future__ import annotations

import dataclasses
import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterator

import pytest

from licscan.classify.index import load_index
from licscan.classify.match import _modified, classify_text
from licscan.classify.normalise import tokens
from licscan.database import load_database
from licscan.paths import data_dir
from licscan.scan import HubSettings, Scanner, ScanOptions
from licscan.targets import Target
from tests.hubserver import FakeHub

THREADS = 6


@pytest.fixture
def switch_often() -> Iterator[None]:
    previous = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(previous)


def together(work: Callable[[int], object], n: int = THREADS) -> list[object]:
    """Run work(0..n-1) on n threads released at the same moment; the results in order."""
    start = threading.Barrier(n)
    results: list[object] = [None] * n

    def run(i: int) -> None:
        start.wait()
        results[i] = work(i)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


def _changed_license(key: str) -> str:
    """The reference text of `key` with its rarest words changed: the words the map holds last."""
    index = load_index()
    ref = next(r for r in index.references if r.key == key)
    text = (data_dir("licenses") / "texts" / ref.file).read_text(encoding="utf-8")
    for word in ref.anchors:
        text = text.replace(word, "acme")
    return text


def test_threads_diffing_a_changed_license_at_once_all_quote_the_real_words(switch_often: None) -> None:
    """The diff of a changed license quotes the reference's words through a token -> word map that the first diff
    builds: a thread that reads it half-built quotes "?" instead of a word, and the memo keeps that for the run."""
    index = load_index()
    # The last reference read into the index: its own words are the last ones the token -> word map is given.
    ref = len(index.references) - 1
    text = _changed_license(index.references[ref].key)
    words = tokens(text)
    ids = [index.vocabulary.get(w, -1 - n) for n, w in enumerate(words)]
    counts = Counter({ref: index.references[ref].n_shingles - 3})
    expected = _modified(dataclasses.replace(index, _words=None), ref, counts, ids, words)
    assert expected.changes and not any("?" in change for change in expected.changes)
    for _ in range(40):
        # A fresh index each trial: its token -> word map is still to be built, by whichever thread comes first.
        shared = dataclasses.replace(index, _words=None)
        assert together(lambda _, shared=shared: _modified(shared, ref, counts, ids, words)) == [expected] * THREADS
    assert classify_text(text, index).changes == expected.changes


def test_a_base_that_many_models_share_is_fetched_once(hub: FakeHub, switch_often: None) -> None:
    license_text = (data_dir("licenses") / "texts" / "apache-2.0.txt").read_text(encoding="utf-8")
    hub.add_repo("acme/base", {"README.md": "---\nlicense: apache-2.0\n---\n# Base\n", "LICENSE": license_text})
    for n in range(THREADS):
        card = f"---\nlicense: apache-2.0\nbase_model: acme/base\nbase_model_relation: finetune\n---\n# Tune {n}\n"
        hub.add_repo(f"acme/tune-{n}", {"README.md": card, "LICENSE": license_text})
    # The first look-up of the base is slow, so every other thread asks for it while it is under way.
    hub.add_fault(r"^/api/models/acme/base", delay=0.5)
    scanner = Scanner(load_database(), load_index(), ScanOptions(hub=HubSettings(endpoint=hub.endpoint), jobs=THREADS))
    results = list(scanner.run([Target(f"acme/tune-{n}") for n in range(THREADS)]))
    assert [r.lineage[0].id for r in results] == ["acme/base"] * THREADS
    assert all(r.lineage[0].license == "apache-2.0" for r in results)
    assert hub.count(r"^/api/models/acme/base(/|$)") == 1


def test_a_failed_fetch_of_a_shared_base_is_the_same_error_for_every_model(hub: FakeHub) -> None:
    for n in range(THREADS):
        card = f"---\nlicense: apache-2.0\nbase_model: acme/gone\n---\n# Tune {n}\n"
        hub.add_repo(f"acme/orphan-{n}", {"README.md": card})
    scanner = Scanner(load_database(), load_index(), ScanOptions(hub=HubSettings(endpoint=hub.endpoint), jobs=THREADS))
    results = list(scanner.run([Target(f"acme/orphan-{n}") for n in range(THREADS)]))
    errors = {r.lineage[0].error for r in results}
    assert len(errors) == 1 and None not in errors
    assert hub.count(r"^/api/models/acme/gone(/|$)") == 1
