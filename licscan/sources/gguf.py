"""A GGUF file's key-value header, read a few kilobytes at a time: its general.* license and base-model keys only."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path, PurePosixPath
from typing import Any, Literal
from urllib.parse import unquote

from licscan.hubnames import hub_path, is_hub_id
from licscan.paths import OutsideFolder, inside, write_atomic
from licscan.sources.interface import GGUFBase, GGUFHeader, Problem

# read(offset, size) -> at most `size` bytes from `offset` (fewer only at the end of the file).
RangeReader = Callable[[int, int], bytes]

# The general.* block that llama.cpp's converter writes is a few kilobytes; a file whose general keys are not
# within this budget is reported, never read further.
DEFAULT_BUDGET = 4 * 1024 * 1024
# The first read: one request covers the general block of every GGUF we have seen.
FIRST_CHUNK = 64 * 1024
# Arrays inside arrays are allowed by the format; deeper nesting than this is not a header anyone writes.
_MAX_NESTING = 3
# At most this many files per repository, each one 64 KiB read; past it, a repository is one model's quantizations.
MAX_FILES = 32
_SHARD = re.compile(r"-(\d{5})-of-(\d{5})\.gguf$", re.IGNORECASE)


def _name(key: str) -> str:
    """A key as a message quotes it: a hostile header's megabyte-long key is cut."""
    return repr(key if len(key) <= 80 else key[:80] + "...")


class RangeReadError(Exception):
    """A ranged read failed (network, HTTP status, I/O); the reader says why in its message."""


class _Malformed(Exception):
    """The bytes are not a GGUF header licscan can read; the message says where and why."""


def gguf_files(repo_files: Iterable[str], limit: int = MAX_FILES) -> list[str]:
    """The GGUF files whose header is read: every unsharded file and the first shard of each sharded one."""
    chosen = []
    for path in sorted(repo_files):
        if not path.lower().endswith(".gguf"):
            continue
        shard = _SHARD.search(path)
        if shard and int(shard.group(1)) != 1:
            continue  # the converter writes the general keys into every shard; the first one says it all
        chosen.append(path)
    return chosen[:limit]


def hub_id(url: str | None) -> str | None:
    """`https://huggingface.co/org/name` -> `org/name`; None for a URL that is not a Hub model page."""
    if not url:
        return None
    path = hub_path(url.strip())
    if path is None:
        return None
    segments = [unquote(s) for s in path.split("/") if s]
    if len(segments) < 2 or segments[0] in ("datasets", "spaces"):
        return None
    candidate = "/".join(segments[:2])
    return candidate if "/" in candidate and is_hub_id(candidate) else None


class _Cursor:
    """Reads forward through the file in growing chunks, never past the budget."""

    def __init__(self, read: RangeReader, budget: int) -> None:
        self.read = read
        self.budget = budget
        self.buffer = bytearray()
        self.offset = 0  # position of the next byte to decode, within buffer (which starts at file offset 0)
        self.eof = False
        self.requests = 0

    @property
    def bytes_read(self) -> int:
        return len(self.buffer)

    def take(self, size: int, what: str) -> bytes:
        if size < 0 or self.offset + size > self.budget:
            raise _Malformed(
                f"{what} at byte {self.offset} needs {size} bytes, past the {self.budget // 1024} KiB header budget"
            )
        while self.offset + size > len(self.buffer):
            if self.eof:
                raise _Malformed(f"the header is truncated: {what} at byte {self.offset} runs past the end of the file")
            self._fetch(self.offset + size - len(self.buffer))
        data = bytes(self.buffer[self.offset : self.offset + size])
        self.offset += size
        return data

    def _fetch(self, needed: int) -> None:
        # Grow each request (64 KiB, 128 KiB, ...) so that a long header costs a few requests, not hundreds.
        size = max(needed, FIRST_CHUNK << min(self.requests, 6))
        size = min(size, self.budget - len(self.buffer))
        if size <= 0:
            raise _Malformed(f"the header does not end within the {self.budget // 1024} KiB budget")
        chunk = self.read(len(self.buffer), size)
        self.requests += 1
        if len(chunk) > size:
            chunk = chunk[:size]  # a server that ignored the range: keep only what was asked for
        if len(chunk) < size:
            self.eof = True
        self.buffer += chunk


