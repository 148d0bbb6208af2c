"""Hypothesis strategies seeded with real card shapes, and the contract each parser must keep on any input.

Shared by tests/test_fuzz.py (a few examples per parser in CI) and bench/fuzz.py (10,000 per parser, by hand).
The contract: no exception escapes a parser but licscan's own, and a bad input gets a message naming its file.
"""

from __future__ import annotations

import functools
import json
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

DATA = Path(__file__).parent / "data"
HUB_IDS = [line.strip() for line in (DATA / "hub-license-ids.txt").read_text().splitlines() if line.strip()]
LICENSE_NAMES = [
    line.split("\t")[0] for line in (DATA / "hub-license-names.tsv").read_text().splitlines()[1:] if line.strip()
]
REPO_IDS = ["meta-llama/Llama-3.1-8B", "Qwen/Qwen2.5-7B", "google/gemma-2-9b", "x/y", "../../etc", "a" * 300]

# --- values of the kinds real cards hold, and the wrong kinds they sometimes hold

scalars = st.one_of(
    st.sampled_from(HUB_IDS),
    st.sampled_from(LICENSE_NAMES),
    st.sampled_from(REPO_IDS),
    st.text(max_size=40),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True),
    st.booleans(),
    st.none(),
    st.sampled_from(["\udfff", "x\ud800y", "\x00", "\ufeff", "é", "2024-02-30", "yes", "~", "null"]),
    st.sampled_from(["http://[x", "https://[::1/LICENSE", "https://huggingface.co/[a]/b", "LICENSE", "./LICENSE.md"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
CARD_KEYS = ["license", "license_name", "license_link", "base_model", "base_model_relation", "datasets",
             "pipeline_tag", "tags", "extra_gated_prompt", "extra_gated_fields", "extra_gated_eu_disallowed", "gated",
             "language", "library_name", "model-index", "inference"]  # fmt: skip
card_data = st.dictionaries(st.sampled_from(CARD_KEYS) | st.text(max_size=10), values, max_size=8)

# Mutations of YAML text that real and hostile files contain.
YAML_TRICKS = [
    "license: !!python/object/apply:os.system ['echo pwned']\n",
    "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    "c: &c [*b, *b, *b, *b, *b, *b, *b]\n"
    "d: &d [*c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n",
    "license: " + "9" * 5000 + "\n",
    "license: " + "[" * 2000 + "]" * 2000 + "\n",
    "license: {" * 300 + "}" * 300 + "\n",
    "license: mit\nlicense: apache-2.0\n",
    "license: \x00\n",
    "license: [apache-2.0\n",
    "? [a, b]\n: c\n",
    "license: !!binary aGVsbG8=\n",
    "license: !custom x\n",
    "- just\n- a list\n",
    "'unclosed\n",
    'license: "\\uDFFF"\n',
    'license: "\\UA00D6D84"\n',
    "models:\n  - id: a/b\n    use: {train_on_outputs: {student: 3}}\n",
    "models: !!set {a, b}\n",
    "%YAML 9.9\n---\nx: 1\n",
    "\t- tab\n",
]


@st.composite
def yaml_texts(draw: st.DrawFn, base: st.SearchStrategy[dict[str, Any]] = card_data) -> str:
    data = draw(base)
    try:
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    except (yaml.YAMLError, ValueError):
        text = "license: mit\n"
    parts = [text]
    for _ in range(draw(st.integers(0, 2))):
        parts.insert(draw(st.integers(0, len(parts))), draw(st.sampled_from(YAML_TRICKS)))
    return "".join(parts)


@st.composite
def mutated_bytes(draw: st.DrawFn, text: str) -> bytes:
    """Text as a file on disk: encodings, BOM, CRLF, truncation, byte flips, invalid UTF-8."""
    data = text.encode("utf-8", "surrogatepass")
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(["bom", "crlf", "cut", "flip", "insert", "utf16", "nul"]))
        if kind == "bom":
            data = b"\xef\xbb\xbf" + data
        elif kind == "crlf":
            data = data.replace(b"\n", b"\r\n")
        elif kind == "cut" and data:
            data = data[: draw(st.integers(0, len(data)))]
        elif kind == "flip" and data:
            i = draw(st.integers(0, len(data) - 1))
            data = data[:i] + bytes([draw(st.integers(0, 255))]) + data[i + 1 :]
        elif kind == "insert":
            i = draw(st.integers(0, len(data)))
            data = data[:i] + draw(st.sampled_from([b"\xff\xfe", b"\xc3", b"\x00", b"\x80\x80", b"---\n"])) + data[i:]
        elif kind == "utf16":
            data = text.encode("utf-16", "surrogatepass")
        elif kind == "nul":
            data += b"\x00"
    return data


@st.composite
def card_files(draw: st.DrawFn) -> bytes:
    front = draw(yaml_texts())
    body = draw(st.sampled_from(["# Model\n", "Licensed under the Apache License 2.0.\n", "", "---\n---\n"]))
    opening = draw(st.sampled_from(["---\n", "---\r\n", "\ufeff---\n", "", "--- \n"]))
    closing = draw(st.sampled_from(["---\n", "", "...\n", "---"]))
    return draw(mutated_bytes(opening + front + closing + body))


manifest_data = st.fixed_dictionaries(
    {"models": st.lists(st.fixed_dictionaries({}, optional={
        "id": st.sampled_from(REPO_IDS) | values, "path": st.sampled_from(["./m", "../x", ""]) | values,
        "revision": values, "derivative_name": values,
        "use": st.dictionaries(st.sampled_from(["commercial", "hosting", "train_on_outputs", "x"]), values),
    }), max_size=3)},
    optional={"policy": values},
)  # fmt: skip
policy_data = st.fixed_dictionaries({}, optional={
    "name": values,
    "organisation": st.dictionaries(st.sampled_from(["monthly_active_users", "annual_revenue_usd", "regions"]), values),
    "intended_use": st.dictionaries(st.sampled_from(["commercial", "hosting", "use_cases", "modalities"]), values),
    "rules": st.dictionaries(st.sampled_from(["allow_licenses", "deny_licenses", "unknown_license"]), values),
    "exceptions": st.lists(st.dictionaries(st.sampled_from(["model", "finding", "reason", "approved_by", "expires"]),
                                           values), max_size=2),
})  # fmt: skip


@st.composite
def lock_files(draw: st.DrawFn) -> bytes:
    data = {"version": draw(values), "models": draw(st.dictionaries(st.sampled_from(REPO_IDS), values, max_size=3))}
    text = json.dumps(data, default=str) if draw(st.booleans()) else draw(yaml_texts())
    return draw(mutated_bytes(text))


@functools.cache
def _reference_texts() -> tuple[str, ...]:
    from licscan.paths import data_dir

    return tuple(p.read_text(encoding="utf-8") for p in sorted((data_dir("licenses") / "texts").glob("*.txt")))


@st.composite
def license_texts(draw: st.DrawFn) -> bytes:
    text = draw(st.sampled_from(_reference_texts()))
    if draw(st.booleans()):
        start = draw(st.integers(0, len(text)))
        text = text[start : start + draw(st.integers(0, 4000))]
    text = draw(st.sampled_from(["", "<p>", "# ", "**"])) + text + draw(st.text(max_size=50))
    return draw(mutated_bytes(text))


hub_json = st.one_of(
    st.builds(lambda v: json.dumps(v, default=str), values),
    st.builds(
        lambda d, sha: json.dumps({"id": "fuzz/model", "sha": sha, "cardData": d, "tags": ["license:mit"],
                                   "siblings": [{"rfilename": "README.md"}], "gated": False}, default=str),
        card_data, st.sampled_from(["a" * 40, "0" * 40, "short", None, 5]),
    ),
    st.sampled_from(["", "{", "<html>", "null", "[]", '{"sha": []}', '{"siblings": 5, "sha": "' + "a" * 40 + '"}']),
)  # fmt: skip


# --- the contracts


class Escape(AssertionError):
    """An exception got out of a parser: the bug the fuzzer looks for."""


def _expect(call: Callable[[], object], allowed: tuple[type[BaseException], ...], path: str | None) -> None:
    try:
        call()
    except allowed as exc:
        if path is not None and path not in str(exc):
            raise Escape(f"message does not name {path}: {exc}") from exc
    except Exception as exc:
        raise Escape(f"{type(exc).__name__}: {exc}") from exc


def check_card(data: bytes) -> None:
    from licscan.sources.card import card_metadata, split_front_matter
    from licscan.sources.files import document_from_bytes

    def parse() -> None:
        document, _ = document_from_bytes("README.md", data)
        if document.text is None:
            return
        loaded, _, problems = split_front_matter(document.text, "README.md")
        assert all(p.file == "README.md" for p in problems)
        meta = card_metadata(loaded, (), ("README.md",), "fuzz/model")
        json.dumps([meta.licenses, meta.license_name, meta.base_models, meta.tags]).encode("utf-8")
        for text in (meta.license_name or "", *meta.licenses, *meta.base_models):
            text.encode("utf-8")  # no lone surrogate survives

    _expect(parse, (), None)


def _in_file(name: str, data: bytes, load: Callable[[Path], object]) -> None:
    from licscan.errors import UsageError

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        _expect(lambda: load(path), (UsageError,), str(path))


def check_manifest(data: bytes) -> None:
    from licscan.manifest import load_manifest

    _in_file("models.yaml", data, load_manifest)


def check_policy(data: bytes) -> None:
    from licscan.policy.model import load_policy

    _in_file("policy.yaml", data, load_policy)


def check_lock(data: bytes) -> None:
    from licscan.lock import read_lock

    _in_file("licscan.lock", data, read_lock)


def check_classify(data: bytes) -> None:
    from licscan.classify.files import classify_bytes

    def run() -> None:
        result = classify_bytes("LICENSE", data)
        assert result.match.match in ("exact", "modified", "partial", "reference", "none")

    _expect(run, (), None)


def check_hub_json(body: str, hub: Any, source: Any) -> None:
    """One model_info reply, served by the local Hub: the source answers or raises its own error naming the repo."""
    from licscan.sources.interface import SourceError

    hub.clear_faults()
    hub.add_fault(r"^/api/models/fuzz/model", status=200, body=body, times=1)
    hub.add_repo("fuzz/model", {"README.md": "---\nlicense: mit\n---\n"})
    _expect(lambda: source.model("fuzz/model"), (SourceError,), "fuzz/model")


@functools.cache
def _gguf_seed() -> bytes:
    from tests.ggufdata import gguf_bytes

    return gguf_bytes(tokens=50)


@st.composite
def gguf_headers(draw: st.DrawFn) -> bytes:
    """A real GGUF header (written by gguf.GGUFWriter) with bytes flipped, cut, or lengths made huge."""
    data = bytearray(_gguf_seed())
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["flip", "cut", "huge", "type"]))
        i = draw(st.integers(0, len(data) - 1))
        if kind == "flip":
            data[i] = draw(st.integers(0, 255))
        elif kind == "cut":
            del data[i:]
            if not data:
                break
        elif kind == "huge" and i + 8 <= len(data):
            data[i : i + 8] = draw(st.sampled_from([b"\xff" * 8, (2**40).to_bytes(8, "little"), b"\x7f" * 8]))
        elif kind == "type" and i + 4 <= len(data):
            data[i : i + 4] = draw(st.integers(0, 2**32 - 1)).to_bytes(4, "little")
    return bytes(data)


def check_gguf(data: bytes) -> None:
    from licscan.sources.gguf import parse_header

    def read(offset: int, size: int) -> bytes:
        return data[offset : offset + size]

    def parse() -> None:
        _, problem = parse_header(read, "model.gguf")
        assert problem is None or problem.file == "model.gguf"

    _expect(parse, (), None)


def yaml_file(strategy: st.SearchStrategy[dict[str, Any]]) -> st.SearchStrategy[bytes]:
    return yaml_texts(strategy).flatmap(lambda text: mutated_bytes(text))


PARSERS: dict[str, tuple[st.SearchStrategy[Any], Callable[[Any], None]]] = {
    "card front matter": (card_files(), check_card),
    "manifest": (yaml_file(manifest_data), check_manifest),
    "policy": (yaml_file(policy_data), check_policy),
    "lock file": (lock_files(), check_lock),
    "license text": (license_texts(), check_classify),
    "GGUF header": (gguf_headers(), check_gguf),
}
