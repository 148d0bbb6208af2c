"""Which file licenses the model, and what a changed, partial or look-alike license lends it: nothing.

Every repository here is made in the test: a card, and license files named as publishers name them.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from licscan.classify.index import Index
from licscan.cli.main import main
from licscan.conclude import Conclusion, conclude, readme_wanted_for
from licscan.conclude.own import own_binding
from licscan.database import Database
from licscan.sources.files import file_role, license_files
from licscan.sources.interface import CardMetadata, DocumentFile, ModelDocuments

ROOT = Path(__file__).resolve().parents[1]
TEXTS = ROOT / "licenses" / "texts"


def text(name: str) -> str:
    return (TEXTS / name).read_text(encoding="utf-8")


def document(path: str, body: str) -> DocumentFile:
    data = body.encode("utf-8")
    return DocumentFile(path, hashlib.sha256(data).hexdigest(), len(data), body)


def repo(
    files: dict[str, str],
    readme: str = "# Model\n",
    licenses: tuple[str, ...] = (),
    license_name: str | None = None,
) -> ModelDocuments:
    front = "---\n" + "".join(f"license: {x}\n" for x in licenses) + "---\n"
    docs = tuple(document(path, body) for path, body in files.items())
    return ModelDocuments(
        id="someorg/model",
        source="hub",
        revision="0" * 40,
        url="https://huggingface.co/someorg/model",
        card=CardMetadata(licenses=licenses, license_name=license_name),
        files=docs,
        readme=document("README.md", front + readme),
        repo_files=("README.md", *files),
    )


def findings(c: Conclusion, id: str) -> list[str]:
    return [f.message for f in c.findings if f.id == id]


# A model license that licscan has no text of, as MiniMax's was before its entry.
OWN_MODEL_LICENSE = """Acme Model License Agreement