class _Decoder:
    """GGUF's little- or big-endian scalars, strings and arrays, with the gguf package's types and sizes."""

    def __init__(self, cursor: _Cursor) -> None:
        from gguf.constants import GGUFValueType
        from gguf.gguf_reader import GGUFReader

        self.cursor = cursor
        self.types = GGUFValueType
        self.scalars = GGUFReader.gguf_scalar_to_np
        self.order: Literal["<", ">"] = "<"

    def scalar(self, vtype: Any, what: str) -> Any:
        import numpy as np

        dtype = np.dtype(self.scalars[vtype]).newbyteorder(self.order)
        return np.frombuffer(self.cursor.take(dtype.itemsize, what), dtype=dtype)[0].item()

    def uint32(self, what: str) -> int:
        return int(self.scalar(self.types.UINT32, what))

    def uint64(self, what: str) -> int:
        return int(self.scalar(self.types.UINT64, what))

    def string(self, what: str) -> str:
        length = self.uint64(f"the length of {what}")
        # Checked against the budget before anything is read or allocated: a hostile length costs nothing.
        return self.cursor.take(length, what).decode("utf-8", errors="replace")

    def value_type(self, what: str) -> Any:
        code = self.uint32(f"the type of {what}")
        try:
            return self.types(code)
        except ValueError:
            raise _Malformed(f"{what} has unknown value type {code}") from None

    def value(self, vtype: Any, what: str, depth: int = 0) -> Any:
        if vtype == self.types.STRING:
            return self.string(what)
        if vtype in self.scalars:
            return self.scalar(vtype, what)
        if vtype != self.types.ARRAY:
            raise _Malformed(f"{what} has value type {vtype.name}, which licscan does not read")
        if depth >= _MAX_NESTING:
            raise _Malformed(f"{what} nests arrays more than {_MAX_NESTING} deep")
        item_type = self.value_type(f"the items of {what}")
        count = self.uint64(f"the length of {what}")
        if item_type in self.scalars:
            import numpy as np

            # One bounded read for a scalar array; `take` refuses a count past the budget before allocating.
            dtype = np.dtype(self.scalars[item_type]).newbyteorder(self.order)
            return np.frombuffer(self.cursor.take(count * dtype.itemsize, what), dtype=dtype).tolist()
        # Each string or array item is at least 8 bytes of the budget, so this loop ends however large count is.
        return [self.value(item_type, f"{what}[{i}]", depth + 1) for i in range(count)]


def parse_header(read: RangeReader, path: str, budget: int = DEFAULT_BUDGET) -> tuple[GGUFHeader, Problem | None]:
    """The general.* keys of one GGUF file, and a problem naming the file when the header cannot be read.

    Reading stops at the first key after the general.* block, at the end of the key-value section, or at the budget.
    Whatever was read before a failure is kept. Never raises for bad input.
    """
    from gguf.constants import GGUF_MAGIC
    from gguf.gguf_reader import READER_SUPPORTED_VERSIONS

    cursor = _Cursor(read, budget)
    decoder = _Decoder(cursor)
    general: dict[str, Any] = {}
    problem: Problem | None = None
    try:
        magic = int.from_bytes(cursor.take(4, "the magic number"), "little")
        if magic != GGUF_MAGIC:
            raise _Malformed(f"not a GGUF file (magic number {magic:#010x}, expected {GGUF_MAGIC:#010x})")
        version = decoder.uint32("the version")
        if version & 0xFFFF == 0:  # written for the other byte order, as GGUFReader detects it
            decoder.order = ">"
            version = int.from_bytes(version.to_bytes(4, "little"), "big")
        if version not in READER_SUPPORTED_VERSIONS:
            raise _Malformed(f"GGUF version {version} is not one the gguf package reads")
        decoder.uint64("the tensor count")
        kv_count = decoder.uint64("the key-value count")
        for n in range(kv_count):
            key = decoder.string(f"key {n}")
            if not key.startswith("general.") and general:
                break  # the general block is over: the rest is hyperparameters and the tokenizer
            vtype = decoder.value_type(f"key {_name(key)}")
            value = decoder.value(vtype, f"the value of {_name(key)}")
            if key.startswith("general."):
                general[key] = value
    except _Malformed as exc:
        problem = Problem("fetch-error", f"{path}: GGUF header not read: {exc}", path)
    except RangeReadError as exc:
        problem = Problem("fetch-error", f"{path}: GGUF header could not be read: {exc}", path)
    return header_of(path, general, cursor.bytes_read, cursor.requests), problem


