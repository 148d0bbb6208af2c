"""Policy exceptions: match them to findings, mark what they waive, and account for expired and unused ones."""

from __future__ import annotations

import datetime as dt
import fnmatch
from dataclasses import dataclass, field

from licscan.policy.model import PolicyException
from licscan.results import Finding, Waiver

# Findings about the run itself, not about the license: no exception can make them go away.
UNWAIVABLE = frozenset({"fetch-error"})


def as_waiver(exc: PolicyException) -> Waiver:
    return Waiver.model_validate(exc.model_dump())


@dataclass
class WaiverBook:
    exceptions: list[PolicyException]
    today: dt.date = field(default_factory=dt.date.today)
    used: set[int] = field(default_factory=set)

    def _matches(self, exc: PolicyException, finding: Finding, revision: str | None) -> bool:
        if not fnmatch.fnmatchcase(finding.model, exc.model):
            return False
        if exc.revision and not (revision or "").startswith(exc.revision):
            return False
        if exc.license and exc.license != finding.license:
            return False
        return not (exc.finding and exc.finding != finding.id)

    def apply(self, findings: list[Finding], revision: str | None) -> list[Finding]:
        out = []
        for f in findings:
            if f.waived is not None or f.id in UNWAIVABLE:
                out.append(f)
                continue
            waiver = None
            for i, exc in enumerate(self.exceptions):
                if not self._matches(exc, f, revision):
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
