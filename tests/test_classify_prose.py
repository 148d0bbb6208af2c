"""A lawyer's table of card and NOTICE sentences: which license each states, for what, and what is no statement.

The sentences are the card shapes of ../shared/reference/HUB-METADATA-NOTES.md and issue 11 (real 2024 model
cards that say `license: other`), and sentences written here. Each row gives the statements a careful reader
takes from the sentence: (database key or None for a license licscan does not know, scope, modified).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from licscan.classify import classify_text
from licscan.classify.index import Index
from licscan.classify.prose import statements, url_key


def read(text: str, index: Index) -> set[tuple[str | None, str, bool]]:
    found = statements(text, index.names, index.urls)
    return {(s.license, "weights" if s.binds_weights else s.scope, s.modified) for s in found}


W = "weights"  # the model itself: "this model", "the weights", or nothing said (a card's license is the model's)

STATED = [
    # --- issue 11: real cards whose prose was read wrong -------------------------------------------------------
    (
        "The code is licensed under Apache-2.0, while model weights are fully open for academic research and "
        "also allow free commercial usage.",
        {("apache-2.0", "code", False)},
    ),
    (
        "The use of Baichuan 2 requires adherence to Apache 2.0 and Community License for Baichuan2 Model.",
        {("apache-2.0", W, False), (None, W, False)},
    ),
    ("This model is licensed under a modified CreativeML OpenRAIL-M license.", {("creativeml-openrail-m", W, True)}),
    (
        "License: Mitsua Open RAIL-M License (More restrictive variant of CreativeML Open RAIL-M)",
        {(None, W, False), ("creativeml-openrail-m", W, True)},
    ),
    (
        "The model weights are intended for academic research only, subject to the model License of LLaMA.",
        {(None, W, False)},
    ),
    (
        "Use of this model is governed by the Acceptable Use Policy and Licensing Agreement for Llama 2.",
        {("llama2", W, False)},
    ),
    (
        "**License**: [StabilityAI Non-Commercial Research Community License]"
        "(https://huggingface.co/stabilityai/sv3d/blob/main/LICENSE)",
        {("stability-ai-nc-research-community", W, False)},
    ),
    ("# License https://freedevproject.org/faipl-1.0-sd/", {("faipl-1.0-sd", W, False)}),
    # --- notices as NOTICE files and source headers write them --------------------------------------------------
    ("Creative Commons Attribution 4.0 International", {("cc-by-4.0", W, False)}),
    (
        "This work is licensed under the Creative Commons Attribution-NoDerivs 4.0 License.",
        {("cc-by-nd-4.0", W, False)},
    ),
    (
        "This file is subject to the terms and conditions of version 2 of the GNU General Public License.",
        {("gpl-2.0", W, False)},
    ),
    ("gnu agpl 30", {("agpl-3.0", W, False)}),
    ("Apache Public License 2.0 (https://www.apache.org/licenses/LICENSE-2.0)", {("apache-2.0", W, False)}),
    ("MIT (http://mootools.net/license.txt)", {("mit", W, False)}),
    ("'Unlicense (see http://unlicense.org/)", {("unlicense", W, False)}),
    ("Licensed under the Apache License, Version 2.0.", {("apache-2.0", W, False)}),
    ("SPDX-License-Identifier: BSD-3-Clause", {("bsd-3-clause", W, False)}),
    # --- scope: what the sentence licenses ---------------------------------------------------------------------
    (
        "The model weights are licensed under CC BY-NC 4.0 and the code under MIT.",
        {("cc-by-nc-4.0", W, False), ("mit", "code", False)},
    ),
    (
        "Our training data is released under ODC-By; the model itself is under Apache 2.0.",
        {("odc-by", "data", False), ("apache-2.0", W, False)},
    ),
    ("Images generated with this model are licensed under CC0 1.0.", {("cc0-1.0", "outputs", False)}),
    ("This model's code is released under the MIT License.", {("mit", "code", False)}),
    ("The Llama 3.2 Community License applies to the model weights.", {("llama3.2", W, False)}),
    ("Weights: CC BY-NC-SA 4.0", {("cc-by-nc-sa-4.0", W, False)}),
    # --- several licenses at once, each binding ----------------------------------------------------------------
    (
        "This repository is dual-licensed under the MIT License and Apache 2.0.",
        {("mit", W, False), ("apache-2.0", W, False)},
    ),
    (
        "The Gemma models are provided under and subject to the Gemma Terms of Use.",
        {("gemma", W, False)},
    ),
    ("This model is released under the Llama 3.1 Community License.", {("llama3.1", W, False)}),
    # Meta's own card: "custom" describes the license, it does not change it.
    (
        "License: A custom commercial license, the Llama 3.1 Community License, is available at: "
        "https://github.com/meta-llama/llama-models/blob/main/models/llama3_1/LICENSE",
        {("llama3.1", W, False)},
    ),
    ("Released under a modified version of the MIT License.", {("mit", W, True)}),
    ("This model is based on Llama 3.1 and licensed under the Llama 3.1 Community License.", {("llama3.1", W, False)}),
    (
        "This model is released under a license based on the Llama 3.1 Community License.",
        {("llama3.1", W, True)},
    ),
]

NOT_STATED = [
    "The FSF address for GPL license was updated",
    "the BSD-licenced device tree compiler",
    "We compare against Llama 3.1 8B and Qwen 2.5 on reasoning benchmarks.",
    "MIT researchers trained this model on public data.",
    "Gemma is a family of lightweight open models.",
    "This model was fine-tuned from Llama 3.1 8B Instruct.",
    "The Apache 2.0 license is widely used.",
    "Models such as Llama 2 are subject to their own licenses.",
    "Unlike models under the GPL, ours has no copyleft.",
    "We previously released this model under CC-BY-NC-4.0.",
    "Thanks to the Stability AI team for the Stable Diffusion codebase.",
    "See the GPL FAQ for the history of copyleft.",
    "This model uses the Llama 3.1 tokenizer and follows Qwen 2.5's chat template.",
    "It runs under the Gemma architecture with a longer context.",
]


@pytest.mark.parametrize("sentence,expected", STATED, ids=[s[:60] for s, _ in STATED])
def test_a_sentence_that_states_a_license_gives_it_with_its_scope(
    sentence: str, expected: set[tuple[str | None, str, bool]], index: Index
) -> None:
    assert read(sentence, index) == expected


@pytest.mark.parametrize("sentence", NOT_STATED)
def test_a_bare_mention_is_no_statement(sentence: str, index: Index) -> None:
    assert read(sentence, index) == set()
    assert classify_text(sentence, index).match == "none"


def test_a_name_in_a_license_section_is_stated_by_the_section(index: Index) -> None:
    card = "# Acme-7B\n\nA chat model.\n\n## License\n\nApache 2.0\n\n## Citation\n\nMIT\n"
    assert read(card, index) == {("apache-2.0", W, False)}


def test_front_matter_and_code_blocks_are_no_prose(index: Index) -> None:
    card = "---\nlicense: mit\n---\n# Model\n\n```python\n# Licensed under the Apache License 2.0\n```\n"
    assert read(card, index) == set()


def test_a_changed_license_named_in_a_file_is_modified_evidence_not_the_original(index: Index) -> None:
    m = classify_text("This model is licensed under a modified CreativeML OpenRAIL-M license.", index)
    assert (m.license, m.match) == ("creativeml-openrail-m", "modified")
    assert m.changes and "modified" in m.changes[0]


_PIECES = [
    "Licensed under",
    " the ",
    "MIT",
    "Apache 2.0",
    " License",
    "**License**:",
    "# License\n",
    "\n\n",
    "\r\n",
    "https://creativecommons.org/licenses/by-nc/4.0/",
    "http://[::1]/",
    "https://",
    "(",
    ")",
    "[x](",
    "<p>",
    "&amp;",
    "modified ",
    "variant of ",
    "Llama 3.1",
    "Community License for X Model",
    "; while the code is ",
    "---\nlicense: other\n---\n",
    "```",
    "\x00",
    "\ud7ff",
    "\udfff",
    "©",
    "version 2 of the GNU General Public License",
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pieces=st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=12)), max_size=30))
def test_no_prose_breaks_the_reader(pieces: list[str], index: Index) -> None:
    text = "".join(pieces)
    found = statements(text, index.names, index.urls)
    assert all(s.scope in ("weights", "code", "data", "outputs", "model") for s in found)
    assert classify_text(text, index).match in ("exact", "modified", "partial", "reference", "none")


@pytest.mark.parametrize(
    "url,key",
    [
        ("https://creativecommons.org/licenses/by-sa/4.0/deed.en", "cc-by-sa-4.0"),
        ("http://creativecommons.org/licenses/by-nc-nd/4.0/", "cc-by-nc-nd-4.0"),
        ("https://creativecommons.org/publicdomain/zero/1.0/", "cc0-1.0"),
        ("https://www.apache.org/licenses/LICENSE-2.0.txt", "apache-2.0"),
        ("https://opensource.org/licenses/MIT", "mit"),
        ("https://www.gnu.org/licenses/old-licenses/gpl-2.0.en.html", "gpl-2.0"),
        ("https://www.gnu.org/licenses/agpl-3.0.txt", "agpl-3.0"),
        ("https://www.llama.com/llama3_1/license/", "llama3.1"),
        ("https://ai.meta.com/llama/license/", "llama2"),
        ("https://ai.google.dev/gemma/terms", "gemma"),
        ("https://freedevproject.org/faipl-1.0-sd/", "faipl-1.0-sd"),
        ("https://stability.ai/community-license-agreement", "stabilityai-community"),
        # A page that lists several licenses, and a repository file, name none.
        ("https://stability.ai/license", None),
        ("https://huggingface.co/meta-llama/Llama-3.1-8B/blob/main/LICENSE", None),
    ],
)
def test_a_license_page_url_names_its_license(url: str, key: str | None, index: Index) -> None:
    assert url_key(url, index.urls, index.names) == key


def test_an_unclosed_code_fence_or_comment_hides_nothing(index: Index) -> None:
    assert read("```\nThis model is licensed under the MIT License.\n", index) == {("mit", W, False)}
    assert read("<!-- note\nThis model is licensed under the MIT License.\n", index) == {("mit", W, False)}
    assert read("<!-- a -->\n```\nLicensed under GPLv3\n```\nThis model is licensed under MIT.", index) == {
        ("mit", W, False)
    }


def test_classify_shows_what_each_sentence_states_and_for_what(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    card = tmp_path / "README.md"
    card.write_text(
        "# Model\n\nThe code is licensed under Apache-2.0, while the model weights are released under a modified "
        "CreativeML OpenRAIL-M license.\n",
        encoding="utf-8",
    )
    from tests.cli import licscan

    assert licscan("classify", "--format", "json", str(card)) == 0
    (result,) = json.loads(capsys.readouterr().out)["results"]
    said = {(s["license"], s["scope"], s["modified"]) for s in result["statements"]}
    assert said == {("apache-2.0", "code", False), ("creativeml-openrail-m", "weights", True)}
    assert result["match"] == "modified"  # never the unmodified license
    assert licscan("classify", str(card)) == 0
    assert "states a modified creativeml-openrail-m for the weights" in capsys.readouterr().out
