"""Which repository files carry license terms, and how their bytes become a DocumentFile."""

from __future__ import annotations

import codecs
import hashlib
import re
from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from typing import Literal
from urllib.parse import unquote

from licscan.hubnames import NOT_A_LICENSE, hub_path
from licscan.paths import OutsideFolder, inside
from licscan.sources.interface import CardMetadata, DocumentFile, Problem
from licscan.urls import split_url

# License documents are kilobytes; past this a file is hashed whole but only this much of it is decoded.
DEFAULT_MAX_FILE_BYTES = 2 * 1024 * 1024

# Never read, whatever the name says: weights, archives and other binary payloads can be gigabytes.
WEIGHT_SUFFIXES = frozenset(
    {
        ".safetensors", ".bin", ".gguf", ".ggml", ".pt", ".pth", ".ckpt", ".onnx", ".onnx_data", ".h5", ".hdf5",
        ".keras", ".msgpack", ".tflite", ".pb", ".ot", ".npz", ".npy", ".pkl", ".pickle", ".joblib", ".mlmodel",
        ".mlpackage", ".engine", ".plan", ".trt", ".nemo", ".llamafile", ".exl2", ".parquet", ".arrow", ".zip",
        ".tar", ".tgz", ".gz", ".bz2", ".xz", ".zst", ".7z", ".rar", ".model", ".wav", ".mp3", ".png", ".jpg",
        ".jpeg", ".gif", ".webp", ".mp4",
    }
)  # fmt: skip

_NAME_PREFIXES = ("license", "licence", "copying", "notice", "use_policy")
_NAMED_LICENSE = re.compile(r"licen[cs]e.*\.(md|txt)$")
# What a file's name says it licenses: LICENSE-MODEL, MODEL_LICENSE, LICENSE_MODEL, Model_License.md and
# LICENSE-WEIGHTS license the weights; LICENSE-CODE and CODE_LICENSE the code.
_FOR_WEIGHTS = re.compile(r"^(?:licen[cs]e[-_. ]?(?:model|weights?)\b|(?:model|weights?)[-_. ]?licen[cs]e)")
_FOR_CODE = re.compile(r"^(?:licen[cs]e[-_. ]?(?:code|source)\b|(?:code|source)[-_. ]?licen[cs]e)")
FileRole = Literal["weights", "license", "named", "notice", "code"]
# Which file speaks first for the model's license: one for the weights, then a plain LICENSE or COPYING, then
# another file named for a license, then a NOTICE or use policy. A code license never speaks for the weights.
_ROLE_RANK: dict[FileRole, int] = {"weights": 1, "license": 2, "named": 3, "notice": 4, "code": 5}
# How deep license files are looked for: the top level and one folder down (e.g. `original/LICENSE`).
_MAX_DEPTH = 2
# A Hub file URL of a repo: /<repo>/(blob|resolve|raw)/<revision>/<file>; some cards leave out the middle part.
_VIEWS = ("blob", "resolve", "raw", "tree")


def is_weight_file(path: str) -> bool:
    name = PurePosixPath(path).name.lower()
    return any(name.endswith(suffix) for suffix in WEIGHT_SUFFIXES)


def is_license_name(path: str) -> bool:
    """LICENSE*, LICENCE*, COPYING*, NOTICE*, USE_POLICY*, *license*.md, *license*.txt, MODEL_LICENSE and
    CODE_LICENSE, in any case."""
    name = PurePosixPath(path).name.lower()
    return (
        name.startswith(_NAME_PREFIXES)
        or _NAMED_LICENSE.search(name) is not None
        or _FOR_WEIGHTS.match(name) is not None
        or _FOR_CODE.match(name) is not None
    )


def file_role(path: str) -> FileRole:
    """What a license-bearing file's name says it licenses or is."""
    name = PurePosixPath(path).name.lower()
    if _FOR_CODE.match(name):
        return "code"
    if _FOR_WEIGHTS.match(name):
        return "weights"
    if re.match(r"(?:licen[cs]e|copying)(?:\.\w+)?$", name):
        return "license"
    if name.startswith(("notice", "use_policy")):
        return "notice"
    return "named"


def license_rank(path: str, linked: str | None = None) -> int:
    """The order in which license files speak for the model: the file `license_link` names first (0)."""
    return 0 if linked is not None and path == linked else _ROLE_RANK[file_role(path)]


def _repo_path(link: str, repo_id: str | None, endpoint: str | None) -> str | None:
    """The repo-relative path a `license_link` names, or None when it points elsewhere."""
    link = link.strip()
    parts = split_url(link)
    if parts is None:
        return None
    if not parts.scheme and not parts.netloc:
        return unquote(parts.path).removeprefix("./").lstrip("/") or None
    path = hub_path(link, endpoint)
    if path is None:
        return None
    segments = [unquote(s) for s in path.split("/") if s]
    if repo_id is None:
        # A local copy does not know its repo id: any model's file URL (/<repo>/blob/<rev>/<file>) names a local file.
        view = next((i for i in (1, 2) if len(segments) > i + 2 and segments[i] in _VIEWS), None)
        return "/".join(segments[view + 2 :]) if view is not None else None
    repo = repo_id.split("/")
    if [s.lower() for s in segments[: len(repo)]] != [s.lower() for s in repo]:
        return None
    rest = segments[len(repo) :]
    if len(rest) >= 3 and rest[0] in _VIEWS:
        rest = rest[2:]
    return "/".join(rest) or None


