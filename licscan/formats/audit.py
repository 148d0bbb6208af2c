"""The audit report's sections, as data (formats/document.py): one builder that the HTML and Markdown reports share."""

from __future__ import annotations

from licscan.database import Database
from licscan.formats.common import (
    LineageNode,
    finding_counts,
    license_label,
    lineage_tree,
    model_link,
    plain_value,
    safe_url,
    sorted_findings,
    terms_by_license,
    waivers,
    words,
)
from licscan.formats.document import (
    Article,
    Badge,
    Block,
    Blockquote,
    Break,
    Bullets,
    Cell,
    Code,
    Document,
    Facts,
    Figure,
    Grid,
    Hash,
    Heading,
    Inline,
    Item,
    Link,
    Muted,
    Para,
    Quote,
    Ref,
    Section,
    Strong,
    joined,
    span,
)
from licscan.formats.figures import lineage_graph
from licscan.formats.identity import purl_of
from licscan.results import Finding, ModelResult, PolicyInfo, Report, Waiver

TITLE = "Model license audit"
DASH = " \u2013 "


def verdict_badge(verdict: str) -> Badge:
    return Badge(verdict, verdict, verdict.upper())


def severity_badge(severity: str) -> Badge:
    return Badge(severity, severity, severity.upper())


def audit_document(report: Report, database: Database, ship: tuple[Block, ...] = ()) -> Document:
    """The whole audit report; `ship` is the "What to ship" section when the report is of a manifest."""
    generated = report.generated_at.strftime("%Y-%m-%d %H:%M %Z").strip() if report.generated_at else ""
    blocks: list[Block] = [
        _intro(report),
        _summary(report),
        _policy(report.policy),
        *ship,
        *(_model(n, m, report, database) for n, m in enumerate(report.models, 1)),
        _stale_waivers(report.policy),
        _sign_off(),
    ]
    return Document(TITLE, generated, tuple(blocks), _footer(report))


def _intro(report: Report) -> Para:
    policy: tuple[Inline, ...] = (
        ("under the policy ", Strong((report.policy.name,))) if report.policy else ("without a policy",)
    )
    return Para(
        (
            f"This report records which license applies to each of {len(report.models)} model(s), the evidence it "
            "rests on, and every conflict and obligation found ",
            *policy,
            ".",
        )
    )


def license_cell(m: ModelResult) -> tuple[Inline, ...]:
    if m.license is None:
        return (Muted(("unknown",)),)
    return (f"{m.license_name} (", Code(m.license), ")") if m.license_name else (Code(m.license),)


def _summary(report: Report) -> Section:
    s = report.summary
    rows: list[tuple[Cell, ...]] = []
    for number, m in enumerate(report.models, 1):
        counts = finding_counts(m)
        rows.append(
            (
                (Ref((m.id,), f"model-{number}"),),
                (verdict_badge(m.verdict),),
                license_cell(m),
                *((str(counts[k]),) for k in ("error", "warning", "info", "waived")),
            )
        )
    header = ("Model", "Verdict", "License", "Errors", "Warnings", "Info", "Waived")
    return Section(
        (
            Heading(2, ("Summary",)),
            Para((f"{len(report.models)} models: {s.pass_} pass, {s.fail} fail, {s.error} error",), cls="counts"),
            Grid(header, rows, "summary", numeric=frozenset({3, 4, 5, 6})),
        ),
        id="summary",
    )


def _policy(policy: PolicyInfo | None) -> Section:
    head = Heading(2, ("Policy applied",))
    if policy is None:
        return Section(
            (head, Para(("No policy was applied: the findings reflect the license terms alone.",))), id="policy"
        )
    facts = Facts(
        (
            ("Name", (policy.name,)),
            ("File", (policy.path or "not recorded",)),
            ("SHA-256", (Hash(policy.sha256),) if policy.sha256 else ("not recorded",)),
        )
    )
    use = Grid(("Use", "Intended"), [((words(k),), (plain_value(v),)) for k, v in policy.intended_use.items()])
    org_rows = [((words(k),), (plain_value(v),)) for k, v in policy.organisation.items()]
    org: Block = Grid(("Fact", "Value"), org_rows) if org_rows else Para(("No organisation facts were given.",))
    return Section((head, facts, Heading(3, ("Intended use",)), use, Heading(3, ("Organisation",)), org), id="policy")


