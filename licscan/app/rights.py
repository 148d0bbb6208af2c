"""`rights`: what each target's licenses allow, operation by operation, with the clause for each."""

from __future__ import annotations

from dataclasses import dataclass, field

from licscan.app.codes import of_reading
from licscan.app.interface import Outcome, Say, Settings, Target, quiet
from licscan.app.run import problems, scan_options
from licscan.rights.interface import ModelRights


@dataclass(frozen=True)
class RightsRequest:
    targets: tuple[Target, ...]
    # No policy is needed: every license bound through the model's lineage counts.
    settings: Settings = field(default_factory=Settings)


def rights(request: RightsRequest, say: Say = quiet) -> Outcome[list[ModelRights]]:
    """Each target scanned as `scan` does, without a policy, then its rights; 3 when one could not be read."""
    from licscan.rights.run import rights_of_targets

    settings = Settings(hub=request.settings.hub, jobs=request.settings.jobs, max_depth=request.settings.max_depth)
    models, results = rights_of_targets(list(request.targets), scan_options(settings))
    for line in problems(results):
        say(line)
    return Outcome(models, of_reading(results))
