"""Two readings a person makes without thinking: whether a name begins with a prefix, and what a fine-tune is."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from licscan.cli.main import main
from licscan.conclude import Bound, Conclusion, conclude_with_lineage
from licscan.database import load_database
from licscan.policy.modality import lineage_modality
from licscan.policy.naming import name_check
from licscan.results import LineageEntry

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    "name",
    ["Llama-3-Acme", "Llama3-Acme", "llama_3_acme", "LLAMA 3 Acme 8B", "acme/Llama-3-Acme"],
)
def test_names_that_begin_with_llama_3_as_a_person_reads_them(name: str) -> None:
    assert name_check(name, "Llama 3", "Meta") is None


@pytest.mark.parametrize(
    "name", ["Acme-Llama-3-8B", "Llamafied-3", "Llama-2-Acme", "Meta-Acme-Llama-3", "Llama-3.10-Acme"]
)
def test_names_that_do_not_begin_with_llama_3(name: str) -> None:
    problem = name_check(name, "Llama 3", "Meta")
    assert problem is not None and repr(name) in problem


# Issue 17: check and notice disagreed on these; §1.b.i "include "Llama" at the beginning of any such AI model name".
@pytest.mark.parametrize(
    ("name", "begins"),
    [("Meta-Llama-3.1-Acme", False), ("Llamafied-Acme", False), ("Llama-3.10-Acme", True), ("Llama3.1-Acme", True)],
)
def test_the_names_of_the_issue_are_read_by_the_words_of_llama_31(name: str, begins: bool) -> None:
    assert (name_check(name, "Llama", "Meta") is None) is begins


def test_a_name_led_by_the_licensor_does_not_begin_with_the_prefix_and_the_finding_says_why() -> None:
    problem = name_check("Meta-Llama-3-8B-Acme", "Llama 3", "Meta")
    assert problem is not None and "begins with 'Meta', not with 'Llama 3'" in problem


def test_a_fine_tune_of_a_multimodal_base_is_multimodal_whatever_its_card_says() -> None:
    cards = [
        ("acme/vision-ft", "text-generation", ()),
        ("meta-llama/Llama-3.2-11B-Vision-Instruct", "image-text-to-text", ()),
    ]
    assert lineage_modality(cards) == ("multimodal", ())


def test_a_lineage_that_spans_two_modalities_is_multimodal() -> None:
    cards = [("acme/speech-llm", "automatic-speech-recognition", ()), ("acme/base-llm", "text-generation", ())]
    assert lineage_modality(cards) == ("multimodal", ())
    assert lineage_modality([("a/ft", "text-generation", ()), ("a/base", "text-generation", ())]) == ("text", ())


def test_the_models_whose_cards_do_not_say_are_named() -> None:
    cards = [("acme/ft", "text-generation", ()), ("acme/base", None, ())]
    assert lineage_modality(cards) == ("text", ("acme/base",))
    assert lineage_modality([("acme/ft", None, ())]) == (None, ("acme/ft",))


def test_a_derivative_declaring_apache_is_bound_by_its_llama_base_and_concluded_as_it() -> None:
    db = load_database()
    conclusion = Conclusion("apache-2.0", None, "card metadata: license apache-2.0", ())
    lineage = [LineageEntry(id="meta-llama/Llama-3.1-8B-Instruct", relation="finetune", license="llama3.1")]
    binding = conclude_with_lineage("acme/ft", conclusion, lineage, db)
    assert binding.license == "llama3.1"
    assert binding.bound == (Bound("llama3.1", "base model meta-llama/Llama-3.1-8B-Instruct"),)
    assert [f.id for f in binding.findings] == ["inherited-license"]
    assert binding.concluded_by.startswith("inherited from base meta-llama/Llama-3.1-8B-Instruct")


def test_an_unreadable_base_is_reported_and_binds_nothing() -> None:
    db = load_database()
    conclusion = Conclusion("mit", None, "card metadata: license mit", ())
    lineage = [LineageEntry(id="acme/gone", relation="finetune", license=None, error="repository not found")]
    binding = conclude_with_lineage("acme/ft", conclusion, lineage, db)
    assert binding.license == "mit" and binding.bound == (Bound("mit"),)
    # Its terms could be stricter than the card's: fail closed, the model's verdict becomes `error`.
    assert [(f.id, f.severity) for f in binding.findings] == [("fetch-error", "error")]


def test_a_use_policy_the_models_files_carry_binds_it() -> None:
    from licscan.classify.match import Match
    from licscan.conclude import ClassifiedFile
    from licscan.sources.interface import DocumentFile

    db = load_database()
    doc = DocumentFile(path="USE_POLICY.md", sha256="0" * 64, size=3, text="...")
    files = (ClassifiedFile(doc, Match("cohere-c4ai-aup", "exact", 1.0)),)
    conclusion = Conclusion("cc-by-nc-4.0", None, "card metadata: license cc-by-nc-4.0", files)
    binding = conclude_with_lineage("CohereForAI/c4ai-command-r-v01", conclusion, [], db)
    assert Bound("cohere-c4ai-aup", "named by USE_POLICY.md") in binding.bound


def test_a_use_policy_the_license_incorporates_is_reported_as_incorporated() -> None:
    from licscan.classify.match import Match
    from licscan.conclude import ClassifiedFile
    from licscan.sources.interface import DocumentFile

    db = load_database()
    doc = DocumentFile(path="USE_POLICY.md", sha256="0" * 64, size=3, text="...")
    files = (ClassifiedFile(doc, Match("llama3.1-aup", "exact", 1.0)),)
    conclusion = Conclusion("llama3.1", None, "LICENSE matches llama3.1 (exact)", files, from_files=True)
    binding = conclude_with_lineage("meta-llama/Llama-3.1-8B-Instruct", conclusion, [], db)
    assert binding.bound == (Bound("llama3.1"),)


@pytest.mark.parametrize("tag,expected", [("abliterated", True), ("uncensored", True), ("vision", False)])
def test_a_llama_32_fine_tune_whose_card_says_its_safety_measures_were_removed_is_for_review(
    tag: str, expected: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Llama 3.2 AUP 1.h: "intentionally circumvent or remove usage restrictions or other safety measures". A card
    # that says the model was made so is a matter for legal; the same model without that tag raises nothing.
    import shutil

    model = tmp_path / "llama-ft"
    shutil.copytree(ROOT / "examples" / "models" / "acme-vision-assistant", model)
    card = (model / "README.md").read_text(encoding="utf-8").replace("tags: [vision, llama-3.2]", f"tags: [{tag}]")
    (model / "README.md").write_text(card, encoding="utf-8")
    with pytest.raises(SystemExit):
        main(["scan", "--format", "json", "--policy", str(ROOT / "policies" / "internal-research.yaml"), str(model)])
    (m,) = json.loads(capsys.readouterr().out)["models"]
    review = [f for f in m["findings"] if f["id"] == "use-restriction" and "tagged" in f["message"]]
    assert bool(review) is expected
    if expected:
        (finding,) = review
        assert finding["severity"] == "warning" and finding["clause"]["section"] == "1.h"
        assert "remove usage restrictions or other safety measures" in finding["clause"]["quote"]