1. Acme grants you a non-exclusive, worldwide, non-transferable, royalty-free license to use, reproduce and
distribute the Acme Model and its derivatives.
2. You shall not use the Acme Model or its outputs to improve any other large language model.
3. If your products exceed 100 million monthly active users you must request a license from Acme.
4. This agreement is governed by the laws of Singapore.
"""


# --- 5. Which file licenses the model --------------------------------------------------------------------------


def test_deepseek_v3_is_concluded_from_its_model_license_not_its_code_license(db: Database, index: Index) -> None:
    docs = repo({"LICENSE-CODE": text("mit.txt"), "LICENSE-MODEL": text("deepseek.txt")})
    c = conclude(docs, db, index)
    assert (c.license, c.from_files) == ("deepseek", True)
    assert "LICENSE-MODEL" in c.concluded_by


def test_minimax_text_01_with_a_model_license_licscan_lacks_is_unknown_not_the_code_license(
    db: Database, index: Index
) -> None:
    docs = repo({"LICENSE-CODE": text("mit.txt"), "LICENSE-MODEL": OWN_MODEL_LICENSE})
    c = conclude(docs, db, index)
    assert c.license is None
    (message,) = findings(c, "unknown-license")
    assert "LICENSE-MODEL" in message and "Acme Model License Agreement" in message


def test_a_code_license_alone_does_not_stand_in_for_the_weights(db: Database, index: Index) -> None:
    c = conclude(repo({"LICENSE-CODE": text("mit.txt")}), db, index)
    assert c.license is None and findings(c, "unknown-license")


def test_a_plain_license_file_still_licenses_the_model_beside_a_code_license(db: Database, index: Index) -> None:
    c = conclude(repo({"LICENSE": text("mit.txt"), "LICENSE-CODE": text("apache-2.0.txt")}), db, index)
    assert c.license == "mit"


@pytest.mark.parametrize(
    "weights", ["LICENSE-MODEL", "MODEL_LICENSE", "LICENSE_MODEL", "Model_License.md", "LICENSE-WEIGHTS"]
)
@pytest.mark.parametrize("code", ["LICENSE-CODE", "CODE_LICENSE"])
def test_a_file_named_for_the_weights_licenses_them_and_one_named_for_the_code_does_not(
    weights: str, code: str, db: Database, index: Index
) -> None:
    # Listed the other way round, and the code's name sorts first: neither order nor alphabet decides.
    docs = repo({code: text("apache-2.0.txt"), "LICENSE": text("mit.txt"), weights: text("deepseek.txt")})
    assert (file_role(weights), file_role(code)) == ("weights", "code")
    assert conclude(docs, db, index).license == "deepseek"
    assert license_files([code, "LICENSE", weights, "README.md", "model.safetensors"]) == (weights, "LICENSE", code)


def test_a_card_declaration_does_not_stand_in_for_a_model_file_licscan_cannot_read(db: Database, index: Index) -> None:
    c = conclude(repo({"LICENSE-MODEL": OWN_MODEL_LICENSE}, licenses=("mit",)), db, index)
    assert c.license is None
    assert "mit does not stand in" in findings(c, "unknown-license")[0]


def test_the_card_is_read_when_only_a_code_license_or_a_code_statement_is_in_the_files(
    db: Database, index: Index
) -> None:
    wanted = readme_wanted_for(db, index)
    card = CardMetadata(licenses=("other",))
    code_only = (document("LICENSE-CODE", text("mit.txt")),)
    code_statement = (document("LICENSE", "The source code in this repository is licensed under Apache-2.0.\n"),)
    weights_statement = (document("LICENSE", "The model weights are licensed under Apache-2.0.\n"),)
    assert wanted(card, code_only) and wanted(card, code_statement)
    assert not wanted(card, weights_statement)


# --- 3. A changed, partial or look-alike license lends the model nothing ------------------------------------------


def test_glm_4_on_the_codegeex4_template_is_not_codegeex4(db: Database, index: Index) -> None:
    glm4 = re.sub(r"CodeGeeX4?", "GLM-4", text("codegeex4.txt"), flags=re.I)
    c = conclude(repo({"LICENSE": glm4}, licenses=("other",), license_name="glm-4"), db, index)
    # The file is no text licscan holds: its own terms govern, so neither the template nor the card's name decides.
    assert c.license is None
    assert "codegeex4" not in (*c.possible, *c.also_declared) and findings(c, "unknown-license")
    assert [f.match.match for f in c.files if f.doc.path == "LICENSE"] == ["none"]


def test_a_modified_license_file_lends_none_of_its_terms(db: Database, index: Index) -> None:
    changed = text("codegeex4.txt").replace("CodeGeeX4", "CodeGeeX4", 1)
    sentence = next(s for s in re.split(r"(?<=\.)\s+", changed) if len(s) > 200)
    changed = changed.replace(sentence, "The Licensee may use the Software for any purpose.")
    c = conclude(repo({"LICENSE": changed}, licenses=("other",), license_name="codegeex4"), db, index)
    assert c.license is None and c.from_files
    (message,) = findings(c, "modified-license")
    assert "codegeex4's terms are not applied" in message


def test_an_exact_license_file_beside_it_still_concludes(db: Database, index: Index) -> None:
    c = conclude(repo({"LICENSE": text("codegeex4.txt")}, licenses=("other",)), db, index)
    assert c.license == "codegeex4"


def test_a_fragment_of_a_license_in_a_license_file_lends_none_of_its_terms(db: Database, index: Index) -> None:
    gemma = text("gemma-2025-03-24.txt")
    c = conclude(repo({"LICENSE": gemma[: len(gemma) // 3]}), db, index)
    assert c.license is None
    assert "quotes part of gemma" in findings(c, "unknown-license")[0]


# --- 1. An added sentence: the verdict follows rules.modified_license ---------------------------------------------


def local_model(tmp_path: Path, card_license: str, license_text: str) -> Path:
    """A model folder as a user has it: a card declaring `card_license` and a LICENSE of `license_text`."""
    model = tmp_path / "model"
    model.mkdir()
    (model / "README.md").write_text(f"---\nlicense: {card_license}\n---\n# Model\n", encoding="utf-8")
    (model / "LICENSE").write_text(license_text, encoding="utf-8")
    return model


def write_policy(path: Path, modified: str) -> Path:
    policy = (ROOT / "policies" / "commercial-saas.yaml").read_text(encoding="utf-8")
    policy = policy.replace("modified_license: error", f"modified_license: {modified}")
    path.write_text(policy, encoding="utf-8")
    return path


@pytest.mark.parametrize("modified,verdict,code", [("error", "fail", 1), ("warning", "pass", 0)])
def test_an_mit_license_with_an_added_restriction_follows_the_modified_license_rule(
    modified: str, verdict: str, code: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    added = "The Software shall not be used to train other AI models, and may not be used for commercial purposes."
    model = local_model(tmp_path, "mit", text("mit.txt") + "\n" + added + "\n")
    policy = write_policy(tmp_path / "policy.yaml", modified)
    with pytest.raises(SystemExit) as done:
        main(["scan", "--format", "json", "--policy", str(policy), str(model)])
    (m,) = json.loads(capsys.readouterr().out)["models"]
    (finding,) = [f for f in m["findings"] if f["id"] == "modified-license"]
    assert added.rstrip(".") in finding["message"] and finding["severity"] == modified
    assert m["license"] is None and m["verdict"] == verdict and done.value.code == code


def test_the_same_mit_license_without_the_sentence_passes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    model = local_model(tmp_path, "mit", "Copyright (c) 2025 Acme\n\n" + text("mit.txt"))
    policy = write_policy(tmp_path / "policy.yaml", "error")
    with pytest.raises(SystemExit) as done:
        main(["scan", "--format", "json", "--policy", str(policy), str(model)])
    (m,) = json.loads(capsys.readouterr().out)["models"]
    assert (m["license"], m["verdict"], done.value.code) == ("mit", "pass", 0)


def test_a_card_that_adds_a_restriction_to_the_license_text_it_carries_concludes_nothing(
    db: Database, index: Index
) -> None:
    readme = f"# Acme\n\nThis model is for non-commercial use only.\n\n## License\n\n{text('apache-2.0.txt')}\n"
    c = conclude(repo({}, readme=readme, licenses=("other",)), db, index)
    assert c.license is None
    assert "non-commercial use only" in findings(c, "modified-license")[0]


# --- 6. Scope and names inside files and cards ------------------------------------------------------------------


def test_a_collection_card_binds_every_license_it_lists(db: Database, index: Index) -> None:
    readme = "".join(
        f"### {model}\n\nA quantized model.\n\nLicense: {name}\n\n"
        for model, name in [("A", "Llama2"), ("B", "Qwen"), ("C", "Deepseek"), ("D", "Yi"), ("E", "Apache 2")]
    )
    c = conclude(repo({}, readme=readme, licenses=("other",)), db, index)
    assert c.license != "apache-2.0"
    assert {c.license, *c.also_declared} == {"llama2", "qwen", "deepseek", "yi", "apache-2.0"}


def test_a_collection_card_listing_a_license_licscan_lacks_is_unknown(db: Database, index: Index) -> None:
    readme = "### A\n\nLicense: Apache 2\n\n### B\n\nLicense: Acme Research License\n"
    c = conclude(repo({}, readme=readme, licenses=("other",)), db, index)
    assert c.license is None and "Acme Research License" in findings(c, "unknown-license")[0]


def test_guanaco_ggml_under_the_llama_license_is_not_apache(db: Database, index: Index) -> None:
    readme = (
        "# Guanaco 7B GGML\n\nGuanaco adapter weights are available under Apache 2 license. Guanaco is based on "
        "LLaMA and therefore should be used according to the LLaMA license.\n"
    )
    c = conclude(repo({}, readme=readme, licenses=("other",)), db, index)
    assert c.license is None
    assert "LLaMA license" in findings(c, "unknown-license")[0]


def test_weights_stated_under_apache_alone_are_apache(db: Database, index: Index) -> None:
    readme = "# Guanaco 7B GGML\n\nThe model weights are available under the Apache 2 license.\n"
    assert conclude(repo({}, readme=readme, licenses=("other",)), db, index).license == "apache-2.0"


def test_a_code_license_sentence_in_a_license_file_is_not_the_models_license(db: Database, index: Index) -> None:
    notice = "The source code in this repository is licensed under Apache-2.0.\n"
    c = conclude(repo({"LICENSE": notice}, licenses=("other",)), db, index)
    assert c.license is None
    assert "only for the code" in findings(c, "unknown-license")[0]


@pytest.mark.parametrize(
    "sentence",
    [
        "This model is released under the GPL.",
        "This model is licensed under a Creative Commons license.",
    ],
)
def test_a_family_name_is_no_license(sentence: str, db: Database, index: Index) -> None:
    c = conclude(repo({}, readme=f"# Model\n\n{sentence}\n", licenses=("other",)), db, index)
    assert c.license is None and findings(c, "unknown-license")


@pytest.mark.parametrize(
    "sentence,key",
    [
        ("This model is licensed under version 2 of the GNU General Public License.", "gpl-2.0"),
        ("This model is licensed under CC BY 4.0.", "cc-by-4.0"),
    ],
)
def test_a_versioned_family_name_is_its_versioned_license(sentence: str, key: str, db: Database, index: Index) -> None:
    c = conclude(repo({}, readme=f"# Model\n\n{sentence}\n", licenses=("other",)), db, index)
    assert c.license == key


def test_a_web_page_footer_is_not_the_license_of_the_page_it_closes(db: Database, index: Index) -> None:
    page = (
        "<html><body><h1>Acme Prohibited Use Policy</h1><p>You may not use the model to harm people.</p>"
        "<footer>Content is licensed under CC BY 4.0 per Google Developers Site Policies.</footer></body></html>"
    )
    c = conclude(repo({"USE_POLICY.html": page}, licenses=("other",)), db, index)
    assert c.license != "cc-by-4.0"


# --- A repository's own LICENSE whose text licscan does not know ---------------------------------------------------

ACME_TERMS = (
    "Acme Model License\n\n1. You may use the Model for research and evaluation only. Any commercial use requires a "
    "separate written agreement with Acme.\n\n2. You may not use the Model or its outputs to train any other model.\n"
)


def test_an_unknown_license_at_the_top_of_the_repository_is_not_overruled_by_the_card(
    db: Database, index: Index
) -> None:
    c = conclude(repo({"LICENSE": ACME_TERMS}, licenses=("apache-2.0",)), db, index)
    assert c.license is None
    (message,) = findings(c, "unknown-license")
    assert "LICENSE licenses the model" in message and "research and evaluation only" in message
    assert "apache-2.0 does not stand in" in message


def test_an_unknown_license_of_a_bundled_component_in_a_sub_folder_leaves_the_card_to_decide(
    db: Database, index: Index
) -> None:
    c = conclude(repo({"tokenizer/LICENSE": ACME_TERMS}, licenses=("apache-2.0",)), db, index)
    assert c.license == "apache-2.0"


# --- A bundle: every license the files that speak for the weights hold whole binds ---------------------------------


def _bound(c: Conclusion, db: Database) -> dict[str, str]:
    return {b.key: b.via for b in own_binding(c, db).bound}


def test_a_research_only_license_after_apache_in_one_license_file_binds_too(db: Database, index: Index) -> None:
    """The larger text is not the only license: Apple's research-only terms, appended, bind as well."""
    c = conclude(repo({"LICENSE": text("apache-2.0.txt") + "\n\n" + text("apple-amlr.txt")}), db, index)
    assert c.license == "apache-2.0"
    assert _bound(c, db) == {"apache-2.0": "own license", "apple-amlr": "also in LICENSE"}
    assert "LICENSE also holds apple-amlr" in c.concluded_by


