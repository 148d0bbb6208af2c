"""The results that pass from the policy engine to the output formats; their JSON is the SPEC contract."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import ConfigDict, Field, SerializerFunctionWrapHandler, model_serializer, model_validator

from licscan.catalogue import FindingId as FindingId  # re-exported: the type lives with its wording
from licscan.frozen import FrozenModel

SCHEMA_VERSION = 1

Severity = Literal["error", "warning", "info"]
Verdict = Literal["pass", "fail", "error"]
# What a census result was concluded from: the listing's card data alone (no file requested); the repository's
# files; the card only, because the files were requested and refused or failed; nothing at all.
ConcludedFrom = Literal["metadata", "files", "card-only", "not-read"]
MatchLevel = Literal["exact", "modified", "partial", "reference", "none"]
SEVERITY_RANK: dict[str, int] = {"info": 0, "warning": 1, "error": 2}


class CitedClause(FrozenModel):
    section: str
    quote: str
    license: str | None = Field(None, description="The database key whose text the quote is from.")


class Waiver(FrozenModel):
    model: str = Field(description="Model id or glob the exception matches.")
    finding: str | None = None
    revision: str | None = None
    license: str | None = None
    reason: str
    approved_by: str
    expires: dt.date


class SourceLocation(FrozenModel):
    path: str = Field(description="A code file, relative to the working directory, with forward slashes.")
    line: int = Field(description="1-based line of that file.")


class Finding(FrozenModel):
    id: FindingId
    severity: Severity
    model: str
    license: str | None
    message: str
    clause: CitedClause | None = None
    remediation: str
    waived: Waiver | None = None
    location: SourceLocation | None = Field(
        None, description="Where in the code the finding is (unlisted-model: the line that uses the model)."
    )

    @property
    def access_denied(self) -> bool:
        """A gated repository whose files were refused (a warning); the info notice that a repository is gated,
        given whenever its files were read, is not."""
        return self.id == "gated" and self.severity != "info"

    @property
    def read_failed(self) -> bool:
        """A document the verdict depends on could not be read (an error-level fetch-error): the verdict is error."""
        return self.id == "fetch-error" and self.severity == "error"

    @property
    def unreadable(self) -> bool:
        """What a run reports as not read, on stderr and in its exit code: a failed read, or access denied."""
        return self.read_failed or self.access_denied


class FileEvidence(FrozenModel):
    path: str
    sha256: str
    size: int | None = None
    license: str | None
    match: MatchLevel
    similarity: float
    version: str | None = None
    error: str | None = None
    # Other licenses the file holds whole beside `license` (a bundle; an AUP appended to a LICENSE).
    also: tuple[str, ...] = ()


def warning(model: str, id: FindingId, license: str | None, message: str, remediation: str) -> Finding:
    """A warning-level finding with no clause: the license-level findings, before a policy re-levels them."""
    return Finding(id=id, severity="warning", model=model, license=license, message=message, remediation=remediation)


class Declared(FrozenModel):
    """What the card declares. Inside licscan its licenses are a list; the JSON (SPEC) keeps one `license` string,
    the ids joined by ", " (null for none), and reading that JSON back splits it again, here only."""

    licenses: tuple[str, ...] = Field((), description="The card's `license:` ids, in order.")
    license_name: str | None = None
    license_link: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_json(cls, data: Any) -> Any:
        if isinstance(data, dict) and "license" in data:
            data = dict(data)
            joined = data.pop("license")
            if joined is None or isinstance(joined, str):
                joined = tuple(i.strip() for i in (joined or "").split(",") if i.strip())
            data["licenses"] = joined  # anything else is left for the field's own validation to refuse
        return data

    @model_serializer(mode="wrap")
    def _to_json(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        fields: dict[str, Any] = handler(self)
        fields.pop("licenses", None)
        return {"license": ", ".join(self.licenses) or None, **fields}


class LineageEntry(FrozenModel):
    id: str
    relation: str = Field(description="finetune, adapter, quantized, merge, unknown, or dataset.")
    license: str | None
    kind: Literal["model", "dataset"] = "model"
    parent: str | None = Field(None, description="The model that names this one as its base.")
    depth: int = 1
    revision: str | None = None
    error: str | None = None


# A relation as a noun, with its article, for a sentence ("it is a quantization of ..."), never "a quantized of".
_RELATION_NOUNS = {
    "finetune": "a fine-tune",
    "adapter": "an adapter",
    "quantized": "a quantization",
    "merge": "a merge",
}


def derivative_noun(relation: str) -> str:
    """`quantized` -> "a quantization"; an unknown or missing relation -> "a derivative"."""
    return _RELATION_NOUNS.get(relation, "a derivative")


class GGUFEvidence(FrozenModel):
    path: str = Field(description="The GGUF file, relative to the repository.")
    license: str | None = Field(description="The header's general.license, as written.")
    license_name: str | None = Field(None, description="general.license.name, as written.")
    license_link: str | None = Field(None, description="general.license.link, as written.")
    license_key: str | None = Field(None, description="The database key general.license resolves to, or null.")
    base_models: list[str] = Field(
        default_factory=list,
        description="general.base_model.N: the Hub id its repo_url names, else its organization/name as written.",
    )
    name: str | None = Field(description="The header's general.name.")
    bytes_read: int = Field(0, description="How many bytes of the file were read to get the header.")
    error: str | None = Field(None, description="Why the header could not be (fully) read.")


DutyKind = Literal[
    "license-copy",
    "notice",
    "attribution",
    "naming-prefix",
    "modification-notice",
    "source-code",
    "use-restrictions-passthrough",
    "conduct",
]


class Duty(FrozenModel):
    """A duty the policy stage found due: what must be done, under which license and clause, and the intended use
    that set it off. `check`, `notice` and the HTML "What to ship" section all render this one list."""

    kind: DutyKind
    license: str = Field(description="The database key of the license that imposes it.")
    trigger: str = Field(description="The intended use that met the clause's condition (a Trigger id).")
    because: str = Field(description="That trigger in words.")
    text: str | None = Field(None, description="The required wording or name prefix, when the license gives one.")
    summary: str = Field(description="The duty in plain words.")
    status: Literal["to-do", "ok", "violation"] = Field(
        "to-do", description="to-do: to be done; ok: checked and met (a name); violation: checked and not met."
    )
    message: str = Field(description="What to do, or what was checked, in words.")
    notes: list[str] = Field(default_factory=list, description="Conditions that could not be decided, in words.")
    clause: CitedClause


class TermSummary(FrozenModel):
    name: str
    value: str
    clause: CitedClause | None = None
    license: str | None = Field(None, description="The bound license whose term this is (its database key).")


class ModelResult(FrozenModel):
    id: str
    revision: str | None
    source: Literal["hub", "local"]
    url: str | None = None
    purl: str | None = Field(
        None,
        description="pkg:huggingface/<org>/<name>@<commit> for a Hub model (see README for local snapshots).",
    )
    declared: Declared
    files: list[FileEvidence] = Field(default_factory=list)
    gguf: list[GGUFEvidence] = Field(default_factory=list, description="Each GGUF file's header metadata.")
    license: str | None = Field(description="The concluded database key, or null.")
    license_name: str | None = Field(None, description="The concluded entry's name.")
    license_version: str | None = None
    category: str | None = None
    concluded_by: str = Field("", description="How the license was concluded, in plain words (for people).")
    concluded_from: ConcludedFrom | None = Field(
        None,
        description="Census: metadata (the listing's card data, no file read), files (the repository's files were "
        "read), card-only (files requested but refused or failed: the card alone), not-read (nothing read).",
    )
    applied_licenses: list[str] = Field(
        default_factory=list, description="Every license whose terms bind the model: its own, its bases', AUPs."
    )
    terms: list[TermSummary] = Field(
        default_factory=list, description="The key terms of every license in applied_licenses, each naming its license."
    )
    lineage: list[LineageEntry] = Field(default_factory=list)
    pipeline_tag: str | None = None
    modality: str | None = None
    manifest_line: int | None = None
    findings: list[Finding] = Field(default_factory=list)
    verdict: Verdict = "pass"
    duties: list[Duty] = Field(
        default_factory=list,
        exclude=True,
        description="The duties the policy stage found due under the intended use (not part of the JSON output).",
    )

    @property
    def not_read(self) -> bool:
        """The model could not be judged or read in full (verdict error, or gated without access): exit 3, counted
        as an error in the summary, left out of licscan.lock and named as missing in a NOTICE."""
        return self.verdict == "error" or any(f.access_denied and f.waived is None for f in self.findings)


class ToolInfo(FrozenModel):
    name: str = "licscan"
    version: str
    database_version: str


class PolicyInfo(FrozenModel):
    name: str
    path: str | None = None
    sha256: str | None = None
    intended_use: dict[str, object] = Field(default_factory=dict)
    organisation: dict[str, object] = Field(default_factory=dict)
    stale_exceptions: list[Waiver] = Field(default_factory=list)


class Summary(FrozenModel):
    pass_: int = Field(0, alias="pass")
    fail: int = 0
    error: int = 0

    model_config = ConfigDict(populate_by_name=True)


class Report(FrozenModel):
    schema_version: int = SCHEMA_VERSION
    tool: ToolInfo
    policy: PolicyInfo | None = None
    models: list[ModelResult]
    summary: Summary
    generated_at: dt.datetime | None = None
    command: str | None = None
    manifest: str | None = None

    def to_json_dict(self) -> dict[str, object]:
        return self.model_dump(mode="json", by_alias=True)


def summarise(models: list[ModelResult]) -> Summary:
    """Models per verdict; one that could not be read counts as an error, as the exit code (3) counts it."""
    counts = {"pass": 0, "fail": 0, "error": 0}
    for m in models:
        counts["error" if m.not_read else m.verdict] += 1
    return Summary.model_validate(counts)
