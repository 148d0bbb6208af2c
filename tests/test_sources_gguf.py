"""GGUF headers: the general.* keys from the first kilobytes, and every broken header a problem naming the file."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from licscan.sources.gguf import (
    DEFAULT_BUDGET,
    RangeReadError,
    file_reader,
    gguf_files,
    hub_id,
    parse_header,
    read_local_headers,
)
from tests.ggufdata import LLAMA_31_URL, gguf_bytes

GGUF = "Llama-3.1-8B-Instruct-Q4_K_M.gguf"


class Reads:
    """A range reader over bytes in memory that records every range asked for."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.ranges: list[tuple[int, int]] = []

    def __call__(self, offset: int, size: int) -> bytes:
        self.ranges.append((offset, size))
        return self.data[offset : offset + size]

    @property
    def asked(self) -> int:
        return sum(size for _, size in self.ranges)


def header_bytes(*kv: bytes, kv_count: int | None = None, version: int = 3) -> bytes:
    """A hand-laid header for the hostile cases GGUFWriter refuses to write."""
    count = len(kv) if kv_count is None else kv_count
    return b"GGUF" + struct.pack("<IQQ", version, 0, count) + b"".join(kv)


def key(name: str) -> bytes:
    raw = name.encode()
    return struct.pack("<Q", len(raw)) + raw


def string_kv(name: str, value: str) -> bytes:
    raw = value.encode()
    return key(name) + struct.pack("<IQ", 8, len(raw)) + raw


def test_the_license_base_models_and_name_of_a_llama_quantization() -> None:
    header, problem = parse_header(Reads(gguf_bytes()), GGUF)
    assert problem is None
    assert (header.path, header.license, header.name) == (GGUF, "llama3.1", "Llama 3.1 8B Instruct")
    (base,) = header.base_models
    assert (base.name, base.organization, base.repo_url) == ("Llama 3.1 8B Instruct", "Meta Llama", LLAMA_31_URL)
    assert header.base_ids == ("meta-llama/Llama-3.1-8B-Instruct",)


def test_a_large_file_costs_one_small_read() -> None:
    data = gguf_bytes(tensor_mib=16, tokens=100_000)
    reads = Reads(data)
    header, problem = parse_header(reads, GGUF)
    assert problem is None and header.license == "llama3.1"
    # The general block is at the front: one 64 KiB read, although the tokenizer alone is a megabyte.
    assert reads.ranges == [(0, 64 * 1024)] and header.bytes_read == 64 * 1024 and header.requests == 1
    assert header.bytes_read * 200 < len(data)


def test_a_file_with_no_license_key_says_so_by_leaving_it_empty() -> None:
    header, problem = parse_header(Reads(gguf_bytes(license=None, bases=())), GGUF)
    assert problem is None and header.license is None and header.base_models == ()


def test_several_base_models_of_a_merge() -> None:
    bases = (("Base A", "Org A", "https://huggingface.co/org-a/base-a"), ("Base B", "Org B", "https://example.com/b"))
    header, _ = parse_header(Reads(gguf_bytes(bases=bases)), GGUF)
    assert [b.hub_id for b in header.base_models] == ["org-a/base-a", None]
    assert header.base_ids == ("org-a/base-a",)


def test_keys_before_the_general_block_are_skipped_not_kept() -> None:
    data = header_bytes(string_kv("llama.rope.type", "x" * 100), string_kv("general.license", "gemma"))
    header, problem = parse_header(Reads(data), GGUF)
    assert problem is None and header.license == "gemma"


def test_big_endian_files_are_read() -> None:
    raw = b"mit"
    kv = struct.pack(">Q", 15) + b"general.license" + struct.pack(">IQ", 8, len(raw)) + raw
    data = b"GGUF" + struct.pack(">IQQ", 3, 0, 1) + kv
    header, problem = parse_header(Reads(data), GGUF)
    assert problem is None and header.license == "mit"


def test_wrong_magic_is_a_fetch_error_naming_the_file() -> None:
    header, problem = parse_header(Reads(b"placeholder: not real weights (test fixture)\n"), GGUF)
    assert problem is not None and problem.kind == "fetch-error" and problem.file == GGUF
    assert problem.message.startswith(f"{GGUF}: GGUF header not read: not a GGUF file (magic number")
    assert header.license is None


@pytest.mark.parametrize("cut", [0, 3, 4, 10, 23, 24, 40, 200, 400])
def test_a_truncated_header_is_a_fetch_error(cut: int) -> None:
    data = gguf_bytes()[:cut]
    _, problem = parse_header(Reads(data), GGUF)
    assert problem is not None and problem.kind == "fetch-error" and GGUF in problem.message
    assert "truncated" in problem.message


def test_a_file_cut_after_the_general_block_still_says_everything() -> None:
    data = gguf_bytes()
    end = data.index(b"llama.context_length") + len("llama.context_length")
    header, problem = parse_header(Reads(data[:end]), GGUF)
    assert problem is None and header.license == "llama3.1" and header.base_ids


def test_a_huge_string_length_is_refused_before_anything_is_allocated() -> None:
    data = header_bytes(struct.pack("<Q", 2**62) + b"general.name")
    reads = Reads(data)
    _, problem = parse_header(reads, GGUF)
    assert problem is not None and "past the 4096 KiB header budget" in problem.message
    assert reads.asked <= 64 * 1024  # nothing beyond the first read was asked for


