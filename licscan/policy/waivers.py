"""Policy exceptions: match them to findings, mark what they waive, and account for expired and unused ones."""

from __future__ import annotations

import datetime as dt
import fnmatch
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from licscan.policy.model import PolicyException
from licscan.results import Finding, Waiver
from licscan.sources.refs import is_commit
from licscan.targets import is_local

# Findings about the run itself, not about the license: no exception can make them go away.
UNWAIVABLE = frozenset({"fetch-error"})


def _names_a_path(model: str) -> bool:
    """An exception's `model:` names a local folder when it is written as one (targets.is_local); a glob's wildcards
    stand for letters here (`meta-llama/*` is a glob of Hub ids)."""
    return is_local(re.sub(r"[*?\[\]]", "x", model))


def local_folder(model_id: str, source: str) -> Path | None:
    """A local model's folder (what a policy exception's local `model:` is compared with); None for a Hub model."""
    return Path(model_id).expanduser() if source == "local" else None


def as_waiver(exc: PolicyException) -> Waiver:
    return Waiver.model_validate(exc.model_dump())


@dataclass
class WaiverBook:
    """The policy's exceptions. An exception's local `model:` is a path relative to the policy file's folder
    (`base`), so it matches the same folder from wherever licscan runs."""

    exceptions: list[PolicyException]
    today: dt.date = field(default_factory=dt.date.today)
    used: set[int] = field(default_factory=set)
    base: Path | None = None

    def _local_pattern(self, exc: PolicyException) -> str | None:
        """The absolute folder (or glob of folders) an exception names on disk, or None when it names none."""
        base = (self.base or Path.cwd()).resolve()
        pattern = os.path.normpath(base / Path(exc.model).expanduser())
        if _names_a_path(exc.model) or os.path.isdir(pattern):
            return pattern
        return None

    def _model_matches(self, exc: PolicyException, finding: Finding, folder: Path | None) -> bool:
        if folder is None:
            return not _names_a_path(exc.model) and fnmatch.fnmatchcase(finding.model, exc.model)
        pattern = self._local_pattern(exc)
        return pattern is not None and fnmatch.fnmatchcase(str(folder.resolve()), pattern)

    def _matches(self, exc: PolicyException, finding: Finding, revision: str | None, folder: Path | None) -> bool:
        if not self._model_matches(exc, finding, folder):
            return False
        # An exception pinned to a commit does not reach a folder with uncommitted changes on top of it.
        if exc.revision and not (is_commit(revision) and (revision or "").startswith(exc.revision)):
            return False
        if exc.license and exc.license != finding.license:
            return False
        return not (exc.finding and exc.finding != finding.id)

    def apply(self, findings: list[Finding], revision: str | None, folder: Path | None = None) -> list[Finding]:
        """The findings with the exceptions that waive them; `folder` is a local model's directory (None: Hub)."""
        out = []
        for f in findings:
            if f.waived is not None or f.id in UNWAIVABLE:
                out.append(f)
                continue
            waiver = None
            for i, exc in enumerate(self.exceptions):
                if not self._matches(exc, f, revision, folder):
                    continue
                if exc.expires < self.today:
                    f = f.model_copy(
                        update={
                            "message": f"{f.message} (an exception approved by {exc.approved_by} expired on "
                            f"{exc.expires.isoformat()} and no longer applies)"
                        }
                    )
                    continue
                self.used.add(i)
                waiver = as_waiver(exc)
                break
            out.append(f.model_copy(update={"waived": waiver}) if waiver else f)
        return out

    def stale(self) -> list[Waiver]:
        """Exceptions that waived nothing in this run (expired ones included)."""
        return [as_waiver(e) for i, e in enumerate(self.exceptions) if i not in self.used]

    def expired(self) -> list[Waiver]:
        return [as_waiver(e) for e in self.exceptions if e.expires < self.today]
