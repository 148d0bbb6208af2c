"""Card front matter and metadata in the forms real Hub cards use, and which repo files carry license terms."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from licscan.sources.card import card_metadata, declared_licenses, split_front_matter
from licscan.sources.files import default_readme_wanted, is_license_name, is_weight_file, license_files, linked_file
from licscan.sources.interface import CardMetadata, DocumentFile

# --- split_front_matter


def test_front_matter_and_body() -> None:
    data, body, problems = split_front_matter("---\nlicense: mit\ntags: [a]\n---\n\n# Title\n")
    assert data == {"license": "mit", "tags": ["a"]}
    assert body == "\n# Title\n"
    assert problems == ()


@pytest.mark.parametrize(
    "raw",
    [
        "\ufeff---\nlicense: mit\n---\nbody\n",
        "---\r\nlicense: mit\r\n---\r\nbody\r\n",
        "---\r\r\nlicense: mit\r\r\n---\r\r\nbody\r\r\n",
        "---\rlicense: mit\r---\rbody\r",
        "\ufeff---\r\r\n# a comment\r\r\nlicense: mit # trailing comment\r\r\n---  \r\r\nbody\r\r\n",
    ],
    ids=["bom", "crlf", "cr-cr-lf", "cr", "bom-crcrlf-comments"],
)
def test_front_matter_line_endings_bom_and_comments(raw: str) -> None:
    data, body, problems = split_front_matter(raw)
    assert data == {"license": "mit"}
    assert body == "body\n"
    assert problems == ()


@pytest.mark.parametrize(
    "raw",
    [
        "<!--\n---\nlicense: mit\n---\n-->\n# Card\n",
        "# Card\n---\nlicense: mit\n---\n",
        "\n---\nlicense: mit\n---\n",
        " ---\nlicense: mit\n---\n",
        "license: mit\n",
        "",
    ],
    ids=["html-comment", "preceded-by-text", "preceded-by-blank-line", "indented", "no-delimiters", "empty"],
)
def test_not_front_matter(raw: str) -> None:
    data, body, problems = split_front_matter(raw)
    assert data == {}
    assert body == raw
    assert problems == ()


def test_malformed_yaml_is_a_problem_with_the_file_line() -> None:
    raw = "---\nlicense: apache-2.0\npipeline_tag: text-generation\nextra_gated_prompt: Note: breaks\n---\n# Body\n"
    data, body, problems = split_front_matter(raw, "README.md")
    assert data == {}
    assert body == "# Body\n"
    (problem,) = problems
    assert problem.kind == "malformed-card"
    assert problem.file == "README.md"
    assert problem.line == 4
    assert "not valid YAML" in problem.message


def test_tab_indented_yaml_reports_its_line() -> None:
    raw = "---\nlicense: mit\ntags:\n\t- a\n---\n"
    _, _, problems = split_front_matter(raw, "card.md")
    assert [(p.kind, p.file, p.line) for p in problems] == [("malformed-card", "card.md", 4)]


def test_unclosed_front_matter_is_a_problem() -> None:
    data, _, problems = split_front_matter("---\nlicense: mit\n# no closing line\n")
    assert data == {}
    assert [(p.kind, p.line) for p in problems] == [("malformed-card", 1)]


def test_front_matter_that_is_not_a_mapping_is_a_problem() -> None:
    data, _, problems = split_front_matter("---\n- mit\n- apache-2.0\n---\n")
    assert data == {}
    assert problems[0].kind == "malformed-card"
    assert "not a mapping" in problems[0].message


def test_empty_front_matter() -> None:
    assert split_front_matter("---\n---\n# Body\n") == ({}, "# Body\n", ())


def test_a_later_rule_line_is_body_not_front_matter() -> None:
    data, body, _ = split_front_matter("---\nlicense: mit\n---\nText\n\n---\n\nMore\n")
    assert data == {"license": "mit"}
    assert body == "Text\n\n---\n\nMore\n"


def test_dates_stay_as_written_and_deep_nesting_is_a_problem() -> None:
    data, _, problems = split_front_matter("---\nrelease_date: 2024-02-30\nupdated: 2024-09-25\n---\n")
    assert data == {"release_date": "2024-02-30", "updated": "2024-09-25"}
    assert problems == ()
    data, _, problems = split_front_matter("---\nlicense: " + "[" * 5000 + "\n---\n")
    assert data == {}
    assert [p.kind for p in problems] == ["malformed-card"]


def test_non_string_keys_become_strings() -> None:
    data, _, _ = split_front_matter("---\n1: one\nlicense: mit\n---\n")
    assert data == {"1": "one", "license": "mit"}


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("-\n\r\t :[]{}\"'#&*!|>%@`abc\ufeff\x00")), max_size=60))
def test_split_front_matter_never_raises(tail: str) -> None:
    data, body, problems = split_front_matter("---\n" + tail)
    assert isinstance(data, dict)
    assert isinstance(body, str)
    assert all(p.kind == "malformed-card" for p in problems)


# --- license, license_name, license_link


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("apache-2.0", ("apache-2.0",)),
        ("MIT", ("mit",)),
        ("  Mit ", ("mit",)),
        (["mit"], ("mit",)),
        (["MIT"], ("mit",)),
        (["MIT", "mit"], ("mit",)),
        (["llama2", "other"], ("llama2", "other")),
        (["cc-by-nc-sa-4.0", "apache-2.0"], ("cc-by-nc-sa-4.0", "apache-2.0")),
        ([None, "mit", ""], ("mit",)),
        ("unknown", ("unknown",)),
        ("cc", ("cc",)),
        ("openrail", ("openrail",)),
        (None, ()),
        ([], ()),
    ],
)
def test_license_forms(value: object, expected: tuple[str, ...]) -> None:
    assert card_metadata({"license": value}).licenses == expected


def test_missing_license() -> None:
    card = card_metadata({"pipeline_tag": "text-generation"})
    assert card.licenses == ()
    assert card.license_name is None


def test_license_name_without_license() -> None:
    card = card_metadata({"license_name": "deepseek-license"})
    assert card.licenses == ()
    assert card.license_name == "deepseek-license"


def test_license_only_as_a_tag() -> None:
    card = card_metadata({}, tags=["text-generation", "license:MIT", "region:us"])
    assert card.licenses == ("mit",)


def test_license_tags_do_not_add_to_a_declared_license() -> None:
    assert declared_licenses({"license": "apache-2.0"}, ["license:mit"]) == ("apache-2.0",)


@pytest.mark.parametrize(
    ("license", "name"),
    [
        ("apache-2.0", "yi-license"),
        ("mit", "microsoft-research-license"),
        ("llama3.1", "llama3"),
        ("cc-by-nc-4.0", "freeuse"),
    ],
)
def test_contradictory_pairs_are_kept_as_given(license: str, name: str) -> None:
    card = card_metadata({"license": license, "license_name": name})
    assert card.licenses == (license,)
    assert card.license_name == name


def test_license_link_is_stripped_and_folded_scalars_stay_one_string() -> None:
    data, _, _ = split_front_matter(
        "---\nlicense_link: >-\n  https://huggingface.co/black-forest-labs/FLUX.1-dev/blob/main/LICENSE.md\n---\n"
    )
    card = card_metadata(data)
    assert card.license_link == "https://huggingface.co/black-forest-labs/FLUX.1-dev/blob/main/LICENSE.md"
    assert card_metadata({"license_link": "  LICENSE \n"}).license_link == "LICENSE"


# --- base_model and its relation


def test_base_model_string_and_list() -> None:
    assert card_metadata({"base_model": "meta-llama/Llama-3.1-8B"}).base_models == ("meta-llama/Llama-3.1-8B",)
    card = card_metadata({"base_model": ["a/one", "b/two", "a/one", "", None, "A/One"]})
    assert card.base_models == ("a/one", "b/two")


def test_many_bases_keep_their_order() -> None:
    bases = [f"org/model-{i}" for i in range(21)]
    card = card_metadata({"base_model": bases})
    assert card.base_models == tuple(bases)
    assert (card.base_model_relation, card.relation_source) == ("merge", "files")


def test_other_without_a_name() -> None:
    card = card_metadata({"license": "other"})
    assert (card.licenses, card.license_name, card.license_link) == (("other",), None, None)


def test_base_model_empty_list() -> None:
    card = card_metadata({"base_model": []})
    assert card.base_models == ()
    assert card.base_model_relation is None


def test_self_reference_is_removed() -> None:
    card = card_metadata(
        {"base_model": ["someorg/self-base-model", "meta-llama/Llama-3.2-1B"]}, repo_id="SomeOrg/Self-Base-Model"
    )
    assert card.base_models == ("meta-llama/Llama-3.2-1B",)


def test_old_ids_without_org_and_hub_urls() -> None:
    card = card_metadata({"base_model": ["distilbert-base-uncased", "https://huggingface.co/org/model"]})
    assert card.base_models == ("distilbert-base-uncased", "org/model")


def test_nested_lm_studio_base_model_is_ignored() -> None:
    data = {"base_model": "meta-llama/Llama-3.1-8B-Instruct", "lm_studio": {"base_model": "llama"}}
    assert card_metadata(data).base_models == ("meta-llama/Llama-3.1-8B-Instruct",)
    assert card_metadata({"lm_studio": {"base_model": "llama"}}).base_models == ()


@pytest.mark.parametrize(
    ("declared", "expected"),
    [
        ("finetune", "finetune"),
        ("adapter", "adapter"),
        ("quantized", "quantized"),
        ("merge", "merge"),
        ("merged", "merge"),
        ("Merge", "merge"),
        ("quantised", "unknown"),
        ("distillation", "unknown"),
    ],
)
def test_declared_relation(declared: str, expected: str) -> None:
    card = card_metadata({"base_model": "a/b", "base_model_relation": declared}, repo_files=["x.gguf"])
    assert card.base_model_relation == expected
    assert card.relation_source == "declared"


@pytest.mark.parametrize("relation", ["adapter", "quantized", "finetune", "merge"])
def test_relation_from_tags(relation: str) -> None:
    card = card_metadata({"base_model": "a/b"}, tags=[f"base_model:{relation}:a/b"], repo_files=["adapter_config.json"])
    assert card.base_model_relation == relation
    assert card.relation_source == "tags"


def test_bases_named_only_in_tags_count() -> None:
    card = card_metadata({}, tags=["base_model:quantized:meta-llama/Llama-3.1-8B-Instruct", "base_model:org/other"])
    assert card.base_models == ("meta-llama/Llama-3.1-8B-Instruct", "org/other")
    assert card.base_model_relation == "quantized"


def test_mixed_relation_tags() -> None:
    card = card_metadata({}, tags=["base_model:merge:a/one", "base_model:finetune:b/two"])
    assert card.base_model_relation == "merge"
    card = card_metadata({}, tags=["base_model:adapter:a/one", "base_model:quantized:b/two"])
    assert card.base_model_relation == "unknown"


@pytest.mark.parametrize(
    ("files", "bases", "expected"),
    [
        (["model-Q4_K_M.gguf", "README.md"], ["a/b"], "quantized"),
        (["adapter_config.json", "adapter_model.safetensors"], ["a/b"], "adapter"),
        (["adapter_model.bin"], ["a/b"], "adapter"),
        (["model.safetensors"], ["a/b", "c/d"], "merge"),
        (["model.safetensors"], ["a/b"], None),
    ],
)
def test_relation_from_files(files: list[str], bases: list[str], expected: str | None) -> None:
    card = card_metadata({"base_model": bases}, repo_files=files)
    assert card.base_model_relation == expected
    assert card.relation_source == ("files" if expected else None)


def test_no_relation_without_a_base() -> None:
    card = card_metadata({}, repo_files=["model.gguf", "adapter_config.json"])
    assert card.base_model_relation is None
    assert card.relation_source is None


# --- datasets, pipeline, tags, gating


def test_datasets_drop_empty_items() -> None:
    data, _, _ = split_front_matter("---\ndatasets:\n- some/dataset\n-\n- ''\n- some/dataset\n---\n")
    assert data["datasets"] == ["some/dataset", None, "", "some/dataset"]
    assert card_metadata(data).datasets == ("some/dataset",)
    assert card_metadata({"datasets": "allenai/c4"}).datasets == ("allenai/c4",)


def test_pipeline_tag_and_tags() -> None:
    card = card_metadata({"pipeline_tag": "text-generation", "tags": ["llama", None]}, tags=["llama", "region:us"])
    assert card.pipeline_tag == "text-generation"
    assert card.tags == ("llama", "region:us")
    assert card_metadata({"pipeline_tag": "x"}, pipeline_tag="image-text-to-text").pipeline_tag == "image-text-to-text"


def test_extra_gated_fields_and_eu_disallowed() -> None:
    data = {
        "license": "llama3.2",
        "extra_gated_prompt": "### LLAMA 3.2 COMMUNITY LICENSE AGREEMENT",
        "extra_gated_fields": {"Country": "country"},
        "extra_gated_eu_disallowed": True,
    }
    card = card_metadata(data)
    assert card.extra_gated == {
        "extra_gated_prompt": "### LLAMA 3.2 COMMUNITY LICENSE AGREEMENT",
        "extra_gated_fields": {"Country": "country"},
        "extra_gated_eu_disallowed": True,
    }
    assert card.eu_disallowed is True
    assert card.gated is True
    assert card_metadata({"extra_gated_eu_disallowed": "true"}).eu_disallowed is True
    assert card_metadata({"extra_gated_eu_disallowed": False}).eu_disallowed is False


def test_gated_from_the_hub_wins() -> None:
    assert card_metadata({}, gated=True).gated is True
    assert card_metadata({"extra_gated_prompt": "x"}, gated=False).gated is False
    assert card_metadata({}).gated is False


# --- which files carry license terms


@pytest.mark.parametrize(
    "name",
    [
        "LICENSE",
        "LICENSE.md",
        "LICENSE.txt",
        "license",
        "LICENCE",
        "COPYING",
        "COPYING.LESSER",
        "NOTICE",
        "NOTICE.txt",
        "USE_POLICY.md",
        "Model_License.md",
        "llama-license.txt",
        "LICENSE-MODEL",
        "original/LICENSE",
        "docs/THIRD_PARTY_LICENSES.txt",
    ],
)
def test_license_names(name: str) -> None:
    assert is_license_name(name)
    assert license_files([name, "README.md", "config.json"]) == (name,)


@pytest.mark.parametrize(
    "name",
    [
        "license.safetensors",
        "LICENSE.bin",
        "weights/license.gguf",
        "LICENSE.pt",
        "license_model.onnx",
        "LICENSE.ckpt",
        "deep/er/LICENSE",
        "README.md",
        "third_party_licenses.json",
        "policy.md",
    ],
)
def test_not_license_files(name: str) -> None:
    assert license_files([name]) == ()


def test_weights_are_never_license_files_even_when_linked() -> None:
    assert is_weight_file("model-00001-of-00004.safetensors")
    assert is_weight_file("Llama-3.1-8B-Instruct-Q4_K_M.GGUF")
    assert license_files(["license.safetensors"], "license.safetensors") == ()


def test_license_files_order_is_stable() -> None:
    files = ["USE_POLICY.md", "original/LICENSE", "LICENSE", "NOTICE"]
    assert license_files(files) == ("LICENSE", "NOTICE", "USE_POLICY.md", "original/LICENSE")


@pytest.mark.parametrize(
    "link",
    [
        "TERMS OF USE.md",
        "./TERMS OF USE.md",
        "/TERMS OF USE.md",
        "TERMS%20OF%20USE.md",
        "https://huggingface.co/org/model/blob/main/TERMS%20OF%20USE.md",
        "https://huggingface.co/org/model/resolve/main/TERMS%20OF%20USE.md",
        "https://huggingface.co/org/model/raw/main/TERMS%20OF%20USE.md",
        "https://huggingface.co/org/model/blob/v1.0/TERMS%20OF%20USE.md",
        "https://huggingface.co/org/model/TERMS%20OF%20USE.md",
        "https://hf.co/Org/Model/blob/main/terms%20of%20use.md",
        "  https://huggingface.co/org/model/blob/main/TERMS%20OF%20USE.md  ",
        "http://127.0.0.1:8080/org/model/blob/main/TERMS%20OF%20USE.md",
    ],
)
def test_linked_file_forms(link: str) -> None:
    files = ["README.md", "TERMS OF USE.md", "model.safetensors"]
    assert linked_file(link, files, "org/model", "http://127.0.0.1:8080") == "TERMS OF USE.md"
    assert license_files(files, link, "org/model", "http://127.0.0.1:8080") == ("TERMS OF USE.md",)


@pytest.mark.parametrize(
    "link",
    [
        "https://huggingface.co/org/other-model/blob/main/LICENSE",
        "https://huggingface.co/org/model",
        "https://huggingface.co/spaces/org/model/blob/main/LICENSE",
        "https://github.com/org/model/blob/main/LICENSE",
        "https://ai.google.dev/gemma/terms",
        "https://example.com/license.pdf",
        "MISSING.md",
        "",
    ],
)
def test_links_elsewhere_name_no_repo_file(link: str) -> None:
    assert linked_file(link, ["LICENSE", "README.md"], "org/model") is None


def test_linked_file_comes_first() -> None:
    files = ["LICENSE", "LICENSE.md", "NOTICE"]
    assert license_files(files, "LICENSE.md", "org/model") == ("LICENSE.md", "LICENSE", "NOTICE")


def test_default_readme_wanted() -> None:
    text = DocumentFile("LICENSE", "0" * 64, 3, "MIT")
    binary = DocumentFile("LICENSE", "0" * 64, 3, None, "binary file")
    assert default_readme_wanted(CardMetadata(), ()) is True
    assert default_readme_wanted(CardMetadata(licenses=("other",)), ()) is True
    assert default_readme_wanted(CardMetadata(licenses=("other",)), (binary,)) is True
    assert default_readme_wanted(CardMetadata(licenses=("other",)), (text,)) is False
    assert default_readme_wanted(CardMetadata(licenses=("gemma",)), ()) is False


def test_a_local_copy_takes_any_hub_file_url() -> None:
    files = ["LICENSE.md", "README.md"]
    assert linked_file("https://huggingface.co/org/model/blob/main/LICENSE.md", files) == "LICENSE.md"
    assert linked_file("https://huggingface.co/old-id/resolve/main/LICENSE.md", files) == "LICENSE.md"
    assert linked_file("https://huggingface.co/spaces/org/space/blob/main/LICENSE.md", files) is None
    assert linked_file("https://huggingface.co/org/model", files) is None
