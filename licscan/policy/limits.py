"""The limits a license sets by numbers and places: user and revenue caps, domicile and territory."""

from __future__ import annotations

from licscan.database.models import LicenseEntry
from licscan.policy.collector import Collector
from licscan.policy.model import IntendedUse, Organisation
from licscan.policy.regions import in_regions


def _mau_figure(cap_counts: str, org: Organisation, use: IntendedUse) -> tuple[int | None, str]:
    """The figure a cap tests and what it is: a per-product cap falls back on the organisation's figure only as an
    upper bound (no product of the organisation has more users than the organisation)."""
    if cap_counts == "product" and use.product_monthly_active_users is not None:
        return use.product_monthly_active_users, "the product"
    return org.monthly_active_users, "the organisation"


def check_caps(out: Collector, name: str, key: str, entry: LicenseEntry, org: Organisation, use: IntendedUse) -> None:
    t = entry.terms
    if t.mau_cap and not (t.mau_cap.commercial_only and not use.commercial):
        cap = t.mau_cap
        figure, whose = _mau_figure(cap.counts, org, use)
        when = " on the version's release date" if cap.at_release_date else ""
        if figure is None:
            wanted = (
                "intended_use.product_monthly_active_users"
                if cap.counts == "product"
                else "organisation.monthly_active_users"
            )
            out.add(
                "mau-cap",
                "warning",
                key,
                f"{name} has a cap of {cap.limit:,} monthly active users ({cap.measured}); the policy does not "
                f"state the figure it tests ({wanted}).",
                f"Set {wanted} in the policy.",
                cap.clause,
            )
        elif figure > cap.limit and cap.counts == "product" and whose == "the organisation":
            out.add(
                "mau-cap",
                "warning",
                key,
                f"{name} caps each product or service at {cap.limit:,} monthly active users ({cap.measured}); the "
                f"organisation has {figure:,}, and the policy does not state the product's figure.",
                "Set intended_use.product_monthly_active_users (or the model's `use:` in the manifest).",
                cap.clause,
            )
        elif figure > cap.limit:
            out.add(
                "mau-cap",
                "error",
                key,
                f"At {figure:,} monthly active users{when} {whose} is above the {cap.limit:,} cap of {name} "
                f"({cap.measured}): {cap.consequence}.",
                "Request a license from the licensor before use (and record it as a policy exception), "
                "or choose another model.",
                cap.clause,
            )
    if t.revenue_cap:
        rev = t.revenue_cap
        if org.annual_revenue_usd is None or rev.currency.upper() != "USD":
            out.add(
                "revenue-cap",
                "warning",
                key,
                f"{name} has a revenue threshold of {rev.currency} {rev.amount:,} ({rev.period}); "
                + (
                    "the policy does not state the organisation's annual revenue."
                    if org.annual_revenue_usd is None
                    else "compare it with the organisation's revenue by hand."
                ),
                "Set organisation.annual_revenue_usd in the policy.",
                rev.clause,
            )
        elif org.annual_revenue_usd > rev.amount:
            out.add(
                "revenue-cap",
                "error",
                key,
                f"An annual revenue of USD {org.annual_revenue_usd:,} exceeds the USD {rev.amount:,} threshold of "
                f"{name}: {rev.consequence}.",
                "Obtain an enterprise license from the licensor, or choose another model.",
                rev.clause,
            )


def check_regions(
    out: Collector, name: str, key: str, entry: LicenseEntry, org: Organisation, use: IntendedUse
) -> None:
    subject = out.subject
    modality = subject.modality
    for r in entry.terms.region_restrictions:
        if r.scope == "domicile" and not org.regions:
            if not r.modalities or modality in r.modalities or subject.modality_undecided:
                out.add(
                    "region-restricted",
                    "warning",
                    key,
                    f"{name} withholds rights from licensees domiciled in {', '.join(r.regions)}"
                    f"{' for ' + ', '.join(r.modalities) + ' models' if r.modalities else ''}, and the policy does "
                    "not say where the organisation is domiciled.",
                    "Set organisation.regions in the policy.",
                    r.clause,
                )
            continue
        if r.scope == "domicile":
            places, where = org.regions, f"The organisation is in {', '.join(org.regions)}"
        elif use.deployment_regions is None:
            out.add(
                "region-restricted",
                "warning",
                key,
                f"{name} grants no rights in {', '.join(r.regions)} ({r.scope}), and the policy does not say where the "
                "model, its outputs or the product are used or offered.",
                "Set intended_use.deployment_regions in the policy (or the model's `use:` in the manifest).",
                r.clause,
            )
            continue
        else:
            places, where = use.deployment_regions, f"It is used or offered in {', '.join(use.deployment_regions)}"
        if not in_regions(places, r.regions):
            continue
        if r.modalities and modality not in r.modalities and subject.modality_undecided:
            unknown = ", ".join(subject.modality_unknown or (subject.model,))
            out.add(
                "region-restricted",
                "warning",
                key,
                f"{name} withholds rights in {', '.join(r.regions)} for {', '.join(r.modalities)} models, and the "
                f"modality of {unknown} is unknown (no pipeline_tag): check whether the model or its base is "
                "multimodal.",
                "Confirm the modality of the model and its bases; if any is multimodal, choose another model.",
                r.clause,
            )
        elif not r.modalities or modality in r.modalities:
            exempt = f" Exempt: {r.exempt}." if r.exempt else ""
            out.add(
                "region-restricted",
                "error",
                key,
                f"{name}: {r.summary} {where} and the model is {modality or 'covered'}"
                f"{' (through its lineage)' if subject.lineage and r.modalities else ''}.{exempt}",
                "Choose another model (a text-only variant, where the clause covers multimodal models only), "
                "or get the licensor's consent.",
                r.clause,
            )
