"""The reference texts' runs of words, as flat arrays of ints: what a changed or partial copy is measured by.

A document is near a reference when it holds many of the reference's sampled runs (`sampled_hits`); it is then
measured on all the reference's runs (`counts`) and, when changed, diffed word by word against its token ids
(`tokens`). A copy that is a license word for word needs none of this, so it is read from the cache only when asked.

Two things keep a text that matches no license (the common case in a census) as cheap as a known one:
- many references share their sampled runs (the versions of one license), so a run points to a group of references,
  counted once per run and spread over the group after;
- a reference that differs little from an earlier one (its base) is measured by the runs it adds to the base and
  the runs it drops, when the document was measured against the base already. The count is the same, exactly.

On disk it is data only: a magic line, a JSON line with the length of each array, then the arrays' raw bytes in the
machine's byte order (the cache's name is keyed by it).
"""

from __future__ import annotations

import json
import sys
import threading
from array import array
from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import pairwise
from operator import le, mul

MAGIC = b"licscan-runs 2\n"
# The arrays, in file order.
PARTS = (
    "keys",  # the sampled runs, sorted
    "key_groups",  # each one's group of references (numbered from 1)
    "group_offsets",  # where each group's references start in group_refs (one more than the groups)
    "group_refs",
    "token_offsets",  # each reference's token ids
    "token_ids",
    "runs_offsets",  # each reference's runs, sorted
    "runs",
    "bases",  # each reference's base (an earlier reference), or -1
    "added_offsets",  # the runs a reference adds to its base
    "added",
    "dropped_offsets",  # the runs of its base that it does not have
    "dropped",
)
_WORD = 8
# Sampled hits are added up in one int, a lane of this many bits per reference: a lane overflows only for a document
# of 2**32 runs, far past any file licscan reads.
_LANE = 32
_LANE_TYPE = next(code for code in "IL" if array(code).itemsize == _LANE // 8)
# A reference is measured from a base when what it adds and drops is at most this share of its runs.
BASE_SHARE = 0.5
# The earlier references tried as a base: those that share the most sampled runs with it.
_BASE_TRIES = 4


class Runs:
    """The index's run data, read-only once made; the sets of runs are built per reference on first use."""

    def __init__(self, parts: Sequence[Sequence[int]]) -> None:
        if len(parts) != len(PARTS):
            raise ValueError("the run data does not hold its arrays")
        self._parts = list(parts)
        part = dict(zip(PARTS, parts, strict=True))
        self._group_of = dict(zip(part["keys"], part["key_groups"], strict=True))
        # Each group as one int with a 1 in the lane of each of its references (group 0 is none).
        refs, offsets = part["group_refs"], part["group_offsets"]
        self._lanes = [0, *(sum(1 << (_LANE * r) for r in refs[a:b]) for a, b in pairwise(offsets))]
        self._token_offsets, self._token_ids = part["token_offsets"], part["token_ids"]
        self._bases = part["bases"]
        self._n_references = len(self._bases)
        # Where each reference's runs, added runs and dropped runs are: (offsets, values).
        self._stretches = {name: (part[f"{name}_offsets"], part[name]) for name in ("runs", "added", "dropped")}
        self._sets: dict[tuple[str, int], frozenset[int]] = {}
        self._lock = threading.Lock()

    @classmethod
    def build(cls, postings: dict[int, list[int]], tokens: list[tuple[int, ...]], runs: list[set[int]]) -> Runs:
        keys = sorted(postings)
        group_ids: dict[tuple[int, ...], int] = {}
        key_groups = [group_ids.setdefault(tuple(postings[k]), len(group_ids) + 1) for k in keys]
        group_offsets, group_refs = _flat(list(group_ids))
        bases = _bases(postings, runs)
        added = [sorted(r - runs[b]) if b >= 0 else [] for r, b in zip(runs, bases, strict=True)]
        dropped = [sorted(runs[b] - r) if b >= 0 else [] for r, b in zip(runs, bases, strict=True)]
        parts = [
            keys,
            key_groups,
            group_offsets,
            group_refs,
            *_flat(tokens),
            *_flat([sorted(r) for r in runs]),
            bases,
            *_flat(added),
            *_flat(dropped),
        ]
        return cls([array("q", p) for p in parts])

    def sampled_hits(self, doc_runs: Iterable[int]) -> Counter[int]:
        """For each reference, how many of the document's runs it holds among the sampled ones."""
        by_group = Counter(filter(None, map(self._group_of.get, doc_runs)))
        # Every reference's count at once: each group's lanes times the runs that fell in it, added up.
        total = sum(map(mul, map(self._lanes.__getitem__, by_group), by_group.values()))
        lanes = array(_LANE_TYPE)
        lanes.frombytes(total.to_bytes(_LANE // 8 * self._n_references, "little"))
        if sys.byteorder != "little":
            lanes.byteswap()
        return Counter({ref: n for ref, n in enumerate(lanes) if n})

    def counts(self, doc_runs: set[int], refs: Iterable[int]) -> Counter[int]:
        """For each of the references, how many of the document's runs it holds (all of them, exactly)."""
        found: dict[int, int] = {}
        # A base comes before the references measured from it.
        for ref in sorted(refs):
            base = self._bases[ref]
            if base >= 0 and base in found:
                gained = doc_runs.intersection(self._set("added", ref))
                lost = doc_runs.intersection(self._set("dropped", ref))
                found[ref] = found[base] + len(gained) - len(lost)
            else:
                found[ref] = len(doc_runs.intersection(self._set("runs", ref)))
        return Counter(found)

    def base(self, ref: int) -> int:
        """The earlier reference this one is measured from, or -1."""
        return self._bases[ref]

    def tokens(self, ref: int) -> tuple[int, ...]:
        """The reference's token ids, in text order."""
        return tuple(self._token_ids[self._token_offsets[ref] : self._token_offsets[ref + 1]])

    def _set(self, part: str, ref: int) -> frozenset[int]:
        """A reference's runs (or what it adds to or drops from its base) as a set, made once and then shared."""
        found = self._sets.get((part, ref))
        if found is None:
            offsets, values = self._stretches[part]
            found = frozenset(values[offsets[ref] : offsets[ref + 1]])
            with self._lock:
                self._sets[(part, ref)] = found
        return found

    def to_bytes(self) -> bytes:
        header = json.dumps({"lengths": [len(p) for p in self._parts]}).encode("ascii")
        return b"".join([MAGIC, header, b"\n", *(array("q", p).tobytes() for p in self._parts)])

    @classmethod
    def from_bytes(cls, data: bytes, n_references: int) -> Runs:
        """The run data as written by `to_bytes`; ValueError when the bytes are not that shape."""
        if not data.startswith(MAGIC):
            raise ValueError("not a licscan run file")
        end = data.index(b"\n", len(MAGIC))
        lengths = json.loads(data[len(MAGIC) : end])["lengths"]
        if not (isinstance(lengths, list) and len(lengths) == len(PARTS)):
            raise ValueError("the run file's header does not list its arrays")
        if not all(isinstance(n, int) and n >= 0 for n in lengths):
            raise ValueError("the run file's header holds a length that is not a count")
        body = memoryview(data)[end + 1 :]
        if len(body) != _WORD * sum(lengths):
            raise ValueError("the run file is not as long as its header says")
        parts, start = [], 0
        for n in lengths:
            part = array("q")
            part.frombytes(body[start : start + _WORD * n])
            parts.append(part)
            start += _WORD * n
        named = dict(zip(PARTS, parts, strict=True))
        n_groups = len(named["group_offsets"]) - 1
        if len(named["key_groups"]) != len(named["keys"]) or not _within(named["key_groups"], 1, n_groups + 1):
            raise ValueError("the run file's sampled runs name a group it does not have")
        _check_offsets(named["group_offsets"], n_groups + 1, len(named["group_refs"]))
        for values in ("token_ids", "runs", "added", "dropped"):
            offsets = named["token_offsets" if values == "token_ids" else f"{values}_offsets"]
            _check_offsets(offsets, n_references + 1, len(named[values]))
        if len(named["bases"]) != n_references or not all(-1 <= b < i for i, b in enumerate(named["bases"])):
            raise ValueError("the run file gives a reference a base that does not come before it")
        if not _within(named["group_refs"], 0, n_references):
            raise ValueError("the run file names a reference the index does not have")
        return cls(parts)


def _bases(postings: dict[int, list[int]], runs: list[set[int]]) -> list[int]:
    """For each reference, the earlier one it differs least from, when that difference is small; else -1."""
    sharing: list[Counter[int]] = [Counter() for _ in runs]
    for refs in postings.values():
        for ref in refs:
            sharing[ref].update(other for other in refs if other < ref)
    bases = []
    for ref, own in enumerate(runs):
        tried = [other for other, _ in sharing[ref].most_common(_BASE_TRIES)]
        cost = {other: len(own ^ runs[other]) for other in tried}
        best = min(tried, key=lambda other: (cost[other], other), default=-1)
        bases.append(best if best >= 0 and cost[best] <= BASE_SHARE * len(own) else -1)
    return bases


def _within(values: Sequence[int], low: int, high: int) -> bool:
    """Whether every value is in [low, high)."""
    return not values or (min(values) >= low and max(values) < high)


def _flat(groups: Sequence[Sequence[int]]) -> tuple[list[int], list[int]]:
    """Offsets (one more than the groups) and the groups' ints one after another."""
    offsets, flat = [0], list[int]()
    for group in groups:
        flat.extend(group)
        offsets.append(len(flat))
    return offsets, flat


def _check_offsets(offsets: Sequence[int], count: int, total: int) -> None:
    if len(offsets) != count or offsets[0] != 0 or offsets[-1] != total:
        raise ValueError("the run file's offsets do not span its arrays")
    if not all(map(le, offsets, offsets[1:])):
        raise ValueError("the run file's offsets go backwards")