def test_the_same_bundle_in_the_other_order_binds_the_same_two(db: Database, index: Index) -> None:
    c = conclude(repo({"LICENSE": text("apple-amlr.txt") + "\n\n" + text("apache-2.0.txt")}), db, index)
    assert set(_bound(c, db)) == {"apache-2.0", "apple-amlr"}


def test_two_top_level_license_files_each_bind(db: Database, index: Index) -> None:
    c = conclude(repo({"LICENSE": text("apache-2.0.txt"), "LICENSE.txt": text("cc-by-nc-4.0.txt")}), db, index)
    assert set(_bound(c, db)) == {"apache-2.0", "cc-by-nc-4.0"}


def test_an_unknown_license_beside_a_known_one_at_the_top_leaves_the_model_unknown(db: Database, index: Index) -> None:
    """The known text does not overrule the one licscan cannot read: the unknown terms govern too."""
    c = conclude(repo({"LICENSE": text("apache-2.0.txt"), "LICENSE.md": ACME_TERMS}), db, index)
    assert c.license is None
    (message,) = findings(c, "unknown-license")
    assert "LICENSE.md licenses the model" in message and "research and evaluation only" in message


def test_a_changed_license_beside_a_known_one_at_the_top_lends_neither_its_terms(db: Database, index: Index) -> None:
    changed = text("mit.txt").replace("without restriction", "without restriction, for non-commercial use only")
    c = conclude(repo({"LICENSE": text("apache-2.0.txt"), "LICENSE.md": changed}), db, index)
    assert c.license is None
    assert findings(c, "modified-license")


