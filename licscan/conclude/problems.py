"""What went wrong reading a model's documents, and a gated repository, as findings."""

from __future__ import annotations

from licscan.results import Finding, warning
from licscan.sources.interface import ModelDocuments


def source_findings(docs: ModelDocuments, key: str | None, decided_by_files: bool) -> list[Finding]:
    """What went wrong reading a model's documents, as findings that name the file (and line).

    A document that could not be read (broken card metadata, not text, a failed download) is an error, so that the
    verdict is `error`, unless a license file of the repository decided the license; a file cut at the size cap, or
    a failure beside a deciding license file, is a warning. A gated repository is reported every time: its Hub page
    is itself a click-through agreement.
    """
    out: list[Finding] = []
    gated_reported = False
    for p in docs.problems:
        where = f"{p.file}{':' + str(p.line) if p.line else ''}" if p.file else ""
        message = p.message if not where or where in p.message else f"{where}: {p.message}"
        if p.kind == "gated":
            out.append(warning(docs.id, "gated", key, message, _GATED_FIX))
            gated_reported = True
            continue
        severe = p.kind != "truncated-file" and not decided_by_files
        fix = (
            "Fix or re-fetch the file, then run again: the license cannot be concluded without it."
            if severe
            else "Fix or re-fetch the file; the license was concluded from the other documents."
        )
        finding = warning(docs.id, "fetch-error", key, message, fix)
        out.append(finding.model_copy(update={"severity": "error"}) if severe else finding)
    if docs.card.gated and not gated_reported:
        out.append(gated_notice(docs, key))
    return out


def gated_notice(docs: ModelDocuments, key: str | None) -> Finding:
    """An info finding: the repository is gated, so using it went through the publisher's own agreement form."""
    fields = sorted(k for k in docs.card.extra_gated if k != "extra_gated_eu_disallowed")
    prompt = docs.card.extra_gated.get("extra_gated_prompt")
    said = f' Its prompt reads: "{_shorten(str(prompt))}"' if isinstance(prompt, str) and prompt.strip() else ""
    asked = f" The form asks: {', '.join(fields)}." if fields else ""
    return Finding(
        id="gated",
        severity="info",
        model=docs.id,
        license=key,
        message=f"{docs.id} is gated: access is granted through a click-through agreement on its Hub page.{said}"
        f"{asked}",
        remediation="Keep a record of who accepted the gate's terms, when, and for which account.",
    )


def _shorten(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


_GATED_FIX = "Accept the license terms on the model's Hub page, then set HF_TOKEN (or run `hf auth login`)."