def _model(number: int, m: ModelResult, report: Report, database: Database) -> Section:
    badge = Badge(m.verdict, m.verdict, f"Verdict: {m.verdict.upper()}")
    return Section(
        (
            Heading(2, (f"{number}. ", m.id), status=badge),
            *_identity(m, report),
            *_license(m),
            *_lineage(m),
            *_terms(m, database),
            *_findings(m),
            *_waivers(m),
            *_evidence(m),
            *_gguf(m),
        ),
        id=f"model-{number}",
        cls="model",
    )


def _identity(m: ModelResult, report: Report) -> tuple[Block, ...]:
    rows: list[tuple[str, tuple[Inline, ...]]] = [
        ("Model", (Link((m.id,), model_link(m)),)),
        ("Source", (m.source,)),
        ("Commit", (Hash(m.revision),) if m.revision else ("not resolved",)),
    ]
    if purl := purl_of(m):
        rows.append(("Package URL", (Code(purl),)))
    if m.pipeline_tag or m.modality:
        rows.append(("Task", (", ".join(x for x in (m.pipeline_tag, m.modality) if x),)))
    if report.manifest and m.manifest_line:
        rows.append(("Manifest", (report.manifest, f", line {m.manifest_line}")))
    return Heading(3, ("Identity",), cls="identity"), Facts(tuple(rows))


def _license(m: ModelResult) -> tuple[Block, ...]:
    d = m.declared
    rows: list[tuple[str, tuple[Inline, ...]]] = [
        ("Concluded license", license_cell(m)),
        ("Version", (m.license_version or "-",)),
        ("Category", (m.category or "-",)),
        ("How it was concluded", (m.concluded_by or "-",)),
        ("Declared on the card", (", ".join(d.licenses) or "none",)),
    ]
    if d.license_name:
        rows.append(("Declared license name", (d.license_name,)))
    if d.license_link:
        rows.append(("Declared license link", (Link((d.license_link,), safe_url(d.license_link)),)))
    files = joined(((f"{f.path}: {f.match} ", Code(f.license) if f.license else "-") for f in m.files), Break())
    rows.append(("License files", files or ("none found",)))
    if m.applied_licenses:
        rows.append(("Licenses that bind the model", joined(((Code(k),) for k in m.applied_licenses), ", ")))
    return Heading(3, ("License",), cls="license"), Facts(tuple(rows))


def _lineage(m: ModelResult) -> tuple[Block, ...]:
    tree = lineage_tree(m)
    head = Heading(3, ("Lineage",), cls="lineage")
    if not tree:
        return head, Para((Strong((m.id,)), " (this model)")), Para(("No base models or datasets are declared.",))
    caption = f"The lineage of {m.id}: each base and dataset with its license and the relation on each edge."
    return (
        head,
        Figure(lineage_graph(m), caption),
        Para((Strong((m.id,)), " (this model)")),
        Bullets(_items(tree), cls="lineage"),
    )


def _items(nodes: list[LineageNode]) -> tuple[Item, ...]:
    items = []
    for entry, children in nodes:
        kind = "dataset" if entry.kind == "dataset" else entry.relation
        license_: Inline = Code(entry.license) if entry.license else Muted(("license unknown",))
        parts = span(
            Strong((entry.id,)),
            " @ " if entry.revision else None,
            Hash(entry.revision) if entry.revision else None,
            f"{DASH}{kind}, ",
            license_,
            Muted((f" ({entry.error})",)) if entry.error else None,
        )
        items.append(Item(parts, _items(children)))
    return tuple(items)


def _terms(m: ModelResult, database: Database) -> tuple[Block, ...]:
    head = Heading(3, ("Terms",), cls="terms")
    if not m.terms:
        return head, Para(("No terms were read for this license.",))
    out: list[Block] = [head]
    groups = terms_by_license(m)
    for key, terms in groups:
        if len(groups) > 1:
            # Several licenses bind (a merge, a stricter base): each one's terms stand under its name.
            out.append(Para((Strong((f"Terms of {license_label(key, database)}",)),), cls="terms-of"))
        rows = [
            ((t.name,), (t.value,), (f"§{t.clause.section}: ", Quote(t.clause.quote)) if t.clause else ("-",))
            for t in terms
        ]
        out.append(Grid(("Term", "Value", "Clause"), rows, "terms"))
    return tuple(out)


def _findings(m: ModelResult) -> tuple[Block, ...]:
    head = Heading(3, ("Findings",), cls="findings")
    if not m.findings:
        return head, Para(("No findings.",))
    return (head, *(_finding(f) for f in sorted_findings(m.findings)))