def test_a_component_license_in_a_sub_folder_binds_beside_the_license_it_does_not_decide(
    db: Database, index: Index
) -> None:
    """Whichever order the files are listed in, the repository's own top-level LICENSE decides the license; the
    tokenizer's non-commercial terms still bind whoever uses the tokenizer."""
    files = {"tokenizer/LICENSE": text("cc-by-nc-4.0.txt"), "LICENSE": text("apache-2.0.txt")}
    c = conclude(repo(files), db, index)
    assert c.license == "apache-2.0"
    assert _bound(c, db) == {"apache-2.0": "own license", "cc-by-nc-4.0": "also in tokenizer/LICENSE"}


def test_a_component_license_binds_beside_the_license_the_card_declares(db: Database, index: Index) -> None:
    c = conclude(repo({"tokenizer/LICENSE": text("cc-by-nc-4.0.txt")}, licenses=("apache-2.0",)), db, index)
    assert c.license == "apache-2.0" and "cc-by-nc-4.0" in _bound(c, db)


def test_a_permissive_component_license_does_not_replace_the_restrictive_license_the_card_declares(
    db: Database, index: Index
) -> None:
    c = conclude(repo({"tokenizer/LICENSE": text("mit.txt")}, licenses=("llama3.1",)), db, index)
    assert c.license == "llama3.1"
    assert set(_bound(c, db)) == {"llama3.1", "mit"}


