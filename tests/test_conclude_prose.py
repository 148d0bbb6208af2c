"""Concluding a license from a card's prose, as a lawyer would: `license: other` is a signal, not a blank.

The READMEs are the real 2024 card sentences of issue 11 (cards with `license: other` and no `license_name`),
and cards written here. A license in the prose binds the model only where a sentence states it for the model
weights; anything else fails closed, and the finding quotes what the card says.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path

import pytest

from licscan.classify.index import Index
from licscan.cli.main import main
from licscan.conclude import Conclusion, conclude, link_target
from licscan.database import Database
from licscan.sources.interface import CardMetadata, DocumentFile, ModelDocuments

ROOT = Path(__file__).resolve().parents[1]


def document(path: str, text: str) -> DocumentFile:
    data = text.encode("utf-8")
    return DocumentFile(path, hashlib.sha256(data).hexdigest(), len(data), text)


def card_docs(
    readme: str,
    licenses: tuple[str, ...] = ("other",),
    license_name: str | None = None,
    files: tuple[DocumentFile, ...] = (),
) -> ModelDocuments:
    front = "---\n" + "".join(f"license: {x}\n" for x in licenses) + "---\n"
    return ModelDocuments(
        id="someorg/model",
        source="hub",
        revision="0" * 40,
        url="https://huggingface.co/someorg/model",
        card=CardMetadata(licenses=licenses, license_name=license_name),
        files=files,
        readme=document("README.md", front + readme),
        repo_files=("README.md", *(f.path for f in files)),
    )


def run(db: Database, index: Index, readme: str, **kwargs: object) -> Conclusion:
    return conclude(card_docs(readme, **kwargs), db, index)  # type: ignore[arg-type]


def finding(c: Conclusion, id: str) -> str:
    return next(f.message for f in c.findings if f.id == id)


def test_code_under_apache_while_the_weights_are_for_research_is_no_apache_for_the_weights(
    db: Database, index: Index
) -> None:
    # InternLM: the only license the card names is the code's.
    c = run(
        db,
        index,
        "# InternLM\n\nThe code is licensed under Apache-2.0, while model weights are fully open for academic "
        "research and also allow free commercial usage. To apply for a commercial license, please fill in the form.",
    )
    assert c.license is None
    message = finding(c, "unknown-license")
    assert "code" in message and "not for the model weights" in message
    assert "The code is licensed under Apache-2.0" in message


def test_apache_and_an_unknown_community_license_conclude_neither(db: Database, index: Index) -> None:
    # Baichuan 2: dropping the community license (commercial use needs an application) would be a false pass.
    c = run(
        db,
        index,
        "## License\n\nThe use of Baichuan 2 requires adherence to Apache 2.0 and Community License for "
        "Baichuan2 Model.",
    )
    assert c.license is None and c.also_declared == ()
    message = finding(c, "unknown-license")
    assert "Community License for Baichuan2 Model" in message and "apache-2.0" in message


def test_a_modified_creativeml_license_is_modified_evidence_and_lends_no_terms(db: Database, index: Index) -> None:
    c = run(db, index, "# Model\n\nThis model is licensed under a modified CreativeML OpenRAIL-M license.")
    # The changed text governs and is not in the repository: CreativeML's terms are not lent to the model.
    assert c.license is None
    assert "modified CreativeML OpenRAIL-M" in finding(c, "modified-license")


@pytest.mark.parametrize(
    "sentence,said",
    [
        ("distributed under the terms of the Apache 2.0 license with additional restrictions", "additional"),
        ("licensed under Apache 2.0 with the Commons Clause", "Commons Clause"),
        ("licensed under the MIT License, except for commercial use, which requires a separate license", "except"),
    ],
    ids=["with additional restrictions", "with the Commons Clause", "except for commercial use"],
)
def test_words_after_a_license_name_that_narrow_it_state_a_changed_license(
    sentence: str, said: str, db: Database, index: Index
) -> None:
    c = run(db, index, f"# Model\n\nThis model is {sentence}.")
    assert c.license is None
    assert said in finding(c, "modified-license")


@pytest.mark.parametrize(
    "sentence,key",
    [("licensed under the Apache 2.0 license", "apache-2.0"), ("License: GPL-2.0-only", "gpl-2.0")],
    ids=["plain", "an SPDX -only id"],
)
def test_a_license_name_with_nothing_narrowing_it_is_that_license(
    sentence: str, key: str, db: Database, index: Index
) -> None:
    assert run(db, index, f"# Model\n\n{sentence}\n").license == key


def test_a_more_restrictive_variant_of_a_known_license_is_unknown(db: Database, index: Index) -> None:
    # Mitsua: the card names its own license; the one it varies is not its license.
    c = run(
        db,
        index,
        "## License\n\nMitsua Open RAIL-M License (More restrictive variant of CreativeML Open RAIL-M)",
        licenses=("other",),
    )
    assert c.license is None
    assert "Mitsua Open RAIL-M License" in finding(c, "unknown-license")


def test_weights_for_research_under_the_llama_license_without_a_version_is_unknown(db: Database, index: Index) -> None:
    c = run(
        db,
        index,
        "The model weights are intended for academic research only, subject to the model License of LLaMA.\n\n"
        "Our code is released under the Apache 2.0 license.",
    )
    assert c.license is None
    assert "License of LLaMA" in finding(c, "unknown-license")


@pytest.mark.parametrize(
    "readme,key",
    [
        (
            "Use of this model is governed by the Acceptable Use Policy and Licensing Agreement for Llama 2.",
            "llama2",
        ),
        (
            "- **License**: [StabilityAI Non-Commercial Research Community License]"
            "(https://huggingface.co/stabilityai/sv3d/blob/main/LICENSE)",
            "stability-ai-nc-research-community",
        ),
        ("# License https://freedevproject.org/faipl-1.0-sd/", "faipl-1.0-sd"),
        ("## License\n\nThis model is released under the MIT License.", "mit"),
    ],
)
def test_a_license_stated_for_the_model_is_concluded(readme: str, key: str, db: Database, index: Index) -> None:
    c = run(db, index, f"# A model\n\nSome words.\n\n{readme}\n")
    assert c.license == key, c.concluded_by
    assert "README.md states" in c.concluded_by


def test_every_license_stated_for_the_weights_binds(db: Database, index: Index) -> None:
    c = run(db, index, "This repository is dual-licensed under the MIT License and Apache 2.0.")
    assert (c.license, c.also_declared) == ("mit", ("apache-2.0",))


def test_code_data_and_weights_each_get_their_own_license(db: Database, index: Index) -> None:
    c = run(
        db,
        index,
        "The code is released under the MIT License. The training data is released under ODC-By. "
        "The model weights are licensed under CC BY-NC 4.0.",
    )
    assert (c.license, c.also_declared) == ("cc-by-nc-4.0", ())


def test_other_with_nothing_stated_is_unknown_and_quotes_the_card(db: Database, index: Index) -> None:
    c = run(db, index, "# Model\n\nFor licensing questions contact legal@example.com about this model.")
    assert c.license is None
    assert "contact legal@example.com" in finding(c, "unknown-license")


def test_a_bare_mention_concludes_nothing(db: Database, index: Index) -> None:
    c = run(db, index, "# Model\n\nWe compare against Llama 3.1 8B; the FSF address for GPL license was updated.")
    assert c.license is None


def test_an_unknown_license_name_on_the_card_is_not_replaced_by_the_prose(db: Database, index: Index) -> None:
    c = run(db, index, "This model is released under Apache 2.0.", license_name="acme-bespoke-model-license")
    assert c.license is None
    assert "acme-bespoke-model-license" in finding(c, "unknown-license")


def test_a_known_license_name_without_a_text_is_not_replaced_by_the_prose(db: Database, index: Index) -> None:
    # Baichuan 2's community license is in the database without a text: the prose's Apache 2.0 does not replace it
    # (the lineage conclusion then reports that its terms cannot be checked).
    c = run(db, index, "This model is released under Apache 2.0.", license_name="baichuan2-community-license")
    assert c.license == "baichuan2-community"


def test_a_license_file_still_wins_over_the_prose(db: Database, index: Index) -> None:
    mit = (ROOT / "licenses" / "texts" / "mit.txt").read_text(encoding="utf-8")
    c = run(db, index, "The code is licensed under Apache-2.0.", files=(document("LICENSE", mit),))
    assert (c.license, c.from_files) == ("mit", True)


def test_a_scan_of_the_internlm_card_fails_closed_under_a_policy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    model = tmp_path / "internlm-like"
    model.mkdir()
    (model / "README.md").write_text(
        "---\nlicense: other\n---\n# InternLM\n\nThe code is licensed under Apache-2.0, while model weights are "
        "fully open for academic research and also allow free commercial usage.\n",
        encoding="utf-8",
    )
    policy = ROOT / "policies" / "commercial-saas.yaml"
    with pytest.raises(SystemExit) as done:
        main(["scan", "--format", "json", "--policy", str(policy), str(model)])
    out = json.loads(capsys.readouterr().out)
    (m,) = out["models"]
    assert m["license"] is None and m["verdict"] == "fail"
    (unknown,) = [f for f in m["findings"] if f["id"] == "unknown-license"]
    assert unknown["severity"] == "error" and "Apache-2.0" in unknown["message"]
    assert done.value.code == 1


def test_a_card_that_carries_the_whole_license_text_is_that_license(db: Database, index: Index) -> None:
    llama = (ROOT / "licenses" / "texts" / "llama-3.1.txt").read_text(encoding="utf-8")
    c = run(db, index, f"# Acme-8B\n\nA fine-tune.\n\n## License\n\n{llama}\n")
    assert c.license == "llama3.1" and "holds the llama3.1 text" in c.concluded_by


def test_a_fragment_of_a_license_in_the_card_states_nothing_for_the_weights(db: Database, index: Index) -> None:
    gemma = (ROOT / "licenses" / "texts" / "gemma-2025-03-24.txt").read_text(encoding="utf-8")
    fragment = gemma[len(gemma) // 3 : len(gemma) // 2]
    c = run(db, index, f"# Notes\n\n{fragment}\n")
    assert c.license is None
    assert "README.md quotes part of gemma" in finding(c, "unknown-license")


def test_a_scan_applies_every_license_the_card_states_for_the_weights(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    model = tmp_path / "dual"
    model.mkdir()
    (model / "README.md").write_text(
        "---\nlicense: other\n---\n# Dual\n\n## License\n\nThe model weights are released under the MIT License "
        "and CC BY-NC 4.0; the training code is under Apache 2.0.\n",
        encoding="utf-8",
    )
    with pytest.raises(SystemExit):
        main(["scan", "--format", "json", str(model)])
    (m,) = json.loads(capsys.readouterr().out)["models"]
    assert m["license"] == "mit"
    assert set(m["applied_licenses"]) == {"mit", "cc-by-nc-4.0"}
    assert "apache-2.0" not in m["applied_licenses"]


def test_a_license_link_to_another_repository_is_not_this_repositorys_file(db: Database, index: Index) -> None:
    # A fine-tune's card links its base's NOTICE: the link names that repository's file, not this one's.
    apache = (ROOT / "licenses" / "texts" / "apache-2.0.txt").read_text(encoding="utf-8")
    mit = (ROOT / "licenses" / "texts" / "mit.txt").read_text(encoding="utf-8")
    docs = card_docs("", files=(document("NOTICE", apache), document("LICENSE", mit)))
    for link, target, key in [
        ("https://huggingface.co/meta-llama/Llama-3.1-8B/blob/main/NOTICE", None, "mit"),
        ("https://huggingface.co/someorg/model/blob/main/NOTICE", "NOTICE", "apache-2.0"),
        ("NOTICE", "NOTICE", "apache-2.0"),
    ]:
        linked = dataclasses.replace(docs, card=CardMetadata(licenses=("other",), license_link=link))
        assert link_target(linked.card, linked) == target, link
        assert conclude(linked, db, index).license == key, link