def header_of(path: str, general: dict[str, Any], bytes_read: int, requests: int) -> GGUFHeader:
    """The license and base-model evidence of the general.* keys that were read."""
    from gguf.constants import Keys

    def text(key: str) -> str | None:
        value = general.get(key)
        return value.strip() or None if isinstance(value, str) else None

    bases = []
    count = general.get(Keys.General.BASE_MODEL_COUNT)
    for i in range(min(count, 64) if isinstance(count, int) and count > 0 else 0):
        repo_url = text(Keys.General.BASE_MODEL_REPO_URL.format(id=i))
        bases.append(
            GGUFBase(
                name=text(Keys.General.BASE_MODEL_NAME.format(id=i)),
                organization=text(Keys.General.BASE_MODEL_ORGANIZATION.format(id=i)),
                repo_url=repo_url,
                hub_id=hub_id(repo_url),
            )
        )
    return GGUFHeader(
        path=path,
        license=text(Keys.General.LICENSE),
        license_name=text(Keys.General.LICENSE_NAME),
        license_link=text(Keys.General.LICENSE_LINK),
        name=text(Keys.General.NAME),
        base_models=tuple(bases),
        bytes_read=bytes_read,
        requests=requests,
    )


def file_reader(path: Path) -> RangeReader:
    """Ranged reads of a file on disk, the way the Hub is read: a seek and a bounded read per request."""

    def read(offset: int, size: int) -> bytes:
        try:
            with path.open("rb") as handle:
                handle.seek(offset)
                return handle.read(size)
        except OSError as exc:
            raise RangeReadError(f"{type(exc).__name__}: {exc.strerror or exc}") from None

    return read


def read_local_headers(
    root: Path, repo_files: Iterable[str], within: Sequence[Path] = ()
) -> tuple[tuple[GGUFHeader, ...], tuple[Problem, ...]]:
    """The header of each GGUF file of a model directory; with `within`, a file whose links lead out of those folders
    is not read."""
    headers: list[GGUFHeader] = []
    problems: list[Problem] = []
    for name in gguf_files(repo_files):
        path = root / PurePosixPath(name)
        try:
            path = inside(path, within, name) if within else path
        except OutsideFolder as exc:
            problems.append(Problem("unreadable-file", f"{exc}: not read", name))
            continue
        header, problem = parse_header(file_reader(path), name)
        headers.append(header)
        if problem:
            problems.append(problem)
    return tuple(headers), tuple(problems)


def save_headers(path: Path, headers: Iterable[GGUFHeader], problems: Iterable[Problem]) -> None:
    """Record what was read at a commit, so that an offline run concludes what the online one did."""
    found = {p.file: p.message for p in problems if p.file}
    record = {h.path: {"header": dataclasses.asdict(h), "problem": found.get(h.path)} for h in headers}
    with contextlib.suppress(OSError):  # a read-only cache only costs --offline the headers
        write_atomic(path, json.dumps(record, sort_keys=True).encode())


def load_headers(path: Path) -> dict[str, tuple[GGUFHeader, Problem | None]]:
    """What save_headers recorded; nothing for a missing or damaged record."""
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        out = {}
        for name, item in record.items():
            fields = dict(item["header"])
            fields["base_models"] = tuple(GGUFBase(**b) for b in fields.get("base_models") or ())
            message = item.get("problem")
            out[name] = (GGUFHeader(**fields), Problem("fetch-error", message, name) if message else None)
        return out
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return {}