def test_a_license_file_in_a_folder_still_decides_when_the_card_declares_nothing(db: Database, index: Index) -> None:
    c = conclude(repo({"original/LICENSE": text("llama-3.1.txt")}), db, index)
    assert c.license == "llama3.1"


def test_a_code_license_file_binds_nothing_for_the_model(db: Database, index: Index) -> None:
    files = {"LICENSE-CODE": text("cc-by-nc-4.0.txt"), "LICENSE-MODEL": text("apache-2.0.txt")}
    c = conclude(repo(files), db, index)
    assert _bound(c, db) == {"apache-2.0": "own license"}


def test_a_license_for_the_weights_decides_and_a_plain_license_beside_it_binds_too(db: Database, index: Index) -> None:
    """ChatGLM's layout: MODEL_LICENSE for the weights, LICENSE (Apache) most likely for the code, which the name
    does not say: Apache's duties are added, never its grants."""
    c = conclude(repo({"LICENSE": text("apache-2.0.txt"), "LICENSE-MODEL": text("deepseek.txt")}), db, index)
    assert c.license == "deepseek"
    assert _bound(c, db) == {"deepseek": "own license", "apache-2.0": "also in LICENSE"}


def test_a_card_that_carries_two_license_texts_binds_both(db: Database, index: Index) -> None:
    card = "# Model\n\n## License\n\n" + text("mit.txt") + "\n\n" + text("apple-amlr.txt")
    c = conclude(repo({}, readme=card), db, index)
    assert _bound(c, db) == {"apple-amlr": "own license", "mit": "also in README.md"}


