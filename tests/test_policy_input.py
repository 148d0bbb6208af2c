"""Policy input that cannot fail open: regions are codes, use cases come from the published catalogue.

A typo must never switch a clause off. Each question below is one a policy author gets wrong, next to the spelling
that is right.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from licscan.database import load_database
from licscan.database.use_cases import USE_CASE_TAGS, USE_CASES
from licscan.policy.engine import Bound, Subject, evaluate
from licscan.policy.model import Policy
from licscan.policy.regions import EEA_MEMBERS, EU_MEMBERS, in_regions
from tests.cli import licscan

LLAMA_AUP_SAAS = """\
name: p
organisation:
  monthly_active_users: 1000
  regions: [US]
intended_use:
  commercial: true
  hosting: true
"""


def write(tmp_path: Path, text: str, name: str = "policy.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# Regions -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "place,restricted,inside",
    [
        (["DE"], ["EU"], True),  # a member state is in the EU
        (["HU"], ["EU"], True),  # every member state, Hungary included
        (["NO"], ["EU"], False),  # Norway is in the EEA, not the EU
        (["EEA"], ["EU"], True),  # the EEA reaches into the EU: the worst case for a clause on the EU
        (["NO"], ["EEA"], True),
        (["GB"], ["EU"], False),  # the United Kingdom left
        (["US", "GB"], ["EU", "GB", "KR"], True),
        (["US"], ["EU", "GB", "KR"], False),
    ],
)
def test_is_a_place_inside_a_restricted_region(place: list[str], restricted: list[str], inside: bool) -> None:
    assert in_regions(place, restricted) is inside


def test_the_groups_have_their_members() -> None:
    assert len(EU_MEMBERS) == 27 and sorted(EEA_MEMBERS - EU_MEMBERS) == ["IS", "LI", "NO"]


@pytest.mark.parametrize(
    "written,named",
    [
        ("Germany", "DE (Germany)"),  # a country's name
        ("DEU", "DE (Germany)"),  # its alpha-3 code
        ("Europe", "EU (European Union), EEA (European Economic Area)"),  # a continent is neither group
        ("UK", "GB (United Kingdom)"),  # reserved in ISO 3166-1, not assigned
        ("USA", "US (United States)"),
    ],
)
def test_a_region_that_is_not_a_code_is_an_input_error_naming_the_closest_code(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], written: str, named: str
) -> None:
    path = write(tmp_path, LLAMA_AUP_SAAS.replace("regions: [US]", f"regions: [US, {written}]"))
    assert licscan("policy", "validate", str(path)) == 2
    err = capsys.readouterr().err
    assert f"policy.yaml:4:17: organisation.regions.1: {written!r} is not an ISO 3166-1 alpha-2" in err
    assert f"did you mean {named}?" in err


def test_country_codes_and_groups_validate_and_are_written_in_capitals(tmp_path: Path) -> None:
    policy = Policy.model_validate(
        {"name": "p", "organisation": {"regions": ["de", "EU", "EEA"]}, "intended_use": {"deployment_regions": ["KR"]}}
    )
    assert policy.organisation.regions == ["DE", "EU", "EEA"]
    assert policy.intended_use.deployment_regions == ["KR"]


def test_a_german_company_is_an_eu_company_for_the_llama_32_eu_clause() -> None:
    db = load_database()
    subject = Subject(model="m/vision", license="llama3.2", bound=(Bound("llama3.2"),), modality="multimodal")
    for regions, restricted in ((["DE"], True), (["CH"], False)):
        policy = Policy.model_validate({"name": "p", "organisation": {"regions": regions}})
        ids = {(f.id, f.severity) for f in evaluate(subject, policy, policy.intended_use, db)}
        assert (("region-restricted", "error") in ids) is restricted, regions


def test_a_misspelt_deployment_region_in_a_manifest_names_the_manifest_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path, LLAMA_AUP_SAAS)
    manifest = write(
        tmp_path,
        "policy: policy.yaml\nmodels:\n  - id: tencent/Hunyuan3D-2\n    use:\n      deployment_regions: [US, Korea]\n",
        "models.yaml",
    )
    assert licscan("check", str(manifest), "--offline") == 2
    err = capsys.readouterr().err
    assert "models.yaml:5:32: models.0.use.deployment_regions.1: 'Korea' is not" in err
    assert "KP (North Korea), KR (South Korea)" in err


def test_every_region_the_database_restricts_is_a_code_a_policy_can_write() -> None:
    from licscan.policy.regions import check_region

    for entry in load_database():
        for r in entry.terms.region_restrictions:
            assert [check_region(code) for code in r.regions] == r.regions, entry.key


# Use cases -----------------------------------------------------------------------------------------------------


def test_a_misspelt_use_case_is_an_input_error_naming_the_closest_tag(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, LLAMA_AUP_SAAS + "  use_cases: [medical-advice, weapon]\n")
    assert licscan("policy", "validate", str(path)) == 2
    err = capsys.readouterr().err
    assert "policy.yaml:8:31: intended_use.use_cases.1: 'weapon' is not a use-case tag; did you mean weapons?" in err
    assert "licscan policy use-cases" in err


def test_the_right_tag_validates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, LLAMA_AUP_SAAS + "  use_cases: [medical-advice, weapons]\n")
    assert licscan("policy", "validate", str(path)) == 0


def test_an_organisations_own_label_is_accepted_and_never_matched() -> None:
    """`weapons` hits the Llama 3.1 AUP; `x-weapons` is our own label and matches no acceptable-use item."""
    db = load_database()
    subject = Subject(model="m/llama", license="llama3.1", bound=(Bound("llama3.1"),), modality="text")
    for tags, banned in ((["weapons"], True), (["x-weapons"], False)):
        policy = Policy.model_validate({"name": "p", "intended_use": {"use_cases": tags}})
        ids = {(f.id, f.severity) for f in evaluate(subject, policy, policy.intended_use, db)}
        assert (("use-restriction", "error") in ids) is banned, tags


def test_an_own_label_without_the_x_prefix_is_refused_with_how_to_write_it() -> None:
    with pytest.raises(ValueError, match="write the organisation's own labels as x-customer-support"):
        Policy.model_validate({"name": "p", "intended_use": {"use_cases": ["Customer Support"]}})


def test_policy_use_cases_lists_every_tag_with_its_description(capsys: pytest.CaptureFixture[str]) -> None:
    assert licscan("policy", "use-cases") == 0
    text = capsys.readouterr().out
    assert "weapons" in text and USE_CASES["weapons"] in text and "x-" in text
    assert licscan("policy", "use-cases", "--format", "json") == 0
    listed = json.loads(capsys.readouterr().out)["use_cases"]
    assert [row["tag"] for row in listed] == list(USE_CASE_TAGS)
    assert all(row["description"] for row in listed)


def test_the_policy_schema_enumerates_tags_and_regions(capsys: pytest.CaptureFixture[str]) -> None:
    assert licscan("policy", "schema") == 0
    schema = json.loads(capsys.readouterr().out)
    use = schema["$defs"]["IntendedUse"]["properties"]
    tags = use["use_cases"]["items"]["anyOf"]
    assert {t.get("const") for t in tags} >= set(USE_CASE_TAGS)
    assert any(t.get("pattern") == "^x-[a-z0-9][a-z0-9-]*$" for t in tags)
    regions = schema["$defs"]["Organisation"]["properties"]["regions"]["items"]["enum"]
    assert {"EU", "EEA", "DE", "US", "GB"} <= set(regions) and "UK" not in regions
    assert "modalities" not in use


def test_every_tag_the_database_uses_is_in_the_catalogue() -> None:
    for entry in load_database():
        for r in entry.terms.use_restrictions:
            assert set(r.tags) <= set(USE_CASES), entry.key
        for t in entry.terms.termination:
            assert set(t.use_cases) <= set(USE_CASES), entry.key


# Modalities ----------------------------------------------------------------------------------------------------


def test_modalities_is_refused_rather_than_silently_ignored(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The clauses that turn on a modality turn on the model's (read from its card), not on the product's."""
    path = write(tmp_path, LLAMA_AUP_SAAS + "  modalities: [text]\n")
    assert licscan("policy", "validate", str(path)) == 2
    err = capsys.readouterr().err
    assert "policy.yaml:8:3: intended_use.modalities: `modalities` is no longer read" in err