def linked_file(
    license_link: str | None, repo_files: Sequence[str], repo_id: str | None = None, endpoint: str | None = None
) -> str | None:
    """The repo file `license_link` names (a relative path or a Hub URL of this same repo), if the repo has it."""
    if not license_link:
        return None
    wanted = _repo_path(license_link, repo_id, endpoint)
    if wanted is None:
        return None
    if wanted in repo_files:
        return wanted
    folded = {name.lower(): name for name in repo_files}
    return folded.get(wanted.lower())


def license_files(
    repo_files: Sequence[str],
    license_link: str | None = None,
    repo_id: str | None = None,
    endpoint: str | None = None,
) -> tuple[str, ...]:
    """The license-bearing files of a repo, in a stable order: the linked file first, then by depth and name."""
    found = [
        name
        for name in repo_files
        if name.count("/") < _MAX_DEPTH and is_license_name(name) and not is_weight_file(name)
    ]
    linked = linked_file(license_link, repo_files, repo_id, endpoint)
    if linked is not None and not is_weight_file(linked):
        found = [linked, *(name for name in found if name != linked)]
    found.sort(key=lambda name: (license_rank(name, linked) > 0, name.count("/"), license_rank(name), name.lower()))
    return tuple(found)


def decode_text(head: bytes, complete: bool = True) -> tuple[str | None, str | None]:
    """The text of a file's (first) bytes, or why it is not text; a cut mid-character is not an error.

    The one decoder for every file licscan reads: repository files here, and files given to `licscan classify`.
    """
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return codecs.getincrementaldecoder("utf-16")().decode(head, final=complete), None
        except UnicodeDecodeError:
            return None, "not UTF-8 text"
    if b"\x00" in head:
        return None, "binary file"
    try:
        return codecs.getincrementaldecoder("utf-8-sig")().decode(head, final=complete), None
    except UnicodeDecodeError:
        return None, "not UTF-8 text"


def _document(
    name: str, digest: str, size: int, head: bytes, max_bytes: int
) -> tuple[DocumentFile, tuple[Problem, ...]]:
    truncated = size > max_bytes
    text, error = decode_text(head[:max_bytes], complete=not truncated)
    problems: list[Problem] = []
    if error is not None:
        problems.append(Problem("unreadable-file", f"{name}: {error}", name))
    if truncated:
        message = f"{name} is {size} bytes; only the first {max_bytes} were read"
        problems.append(Problem("truncated-file", message, name))
    return DocumentFile(name, digest, size, text, error, truncated), tuple(problems)


def document_from_bytes(
    name: str, data: bytes, max_bytes: int = DEFAULT_MAX_FILE_BYTES
) -> tuple[DocumentFile, tuple[Problem, ...]]:
    """A DocumentFile for bytes already in memory: hash of all of them, text of at most max_bytes."""
    return _document(name, hashlib.sha256(data).hexdigest(), len(data), data[:max_bytes], max_bytes)


def read_document(
    path: Path, name: str, max_bytes: int = DEFAULT_MAX_FILE_BYTES, within: Sequence[Path] = ()
) -> tuple[DocumentFile, tuple[Problem, ...]]:
    """A DocumentFile for a file on disk, hashed whole (it is evidence) but decoded only up to max_bytes.

    With `within`, the file (its symbolic links followed) must lie in one of those folders: a link out of the model's
    folder is not read, and the problem says where it leads.
    """
    digest = hashlib.sha256()
    head = bytearray()
    size = 0
    try:
        if within:
            path = inside(path, within, name)
        with path.open("rb") as handle:
            while chunk := handle.read(1024 * 1024):
                digest.update(chunk)
                size += len(chunk)
                if len(head) <= max_bytes:
                    head += chunk[: max_bytes + 1 - len(head)]
    except OutsideFolder as exc:
        document = DocumentFile(name, "", 0, None, f"not read: {exc}")
        return document, (Problem("unreadable-file", f"{exc}: not read", name),)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        document = DocumentFile(name, "", 0, None, f"cannot read: {reason}")
        return document, (Problem("unreadable-file", f"{name}: cannot read: {reason}", name),)
    return _document(name, digest.hexdigest(), size, bytes(head), max_bytes)


def default_readme_wanted(card: CardMetadata, files: tuple[DocumentFile, ...]) -> bool:
    """Read the README prose only when neither a license file nor a specific declared license settles the terms."""
    if any(document.text for document in files):
        return False
    return not card.licenses or all(key in NOT_A_LICENSE for key in card.licenses)