def test_a_commercial_check_of_an_apache_plus_research_only_bundle_fails_on_the_appended_terms(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    model = local_model(tmp_path, "apache-2.0", text("apache-2.0.txt") + "\n\n" + text("apple-amlr.txt"))
    policy = write_policy(tmp_path / "policy.yaml", "error")
    with pytest.raises(SystemExit) as done:
        main(["scan", "--format", "json", "--policy", str(policy), str(model)])
    (m,) = json.loads(capsys.readouterr().out)["models"]
    assert (m["license"], m["verdict"], done.value.code) == ("apache-2.0", "fail", 1)
    assert "apple-amlr" in m["applied_licenses"]
    failing = {f["id"] for f in m["findings"] if f["severity"] == "error" and f["license"] == "apple-amlr"}
    assert {"non-commercial", "research-only"} <= failing


# --- Terms beside the license: a file that states a license for the weights, or restricts them -------------------


def test_a_top_level_license_md_stating_another_license_for_the_weights_binds_it_too(
    db: Database, index: Index
) -> None:
    files = {"LICENSE": text("apache-2.0.txt"), "LICENSE.md": "The model weights are released under CC BY-NC 4.0.\n"}
    c = conclude(repo(files), db, index)
    assert _bound(c, db) == {"apache-2.0": "own license", "cc-by-nc-4.0": "also in LICENSE.md"}


@pytest.mark.parametrize("path", ["MODEL_CARD_LICENSE.txt", "original/LICENSE", "NOTICE"])
def test_a_license_stated_for_the_weights_in_any_license_file_binds(path: str, db: Database, index: Index) -> None:
    c = conclude(repo({"LICENSE": text("apache-2.0.txt"), path: "Weights: CC BY-NC 4.0\n"}), db, index)
    assert "cc-by-nc-4.0" in _bound(c, db)


def test_a_license_the_weights_are_said_to_be_under_that_licscan_lacks_leaves_them_unknown(
    db: Database, index: Index
) -> None:
    files = {"LICENSE": text("apache-2.0.txt"), "LICENSE.md": "The model weights are released under the Acme Research "
             "License.\n"}  # fmt: skip
    c = conclude(repo(files), db, index)
    assert c.license is None
    assert "Acme Research License" in findings(c, "unknown-license")[0]


def test_a_license_stated_for_the_code_beside_the_license_binds_nothing_more(db: Database, index: Index) -> None:
    files = {"LICENSE": text("apache-2.0.txt"), "LICENSE.md": "The source code is licensed under the MIT License.\n"}
    c = conclude(repo(files), db, index)
    assert _bound(c, db) == {"apache-2.0": "own license"}


@pytest.mark.parametrize(
    "path,body,said",
    [
        ("NOTICE", "Acme Model\nCopyright 2025 Acme.\n\nThe model weights are licensed for non-commercial research "
         "use only.\n", "non-commercial research use only"),
        ("USE_POLICY.md", "Acme Acceptable Use Policy\n\nYou may not use the model for any commercial purpose or to "
         "train other models.\n", "to train other models"),
        ("tokenizer/LICENSE", ACME_TERMS, "research and evaluation only"),
    ],
    ids=["NOTICE", "unknown use policy", "component LICENSE"],
)  # fmt: skip
def test_a_restriction_in_a_file_licscan_cannot_read_is_quoted_beside_the_license(
    path: str, body: str, said: str, db: Database, index: Index
) -> None:
    c = conclude(repo({"LICENSE": text("apache-2.0.txt"), path: body}), db, index)
    assert c.license == "apache-2.0"
    (message,) = findings(c, "unknown-license")
    assert message.startswith(f"{path} sets terms for the model that licscan cannot read") and said in message


@pytest.mark.parametrize(
    "path,body",
    [
        ("NOTICE", "Acme Model\nCopyright 2025 Acme Inc.\nThis product includes software developed by Acme.\n"),
        ("NOTICE", "Licensed under the Apache License, Version 2.0.\n"),
        ("LICENSE-CODE", "The code in this repository may be used for research purposes only.\n"),
    ],
    ids=["attribution NOTICE", "NOTICE naming the license", "a code license's restriction"],
)
def test_a_file_that_restricts_nothing_about_the_model_adds_no_finding(
    path: str, body: str, db: Database, index: Index
) -> None:
    c = conclude(repo({"LICENSE": text("apache-2.0.txt"), path: body}), db, index)
    assert (c.license, findings(c, "unknown-license")) == ("apache-2.0", [])


def test_a_license_stated_for_the_weights_with_a_restriction_of_its_own_quotes_the_restriction(
    db: Database, index: Index
) -> None:
    body = "The model weights are released under the Apache License 2.0, for non-commercial research use only.\n"
    c = conclude(repo({"LICENSE": text("apache-2.0.txt"), "LICENSE.md": body}), db, index)
    (message,) = findings(c, "unknown-license")
    assert "non-commercial research use only" in message


def test_a_notice_naming_a_license_licscan_lacks_for_the_weights_is_quoted(db: Database, index: Index) -> None:
    body = "The model weights are made available under the Acme Research License.\n"
    c = conclude(repo({"LICENSE": text("apache-2.0.txt"), "NOTICE": body}), db, index)
    (message,) = findings(c, "unknown-license")
    assert "NOTICE sets terms" in message and "Acme Research License" in message


def test_a_license_bound_for_two_reasons_binds_once(db: Database, index: Index) -> None:
    bundle = text("apache-2.0.txt") + "\n\n" + text("apple-amlr.txt")
    files = {"LICENSE": bundle, "LICENSE.txt": text("apple-amlr.txt")}
    c = conclude(repo(files, licenses=("apache-2.0", "apple-amlr")), db, index)
    keys = [b.key for b in own_binding(c, db).bound]
    assert sorted(keys) == ["apache-2.0", "apple-amlr"]


def test_a_card_naming_a_license_licscan_lacks_beside_a_known_one_fails_closed(db: Database, index: Index) -> None:
    """`license: apache-2.0` with `license_name: acme-research-only`: Apache's terms apply, and the other
    license's may restrict them; the unknown one is an unknown-license finding, not a passing mismatch."""
    c = conclude(repo({}, licenses=("apache-2.0",), license_name="acme-research-only"), db, index)
    assert c.license == "apache-2.0"
    (message,) = findings(c, "unknown-license")
    assert "'acme-research-only'" in message and findings(c, "license-mismatch") == []


# --- A card that states a license and restricts it in the same place -----------------------------------------------


@pytest.mark.parametrize(
    "card,said",
    [
        ("## License\n\nApache 2.0. This model is intended for research purposes only.\n", "research purposes only"),
        ("## License\n\nMIT. You may not use the outputs to train other models.\n", "to train other models"),
        ("This model is released under the Apache 2.0 license, for non-commercial use only.\n",
         "non-commercial use only"),
    ],
    ids=["research only", "no training on outputs", "in the stating sentence"],
)  # fmt: skip
def test_a_license_the_card_states_and_restricts_in_its_license_section_lends_none_of_its_terms(
    card: str, said: str, db: Database, index: Index
) -> None:
    c = conclude(repo({}, readme="# Model\n\n" + card), db, index)
    assert c.license is None
    (message,) = findings(c, "modified-license")
    assert said in message and "restricts it further" in message


@pytest.mark.parametrize(
    "card,key",
    [
        ("## License\n\nCC BY-NC 4.0: for non-commercial use only.\n", "cc-by-nc-4.0"),
        ("## License\n\nLlama 3 Community License. You may not use the outputs to train other models.\n", "llama3"),
        ("This model is released under the Apache 2.0 license.\n\n## Intended use\n\nFor research purposes only.\n",
         "apache-2.0"),
    ],
    ids=["a restriction the license makes itself", "a ban the license states", "an intended-use section"],
)  # fmt: skip
def test_a_restriction_the_license_already_makes_or_outside_the_license_section_changes_nothing(
    card: str, key: str, db: Database, index: Index
) -> None:
    c = conclude(repo({}, readme="# Model\n\n" + card), db, index)
    assert (c.license, findings(c, "modified-license")) == (key, [])


@pytest.mark.parametrize("path", ["LICENSE.md", "NOTICE"])
def test_a_license_file_stating_another_license_for_the_weights_binds_beside_the_cards(
    path: str, db: Database, index: Index
) -> None:
    """No license text decides: the card's apache-2.0 does, and CC BY-NC 4.0, stated for the weights, binds too."""
    files = {path: "The model weights are released under CC BY-NC 4.0.\n"}
    c = conclude(repo(files, licenses=("apache-2.0",)), db, index)
    assert c.license == "apache-2.0"
    assert _bound(c, db)["cc-by-nc-4.0"] == f"stated in {path}"


def test_a_notice_stating_a_changed_license_for_the_weights_is_quoted(db: Database, index: Index) -> None:
    c = conclude(
        repo({"NOTICE": "The weights are under a modified Apache 2.0 license.\n"}, licenses=("apache-2.0",)), db, index
    )
    (message,) = findings(c, "unknown-license")
    assert "modified Apache 2.0 license" in message
