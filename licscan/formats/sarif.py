"""SARIF 2.1.0 for GitHub code scanning: one rule per finding id, each result on its model's manifest line."""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path
from urllib.parse import quote

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

# finding id -> (what it means, what to do). The per-result message carries the model's own remediation.
RULES: dict[str, tuple[str, str]] = {
    "unknown-license": (
        "The model's license could not be identified.",
        "Find the license the model is published under and add it to the card, or ask the licscan maintainers "
        "to add it to the database.",
    ),
    "modified-license": (
        "The license text is close to a known license but has substantive changes.",
        "Have legal review the changed text before using the model.",
    ),
    "license-mismatch": (
        "The license declared on the model card differs from the license in the model's files.",
        "Treat the stricter license as binding, or ask the publisher which one applies.",
    ),
    "inherited-license": (
        "A derivative model declares other terms than its base model, whose terms still bind it.",
        "Apply the base model's license as well as the derivative's.",
    ),
    "denied-license": ("The license is on the policy's deny list.", "Choose another model."),
    "not-allowlisted": (
        "The license is not on the policy's allow list.",
        "Choose a model under an allowed license, or have the license added to the policy.",
    ),
    "non-commercial": (
        "The license forbids commercial use, which the policy intends.",
        "Choose a model that allows commercial use, or obtain a commercial license.",
    ),
    "research-only": (
        "The license allows research use only.",
        "Choose a model licensed for production use, or obtain a separate license.",
    ),
    "mau-cap": (
        "The organisation is above the license's monthly-active-user cap.",
        "Obtain a separate license from the licensor before use.",
    ),
    "revenue-cap": (
        "The organisation is above the license's revenue cap.",
        "Obtain a separate license from the licensor before use.",
    ),
    "outputs-training-ban": (
        "The license forbids using the model's outputs to train or improve other models.",
        "Do not train on the outputs, or choose another model.",
    ),
    "region-restricted": (
        "The license excludes the organisation's region.",
        "Choose another model, or obtain a license that covers the region.",
    ),
    "hosting-restricted": (
        "The license restricts offering the model to third parties as a service.",
        "Do not host the model for others, or obtain a license that allows it.",
    ),
    "use-restriction": (
        "The license forbids one of the intended use cases.",
        "Drop the restricted use case, or choose another model.",
    ),
    "share-alike": (
        "The license requires derivatives to be shared under the same terms.",
        "Release derivatives under the same license, or choose another model.",
    ),
    "attribution-required": (
        "The license requires attribution.",
        "Show the required attribution where the license says.",
    ),
    "naming-required": (
        "The license requires derivative names to carry a prefix.",
        "Name the derivative as the license requires.",
    ),
    "notice-required": (
        "The license requires a notice file or a copy of the license with the model.",
        "Ship the notice and the license text with the model.",
    ),
    "gated": (
        "The model is gated: its terms must be accepted on the Hub before download.",
        "Accept the terms on the Hub with the account that downloads the model.",
    ),
    "fetch-error": (
        "The model's documents could not be fetched, so it was not evaluated.",
        "Check the model id, the revision, network access and the Hub token, then run again.",
    ),
    "license-changed": (
        "The upstream license differs from the one recorded in licscan.lock.",
        "Review the new license, then update the lock with `licscan lock`.",
    ),
    "unlisted-model": (
        "The code uses a model that the manifest does not list, so its license was never checked.",
        "Add the model to the manifest (`licscan discover PATH --write MANIFEST`), then run the check again.",
    ),
    "unused-model": (
        "The manifest lists a model that no code uses any more.",
        "Remove it from the manifest if it is really gone.",
    ),
}


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
    description, remediation = RULES.get(rule_id, (f"licscan finding {rule_id}.", "See the finding's remediation."))
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
