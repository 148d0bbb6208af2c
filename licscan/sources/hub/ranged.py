"""GGUF headers of a Hub repository, read with HTTP Range requests: kilobytes, never the tensors; recorded for
--offline, and read offline from the record or the HF cache."""

from __future__ import annotations

from pathlib import Path

import httpx2
from huggingface_hub import get_session

from licscan.errors import first_line
from licscan.paths import OutsideFolder, inside
from licscan.sources.gguf import (
    RangeReader,
    RangeReadError,
    file_reader,
    gguf_files,
    load_headers,
    parse_header,
    save_headers,
)
from licscan.sources.hub.api import HubApi
from licscan.sources.hub.cache import HFCache, RepoRecords, within
from licscan.sources.hub.client import HubUnavailable, retrying
from licscan.sources.interface import GGUFHeader, Problem


def range_reader(api: HubApi, url: str) -> RangeReader:
    """Reads `size` bytes at `offset` of the file at `url`, through huggingface_hub's HTTP client and retry policy."""

    def read(offset: int, size: int) -> bytes:
        # A server that ignores Range answers 200 with the whole file: the stream is cut at what was asked.
        headers = api.headers({"Range": f"bytes={offset}-{offset + size - 1}"})
        try:
            with retrying(api.policy), get_session().stream("GET", url, headers=headers) as response:
                if response.status_code == 416:
                    return b""  # the range starts at the end of the file: nothing more to read
                if response.status_code not in (200, 206):
                    code = response.headers.get("X-Error-Code")
                    raise RangeReadError(f"HTTP {response.status_code}{f' ({code})' if code else ''}")
                skip = offset if response.status_code == 200 else 0
                data = bytearray()
                for chunk in response.iter_bytes():
                    data += chunk
                    if len(data) >= skip + size:
                        break
                return bytes(data[skip : skip + size])
        except HubUnavailable as exc:
            raise RangeReadError(api.scrub(f"the Hub kept failing: {exc}")) from None
        except httpx2.HTTPError as exc:
            raise RangeReadError(api.scrub(f"{type(exc).__name__}: {first_line(exc)}")) from None

    return read


def gguf_headers(
    api: HubApi, hf_cache: HFCache, records: RepoRecords, sha: str, repo_files: tuple[str, ...], offline: bool
) -> tuple[tuple[GGUFHeader, ...], tuple[Problem, ...]]:
    """Each GGUF file's header at the pinned commit.

    What was read is recorded beside licscan's model_info record, so that --offline gives the same evidence;
    offline, a GGUF file with no record is read from the HF cache if it is there, and is a problem if not.
    """
    headers: list[GGUFHeader] = []
    problems: list[Problem] = []
    record = records.gguf_record(sha)
    recorded = load_headers(record) if offline and record is not None else {}
    repo_id, repo_type = records.repo_id, records.repo_type
    for name in gguf_files(repo_files):
        if name in recorded:  # read online at this commit before: the same evidence, offline
            header, problem = recorded[name]
        elif offline:
            try:
                found: Path | None = hf_cache.file(repo_id, repo_type, sha, name)
            except ValueError:
                found = None
            if found is None:
                message = f"{name}: GGUF header not read: offline, and the file is not in the Hugging Face cache"
                problems.append(Problem("fetch-error", message, name))
                continue
            try:
                found = inside(found, within(found, name), name)
            except OutsideFolder as exc:
                problems.append(Problem("unreadable-file", f"{exc}: not read", name))
                continue
            header, problem = parse_header(file_reader(found), name)
        else:
            header, problem = parse_header(range_reader(api, api.file_url(repo_id, repo_type, sha, name)), name)
        headers.append(header)
        if problem is not None:
            problems.append(problem)
    if not offline and headers and record is not None:
        save_headers(record, headers, problems)
    return tuple(headers), tuple(problems)
