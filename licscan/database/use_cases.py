"""The use-case catalogue: the tags acceptable-use items are matched against, each with what it covers.

The database tags its use restrictions with these, a policy's `intended_use.use_cases` names them, and
`licscan policy use-cases` publishes them. An organisation's own labels are written `x-...`: accepted, shown in
reports, and never matched against an acceptable-use item.
"""

from __future__ import annotations

import difflib
import re
from typing import Literal

USE_CASES: dict[str, str] = {
    "illegal-activity": "Any use that breaks an applicable law or regulation, or promotes or facilitates illegal acts.",
    "violence": "Promoting, planning or inciting violence, or content that glorifies it.",
    "terrorism": "Terrorism or violent extremism: planning, promoting, recruiting or financing.",
    "child-safety": "Child sexual abuse material, grooming, or any exploitation of children.",
    "minors": "Uses that exploit or harm minors, or target them without safeguards.",
    "human-trafficking": "Human trafficking, forced labour or exploitation of people.",
    "sexual-content": "Generating sexual or pornographic content, or sexual solicitation.",
    "harassment": "Harassing, bullying, threatening, stalking or abusing people.",
    "discrimination": "Treating people differently on protected characteristics (race, sex, religion, disability...).",
    "hate-speech": "Content that attacks or demeans groups for protected characteristics.",
    "employment": "Decisions on hiring, firing, pay or promotion; screening candidates or employees.",
    "credit-scoring": "Creditworthiness, lending or other financial eligibility decisions about people.",
    "housing": "Decisions on access to housing: tenant screening, rentals, mortgages.",
    "insurance": "Insurance eligibility, underwriting or pricing decisions about people.",
    "education-access": "Admission to, or assessment in, education and vocational training.",
    "essential-services": "Access to essential private or public services and benefits (utilities, welfare, aid).",
    "medical-advice": "Medical advice, diagnosis, treatment or interpretation of medical results for people.",
    "legal-advice": "Legal advice, or other practice of a regulated profession such as law.",
    "financial-advice": "Investment, tax or other financial advice to people.",
    "privacy": "Collecting, processing, inferring or disclosing personal data or sensitive personal information.",
    "biometric-identification": "Identifying or categorising people by face, voice or other biometric data.",
    "surveillance": "Tracking, monitoring or profiling people, covert or mass surveillance.",
    "law-enforcement": "Policing, criminal justice, or evidence and risk assessment about people by authorities.",
    "predictive-policing": "Predicting whether a person will commit a crime.",
    "immigration": "Migration, asylum or border-control decisions about people.",
    "social-scoring": "Scoring people's trustworthiness or social behaviour to treat them differently.",
    "automated-decision-making": "Fully automated decisions that affect a person's legal rights or obligations.",
    "ip-infringement": "Infringing or misappropriating intellectual property or other rights of others.",
    "malware": "Creating malicious code, cyberattacks, or gaining unauthorised access to systems.",
    "safety-circumvention": "Removing or bypassing a model's safety measures, guardrails or usage restrictions.",
    "military": "Military or warfare uses.",
    "weapons": "Designing, developing or using weapons, including chemical, biological, radiological or explosive.",
    "nuclear": "Nuclear weapons, nuclear industry or nuclear materials.",
    "controlled-substances": "Illegal drugs or other controlled substances: making, trading or promoting them.",
    "critical-infrastructure": "Operating or attacking critical infrastructure: energy, water, transport, networks.",
    "self-harm": "Promoting or encouraging suicide, self-harm or eating disorders.",
    "disinformation": "Generating or spreading false or misleading information, deceptive content.",
    "defamation": "Defaming or disparaging people.",
    "fraud": "Fraud, scams, phishing, plagiarism or other deception for gain.",
    "spam": "Unsolicited bulk messages or manipulative promotion.",
    "impersonation": "Impersonating a person, or presenting the model's output as a human's, to deceive.",
    "undisclosed-ai-content": "Publishing generated content, or running an AI system, without saying it is AI.",
    "political-campaigning": "Political campaigning, lobbying or political advertising.",
    "elections": "Interfering with elections or voting, or misleading voters.",
    "gambling": "Gambling, betting or payday-lending services.",
    "healthcare": "Use in healthcare or clinical settings, including medical devices.",
    "generating-harmful-content": "Content that is harmful, abusive or otherwise objectionable beyond the tags above.",
}
USE_CASE_TAGS: tuple[str, ...] = tuple(USE_CASES)
UseCaseTag = Literal[USE_CASE_TAGS]  # type: ignore[valid-type]

# An organisation's own label: never matched, shown as written.
OWN_LABEL = re.compile(r"^x-[a-z0-9][a-z0-9-]*$")


def closest_use_cases(value: str) -> list[str]:
    """The catalogue tags a mistaken tag most likely means (`weapon` -> `weapons`)."""
    word = value.strip().lower().replace("_", "-").replace(" ", "-")
    found = [tag for tag in USE_CASE_TAGS if len(word) >= 4 and (tag.startswith(word) or word.startswith(tag))]
    found.extend(difflib.get_close_matches(word, USE_CASE_TAGS, n=3, cutoff=0.6))
    return list(dict.fromkeys(found))[:4]


def check_use_case(value: str) -> str:
    """A catalogue tag or an organisation's own `x-` label; an error naming the closest tags otherwise."""
    if value in USE_CASES or OWN_LABEL.match(value):
        return value
    hint = closest_use_cases(value)
    suggestion = f"; did you mean {', '.join(hint)}?" if hint else ""
    label = "x-" + (re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-") or "my-label")
    raise ValueError(
        f"{value!r} is not a use-case tag{suggestion} (`licscan policy use-cases` lists them; write the "
        f"organisation's own labels as {label})",
    )