def test_every_bundled_policy_still_loads(capsys: pytest.CaptureFixture[str]) -> None:
    for path in sorted(Path("policies").glob("*.yaml")):
        assert licscan("policy", "validate", str(path)) == 0, capsys.readouterr().err


def test_an_own_label_is_shown_in_the_audit_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, LLAMA_AUP_SAAS + "  use_cases: [x-customer-support, legal-advice]\n")
    model = Path(__file__).resolve().parent.parent / "examples" / "models" / "in-house-classifier"
    assert licscan("scan", str(model), "--policy", str(path), "--format", "markdown") == 0
    report = capsys.readouterr().out
    assert "x-customer-support" in report and "legal-advice" in report


# Revisions -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("written", ["123456789012", "0123456", "1234567"])
def test_a_revision_yaml_reads_as_a_number_is_refused_with_how_to_quote_it(
    written: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An all-digit sha prefix is a number to YAML (0123456 even an octal one): never guessed back into text."""
    policy = write(
        tmp_path,
        f"name: p\nexceptions:\n  - model: a/b\n    revision: {written}\n    reason: r\n    approved_by: l\n"
        "    expires: 2999-01-01\n",
    )
    assert licscan("policy", "validate", str(policy)) == 2
    assert "policy.yaml:4:5: exceptions.0.revision: YAML reads an unquoted revision of digits as a number" in (
        capsys.readouterr().err
    )
    manifest = write(tmp_path, f"models:\n  - id: a/b\n    revision: {written}\n", "models.yaml")
    assert licscan("check", str(manifest), "--offline") == 2
    assert "models.yaml:3:5: models.0.revision: YAML reads" in capsys.readouterr().err


def test_the_same_revision_in_quotes_validates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    policy = write(
        tmp_path,
        "name: p\nexceptions:\n  - model: a/b\n    revision: '123456789012'\n    reason: r\n    approved_by: l\n"
        "    expires: 2999-01-01\n",
    )
    assert licscan("policy", "validate", str(policy)) == 0
