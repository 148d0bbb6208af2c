"""`check --discover`: the models the code uses against the manifest; unlisted ones fail, unused ones are noted."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from licscan.discover.interface import DiscoveredModel, Discovery, UnresolvedCall
from licscan.discover.manifest_edit import MAX_PLACES, discovered_ref
from licscan.results import Declared, Finding, ModelResult, Severity, SourceLocation
from licscan.targets import Target


@dataclass(frozen=True)
class GateResult:
    unlisted: list[ModelResult]
    # One result per loading call whose model could not be told, named `<path>:<line>` (what an exception matches).
    unresolved: list[ModelResult]
    # Manifest line of each listed model that no code uses -> its info finding.
    unused: dict[int, Finding]


def _places(model: DiscoveredModel) -> str:
    shown = ", ".join(loc.label() for loc in model.locations[:MAX_PLACES])
    more = len(model.locations) - MAX_PLACES
    return shown + (f" and {more} more" if more > 0 else "")


def target_ref(target: Target[object], cwd: Path) -> str:
    """A manifest target as discovered models are compared with it (see manifest_edit.discovered_ref): a local one
    (decided as the scan decides it, Target.is_local) as its resolved folder, a Hub id in lower case."""
    if target.is_local:
        return str((cwd / Path(target.ref).expanduser()).resolve())
    return target.ref.lower()


def compare(
    discovery: Discovery,
    targets: Sequence[Target[object]],
    manifest: Path,
    paths: Sequence[Path],
    severity: Severity,
    cwd: Path,
    unresolved_severity: Severity = "error",
) -> GateResult:
    listed = {target_ref(t, cwd): t for t in targets}
    used: set[str] = set()
    unlisted: list[ModelResult] = []
    where = " ".join(str(p) for p in paths)
    for model in discovery.models:
        if model.kind != "model":
            continue  # a manifest lists models; datasets reach the check through each model's lineage
        ref = discovered_ref(model, cwd)
        if ref in listed:
            used.add(ref)
            continue
        first = model.locations[0]
        finding = Finding(
            id="unlisted-model",
            severity=severity,
            model=model.id,
            license=None,
            message=f"the code uses {'the local model' if model.local else 'the Hub model'} {model.id} "
            f"({_places(model)}), but {manifest} does not list it, so its license was never checked",
            remediation=f"Add it to the manifest (`licscan discover {where} --write {manifest}`) and run the "
            "check again, or stop using it.",
            location=SourceLocation(path=first.path, line=first.line),
        )
        unlisted.append(
            ModelResult(
                id=model.id,
                revision=None,
                source="local" if model.local else "hub",
                declared=Declared(),
                license=None,
                concluded_by="Not scanned: the manifest does not list this model.",
                findings=[finding],
            )
        )
    unused: dict[int, Finding] = {}
    for ref, target in listed.items():
        if ref in used or target.manifest_line is None:
            continue
        unused[target.manifest_line] = Finding(
            id="unused-model",
            severity="info",
            model=target.ref,
            license=None,
            message=f"listed in {manifest}, but no code under {where} names it (a name computed at run time is "
            "not seen)",
            remediation="Remove it from the manifest if the code no longer uses it.",
        )
    return GateResult(
        unlisted=unlisted,
        unresolved=[_unresolved(call, manifest, unresolved_severity) for call in discovery.unresolved],
        unused=unused,
    )


def _unresolved(call: UnresolvedCall, manifest: Path, severity: Severity) -> ModelResult:
    place = f"{call.path}:{call.line}"
    what = "dataset" if call.kind == "dataset" else "model"
    finding = Finding(
        id="unresolved-model",
        severity=severity,
        model=place,
        license=None,
        message=f"the code loads a {what} at {call.label()} through {call.call}({call.argument}), whose name is "
        f"computed at run time: licscan could not tell which {what}, so it cannot tell whether {manifest} lists it",
        remediation="Name the model with a literal or a module constant that discover can follow; or list every "
        f"model this call can load in {manifest} and waive this place with a policy exception (model: {place!r}, "
        "finding: unresolved-model).",
        location=SourceLocation(path=call.path, line=call.line),
    )
    return ModelResult(
        id=place,
        revision=None,
        source="local",
        declared=Declared(),
        license=None,
        concluded_by="Not scanned: the code computes the model's name at run time.",
        findings=[finding],
    )
