"""The findings of one subject, as the checks of the policy stage add them."""

from __future__ import annotations

from dataclasses import dataclass, field

from licscan.database.models import Clause
from licscan.policy.interface import Subject
from licscan.results import CitedClause, Finding, FindingId, Severity


@dataclass
class Collector:
    subject: Subject
    findings: list[Finding] = field(default_factory=list)

    def add(
        self,
        id: FindingId,
        severity: Severity,
        license: str | None,
        message: str,
        remediation: str,
        clause: Clause | None = None,
    ) -> None:
        cited = CitedClause(section=clause.section, quote=clause.quote, license=license) if clause else None
        self.findings.append(
            Finding(
                id=id,
                severity=severity,
                model=self.subject.model,
                license=license,
                message=message,
                clause=cited,
                remediation=remediation,
            )
        )
