"""The policy engine, case by case: a license's terms against an intended use, with the clause that decides it.

Each case reads as a lawyer would put it: who we are, what we want to do, which license, and what the text says.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pytest

from licscan.database.loader import Database
from licscan.policy.engine import Bound, Subject, evaluate, verdict
from licscan.policy.model import Policy
from licscan.policy.waivers import WaiverBook

EU_SAAS = {
    "organisation": {"monthly_active_users": 5_000_000, "annual_revenue_usd": 20_000_000, "regions": ["EU"]},
    "intended_use": {"commercial": True, "hosting": True},
}
US_SAAS = {
    "organisation": {"monthly_active_users": 5_000_000, "annual_revenue_usd": 20_000_000, "regions": ["US"]},
    "intended_use": {"commercial": True, "hosting": True},
}
RESEARCH = {"organisation": {"regions": ["US"]}, "intended_use": {"commercial": False}}
DISTIL = {
    "organisation": {"monthly_active_users": 1000, "regions": ["US"]},
    "intended_use": {"commercial": True, "train_on_outputs": True},
}
RELEASE = {
    "organisation": {"monthly_active_users": 1000, "annual_revenue_usd": 100, "regions": ["US"]},
    "intended_use": {"commercial": True, "distribute_weights": True, "fine_tune": True},
}


def policy(base: dict[str, Any], **changes: Any) -> dict[str, Any]:
    merged = {k: dict(v) for k, v in base.items()}
    for dotted, value in changes.items():
        section, _, key = dotted.partition("__")
        merged.setdefault(section, {})[key] = value
    return merged


@dataclass
class Case:
    question: str
    licenses: list[str]
    policy: dict[str, Any]
    # (finding id, severity, clause section) that must be reported; section None = no clause expected.
    expect: list[tuple[str, str, str | None]]
    verdict: str
    absent: list[str] = field(default_factory=list)
    modality: str | None = "text"
    derivative_name: str | None = None
    datasets: list[str] = field(default_factory=list)
    eu_disallowed: bool = False
    lineage: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    modality_unknown: list[str] = field(default_factory=list)
    model: str = "org/model"
    version: str | None = None
    message_has: list[str] = field(default_factory=list)


CASES = [
    # Region: the EU clause of the Llama 3.2 / 3.3 / 4 acceptable use policies.
    Case(
        "Our EU company wants to host Llama 3.2 11B Vision. The AUP withholds the §1(a) rights from EU companies "
        "for multimodal models.",
        ["llama3.2"],
        EU_SAAS,
        [("region-restricted", "error", "Prohibited Uses (paragraph after item 5)")],
        "fail",
        modality="multimodal",
    ),
    Case(
        "Our EU company wants Llama 3.2 1B, a text-only model: the EU clause covers multimodal models only.",
        ["llama3.2"],
        EU_SAAS,
        [],
        "pass",
        absent=["region-restricted"],
        modality="text",
    ),
    Case(
        "The card has no pipeline_tag, so we cannot tell whether the Llama 3.2 model is multimodal.",
        ["llama3.2"],
        EU_SAAS,
        [("region-restricted", "warning", "Prohibited Uses (paragraph after item 5)")],
        "pass",
        modality=None,
    ),
    Case(
        "A US company hosting Llama 3.2 Vision is outside the EU clause.",
        ["llama3.2"],
        US_SAAS,
        [],
        "pass",
        absent=["region-restricted"],
        modality="multimodal",
    ),
    Case(
        "A company based in Germany counts as EU for Llama 4's multimodal models.",
        ["llama4"],
        policy(EU_SAAS, organisation__regions=["DE"]),
        [("region-restricted", "error", None)],
        "fail",
        modality="multimodal",
    ),
    Case(
        "Llama 3.3's AUP carries the same EU clause.",
        ["llama3.3"],
        EU_SAAS,
        [("region-restricted", "error", None)],
        "fail",
        modality="multimodal",
    ),
    Case(
        "Llama 3.1's AUP has no EU clause, even for an EU company.",
        ["llama3.1"],
        EU_SAAS,
        [],
        "pass",
        absent=["region-restricted"],
        modality="multimodal",
    ),
    Case(
        "The publisher set extra_gated_eu_disallowed on the card; our company is in France.",
        ["apache-2.0"],
        policy(US_SAAS, organisation__regions=["FR"]),
        [("region-restricted", "error", None)],
        "fail",
        eu_disallowed=True,
    ),
    # Monthly active users.
    Case(
        "At 900M monthly active users we exceed Llama 3.1's 700M cap (§2) and need Meta's license.",
        ["llama3.1"],
        policy(US_SAAS, organisation__monthly_active_users=900_000_000),
        [("mau-cap", "error", "2")],
        "fail",
    ),
    Case(
        "At 500M monthly active users we are under Llama 3.1's 700M cap.",
        ["llama3.1"],
        policy(US_SAAS, organisation__monthly_active_users=500_000_000),
        [],
        "pass",
        absent=["mau-cap"],
    ),
    Case(
        "Our policy does not state our monthly active users; Llama 3.1 has a cap.",
        ["llama3.1"],
        policy(US_SAAS, organisation__monthly_active_users=None),
        [("mau-cap", "warning", "2")],
        "pass",
    ),
    Case(
        "Our product has 150M monthly active users, above the Qwen license's 100M per-product threshold (§4).",
        ["qwen"],
        policy(US_SAAS, intended_use__product_monthly_active_users=150_000_000),
        [("mau-cap", "error", "4")],
        "fail",
    ),
    Case(
        "The organisation has 150M users across products, and Qwen §4 tests 'your product or service': without "
        "the product's figure, the organisation's stands in (a product can be as large as its organisation), so "
        "it is a violation, and the finding says so.",
        ["qwen"],
        policy(US_SAAS, organisation__monthly_active_users=150_000_000),
        [("mau-cap", "error", "4")],
        "fail",
    ),
    Case(
        "At 50M monthly active users Qwen's threshold does not bite.",
        ["qwen"],
        policy(US_SAAS, organisation__monthly_active_users=50_000_000),
        [],
        "pass",
        absent=["mau-cap"],
    ),
    Case(
        "Llama 2 has the same 700M cap.",
        ["llama2"],
        policy(US_SAAS, organisation__monthly_active_users=800_000_000),
        [("mau-cap", "error", "2")],
        "fail",
    ),
    # Revenue.
    Case(
        "With USD 20M revenue we exceed the Stability Community License's USD 1M threshold (§III).",
        ["stabilityai-community"],
        US_SAAS,
        [("revenue-cap", "error", "III")],
        "fail",
    ),
    Case(
        "With USD 500k revenue we stay under Stability's threshold.",
        ["stabilityai-community"],
        policy(US_SAAS, organisation__annual_revenue_usd=500_000),
        [],
        "pass",
        absent=["revenue-cap"],
    ),
    Case(
        "Our revenue is not stated; Stability's license has a revenue threshold.",
        ["stabilityai-community"],
        policy(US_SAAS, organisation__annual_revenue_usd=None),
        [("revenue-cap", "warning", "III")],
        "pass",
    ),
    # Training on outputs.
    Case(
        "We want to distil Llama 2's outputs into our own model: §1.b.v forbids improving other LLMs.",
        ["llama2"],
        DISTIL,
        [("outputs-training-ban", "error", "1.b.v")],
        "fail",
    ),
    Case(
        "Llama 3 keeps the same ban on using outputs to improve other models.",
        ["llama3"],
        DISTIL,
        [("outputs-training-ban", "error", "1.b.v")],
        "fail",
    ),
    Case(
        "Llama 3.1 no longer bans training on outputs; it asks for the 'Llama' name prefix.",
        ["llama3.1"],
        DISTIL,
        [("naming-required", "warning", "1.b.i")],
        "pass",
        absent=["outputs-training-ban"],
    ),
    Case(
        "Tongyi Qianwen forbids using outputs to improve other large language models (§5.b).",
        ["tongyi-qianwen"],
        DISTIL,
        [("outputs-training-ban", "error", "5.b")],
        "fail",
    ),
    Case(
        "The Stability Community License forbids using outputs to improve foundational models (§IV.b).",
        ["stabilityai-community"],
        policy(DISTIL, organisation__annual_revenue_usd=10),
        [("outputs-training-ban", "error", "IV.b")],
        "fail",
    ),
    # Non-commercial and research-only.
    Case(
        "A commercial product on a CC BY-NC 4.0 model.",
        ["cc-by-nc-4.0"],
        US_SAAS,
        [("non-commercial", "error", "2(a)(1)(A)")],
        "fail",
    ),
    Case(
        "Internal research on a CC BY-NC 4.0 model is non-commercial.",
        ["cc-by-nc-4.0"],
        RESEARCH,
        [],
        "pass",
        absent=["non-commercial"],
    ),
    Case(
        "A commercial service on FLUX.1 [dev], which is licensed for non-commercial purposes only.",
        ["flux-1-dev-non-commercial"],
        US_SAAS,
        [("non-commercial", "error", "2.a")],
        "fail",
    ),
    Case(
        "Qwen research models are for non-commercial research.",
        ["qwen-research"],
        US_SAAS,
        [("non-commercial", "error", None)],
        "fail",
    ),
    Case(
        "Evaluating a Qwen research model internally is what its license allows.",
        ["qwen-research"],
        RESEARCH,
        [],
        "pass",
        absent=["non-commercial", "research-only"],
    ),
    Case(
        "A production SaaS on a Mistral Research License model.",
        ["mistral-research-license"],
        US_SAAS,
        [("research-only", "error", "3.2")],
        "fail",
    ),
    Case(
        "Hosting SV3D for customers: the license bars commercial use and third-party hosting.",
        ["sv3d-nc-community"],
        US_SAAS,
        [("non-commercial", "error", "1.b"), ("hosting-restricted", "error", "1.b")],
        "fail",
    ),
    # Use restrictions.
    Case(
        "A medical-advice assistant on Llama 3.1: the AUP bans only the unauthorized or unlicensed practice of "
        "medicine, so it is a matter to review, not a ban.",
        ["llama3.1"],
        policy(US_SAAS, intended_use__use_cases=["medical-advice"]),
        [("use-restriction", "warning", "1.d")],
        "pass",
    ),
    Case(
        "A military logistics tool on Llama 3.1: AUP §2.a names military and warfare applications.",
        ["llama3.1"],
        policy(US_SAAS, intended_use__use_cases=["military"]),
        [("use-restriction", "error", None)],
        "fail",
    ),
    Case(
        "The same on Gemma: its Prohibited Use Policy, read as written, has no military item.",
        ["gemma"],
        policy(US_SAAS, intended_use__use_cases=["military"]),
        [],
        "pass",
        absent=["use-restriction/error"],
    ),
    Case(
        "Financial advice on Gemma: the policy bars illegal or unlicensed financial practice, a matter to review.",
        ["gemma"],
        policy(US_SAAS, intended_use__use_cases=["financial-advice"]),
        [("use-restriction", "warning", "2.2")],
        "pass",
    ),
    Case(
        "A law-enforcement tool on a BigScience OpenRAIL-M model: Attachment A restricts it.",
        ["bigscience-openrail-m"],
        policy(US_SAAS, intended_use__use_cases=["law-enforcement"]),
        [("use-restriction", "error", None)],
        "fail",
    ),
    Case(
        "Customer support on Llama 3.1 is not a restricted use.",
        ["llama3.1"],
        policy(US_SAAS, intended_use__use_cases=["x-customer-support"]),
        [],
        "pass",
        absent=["use-restriction"],
    ),
    # Copyleft and derivatives.
    Case(
        "We publish a fine-tune of a GPL-3.0 model: it must stay under the GPL.",
        ["gpl-3.0"],
        RELEASE,
        [("share-alike", "warning", "5(c)")],
        "pass",
    ),
    Case(
        "We only host an AGPL-3.0 model as a network service: §13 reaches network use.",
        ["agpl-3.0"],
        US_SAAS,
        [("share-alike", "warning", "5(c)")],
        "pass",
    ),
    Case(
        "We only host a GPL-3.0 model: mere interaction over a network is not conveying.",
        ["gpl-3.0"],
        US_SAAS,
        [],
        "pass",
        absent=["share-alike"],
    ),
    Case(
        "We publish a fine-tune of a CC BY-ND 4.0 model: adapted material may not be shared.",
        ["cc-by-nd-4.0"],
        RELEASE,
        [("use-restriction", "error", "2(a)(1)(B)")],
        "fail",
    ),
    # Allow and deny lists.
    Case(
        "The policy denies CC BY-NC 4.0 outright.",
        ["cc-by-nc-4.0"],
        policy(RESEARCH, rules__deny_licenses=["cc-by-nc-4.0"]),
        [("denied-license", "error", None)],
        "fail",
    ),
    Case(
        "The policy allows only Apache-2.0 and MIT; this model is Llama 3.1.",
        ["llama3.1"],
        policy(US_SAAS, rules__allow_licenses=["apache-2.0", "mit"]),
        [("not-allowlisted", "error", None)],
        "fail",
    ),
    Case(
        "Llama 3.1 is on the allow list; its incorporated AUP does not need its own listing.",
        ["llama3.1"],
        policy(US_SAAS, rules__allow_licenses=["llama3.1"]),
        [],
        "pass",
        absent=["not-allowlisted"],
    ),
    # Naming and notices.
    Case(
        "We publish a Llama 3.1 fine-tune named 'Acme-8B': §1.b.i wants 'Llama' at the start. The duty is "
        "reported at the policy's obligations severity (warning by default).",
        ["llama3.1"],
        RELEASE,
        [("naming-required", "warning", "1.b.i")],
        "pass",
        derivative_name="Acme-8B",
    ),
    Case(
        "The same name under a policy that makes obligations errors fails.",
        ["llama3.1"],
        policy(RELEASE, rules__obligations="error"),
        [("naming-required", "error", "1.b.i")],
        "fail",
        derivative_name="Acme-8B",
    ),
    Case(
        "We publish it as 'Llama-3.1-Acme-8B', which complies with the naming rule.",
        ["llama3.1"],
        RELEASE,
        [("attribution-required", "warning", "1.b.i(B)")],
        "pass",
        derivative_name="Llama-3.1-Acme-8B",
        absent=["naming-required"],
    ),
    Case(
        "A Llama 3 derivative must begin with 'Llama 3'; 'Llama-3-Acme' does.",
        ["llama3"],
        RELEASE,
        [],
        "pass",
        derivative_name="Llama-3-Acme",
        absent=["naming-required"],
    ),
    Case(
        "Redistributing Apache-2.0 weights: ship the license and NOTICE (§4).",
        ["apache-2.0"],
        RELEASE,
        [("notice-required", "warning", "4(a)")],
        "pass",
    ),
    Case(
        "When the policy makes obligations errors, an unmet notice duty fails the model.",
        ["apache-2.0"],
        policy(RELEASE, rules__obligations="error"),
        [("notice-required", "error", "4(a)")],
        "fail",
    ),
    # Lineage and datasets.
    Case(
        "A GGUF quantization that declares apache-2.0 is bound by its Llama 3.1 base's 700M cap.",
        ["apache-2.0", "llama3.1"],
        policy(US_SAAS, organisation__monthly_active_users=900_000_000),
        [("mau-cap", "error", "2")],
        "fail",
    ),
    Case(
        "A model trained on a CC BY-NC 4.0 dataset: reported, but capped at warning because it is contested.",
        ["apache-2.0"],
        US_SAAS,
        [("non-commercial", "warning", "2(a)(1)(A)")],
        "pass",
        datasets=["cc-by-nc-4.0"],
    ),
    Case(
        "A permissive model under a permissive policy raises nothing at error level.",
        ["mit"],
        US_SAAS,
        [],
        "pass",
        absent=["non-commercial", "mau-cap", "revenue-cap"],
    ),
    # Issue 10: the questions whose answers follow the clause's scope.
    Case(
        "A text-only fine-tune of an unreadable base under Llama 3.2: the base's modality is unknown, and the "
        "warning names it.",
        ["llama3.2"],
        EU_SAAS,
        [("region-restricted", "warning", "Prohibited Uses (paragraph after item 5)")],
        "pass",
        modality="text",
        modality_unknown=["meta-llama/Llama-3.2-11B-Vision"],
        lineage=["meta-llama/Llama-3.2-11B-Vision"],
    ),
    Case(
        "A text-only Llama 3.2 fine-tune whose whole lineage says text: nothing to warn about.",
        ["llama3.2"],
        EU_SAAS,
        [],
        "pass",
        absent=["region-restricted"],
        modality="text",
        lineage=["meta-llama/Llama-3.2-1B"],
    ),
    Case(
        "The policy does not say where we are domiciled, and the model is Llama 3.2 Vision: the EU clause cannot be "
        "decided, so it warns.",
        ["llama3.2"],
        policy(US_SAAS, organisation__regions=[]),
        [("region-restricted", "warning", "Prohibited Uses (paragraph after item 5)")],
        "pass",
        modality="multimodal",
    ),
    Case(
        "The same unstated domicile with a text-only Llama 3.2 model: the clause does not reach it.",
        ["llama3.2"],
        policy(US_SAAS, organisation__regions=[]),
        [],
        "pass",
        absent=["region-restricted"],
        modality="text",
    ),
    Case(
        "A university hosts a free demo of a Qwen research model: §3 lets the Materials be made available as part of "
        "a product or service, non-commercially.",
        ["qwen-research"],
        policy(RESEARCH, intended_use__hosting=True),
        [],
        "pass",
        absent=["research-only", "non-commercial"],
    ),
    Case(
        "The same free demo of a Stable Video Diffusion model: the license lets copies be distributed for "
        "non-commercial purposes, but says nothing of offering the model as a service, so it is not licensed.",
        ["stable-video-diffusion-nc-community"],
        policy(RESEARCH, intended_use__hosting=True),
        [("research-only", "error", "License Rights and Redistribution")],
        "fail",
    ),
    Case(
        "Publishing a fine-tune of Stable Video Diffusion for research is within its grant.",
        ["stable-video-diffusion-nc-community"],
        policy(RESEARCH, intended_use__distribute_weights=True, intended_use__fine_tune=True),
        [],
        "pass",
        absent=["research-only"],
    ),
    Case(
        "A Cosmos fine-tune by another publisher is still a Cosmos model through its base: it is multimodal "
        "through its lineage, and a Cosmos Model is 'a multimodal Model shared under this Agreement'.",
        ["nvidia-open-model-license"],
        US_SAAS,
        [("attribution-required", "warning", "3.2")],
        "pass",
        model="acme/robot-world-model",
        lineage=["nvidia/Cosmos-Predict2-2B-Video2World"],
        modality="multimodal",
    ),
    Case(
        "A Nemotron model hosted: no Cosmos duty.",
        ["nvidia-open-model-license"],
        US_SAAS,
        [],
        "pass",
        absent=["attribution-required"],
        model="nvidia/Nemotron-H-8B-Base-8K",
    ),
    Case(
        "An abliterated Nemotron fine-tune: its making bypassed the guardrails (§2.1).",
        ["nvidia-open-model-license"],
        US_SAAS,
        [("use-restriction", "error", "2.1")],
        "fail",
        tags=["abliterated"],
    ),
    Case(
        "Commercial use of GLM-Edge requires registering with Zhipu AI first.",
        ["glm-edge"],
        policy(US_SAAS, rules__obligations="error"),
        [("registration-required", "error", "2")],
        "fail",
    ),
    Case(
        "Academic research on ChatGLM3-6B needs no registration.",
        ["chatglm3-6b"],
        RESEARCH,
        [],
        "pass",
        absent=["registration-required"],
    ),
    Case(
        "Grok 2 outputs may not train another LLM (§2.b), and its commercial use rests on xAI's AUP, which licscan "
        "cannot check.",
        ["grok2-community"],
        policy(DISTIL, intended_use__use_cases=["x-coding-assistant"]),
        [("outputs-training-ban", "error", "2.b"), ("use-restriction", "warning", "5")],
        "fail",
    ),
    Case(
        "Fine-tuning Grok 2 itself on its own outputs is the exception §2.b makes.",
        ["grok2-community"],
        policy(
            DISTIL, intended_use__train_on_outputs={"student": "same-family", "competing": True, "distributed": True}
        ),
        [("outputs-training-ban", "info", "2.b")],
        "pass",
    ),
    Case(
        "Synthetic data from a Cohere C4AI model to train our commercial model: the C4AI AUP bans it.",
        ["cohere-c4ai-aup"],
        DISTIL,
        [("outputs-training-ban", "error", "Synthetic data for commercial uses")],
        "fail",
    ),
    Case(
        "The same synthetic data for non-commercial research is not what the AUP item names.",
        ["cohere-c4ai-aup"],
        policy(DISTIL, intended_use__commercial=False),
        [],
        "pass",
        absent=["outputs-training-ban"],
    ),
    # Issue 17: qualifiers recorded, so that the words of the item, not its topic, decide.
    Case(
        "An adult-fiction service on a Cohere C4AI model: the AUP's 'Sexual exploitation, harm, or abuse' item bans "
        "exploiting people, not sexual content as such.",
        ["cohere-c4ai-aup"],
        policy(US_SAAS, intended_use__use_cases=["sexual-content"]),
        [],
        "pass",
        absent=["use-restriction"],
    ),
    Case(
        "Trafficking-related use on a Cohere C4AI model is what the item bans.",
        ["cohere-c4ai-aup"],
        policy(US_SAAS, intended_use__use_cases=["human-trafficking"]),
        [("use-restriction", "error", "Sexual exploitation, harm, or abuse")],
        "fail",
    ),
    Case(
        "A CRM that stores customers' personal data with their authorization, on DeepSeek: Attachment A bans "
        "generating or disseminating it 'without due authorization or for unreasonable use', a matter to review.",
        ["deepseek"],
        policy(US_SAAS, intended_use__use_cases=["privacy"]),
        [("use-restriction", "warning", "Attachment A")],
        "pass",
        absent=["use-restriction/error"],
        message_has=["without due authorization or for unreasonable use"],
    ),
    Case(
        "Documentary film production with Gemma: PUP 4 bans sexually explicit content but 'this does not include "
        "content created for scientific, educational, documentary, or artistic purposes', so it is reviewed.",
        ["gemma"],
        policy(US_SAAS, intended_use__use_cases=["sexual-content"]),
        [("use-restriction", "warning", "4")],
        "pass",
        absent=["use-restriction/error"],
        version="2024-04-01",
    ),
    Case(
        "Workplace monitoring with Gemma, with employees' consent: PUP 2.5.6 bans tracking people 'without their "
        "consent', so it is reviewed.",
        ["gemma"],
        policy(US_SAAS, intended_use__use_cases=["surveillance"]),
        [("use-restriction", "warning", "2.5.6")],
        "pass",
        absent=["use-restriction/error"],
        version="2024-04-01",
    ),
    Case(
        "An insurance company answers customer questions with Hunyuan A13B: Exhibit A.14 bans high-stakes "
        "automated decisions in insurance, not insurance work; a matter to review.",
        ["tencent-hunyuan-community"],
        policy(US_SAAS, intended_use__use_cases=["insurance"], intended_use__deployment_regions=["US"]),
        [("use-restriction", "warning", "Exhibit A.14")],
        "pass",
        absent=["use-restriction/error"],
        version="a13b-2025-06-27",
    ),
    Case(
        "Hunyuan A13B deciding insurance claims automatically is what A.14 bans.",
        ["tencent-hunyuan-community"],
        policy(
            US_SAAS,
            intended_use__use_cases=["insurance", "automated-decision-making"],
            intended_use__deployment_regions=["US"],
        ),
        [("use-restriction", "error", "Exhibit A.14")],
        "fail",
        version="a13b-2025-06-27",
    ),
    Case(
        "Hunyuan community license of unknown text version, used in the UK: the later texts' Territory excludes "
        "the UK, so the strictest reading fails, naming the versions that state it.",
        ["tencent-hunyuan-community"],
        policy(US_SAAS, organisation__monthly_active_users=1000, intended_use__deployment_regions=["GB"]),
        [("region-restricted", "error", "1.l")],
        "fail",
        message_has=["video-2024-12-03, a13b-2025-06-27", "version is unknown"],
    ),
    Case(
        "Tencent-Hunyuan-Large (text of 2024-11-05), used in the UK: its Territory excludes the EU only.",
        ["tencent-hunyuan-community"],
        policy(US_SAAS, organisation__monthly_active_users=1000, intended_use__deployment_regions=["GB"]),
        [],
        "pass",
        absent=["region-restricted"],
        version="large-2024-11-05",
    ),
    Case(
        "Hunyuan A13B (text of 2025-06-27), used in the UK: outside its Territory.",
        ["tencent-hunyuan-community"],
        policy(US_SAAS, organisation__monthly_active_users=1000, intended_use__deployment_regions=["GB"]),
        [("region-restricted", "error", "1.l")],
        "fail",
        version="a13b-2025-06-27",
    ),
    Case(
        "Tencent-Hunyuan-Large: a classifier trained on its outputs is no large language model, so the 2024-11-05 "
        "ban does not reach it.",
        ["tencent-hunyuan-community"],
        policy(
            US_SAAS,
            organisation__monthly_active_users=1000,
            intended_use__deployment_regions=["US"],
            intended_use__train_on_outputs={"student": "other-model", "competing": False},
        ),
        [("outputs-training-ban", "info", "5.b")],
        "pass",
        absent=["outputs-training-ban/error"],
        version="large-2024-11-05",
    ),
    Case(
        "HunyuanVideo: a classifier trained on its outputs is 'any other AI model'.",
        ["tencent-hunyuan-community"],
        policy(
            US_SAAS,
            organisation__monthly_active_users=1000,
            intended_use__deployment_regions=["US"],
            intended_use__train_on_outputs={"student": "other-model", "competing": False},
        ),
        [("outputs-training-ban", "error", "5.b")],
        "fail",
        version="video-2024-12-03",
    ),
    Case(
        "EXAONE 1.2 - NC bans training only models that compete with LG's: a non-competing classifier is fine.",
        ["exaone-1.2-nc"],
        policy(RESEARCH, intended_use__train_on_outputs={"student": "other-model", "competing": False}),
        [("outputs-training-ban", "info", "3.1")],
        "pass",
    ),
    Case(
        "K-EXAONE derivatives that are distributed must be named 'K-EXAONE...'.",
        ["k-exaone"],
        policy(RELEASE, rules__obligations="error"),
        [("naming-required", "error", "2.1")],
        "fail",
        derivative_name="Acme-LLM",
    ),
    Case(
        "A Baichuan 2 model: no text, so no term is checked and nothing is concluded about its commercial "
        "application (the unknown-license finding is raised when the license is concluded).",
        ["baichuan2-community"],
        US_SAAS,
        [],
        "pass",
        absent=["registration-required", "non-commercial"],
    ),
    # Issue 18 entries on the condition fields: each case beside the nearest one that goes the other way.
    Case(
        "CogVLM2 §7 applies the Llama 3 license to the weights of the Llama 3-based models: at 900M monthly active "
        "users we are over Llama 3's 700M cap, and licscan cannot tell which CogVLM2 model is Llama-based.",
        ["cogvlm2"],
        policy(US_SAAS, organisation__monthly_active_users=900_000_000),
        [("mau-cap", "error", "2")],
        "fail",
        message_has=["applied to the model by cogvlm2 §7", "taken to be one"],
    ),
    Case(
        "ChatGLM2-6B (2023-07-14 text) applies no other license: the same 900M-user company meets no user cap.",
        ["chatglm2-6b"],
        policy(US_SAAS, organisation__monthly_active_users=900_000_000),
        [],
        "pass",
        absent=["mau-cap", "research-only"],
        version="2023-07-14",
    ),
    Case(
        "ChatGLM2-6B's first text (2023-06-25) licensed non-commercial research only: a commercial service on a "
        "copy of it is outside the grant.",
        ["chatglm2-6b"],
        US_SAAS,
        [("research-only", "error", "2")],
        "fail",
        version="2023-06-25",
    ),
    Case(
        "LTXV: a company with annual revenues of exactly USD 10,000,000 is 'at least' the figure, so it needs the "
        "Commercial Use Agreement.",
        ["ltxv-open-weights"],
        policy(US_SAAS, organisation__annual_revenue_usd=10_000_000),
        [("revenue-cap", "error", "2")],
        "fail",
        modality="video",
        message_has=["reaches the USD 10,000,000 threshold"],
    ),
    Case(
        "LTXV: one dollar below USD 10,000,000 is under the gate.",
        ["ltxv-open-weights"],
        policy(US_SAAS, organisation__annual_revenue_usd=9_999_999),
        [],
        "pass",
        absent=["revenue-cap"],
        modality="video",
    ),
    Case(
        "LTXV: the revenue gate concerns commercial use only; a large company's research use is not gated.",
        ["ltxv-open-weights"],
        policy(RESEARCH, organisation__annual_revenue_usd=50_000_000),
        [],
        "pass",
        absent=["revenue-cap"],
        modality="video",
    ),
    Case(
        "CogVideoX counts visits, not users: 500,000 monthly active users do not show the visits are under 1 million.",
        ["cogvideox"],
        policy(US_SAAS, organisation__monthly_active_users=500_000),
        [("mau-cap", "warning", "2")],
        "pass",
        modality="video",
        message_has=["the visits it counts"],
    ),
    Case(
        "CogVideoX: 2 million monthly active users are at least 2 million visits, over the 1 million cap.",
        ["cogvideox"],
        policy(US_SAAS, organisation__monthly_active_users=2_000_000),
        [("mau-cap", "error", "2")],
        "fail",
        modality="video",
    ),
    Case(
        "CogVideoX's visit cap binds commercial activities only: academic research is free of it.",
        ["cogvideox"],
        policy(RESEARCH, organisation__monthly_active_users=2_000_000),
        [],
        "pass",
        absent=["mau-cap"],
        modality="video",
    ),
    Case(
        "Kimi K3 §3: our commercial product has 150 million monthly active users, so it must display 'Kimi K3'.",
        ["kimi-k3"],
        policy(US_SAAS, intended_use__product_monthly_active_users=150_000_000),
        [("attribution-required", "warning", "3")],
        "pass",
    ),
    Case(
        "Kimi K3 §3: a product of 1 million users, in a company with USD 20 million a year (at most that a month), "
        "is under both figures: no display duty, and no §2 gate at USD 20 million (not 'exceeds').",
        ["kimi-k3"],
        policy(US_SAAS, intended_use__product_monthly_active_users=1_000_000),
        [],
        "pass",
        absent=["attribution-required", "revenue-cap"],
    ),
    Case(
        "MiniMax-M2's display duty binds only above 100M users or USD 30M annual recurring revenue.",
        ["minimax-m2-modified-mit"],
        policy(US_SAAS, intended_use__product_monthly_active_users=1_000_000),
        [],
        "pass",
        absent=["attribution-required"],
    ),
    Case(
        "MiniMax-M2 above USD 30M annual recurring revenue must display 'MiniMax M2'.",
        ["minimax-m2-modified-mit"],
        policy(US_SAAS, organisation__annual_revenue_usd=40_000_000),
        [("attribution-required", "warning", "modification paragraph")],
        "pass",
        message_has=["MiniMax M2"],
    ),
    Case(
        "The MiniMax M2.5 code license asks a commercial service to display its own model's name, not M2.7's.",
        ["minimax-mit-variant-2025"],
        US_SAAS,
        [("attribution-required", "warning", "modification paragraph")],
        "pass",
        version="m2.5",
        message_has=["MiniMax M2.5"],
    ),
    Case(
        "The MiniMax M2.7 code license's display duty is for commercial products or services: research is free of it.",
        ["minimax-mit-variant-2025"],
        policy(RESEARCH, intended_use__hosting=True),
        [],
        "pass",
        absent=["attribution-required"],
        version="m2.7",
    ),
    Case(
        "MiniMax-M2.7 non-commercial: hosting an API for research needs no authorisation.",
        ["minimax-m2.7-license"],
        policy(RESEARCH, intended_use__hosting=True),
        [],
        "pass",
        absent=["hosting-restricted", "non-commercial"],
    ),
    Case(
        "MiniMax-M2.7 non-commercial: a commercial API is Commercial Use (4 (ii)), prohibited without authorisation.",
        ["minimax-m2.7-license"],
        US_SAAS,
        [("hosting-restricted", "error", "4"), ("non-commercial", "error", "3")],
        "fail",
    ),
    Case(
        "The MiniMax Model License of 2025-02-20 has no ban on training another LLM with outputs.",
        ["minimax-model-license"],
        DISTIL,
        [],
        "pass",
        absent=["outputs-training-ban"],
        version="2025-02-20",
    ),
    Case(
        "The first MiniMax Model License Agreement (2025-01-14) banned improving any other LLM with outputs.",
        ["minimax-model-license"],
        DISTIL,
        [("outputs-training-ban", "error", "2.b.iv")],
        "fail",
        version="2025-01-14",
    ),
    Case(
        "The first HunyuanDiT text (2024-05-14) grants worldwide: an EU deployment is licensed.",
        ["tencent-hunyuan-community"],
        policy(US_SAAS, intended_use__deployment_regions=["DE"]),
        [],
        "pass",
        absent=["region-restricted"],
        modality="image",
        version="dit-2024-05-14",
    ),
    Case(
        "The HunyuanDiT text of 2024-10-11 excludes the European Union from its Territory.",
        ["tencent-hunyuan-community"],
        policy(US_SAAS, intended_use__deployment_regions=["DE"]),
        [("region-restricted", "error", "5.c")],
        "fail",
        modality="image",
        version="dit-2024-10-11",
    ),
    Case(
        "Under FLUX v2.0, distilling FLUX outputs into a model that competes with FLUX.2 [dev] is banned: the ban "
        "reaches any 'FLUX [dev] Model'.",
        ["flux-1-dev-non-commercial"],
        policy(RESEARCH, intended_use__train_on_outputs={"student": "foundation-model", "competing": True}),
        [("outputs-training-ban", "error", "2.d")],
        "fail",
        modality="image",
        version="2.0",
        message_has=["competitive with any FLUX [dev] Model"],
    ),
    Case(
        "FLUX v1.1 states its ban in 4.b (the model, Derivatives or Output), not in 2.d.",
        ["flux-1-dev-non-commercial"],
        policy(RESEARCH, intended_use__train_on_outputs={"student": "foundation-model", "competing": True}),
        [("outputs-training-ban", "error", "4.b")],
        "fail",
        modality="image",
        version="1.1",
    ),
    Case(
        "Stability's 2024-06-05 text (Stable Audio Open): training a competing product on outputs is outside "
        "Non-Commercial Use, even for research.",
        ["stability-ai-nc-research-community"],
        policy(RESEARCH, intended_use__train_on_outputs={"student": "foundation-model", "competing": True}),
        [("outputs-training-ban", "error", "Definitions")],
        "fail",
        modality="audio",
        version="2024-06-05",
    ),
    Case(
        "Stability's 2023-12-06 text has no competing-product exclusion: non-commercial research training is in the "
        "grant (the student is a Derivative Work).",
        ["stability-ai-nc-research-community"],
        policy(RESEARCH, intended_use__train_on_outputs={"student": "foundation-model", "competing": True}),
        [],
        "pass",
        absent=["outputs-training-ban"],
        modality="audio",
        version="2023-12-06",
    ),
    Case(
        "Yi under version 2.0: commercial use needs the Licensor's written authorization, not a registration form.",
        ["yi"],
        US_SAAS,
        [("non-commercial", "error", "2")],
        "fail",
        absent=["registration-required"],
        version="2.0",
    ),
    Case(
        "Yi under version 2.1: commercial use needs the registration form.",
        ["yi"],
        US_SAAS,
        [("registration-required", "warning", "2")],
        "pass",
        absent=["non-commercial"],
        version="2.1",
    ),
]


def run(case: Case, db: Database) -> tuple[list[Any], str]:
    pol = Policy.model_validate({"name": "case", **case.policy})
    bound = [Bound(case.licenses[0], version=case.version)] + [Bound(k, "base model") for k in case.licenses[1:]]
    bound += [Bound(k, "dataset", dataset=True) for k in case.datasets]
    subject = Subject(
        model=case.model,
        license=case.licenses[0],
        bound=tuple(bound),
        modality=case.modality,
        eu_disallowed=case.eu_disallowed,
        derivative_name=case.derivative_name,
        modality_unknown=tuple(case.modality_unknown),
        lineage=tuple(case.lineage),
        tags=tuple(case.tags),
    )
    findings = evaluate(subject, pol, pol.intended_use, db)
    return findings, verdict(findings, "error")


def test_the_table_has_at_least_forty_cases() -> None:
    assert len(CASES) >= 40


@pytest.mark.parametrize("case", CASES, ids=[c.question[:70] for c in CASES])
def test_case(case: Case, db: Database) -> None:
    findings, result = run(case, db)
    got = {(f.id, f.severity) for f in findings}
    for fid, severity, section in case.expect:
        assert (fid, severity) in got, f"{case.question}: expected {fid}/{severity}, got {sorted(got)}"
        matching = [f for f in findings if f.id == fid and f.severity == severity]
        if section is not None:
            assert any(f.clause and f.clause.section == section for f in matching), [f.clause for f in matching]
        assert all(f.remediation for f in matching)
        # Every finding from a license term quotes the clause, verbatim from the database.
        for f in matching:
            if f.clause:
                entry = db.entries[f.clause.license or ""]
                assert any(f.clause.quote == c.quote for _, c in entry.terms.clauses())
    for absent in case.absent:
        fid, _, severity = absent.partition("/")
        assert not [f for f in findings if f.id == fid and (not severity or f.severity == severity)], case.question
    for words in case.message_has:
        assert any(words in f.message for f in findings), (case.question, words, [f.message for f in findings])
    assert result == case.verdict, f"{case.question}: {[(f.id, f.severity) for f in findings]}"


def test_a_waiver_for_the_mau_cap_turns_the_verdict_to_pass(db: Database) -> None:
    case = CASES[8]
    findings, result = run(case, db)
    assert result == "fail"
    book = WaiverBook(
        [
            Policy.model_validate(
                {
                    "name": "w",
                    "exceptions": [
                        {
                            "model": "org/*",
                            "finding": "mau-cap",
                            "reason": "Separate license",
                            "approved_by": "legal@example.com",
                            "expires": "2099-01-01",
                        }
                    ],
                }
            ).exceptions[0]
        ]
    )
    waived = book.apply(findings, "abc")
    assert verdict(waived, "error") == "pass"
    (mau,) = [f for f in waived if f.id == "mau-cap"]
    assert mau.waived is not None and mau.waived.approved_by == "legal@example.com"
    assert book.stale() == []


def test_an_expired_waiver_does_not_apply_and_says_so(db: Database) -> None:
    findings, _ = run(CASES[8], db)
    exc = Policy.model_validate(
        {
            "name": "w",
            "exceptions": [
                {"model": "org/model", "reason": "old deal", "approved_by": "cfo@example.com", "expires": "2020-01-01"}
            ],
        }
    ).exceptions[0]
    book = WaiverBook([exc], today=dt.date(2026, 11, 22))
    out = book.apply(findings, None)
    assert verdict(out, "error") == "fail"
    assert any("expired on 2020-01-01" in f.message for f in out)
    assert book.expired() and book.stale()


def test_a_waiver_for_another_model_or_revision_is_stale(db: Database) -> None:
    findings, _ = run(CASES[8], db)
    exceptions = Policy.model_validate(
        {
            "name": "w",
            "exceptions": [
                {"model": "other/*", "reason": "r", "approved_by": "a", "expires": "2099-01-01"},
                {
                    "model": "org/model",
                    "revision": "deadbeef",
                    "reason": "r",
                    "approved_by": "a",
                    "expires": "2099-01-01",
                },
            ],
        }
    ).exceptions
    book = WaiverBook(list(exceptions))
    assert verdict(book.apply(findings, "abc123"), "error") == "fail"
    assert len(book.stale()) == 2


def test_without_a_policy_an_unchecked_incorporated_policy_is_still_named(db: Database) -> None:
    subject = Subject(model="stabilityai/sd", license="stabilityai-community", bound=(Bound("stabilityai-community"),))
    findings = evaluate(subject, None, None, db)
    (named,) = [f for f in findings if "Stability AI Acceptable Use Policy" in f.message]
    assert named.severity == "info" and named.clause and named.clause.section == "IV.b"
