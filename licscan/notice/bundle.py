"""`--dir`: copy each license file to ship, byte for byte from the fetched repository, and record its sha256."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path, PurePosixPath

from licscan.errors import UsageError
from licscan.notice.model import ModelShipment, ShipPlan
from licscan.notice.repofiles import RepositoryFiles
from licscan.paths import OutsideFolder, confine

SUMS = "SHA256SUMS"


def folder_name(model: ModelShipment) -> str:
    """DIR/<org>__<name>/ for a Hub model; DIR/local__<folder>/ for a local one."""
    if model.source == "hub":
        name = model.id.replace("/", "__")
    else:
        name = "local__" + (PurePosixPath(model.id.replace("\\", "/")).name or "model")
    return re.sub(r"[^A-Za-z0-9._-]", "_", name)


def write_bundle(plan: ShipPlan, directory: Path, files: RepositoryFiles) -> ShipPlan:
    """The plan with each copy's destination; a copy that cannot be made is recorded on its model as unreadable.

    DIR/SHA256SUMS lists every copy in `sha256sum -c` form, so the bundle can be checked where it is shipped.
    """
    directory.mkdir(parents=True, exist_ok=True)
    sums: list[str] = []
    models = []
    for model in plan.models:
        copies = []
        unreadable = list(model.unreadable)
        for copy in model.copies:
            source = model.source if copy.repository == model.id else "hub"
            base = "" if copy.repository == model.id else copy.repository.replace("/", "__") + "/"
            destination = f"{folder_name(model)}/{base}{copy.path}"
            try:
                data = files.read(copy.repository, source, copy.revision, copy.path, copy.sha256)
                # Every file written stays in DIR: a link already there (or a name with `..`) is not written through.
                target = confine(directory, PurePosixPath(destination))
                target.parent.mkdir(parents=True, exist_ok=True)
                target = confine(directory, PurePosixPath(destination))
                target.write_bytes(data)
                written = hashlib.sha256(target.read_bytes()).hexdigest()
                if written != copy.sha256:
                    raise OSError(f"{destination}: the copy's sha256 is not the repository file's")
            except OSError as exc:
                unreadable.append(f"{copy.path} could not be copied: {exc}")
                copies.append(copy)
                continue
            sums.append(f"{copy.sha256}  {destination}")
            copies.append(copy.model_copy(update={"destination": destination}))
        models.append(model.model_copy(update={"copies": copies, "unreadable": unreadable}))
    try:
        sums_file = confine(directory, SUMS)
    except OutsideFolder as exc:
        raise UsageError(f"{exc}: not written (give an output folder that holds no such link)") from None
    sums_file.write_text("".join(line + "\n" for line in sums), encoding="utf-8")
    return plan.model_copy(update={"models": models})
