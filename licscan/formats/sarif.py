"""SARIF 2.1.0 for GitHub code scanning: one rule per finding id, each result on its model's manifest line."""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path
from urllib.parse import quote

from licscan.catalogue import FINDINGS, FindingKind
from licscan.formats.common import sorted_findings
from licscan.formats.identity import purl_of
from licscan.formats.interface import RenderContext, Reporter
from licscan.formats.markdown import md
from licscan.results import SEVERITY_RANK, Finding, ModelResult, Report
from licscan.safetext import clean

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/licscan/"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}
FINGERPRINT_KEY = "licscanFinding/v1"
MAX_EXAMPLES = 5
# One rule per finding id, worded by the one catalogue; the per-result message carries the model's own remediation.
RULES: dict[str, FindingKind] = {str(k): v for k, v in FINDINGS.items()}


class SarifReporter(Reporter):
    name = "sarif"

    def render(self, report: Report, ctx: RenderContext) -> str:
        pairs = [(m, f) for m in report.models for f in sorted_findings(m.findings)]
        rule_ids = sorted({f.id for _, f in pairs})
        index = {rule_id: i for i, rule_id in enumerate(rule_ids)}
        uri = manifest_uri(report.manifest, ctx.repo_root)
        run = {
            "tool": {
                "driver": {
                    "name": "licscan",
                    "version": report.tool.version,
                    "semanticVersion": report.tool.version,
                    "informationUri": INFORMATION_URI,
                    "rules": [_rule(rule_id, [f for _, f in pairs if f.id == rule_id]) for rule_id in rule_ids],
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": [_result(m, f, index[f.id], uri) for m, f in pairs],
        }
        document = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def manifest_uri(manifest: str | None, repo_root: Path | None) -> str | None:
    """The manifest path relative to the repository root, with forward slashes, as code scanning expects."""
    if not manifest:
        return None
    path = Path(manifest).resolve()
    root = (repo_root or Path.cwd()).resolve()
    relative = os.path.relpath(path, root)
    # Outside the repository a relative path would point at the wrong file; an absolute URI is honest.
    return path.as_uri() if relative.startswith("..") else quote(Path(relative).as_posix(), safe="/")


def fingerprint(finding: Finding) -> str:
    """Stable across runs and line moves, so code scanning keeps an alert (and its dismissal) as the same one."""
    # The clause tells apart two findings of one id under one license (two notice duties, say).
    section = finding.clause.section if finding.clause else ""
    key = "\0".join([finding.model, finding.id, finding.license or "", section])
    return hashlib.sha256(key.encode()).hexdigest()


def _rule_name(rule_id: str) -> str:
    return "".join(part.capitalize() for part in re.split(r"[^a-z0-9]+", rule_id))


def _rule(rule_id: str, findings: list[Finding]) -> dict[str, object]:
    kind = RULES.get(rule_id)
    description = kind.meaning if kind else f"licscan finding {rule_id}."
    remediation = kind.action if kind else "See the finding's remediation."
    worst = max(findings, key=lambda f: SEVERITY_RANK[f.severity]).severity
    # A few of the models' own remediations; every result's message carries its own in full.
    examples = sorted({clean(f.remediation, oneline=True) for f in findings if f.remediation})[:MAX_EXAMPLES]
    text = f"{description}\n\nRemediation: {remediation}"
    markdown = f"{description}\n\n**Remediation:** {remediation}"
    if examples:
        text += "\n\nFor the models in this report:\n" + "\n".join(f"- {r}" for r in examples)
        markdown += "\n\nFor the models in this report:\n\n" + "\n".join(f"- {md(r)}" for r in examples)
    return {
        "id": rule_id,
        "name": _rule_name(rule_id),
        "shortDescription": {"text": description},
        "fullDescription": {"text": f"{description} {remediation}"},
        "help": {"text": text, "markdown": markdown},
        "defaultConfiguration": {"level": LEVEL[worst]},
        "properties": {"tags": ["license", "compliance"], "precision": "very-high"},
    }


def _result(model: ModelResult, finding: Finding, rule_index: int, manifest: str | None) -> dict[str, object]:
    result: dict[str, object] = {
        "ruleId": finding.id,
        "ruleIndex": rule_index,
        "level": LEVEL[finding.severity],
        "message": {"text": _message(model, finding)},
        "locations": [_location(model, manifest) if finding.location is None else _code_location(model, finding)],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint(finding)},
        "properties": {
            k: v
            for k, v in {
                "model": clean(model.id),
                "revision": model.revision,
                "purl": purl_of(model),
                "license": finding.license,
            }.items()
            if v
        },
    }
    if finding.waived:
        w = finding.waived
        justification = f"{clean(w.reason, oneline=True)} (approved by {clean(w.approved_by, oneline=True)}"
        result["suppressions"] = [
            {"kind": "external", "status": "accepted", "justification": f"{justification}, expires {w.expires})"}
        ]
    return result


def plain(text: object) -> str:
    """Untrusted text for a SARIF plain-text message, where `[text](target)` would be an embedded link."""
    return re.sub(r"([\\\[\]])", r"\\\1", clean(text, oneline=True))


def _message(model: ModelResult, finding: Finding) -> str:
    at = f"@{plain(model.revision)}" if model.revision else ""
    parts = [f"{plain(model.id)}{at}: {plain(finding.message)}"]
    if finding.clause:
        parts.append(f"Clause §{plain(finding.clause.section)}: \u201c{plain(finding.clause.quote)}\u201d")
    parts.append(f"Remediation: {plain(finding.remediation)}")
    return "\n".join(parts)


def _code_location(model: ModelResult, finding: Finding) -> dict[str, object]:
    # A finding about the code (unlisted-model) sits on the code line, so the pull request shows it there.
    assert finding.location is not None
    return {
        "physicalLocation": {
            "artifactLocation": {"uri": manifest_uri(finding.location.path, None)},
            "region": {"startLine": max(finding.location.line, 1)},
        },
        "logicalLocations": [{"name": clean(model.id, oneline=True), "kind": "module"}],
    }


def _location(model: ModelResult, manifest: str | None) -> dict[str, object]:
    # Without a manifest (a `scan` of hub ids) the model id is the only stable place to point at.
    uri = manifest or quote(clean(model.id, oneline=True), safe="/")
    return {
        "physicalLocation": {
            "artifactLocation": {"uri": uri},
            "region": {"startLine": model.manifest_line if model.manifest_line and model.manifest_line > 0 else 1},
        },
        "logicalLocations": [
            {
                "name": clean(model.id, oneline=True),
                "kind": "module",
                **({"fullyQualifiedName": purl} if (purl := purl_of(model)) else {}),
            }
        ],
    }
