"""The rules on limits a license sets by numbers and places: user and revenue caps, domicile and territory."""

from __future__ import annotations

from licscan.database.models import RegionRestriction
from licscan.policy.context import Context, Reach
from licscan.policy.regions import in_regions
from licscan.results import Finding


def mau_cap(ctx: Context) -> list[Finding]:
    cap = ctx.entry.terms.mau_cap
    reach = ctx.reach(cap) if cap else None
    if cap is None or reach is None:
        return []
    org, use = ctx.policy.organisation, ctx.use
    figure, whose = org.monthly_active_users, "the organisation"
    notes = list(reach.notes)
    if cap.counts == "product":
        if use.product_monthly_active_users is not None:
            figure, whose = use.product_monthly_active_users, "the product"
        elif figure is not None:
            # A product can be as large as its organisation: the worst case stands in, and the finding says so.
            notes.append(
                "the policy does not state the product's figure (intended_use.product_monthly_active_users), so "
                "the organisation's stands in"
            )
    facts = {"limit": cap.limit, "measured": cap.measured, "consequence": cap.consequence}
    wanted = "intended_use.product_monthly_active_users" if cap.counts == "product" else ""
    wanted = " or ".join(w for w in (wanted, "organisation.monthly_active_users") if w)
    if figure is None:
        return [ctx.say("mau-unset", "warning", cap.clause, Reach(tuple(notes)), wanted=wanted, **facts)]
    if not over(figure, cap.limit, cap.at_least):
        if cap.unit == "visits":
            # Visits are at least as many as users: a user figure within the cap does not show the visits are.
            wanted = f"the visits it counts; {figure:,} monthly active users within it do not show the visits are"
            return [ctx.say("mau-unset", "warning", cap.clause, Reach(tuple(notes)), wanted=wanted, **facts)]
        return []
    when = " on the version's release date" if cap.at_release_date else ""
    says = {"figure": figure, "when": when, "whose": whose, "over": "at or above" if cap.at_least else "above"}
    return [ctx.say("mau-over", "error", cap.clause, Reach(tuple(notes)), **says, **facts)]


def over(figure: int, limit: int, at_least: bool) -> bool:
    """Whether a figure is over a limit the text states: at it too when the text says 'at least'."""
    return figure >= limit if at_least else figure > limit


def revenue_cap(ctx: Context) -> list[Finding]:
    rev = ctx.entry.terms.revenue_cap
    reach = ctx.reach(rev) if rev else None
    if rev is None or reach is None:
        return []
    revenue = ctx.policy.organisation.annual_revenue_usd
    facts = {"amount": rev.amount, "currency": rev.currency, "period": rev.period, "consequence": rev.consequence}
    if revenue is None or rev.currency.upper() != "USD":
        why = (
            "the policy does not state the organisation's annual revenue."
            if revenue is None
            else "compare it with the organisation's revenue by hand."
        )
        return [ctx.say("revenue-unset", "warning", rev.clause, reach, why=why, **facts)]
    reached = "reaches" if rev.at_least else "exceeds"
    if rev.per == "month":
        if over(revenue // 12, rev.amount, rev.at_least):
            return [ctx.say("revenue-over", "error", rev.clause, reach, figure=revenue, over=reached, **facts)]
        if over(revenue, rev.amount, rev.at_least):
            why = (
                f"the organisation's annual revenue (USD {revenue:,}) is above it, so a month may be: the policy "
                "states no monthly figure."
            )
            return [ctx.say("revenue-unset", "warning", rev.clause, reach, why=why, **facts)]
        return []
    if over(revenue, rev.amount, rev.at_least):
        return [ctx.say("revenue-over", "error", rev.clause, reach, figure=revenue, over=reached, **facts)]
    return []


def regions(ctx: Context) -> list[Finding]:
    out: list[Finding] = []
    for r in ctx.entry.terms.region_restrictions:
        reach = ctx.reach(r)
        if reach is not None:
            out.extend(_region(ctx, r, reach))
    return out


def _region(ctx: Context, r: RegionRestriction, reach: Reach) -> list[Finding]:
    subject, org, use = ctx.subject, ctx.policy.organisation, ctx.use
    modality = subject.modality
    listed = ", ".join(r.regions)
    if r.scope == "domicile" and not org.regions:
        if not r.modalities or modality in r.modalities or subject.modality_undecided:
            only = f" for {', '.join(r.modalities)} models" if r.modalities else ""
            return [ctx.say("domicile-unset", "warning", r.clause, reach, regions=listed, only=only)]
        return []
    if r.scope == "domicile":
        places, where = org.regions, f"The organisation is in {', '.join(org.regions)}"
    elif use.deployment_regions is None:
        return [ctx.say("territory-unset", "warning", r.clause, reach, regions=listed, scope=r.scope)]
    else:
        places, where = use.deployment_regions, f"It is used or offered in {', '.join(use.deployment_regions)}"
    if not in_regions(places, r.regions):
        return []
    if r.modalities and modality not in r.modalities and subject.modality_undecided:
        unknown = ", ".join(subject.modality_unknown or (subject.model,))
        modalities = ", ".join(r.modalities)
        return [
            ctx.say(
                "region-modality-unknown", "warning", r.clause, reach, regions=listed, modalities=modalities,
                unknown=unknown,
            )
        ]  # fmt: skip
    if r.modalities and modality not in r.modalities:
        return []
    return [
        ctx.say(
            "region",
            "error",
            r.clause,
            reach,
            summary=r.summary,
            where=where,
            modality=modality or "covered",
            through=" (through its lineage)" if subject.lineage and r.modalities else "",
            exempt=f" Exempt: {r.exempt}." if r.exempt else "",
        )
    ]