def _finding(f: Finding) -> Article:
    waived = Badge("waived", "waived", "(waived)") if f.waived else None
    blocks: list[Block] = [
        Heading(4, span(severity_badge(f.severity), " ", Code(f.id), " " if waived else None, waived)),
        Para((f.message,)),
    ]
    if f.clause:
        source = span(f"§{f.clause.section}", " of " if f.clause.license else None)
        blocks.append(Blockquote(f.clause.quote, (*source, Code(f.clause.license)) if f.clause.license else source))
    blocks.append(Para((Strong(("Remediation:",)), " ", f.remediation)))
    if f.waived:
        blocks.append(Para((Strong(("Waived:",)), " ", *waiver_text(f.waived))))
    return Article(tuple(blocks), cls=f"finding {f.severity}{' waived' if f.waived else ''}")


def waiver_text(w: Waiver) -> tuple[Inline, ...]:
    return (f"{w.reason}{DASH}approved by {w.approved_by}, expires {w.expires.isoformat()}",)


def _waivers(m: ModelResult) -> tuple[Block, ...]:
    head = Heading(3, ("Waivers",), cls="waivers")
    pairs = waivers(m)
    if not pairs:
        return head, Para(("No finding of this model is waived.",))
    rows = [((Code(f.id),), (w.reason,), (w.approved_by,), (w.expires.isoformat(),)) for f, w in pairs]
    return head, Grid(("Finding", "Reason", "Approved by", "Expires"), rows, "waivers")


def _evidence(m: ModelResult) -> tuple[Block, ...]:
    head = Heading(3, ("Evidence",), cls="evidence")
    if not m.files:
        return head, Para(("No license-bearing files were found.",))
    rows = []
    for f in m.files:
        size = f"{f.size:,} B" if f.size is not None else "-"
        match = f"{f.match} ({f.similarity:.2f})" + (f", {f.error}" if f.error else "")
        rows.append(((f.path,), (Hash(f.sha256),), (size,), (f.license or "-",), (match,)))
    return head, Grid(("Path", "SHA-256", "Size", "License", "Match"), rows, "evidence", numeric=frozenset({2}))


def _gguf(m: ModelResult) -> tuple[Block, ...]:
    """What each GGUF file's own header says: independent of the card, read from its first kilobytes."""
    if not m.gguf:
        return ()
    rows = []
    for g in m.gguf:
        said = span(
            g.license or "-",
            f" ({g.license_name})" if g.license_name else None,
            " = " if g.license_key and g.license_key != g.license else None,
            Code(g.license_key) if g.license_key and g.license_key != g.license else None,
        )
        read = f"{g.bytes_read:,} B" + (f", {g.error}" if g.error else "")
        rows.append(((g.path,), said, (", ".join(g.base_models) or "-",), (g.name or "-",), (read,)))
    header = ("File", "general.license", "Base models", "general.name", "Read")
    return Heading(3, ("GGUF header metadata",), cls="gguf"), Grid(header, rows, "gguf")


def _stale_waivers(policy: PolicyInfo | None) -> Section:
    head = Heading(2, ("Stale and expired waivers",))
    stale = policy.stale_exceptions if policy else []
    if not stale:
        none = Para(("None: every exception in the policy matched a finding and is in force.",))
        return Section((head, none), id="stale-waivers")
    rows = [((w.model,), (w.finding or "any",), (w.reason,), (w.approved_by,), (w.expires.isoformat(),)) for w in stale]
    return Section(
        (head, Grid(("Model", "Finding", "Reason", "Approved by", "Expires"), rows, "stale")), id="stale-waivers"
    )


def _sign_off() -> Section:
    rows = [((role,), (), (), (), ()) for role in ("Legal", "Engineering")]
    return Section(
        (
            Heading(2, ("Sign-off",)),
            Para(("The undersigned reviewed the findings above.",)),
            Grid(("Role", "Name", "Decision", "Date", "Signature"), rows, "signature"),
        ),
        id="sign-off",
    )


def _footer(report: Report) -> tuple[Para, ...]:
    generated = report.generated_at.isoformat(timespec="seconds") if report.generated_at else "not recorded"
    return (
        Para(
            (
                f"Generated by licscan {report.tool.version} with license database ",
                Code(report.tool.database_version),
                f" at {generated}.",
            )
        ),
        Para(("Command: ", Code(report.command or "not recorded"))),
    )
