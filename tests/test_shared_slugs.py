"""One `license_name` for several licenses: the slug alone decides nothing; the file's text or the license_link does.

`modified-mit` is the slug of Moonshot's Kimi K2 text and of two MiniMax texts with other thresholds;
`tencent-hunyuan-community` names the Tencent community texts and the Hunyuan3D 2.0 card; `exaone` sits on cards
whose files are the 1.1-NC or the 1.2-NC text. Cards and license files are made here; the license texts are the
reference texts in licenses/texts.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path

import pytest

from licscan.classify.index import Index
from licscan.cli.main import main
from licscan.conclude import Conclusion, card_declared, conclude, conclude_with_lineage, header_keys, judge_headers
from licscan.database import Database
from licscan.database.names import declared
from licscan.sources.interface import CardMetadata, DocumentFile, GGUFHeader, ModelDocuments

TEXTS = Path(__file__).resolve().parents[1] / "licenses" / "texts"
H3D_LINK = "https://huggingface.co/tencent/Hunyuan3D-2/blob/main/LICENSE"


def document(path: str, text: str) -> DocumentFile:
    data = text.encode("utf-8")
    return DocumentFile(path, hashlib.sha256(data).hexdigest(), len(data), text)


def docs(
    license_name: str | None,
    link: str | None = None,
    files: tuple[DocumentFile, ...] = (),
    repo: str = "someorg/model",
) -> ModelDocuments:
    card = CardMetadata(licenses=("other",), license_name=license_name, license_link=link)
    return ModelDocuments(
        id=repo,
        source="hub",
        revision="0" * 40,
        url=f"https://huggingface.co/{repo}",
        card=card,
        files=files,
        readme=None,
        repo_files=tuple(f.path for f in files),
    )


def reference(name: str) -> str:
    return (TEXTS / name).read_text(encoding="utf-8")


def ids(c: Conclusion) -> list[str]:
    return [f.id for f in c.findings]


def bound(c: Conclusion, db: Database) -> set[str]:
    return {b.key for b in conclude_with_lineage("someorg/model", c, [], db).bound}


def test_modified_mit_alone_binds_every_modified_mit_and_says_they_differ(db: Database, index: Index) -> None:
    c = conclude(docs("modified-mit"), db, index)
    everyone = {"moonshot-modified-mit", "minimax-m2-modified-mit", "minimax-mit-variant-2025"}
    assert c.license in everyone and {c.license, *c.possible} == everyone
    assert bound(c, db) == everyone
    (shared,) = [f for f in c.findings if f.id == "license-mismatch"]
    assert "“modified-mit”" in shared.message and all(k in shared.message for k in everyone)


@pytest.mark.parametrize(
    "text,key",
    [
        ("minimax-m2-modified-mit.txt", "minimax-m2-modified-mit"),
        ("moonshot-modified-mit.txt", "moonshot-modified-mit"),
        ("minimax-m2.5-code-mit-variant.txt", "minimax-mit-variant-2025"),
    ],
)
def test_a_modified_mit_license_file_decides_which_and_is_no_mismatch(
    text: str, key: str, db: Database, index: Index
) -> None:
    c = conclude(docs("modified-mit", files=(document("LICENSE", reference(text)),)), db, index)
    assert c.license == key and c.from_files
    assert "license-mismatch" not in ids(c)
    assert bound(c, db) == {key}


def test_a_modified_mit_card_over_a_plain_mit_file_is_a_mismatch(db: Database, index: Index) -> None:
    # Plain MIT is none of the texts the slug names: the card says more than the file grants.
    c = conclude(docs("modified-mit", files=(document("LICENSE", reference("mit.txt")),)), db, index)
    assert c.license == "mit" and "license-mismatch" in ids(c)


def test_hunyuan3d_card_with_its_license_link_is_the_hunyuan3d_text_alone(db: Database, index: Index) -> None:
    c = conclude(docs("tencent-hunyuan-community", H3D_LINK, repo="tencent/Hunyuan3D-2"), db, index)
    assert c.license == "tencent-hunyuan-3d-2.0" and c.possible == ()
    assert "license-mismatch" not in ids(c)
    assert "license_link names the tencent-hunyuan-3d-2.0 text" in c.concluded_by


def test_a_relative_license_link_in_the_hunyuan3d_repository_names_the_same_text(db: Database) -> None:
    card = CardMetadata(licenses=("other",), license_name="tencent-hunyuan-community", license_link="LICENSE")
    assert card_declared(card, db, "tencent/Hunyuan3D-2").keys == ["tencent-hunyuan-3d-2.0"]
    # The same relative link in another repository names no known text: both stay.
    assert set(card_declared(card, db, "someorg/model").keys) == {"tencent-hunyuan-community", "tencent-hunyuan-3d-2.0"}


def test_a_link_to_one_version_of_a_shared_entry_names_that_version(db: Database) -> None:
    link = "https://github.com/Tencent-Hunyuan/HunyuanVideo-1.5/blob/main/LICENSE"
    found = declared(db, ["tencent-hunyuan-community"], link)
    assert found.keys == ["tencent-hunyuan-community"] and found.version == "video-1.5-2025-11-21"


def test_tencent_hunyuan_community_without_a_link_binds_both_caps(db: Database, index: Index) -> None:
    c = conclude(docs("tencent-hunyuan-community"), db, index)
    assert bound(c, db) == {"tencent-hunyuan-community", "tencent-hunyuan-3d-2.0"}
    assert "license-mismatch" in ids(c)
    caps = {k: db.entries[k].terms.mau_cap.limit for k in bound(c, db)}  # type: ignore[union-attr]
    assert min(caps.values()) == 1_000_000


def test_a_link_to_an_unknown_page_leaves_every_candidate(db: Database, index: Index) -> None:
    c = conclude(docs("tencent-hunyuan-community", "https://example.com/terms"), db, index)
    assert bound(c, db) == {"tencent-hunyuan-community", "tencent-hunyuan-3d-2.0"}
    (shared,) = [f for f in c.findings if f.id == "license-mismatch"]
    assert "https://example.com/terms" in shared.message


def test_exaone_card_over_the_1_2_nc_file_is_no_mismatch(db: Database, index: Index) -> None:
    c = conclude(docs("exaone", files=(document("LICENSE", reference("exaone-1.2-nc.txt")),)), db, index)
    assert c.license == "exaone-1.2-nc" and "license-mismatch" not in ids(c)


def test_exaone_card_alone_binds_1_1_and_1_2_nc(db: Database, index: Index) -> None:
    c = conclude(docs("exaone"), db, index)
    assert bound(c, db) == {"exaone-1.1-nc", "exaone-1.2-nc"}
    assert "license-mismatch" in ids(c)


def test_exaone_card_over_the_k_exaone_file_is_a_mismatch(db: Database, index: Index) -> None:
    # K-EXAONE is another license (commercial use with conditions): not one the `exaone` slug names.
    c = conclude(docs("exaone", files=(document("LICENSE", reference("k-exaone.txt")),)), db, index)
    assert c.license == "k-exaone" and "license-mismatch" in ids(c)


MODIFIED_MIT = {"moonshot-modified-mit", "minimax-m2-modified-mit", "minimax-mit-variant-2025"}
TENCENT = {"tencent-hunyuan-community", "tencent-hunyuan-3d-2.0"}


def with_header(d: ModelDocuments, name: str) -> ModelDocuments:
    header = GGUFHeader(path="model.gguf", license="other", license_name=name, license_link=None, name=None)
    return dataclasses.replace(d, gguf=(header,))


def test_a_gguf_header_with_a_shared_slug_agrees_with_a_file_that_is_one_of_them(db: Database, index: Index) -> None:
    d = with_header(docs(None, files=(document("LICENSE", reference("moonshot-modified-mit.txt")),)), "modified-mit")
    assert set(header_keys(d.gguf[0], db)) == MODIFIED_MIT
    c = conclude(d, db, index)
    judged = judge_headers(d, c, c.license, db, index)
    assert judged.findings == [] and judged.binds == []


def test_a_gguf_header_with_a_shared_slug_over_another_license_binds_every_candidate(
    db: Database, index: Index
) -> None:
    d = with_header(docs(None, files=(document("LICENSE", reference("mit.txt")),)), "modified-mit")
    c = conclude(d, db, index)
    judged = judge_headers(d, c, c.license, db, index)
    assert [f.id for f in judged.findings] == ["license-mismatch"]
    assert {k for k, _ in judged.binds} == MODIFIED_MIT


@pytest.mark.parametrize(
    "slug,key",
    [
        ("falcon-llm-license", "falcon-llm-license"),
        ("mnpl", "mnpl-0.1"),
        ("glm-4", "glm-4"),
        ("ai2-impact-license-low-risk", "ai2-impact-license-low-risk"),
    ],
)
def test_a_card_naming_a_wanted_and_not_found_license_is_unknown_with_the_name_quoted(
    slug: str, key: str, db: Database, index: Index
) -> None:
    c = conclude(docs(slug), db, index)
    binding = conclude_with_lineage("someorg/model", c, [], db)
    (unknown,) = [f for f in binding.findings if f.id == "unknown-license"]
    assert f"“{slug}”" in unknown.message and "no reference text" in unknown.message
    assert unknown.license == key


def test_licenses_list_shows_known_names_without_a_text(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["licenses", "list"])
    lines = {line.split()[0]: line for line in capsys.readouterr().out.splitlines()}
    for key in ["falcon-llm-license", "mnpl-0.1", "jamba-open-model-license", "glm-4", "baichuan2-community"]:
        assert "no reference text" in lines[key], key
    for key in ["kimi-k3", "minimax-model-license", "openrail", "other"]:
        assert "no reference text" not in lines[key], key


def test_showing_a_shared_slug_names_its_licenses(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["licenses", "show", "modified-mit"])
    assert done.value.code == 2
    assert "moonshot-modified-mit" in capsys.readouterr().err


def test_a_5m_user_organisation_fails_on_a_card_only_hunyuan3d(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 17 §1.5: the card names the community slug and links the Hunyuan3D-2 LICENSE (1 million users)."""
    model = tmp_path / "hunyuan3d"
    model.mkdir()
    (model / "README.md").write_text(
        f"---\nlicense: other\nlicense_name: tencent-hunyuan-community\nlicense_link: {H3D_LINK}\n---\n# Hunyuan3D\n",
        encoding="utf-8",
    )
    policy = tmp_path / "policy.yaml"
    policy.write_text(
        "name: five million users\norganisation:\n  monthly_active_users: 5000000\n  regions: [US]\n"
        "intended_use:\n  commercial: true\n  deployment_regions: [US]\n",
        encoding="utf-8",
    )
    with pytest.raises(SystemExit) as done:
        main(["scan", "--format", "json", "--policy", str(policy), str(model)])
    (m,) = json.loads(capsys.readouterr().out)["models"]
    assert m["license"] == "tencent-hunyuan-3d-2.0" and m["verdict"] == "fail"
    (cap,) = [f for f in m["findings"] if f["id"] == "mau-cap"]
    assert cap["severity"] == "error" and cap["clause"]["section"] == "4" and "1,000,000" in cap["message"]
    assert done.value.code == 1


@pytest.mark.parametrize(
    "sentence,keys",
    [
        ("The model weights are released under the modified-mit license.", MODIFIED_MIT),
        ("The model weights are licensed under tencent-hunyuan-community.", TENCENT),
        # The full name is one license's own: nothing else is meant.
        ("The model weights are licensed under the Tencent Hunyuan Community License.", {"tencent-hunyuan-community"}),
    ],
)
def test_a_shared_slug_stated_in_the_card_prose_binds_every_license_it_may_mean(
    sentence: str, keys: set[str], db: Database, index: Index
) -> None:
    d = dataclasses.replace(
        docs(None), readme=document("README.md", f"---\nlicense: other\n---\n# Model\n\n{sentence}\n")
    )
    c = conclude(d, db, index)
    assert bound(c, db) == keys
    assert ("license-mismatch" in ids(c)) == (len(keys) > 1)
