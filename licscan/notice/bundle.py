"""`--dir`: copy each license file to ship, byte for byte from the fetched repository, and record its sha256."""

from __future__ import annotations

import hashlib
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from licscan.errors import UsageError
from licscan.notice.model import ModelShipment, ShipPlan
from licscan.notice.repofiles import RepositoryFiles
from licscan.paths import OutsideFolder, confine

SUMS = "SHA256SUMS"
# How many of the files already in DIR a message names before it says "and N more".
SHOWN = 10


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]", "_", name)


def _base_name(model: ModelShipment) -> str:
    """`<org>__<name>` for a Hub model; `local__<folder>` for a local one (README)."""
    if model.source == "hub":
        return _safe(model.id.replace("/", "__"))
    return _safe("local__" + (PurePosixPath(model.id.replace("\\", "/")).name or "model"))


def _identity(model: ModelShipment) -> str:
    """What makes a model itself: its source and its Hub id, or the absolute folder of a local model."""
    if model.source == "local":
        return "local:" + os.path.realpath(model.id)
    return "hub:" + model.id


def folder_names(models: list[ModelShipment]) -> dict[str, str]:
    """Each model's folder in DIR, by identity: `<org>__<name>` or `local__<folder>`, and where two models would
    share one (`a/bot` and `b/bot`; `local/x` on the Hub and a folder `x`; names that differ only in case), each
    of them gets `-<8 hex of its identity>` appended, so that no model's files overwrite another's."""
    names = {_identity(m): _base_name(m) for m in models}
    taken = Counter(name.lower() for name in names.values())
    return {
        ident: name if taken[name.lower()] == 1 else f"{name}-{hashlib.sha256(ident.encode()).hexdigest()[:8]}"
        for ident, name in names.items()
    }


def existing_files(directory: Path) -> list[str]:
    """The files already in DIR (relative, POSIX), or [] when it does not exist yet."""
    if not directory.exists():
        return []
    if not directory.is_dir():
        raise UsageError(f"{directory}: --dir must be a folder, and this is a file")
    found = []
    for current, folders, names in os.walk(directory):
        folders.sort()
        found += [(Path(current) / n).relative_to(directory).as_posix() for n in sorted(names)]
    return found


def check_directory(directory: Path, force: bool) -> list[str]:
    """Before anything is fetched: a UsageError when DIR already holds files and --force was not given (an earlier
    bundle would be mixed with this one without a word); with --force, the files that were there."""
    found = existing_files(directory)
    if found and not force:
        raise UsageError(
            f"{directory}: the bundle folder is not empty ({len(found)} file(s): {_some(found)}); give an empty or new "
            "folder, or --force to write into it (files of the same name are replaced; the others are kept, named "
            "on stderr and left out of SHA256SUMS)"
        )
    return found


def _some(paths: list[str]) -> str:
    return ", ".join(paths[:SHOWN]) + (f" and {len(paths) - SHOWN} more" if len(paths) > SHOWN else "")


@dataclass
class BundleResult:
    plan: ShipPlan
    written: list[str] = field(default_factory=list)  # relative to DIR, as listed in SHA256SUMS
    kept: list[str] = field(default_factory=list)  # files that were in DIR before and that this run did not write

    def kept_message(self, directory: Path) -> str | None:
        """What --force found in DIR and left alone, or None when there was nothing."""
        if not self.kept:
            return None
        return (
            f"{directory} also holds {len(self.kept)} file(s) this run did not write, not listed in SHA256SUMS: "
            + _some(self.kept)
        )


def write_bundle(
    plan: ShipPlan, directory: Path, files: RepositoryFiles, before: list[str] | None = None
) -> BundleResult:
    """The plan with each copy's destination; a copy that cannot be made is recorded on its model as unreadable.

    DIR/SHA256SUMS lists each file this run wrote, once, in `sha256sum -c` form, so the bundle can be checked where
    it is shipped; `before` (the files DIR held, from check_directory) gives what was there and was not rewritten.
    """
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"{directory}: cannot create the bundle folder: {exc.strerror or exc}") from None
    names = folder_names(plan.models)
    written: dict[str, str] = {}  # destination -> sha256
    models = []
    for model in plan.models:
        copies = []
        unreadable = list(model.unreadable)
        folder = names[_identity(model)]
        for copy in model.copies:
            source = model.source if copy.repository == model.id else "hub"
            base = "" if copy.repository == model.id else _safe(copy.repository.replace("/", "__")) + "/"
            destination = f"{folder}/{base}{copy.path}"
            if written.get(destination) == copy.sha256:
                copies.append(copy.model_copy(update={"destination": destination}))  # the same file, already there
                continue
            try:
                if destination in written:
                    raise OSError(f"{destination} was already written by this run with other contents")
                data = files.read(copy.repository, source, copy.revision, copy.path, copy.sha256)
                # Every file written stays in DIR: a link already there (or a name with `..`) is not written through.
                target = confine(directory, PurePosixPath(destination))
                target.parent.mkdir(parents=True, exist_ok=True)
                target = confine(directory, PurePosixPath(destination))
                target.write_bytes(data)
                if hashlib.sha256(target.read_bytes()).hexdigest() != copy.sha256:
                    raise OSError(f"{destination}: the copy's sha256 is not the repository file's")
            except OSError as exc:
                unreadable.append(f"{copy.path} could not be copied: {exc}")
                copies.append(copy)
                continue
            written[destination] = copy.sha256
            copies.append(copy.model_copy(update={"destination": destination}))
        models.append(model.model_copy(update={"copies": copies, "unreadable": unreadable}))
    lines = "".join(f"{sha}  {destination}\n" for destination, sha in written.items())
    try:
        sums_file = confine(directory, SUMS)
    except OutsideFolder as exc:
        raise UsageError(f"{exc}: not written (give an output folder that holds no such link)") from None
    try:
        sums_file.write_text(lines, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"{directory / SUMS}: cannot write: {exc.strerror or exc}") from None
    kept = [f for f in before or [] if f not in written and f != SUMS]
    return BundleResult(plan.model_copy(update={"models": models}), list(written), kept)