def test_a_huge_array_count_is_refused() -> None:
    array = key("general.tags") + struct.pack("<IIQ", 9, 10, 2**61)  # array of uint64, 2**61 items
    _, problem = parse_header(Reads(header_bytes(array)), GGUF)
    assert problem is not None and "header budget" in problem.message


def test_a_huge_array_of_strings_ends_at_the_budget() -> None:
    array = key("tokenizer.ggml.tokens") + struct.pack("<IIQ", 9, 8, 2**40) + (struct.pack("<Q", 0) * 1000)
    reads = Reads(header_bytes(array) + b"\0" * (DEFAULT_BUDGET + 1024))
    _, problem = parse_header(reads, GGUF, budget=256 * 1024)
    assert problem is not None and "budget" in problem.message
    assert reads.asked <= 256 * 1024


def test_an_unknown_value_type_is_a_fetch_error() -> None:
    data = header_bytes(key("general.license") + struct.pack("<I", 99))
    _, problem = parse_header(Reads(data), GGUF)
    assert problem is not None and "unknown value type 99" in problem.message


def test_a_hostile_key_is_quoted_short() -> None:
    data = header_bytes(key("general." + "x" * 100_000) + struct.pack("<I", 99))
    _, problem = parse_header(Reads(data), GGUF)
    assert problem is not None and "unknown value type 99" in problem.message and len(problem.message) < 300


def test_an_unsupported_version() -> None:
    _, problem = parse_header(Reads(header_bytes(version=7)), GGUF)
    assert problem is not None and "version 7" in problem.message


def test_what_was_read_before_a_failure_is_kept() -> None:
    data = header_bytes(string_kv("general.license", "llama3.1"), key("general.name") + struct.pack("<I", 99))
    header, problem = parse_header(Reads(data), GGUF)
    assert header.license == "llama3.1" and problem is not None


def test_a_failed_read_is_a_fetch_error() -> None:
    def broken(offset: int, size: int) -> bytes:
        raise RangeReadError("HTTP 500")

    _, problem = parse_header(broken, GGUF)
    assert problem is not None and problem.message == f"{GGUF}: GGUF header could not be read: HTTP 500"


def test_a_reader_that_returns_too_much_is_cut_to_what_was_asked() -> None:
    data = gguf_bytes(tensor_mib=2)
    header, problem = parse_header(lambda offset, size: data[offset:], GGUF)
    assert problem is None and header.bytes_read == 64 * 1024


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400), st.integers(min_value=0, max_value=600))
def test_no_input_makes_it_raise(noise: bytes, cut: int) -> None:
    data = gguf_bytes()
    for candidate in (noise, b"GGUF" + noise, data[:cut] + noise, header_bytes() + noise):
        header, problem = parse_header(Reads(candidate), GGUF, budget=64 * 1024)
        assert problem is None or problem.file == GGUF
        assert header.bytes_read <= 64 * 1024


def test_which_files_are_read() -> None:
    files = [
        "README.md",
        "model-Q8_0.gguf",
        "model-Q4_K_M.GGUF",
        "big/model-Q8_0-00001-of-00003.gguf",
        "big/model-Q8_0-00002-of-00003.gguf",
        "big/model-Q8_0-00003-of-00003.gguf",
        "model.safetensors",
    ]
    assert gguf_files(files) == ["big/model-Q8_0-00001-of-00003.gguf", "model-Q4_K_M.GGUF", "model-Q8_0.gguf"]
    assert gguf_files([f"m-{i:02}.gguf" for i in range(40)], limit=3) == ["m-00.gguf", "m-01.gguf", "m-02.gguf"]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://huggingface.co/meta-llama/Llama-3.1-8B-Instruct", "meta-llama/Llama-3.1-8B-Instruct"),
        ("https://hf.co/google/gemma-2-9b/tree/main", "google/gemma-2-9b"),
        ("https://huggingface.co/datasets/org/data", None),
        ("https://github.com/meta-llama/llama", None),
        ("javascript:alert(1)", None),
        ("https://huggingface.co/meta-llama", None),
        (None, None),
    ],
)
def test_hub_id_of_a_repo_url(url: str | None, expected: str | None) -> None:
    assert hub_id(url) == expected


def test_local_files_are_read_by_ranges_too(tmp_path: Path) -> None:
    (tmp_path / GGUF).write_bytes(gguf_bytes(tensor_mib=4))
    (tmp_path / "broken.gguf").write_bytes(b"GGUF")
    headers, problems = read_local_headers(tmp_path, ["broken.gguf", GGUF])
    assert [h.path for h in headers] == [GGUF, "broken.gguf"]
    assert headers[0].license == "llama3.1" and headers[0].bytes_read == 64 * 1024
    (problem,) = problems
    assert problem.file == "broken.gguf" and "truncated" in problem.message


def test_an_unreadable_local_file_is_a_problem(tmp_path: Path) -> None:
    _, problem = parse_header(file_reader(tmp_path / "missing.gguf"), "missing.gguf")
    assert problem is not None and "FileNotFoundError" in problem.message
