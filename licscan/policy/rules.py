"""The policy rules: one small rule per kind of term, each reading the term's conditions and returning findings."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from licscan.database.models import OutputsTraining
from licscan.policy.context import Context, Reach
from licscan.policy.duties import duty_findings, publication_duties
from licscan.policy.limits import mau_cap, regions, revenue_cap
from licscan.policy.model import OutputsUse
from licscan.results import Finding, Severity

Rule = Callable[[Context], list[Finding]]


def lists(ctx: Context) -> list[Finding]:
    rules, key = ctx.policy.rules, ctx.key
    out = []
    if key in rules.deny_licenses:
        out.append(ctx.say("denied", "error"))
    if rules.allow_licenses and ctx.entry.is_license and key not in rules.allow_licenses:
        out.append(ctx.say("not-allowlisted", "error"))
    return out


def commercial(ctx: Context) -> list[Finding]:
    term = ctx.entry.terms.commercial_use
    if not (ctx.use.commercial and term and term.status == "not-allowed"):
        return []
    reach = ctx.reach(term)
    return [ctx.say("non-commercial", "error", term.clause, reach)] if reach else []


def research_only(ctx: Context) -> list[Finding]:
    term, use = ctx.entry.terms.research_only, ctx.use
    reach = ctx.reach(term) if term else None
    if term is None or reach is None:
        return []
    # A research license that lets non-commercial copies (or services) be shared is not broken by sharing them so.
    unshareable = (use.distribute_weights and term.sharing == "not-allowed") or (
        use.hosting and term.sharing != "copies-and-services"
    )
    if not (use.commercial or unshareable):
        return []
    return [ctx.say("research-only", "error", term.clause, reach, scope=term.scope, summary=term.summary)]


def outputs_training(ctx: Context) -> list[Finding]:
    outputs = ctx.outputs
    if outputs is None:
        return []
    out = []
    for term in ctx.entry.terms.outputs_training:
        reach = ctx.reach(term)
        if reach is None:
            continue
        if term.status == "banned":
            out.append(_outputs_ban(ctx, term, outputs, reach))
        elif term.status == "conditional" and "non-commercial" in term.conditions and ctx.use.commercial:
            out.append(ctx.say("outputs-non-commercial", "error", term.clause, reach, summary=term.summary))
    return out


def _outputs_ban(ctx: Context, ban: OutputsTraining, outputs: OutputsUse, reach: Reach) -> Finding:
    """A ban on training with outputs reaches only the models its words cover."""
    covered = outputs.student in ban.covers and (outputs.competing or not ban.competing_only)
    what = f"a {'competing' if outputs.competing else 'non-competing'} {outputs.student} model"
    if covered:
        return ctx.say("outputs-banned", "error", ban.clause, reach, what=what, summary=ban.summary)
    covers = ", ".join(ban.covers) + (" that compete with it" if ban.competing_only else "")
    return ctx.say("outputs-outside-ban", "info", ban.clause, reach, covers=covers, what=what)


def distribution(ctx: Context) -> list[Finding]:
    term = ctx.entry.terms.distribution
    if not (ctx.use.distribute_weights and term and term.status != "allowed"):
        return []
    reach = ctx.reach(term)
    severity: Severity = "error" if term.status == "not-allowed" else "warning"
    says = "distribution-commercial" if term.commercial_only else "distribution"
    return [ctx.say(says, severity, term.clause, reach, summary=term.summary)] if reach else []


def hosting(ctx: Context) -> list[Finding]:
    term = ctx.entry.terms.hosting
    if not (ctx.use.hosting and term and term.status != "allowed"):
        return []
    reach = ctx.reach(term)
    severity: Severity = "error" if term.status == "not-allowed" else "warning"
    return [ctx.say("hosting", severity, term.clause, reach, summary=term.summary)] if reach else []


def use_restrictions(ctx: Context) -> list[Finding]:
    wanted = set(ctx.use.use_cases)
    model_tags = {tag.lower() for tag in ctx.subject.tags}
    if not (wanted or model_tags):
        return []
    out = []
    for r in ctx.entry.terms.use_restrictions:
        tagged = sorted(model_tags.intersection(tag.lower() for tag in r.model_tags))
        hit = ", ".join(sorted(wanted.intersection(r.tags)))
        reach = ctx.reach(r) if (tagged or hit) else None
        if reach is None:
            continue
        if tagged:
            out.append(
                ctx.say("tagged-by-restriction", "warning", r.clause, reach, tags=", ".join(tagged), summary=r.summary)
            )
        if hit and r.qualifier:
            out.append(
                ctx.say("use-qualified", "warning", r.clause, reach, hit=hit, qualifier=r.qualifier, summary=r.summary)
            )
        elif hit:
            out.append(ctx.say("use-banned", "error", r.clause, reach, hit=hit, summary=r.summary))
    return out


def derivative_sharing(ctx: Context) -> list[Finding]:
    term = ctx.entry.terms.derivatives
    if not (term and term.sharing == "not-allowed" and "derivative" in ctx.triggers):
        return []
    reach = ctx.reach(term)
    return [ctx.say("no-derivative-sharing", "error", term.clause, reach, summary=term.summary)] if reach else []


def share_alike(ctx: Context) -> list[Finding]:
    term = ctx.entry.terms.share_alike
    if not (term and any(t in ctx.triggers for t in term.triggers)):
        return []
    reach = ctx.reach(term)
    return [ctx.say("share-alike", "warning", term.clause, reach, scope=term.scope)] if reach else []


def duties(ctx: Context) -> list[Finding]:
    return duty_findings(ctx, ctx.duties) + publication_duties(ctx)


TERMINATION_WORDS = {
    "guardrail-bypass": "a bypass of its guardrails",
    "litigation": "litigation against the licensor",
    "breach": "a breach",
    "other": "a use the clause names",
}


def terminations(ctx: Context) -> list[Finding]:
    """A termination trigger that the intended use pulls, or that making the model already pulled, ends the rights."""
    tags = {t.lower() for t in ctx.subject.tags}
    if not (tags or ctx.use.use_cases):
        return []
    out = []
    for term in ctx.entry.terms.termination:
        by_use = sorted(set(ctx.use.use_cases).intersection(term.use_cases))
        by_model = sorted(tags.intersection(t.lower() for t in term.model_tags))
        reach = ctx.reach(term) if (by_use or by_model) else None
        if reach is None:
            continue
        why = (
            f"the intended use case {', '.join(by_use)}"
            if by_use
            else f"the model (or a base) is tagged {', '.join(by_model)}"
        )
        trigger = TERMINATION_WORDS[term.trigger]
        out.append(ctx.say("terminated", "error", term.clause, reach, trigger=trigger, why=why, summary=term.summary))
    return out


def registration(ctx: Context) -> list[Finding]:
    term = ctx.entry.terms.registration
    met = [t for t in term.triggers if t in ctx.triggers] if term else []
    reach = ctx.reach(term) if term and met else None
    if term is None or reach is None:
        return []
    level = ctx.policy.rules.obligations
    return [ctx.say("registration", level, term.clause, reach, because=ctx.triggers[met[0]], summary=term.summary)]


def unavailable_policies(ctx: Context) -> list[Finding]:
    """Any use of a model whose license incorporates a policy licscan has no text of is unchecked against it."""
    out = []
    for p in ctx.entry.terms.unavailable_policies:
        reach = ctx.reach(p)
        if reach is None:
            continue
        touched = _touched(p.governs, ctx)
        url = f" ({p.url})" if p.url else ""
        out.append(ctx.say("unavailable-policy", "warning", p.clause, reach, policy=p.name, touched=touched, url=url))
    return out


def _touched(governs: Sequence[str], ctx: Context) -> str:
    use = ctx.use
    touched = []
    if "use-cases" in governs:
        touched.append(f"use cases: {', '.join(use.use_cases)}" if use.use_cases else "its use as such")
    if "hosting" in governs and use.hosting:
        touched.append("hosting")
    if "distribute" in governs and use.distribute_weights:
        touched.append("distribution")
    return "; ".join(touched) or "its use as such"


# One rule per kind of term, in the order their findings are reported.
RULES: tuple[Rule, ...] = (
    lists,
    commercial,
    research_only,
    mau_cap,
    revenue_cap,
    outputs_training,
    distribution,
    hosting,
    regions,
    use_restrictions,
    derivative_sharing,
    share_alike,
    duties,
    terminations,
    registration,
    unavailable_policies,
)
