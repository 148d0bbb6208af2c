"""License files as they are found: a sentence added, several texts in one file, look-alikes on a template, and the
formatting that copies change. Each case stands beside the nearest one that must go the other way."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from licscan.classify import classify_text
from licscan.classify.index import Index

TEXTS = Path(__file__).resolve().parents[1] / "licenses" / "texts"


def text(name: str) -> str:
    return (TEXTS / name).read_text(encoding="utf-8")


def one_paragraph_per_section(t: str) -> str:
    """Plain text as a web page's copy gives it: every line of a section run together, numbers mid-line."""
    return re.sub(r"[ \t]*\n(?!\n)[ \t]*", " ", t)


# --- 1. A license file is the license: anything beyond it is an added term ---------------------------------------

NO_TRAINING = "The Software shall not be used to train other AI models, and may not be used for commercial purposes."
NO_COMMERCIAL = "you may not use this model or its outputs for any commercial purpose"


@pytest.mark.parametrize(
    "file,key,added",
    [
        ("mit.txt", "mit", NO_TRAINING),
        ("apache-2.0.txt", "apache-2.0", NO_COMMERCIAL),
        ("llama-3.1.txt", "llama3.1", "Licensee shall not use the Llama Materials for research purposes."),
    ],
)
def test_a_sentence_appended_to_a_license_file_makes_it_modified_and_is_quoted(
    file: str, key: str, added: str, index: Index
) -> None:
    m = classify_text(text(file) + "\n" + added + "\n", index)
    assert (m.license, m.match) == (key, "modified")
    assert any(added.rstrip(".") in c for c in m.changes), m.changes


def test_a_sentence_before_the_license_text_makes_it_modified(index: Index) -> None:
    m = classify_text("These weights are for non-commercial research only.\n\n" + text("mit.txt"), index)
    assert (m.license, m.match) == ("mit", "modified")
    assert "These weights are for non-commercial research only" in m.changes[0]


@pytest.mark.parametrize(
    "before,after",
    [
        ("# License\n\n", ""),
        ("Copyright (c) 2024 Acme Robotics GmbH\n\n", ""),
        ("", "\n\nSource: https://opensource.org/license/mit\n"),
        ("", "\n\nThis license is taken from https://spdx.org/licenses/MIT.html\n"),
        ("", "\n\n[yyyy] [name of copyright owner]\n"),
        ("MIT License\nSPDX-License-Identifier: MIT\n\n", ""),
    ],
)
def test_a_title_a_notice_a_provenance_line_or_a_blank_field_is_no_added_term(
    before: str, after: str, index: Index
) -> None:
    m = classify_text(before + text("mit.txt") + after, index)
    assert (m.license, m.match) == ("mit", "exact"), m.changes


def test_a_heading_that_restricts_is_an_added_term(index: Index) -> None:
    m = classify_text(text("mit.txt") + "\n\nNot for commercial use\n", index)
    assert (m.license, m.match) == ("mit", "modified")


@pytest.mark.parametrize(
    "prose",
    [
        "This model is for non-commercial use only.",
        "The model may not be used to train other models.",
        "Released for research purposes only.",
    ],
)
def test_in_a_model_card_a_restriction_in_the_prose_around_the_license_binds(prose: str, index: Index) -> None:
    card = f"---\nlicense: apache-2.0\n---\n# Acme-7B\n\n{prose}\n\n## License\n\n{text('apache-2.0.txt')}\n"
    m = classify_text(card, index, "card")
    assert (m.license, m.match) == ("apache-2.0", "modified")
    assert any(prose.split()[-1].rstrip(".") in c for c in m.changes), m.changes


def test_in_a_model_card_prose_that_restricts_nothing_leaves_the_license_exact(index: Index) -> None:
    card = (
        "---\nlicense: apache-2.0\n---\n# Acme-7B\n\nA 7B model fine-tuned on public instructions. It scores 61.2 on "
        f"MMLU and answers in English and French.\n\n## License\n\n{text('apache-2.0.txt')}\n\n## Citation\n"
    )
    assert classify_text(card, index, "card").match == "exact"
    # The same prose in a license file is text beyond the license.
    assert classify_text(card, index).match == "modified"


def test_a_web_page_holding_the_license_is_the_license_whatever_its_footer_says(index: Index) -> None:
    body = "".join(f"<p>{p}</p>\n" for p in text("llama-3.1.txt").split("\n\n"))
    page = (
        "<!DOCTYPE html><html><head><title>Llama 3.1 License</title><script>var a = 1;</script></head><body>"
        "<nav><a href='/'>Home</a> <a href='/docs'>Docs</a> <a href='/blog'>Blog</a></nav>"
        f"{body}<footer>Content is licensed under CC BY 4.0 per the Site Policies. Privacy. Terms.</footer>"
        "</body></html>"
    )
    m = classify_text(page, index)
    assert (m.license, m.match) == ("llama3.1", "exact"), m.changes


def test_a_web_page_holding_the_license_and_a_term_of_its_own_is_no_exact_copy(index: Index) -> None:
    added = "You shall pay Acme five percent of the revenue of any product that uses the Software."
    body = "".join(f"<p>{p}</p>\n" for p in [*text("mit.txt").split("\n\n"), added])
    m = classify_text(f"<!DOCTYPE html><html><body>{body}</body></html>", index)
    assert (m.license, m.match) == ("mit", "modified")
    assert any("five percent of the revenue" in c for c in m.changes), m.changes


# --- 2. Bundles, repeats and markup --------------------------------------------------------------------------------


def test_an_ollama_license_layer_gives_the_license_and_its_use_policy(index: Index) -> None:
    layer = one_paragraph_per_section(text("llama-3.1.txt")) + "\n\n" + text("llama-3.1-aup.txt")
    m = classify_text(layer, index)
    assert (m.license, m.match, m.also) == ("llama3.1", "exact", ("llama3.1-aup",))


def test_a_whole_text_of_one_version_is_not_a_changed_text_of_another(index: Index) -> None:
    m = classify_text(text("llama-3.3.txt") + "\n\n" + text("llama-3.3-aup.txt"), index)
    assert (m.license, m.match) == ("llama3.3", "exact")
    assert "llama3.3-aup" in m.also and "llama3" not in m.also


def test_a_whole_license_with_its_use_policy_changed_is_that_license_with_the_change_quoted(index: Index) -> None:
    aup = text("llama-3.1-aup.txt")
    assert "Guns and illegal weapons" in aup
    m = classify_text(text("llama-3.1.txt") + "\n\n" + aup.replace("Guns and illegal weapons", "Toy guns"), index)
    assert (m.license, m.match) == ("llama3.1", "modified")
    assert m.changes[0] == "the llama3.1-aup text, changed:" and "toy guns" in m.changes[1]


def test_a_changed_larger_license_holding_a_smaller_one_whole_is_the_larger_one(index: Index) -> None:
    clear = text("bsd-3-clause-clear.txt")
    assert "NO EXPRESS OR IMPLIED LICENSES TO ANY PARTY'S PATENT RIGHTS" in clear
    changed = clear.replace("NO EXPRESS OR IMPLIED LICENSES", "EXPRESS LICENSES")
    m = classify_text(changed, index)
    assert (m.license, m.match) == ("bsd-3-clause-clear", "modified")


def test_a_license_pasted_twice_is_that_license(index: Index) -> None:
    assert classify_text(text("mit.txt") + "\n\n" + text("mit.txt"), index).match == "exact"


def test_a_license_pasted_twice_with_a_term_between_is_modified(index: Index) -> None:
    m = classify_text(text("mit.txt") + "\n\nNo commercial use is permitted.\n\n" + text("mit.txt"), index)
    assert m.match == "modified"


def test_a_license_followed_by_a_page_of_web_markup_is_that_license(index: Index) -> None:
    markup = "".join(
        f'<div class="nav-{i}"><script>track({i});</script><style>.x{i}{{color:red}}</style>'
        f'<a href="/page/{i}">Page {i}</a></div>\n'
        for i in range(2000)
    )
    page = "<html><body><pre>" + text("apache-2.0.txt") + "</pre>" + markup + "</body></html>"
    assert len(page) > 165_000
    m = classify_text(page, index)
    assert (m.license, m.match) == ("apache-2.0", "exact"), m.changes


# --- 3. A license written on another license's template is another license ----------------------------------------


def test_a_license_on_the_codegeex4_template_that_never_names_codegeex4_is_not_codegeex4(index: Index) -> None:
    glm4 = re.sub(r"CodeGeeX4?", "GLM-4", text("codegeex4.txt"), flags=re.I)
    m = classify_text(glm4, index)
    assert m.license is None and m.match == "none"
    assert "codegeex4 template" in m.changes[0]


def test_a_changed_codegeex4_that_still_names_itself_is_a_modified_codegeex4(index: Index) -> None:
    original = text("codegeex4.txt")
    sentence = next(s for s in re.split(r"(?<=\.)\s+", original) if len(s) > 200)
    m = classify_text(original.replace(sentence, "The Licensee may use the Software for any purpose."), index)
    assert (m.license, m.match) == ("codegeex4", "modified")


def test_a_license_on_the_tongyi_template_under_another_name_is_not_tongyi_qianwen(index: Index) -> None:
    # CodeFuse and Kolors: the Tongyi Qianwen agreement with the licensor's name and some clauses changed.
    t = text("tongyi-qianwen.txt")
    renamed = re.sub(r"Tongyi Qianwen|Qwen|Alibaba Cloud|Tongyi", "CodeFuse", t, flags=re.I)
    m = classify_text(renamed, index)
    assert m.license is None, m


def test_a_rail_variant_is_not_another_rail_member_modified(index: Index) -> None:
    # Mitsua's Open RAIL-M is written on CreativeML's: the RAIL family's words are in both, CreativeML's name is not.
    mitsua = re.sub(r"CreativeML", "Mitsua", text("creativeml-openrail-m.txt"), flags=re.I)
    mitsua = mitsua.replace("Use Restrictions", "Use Restrictions (more restrictive)", 1)
    m = classify_text(mitsua, index)
    assert m.license is None and "creativeml-openrail-m template" in m.changes[0]


def test_a_creativeml_license_with_a_changed_restriction_is_a_modified_creativeml(index: Index) -> None:
    t = text("creativeml-openrail-m.txt")
    sentence = next(s for s in re.split(r"(?<=\.)\s+", t) if "medical" in s.lower())
    m = classify_text(t.replace(sentence, ""), index)
    assert (m.license, m.match) == ("creativeml-openrail-m", "modified")


def test_a_license_sharing_two_thirds_of_a_template_is_no_fragment_of_it(index: Index) -> None:
    # The GLM-family licenses (CharacterGLM, CogVLM2, ...) share about 70% of ChatGLM3-6B's word runs, add a hundred
    # of their own, and name their own model.
    paragraphs = re.sub(r"ChatGLM3?(-6B)?", "CharacterGLM", text("chatglm3-6b.txt"), flags=re.I).split("\n\n")
    own = [
        f"Clause {i}. The Licensor named in the header of this agreement grants the licensee the rights of section "
        f"{i} only for purposes number {i} that are written in annex {i} of the model card, and no others."
        for i in range(len(paragraphs) // 2)
    ]
    mixed = "\n\n".join(p if i % 3 else own[i // 3 % len(own)] for i, p in enumerate(paragraphs))
    assert classify_text(mixed, index).match == "none"


def test_a_licensors_own_terms_that_copy_apaches_warranty_sections_are_not_apache(index: Index) -> None:
    apache = text("apache-2.0.txt")
    copied = apache[apache.index("7. Disclaimer of Warranty") : apache.index("9. Accepting Warranty")]
    own = "\n\n".join(
        f"{i}. The Licensor grants you the right to run the Model for the purpose listed as item {i} in the order "
        f"form you signed, for {i * 3} months from delivery, on no more than {i * 10} servers you operate."
        for i in range(1, 13)
    )
    m = classify_text(f"Acme Model Terms\n\n{own}\n\n{copied}", index)
    assert m.match == "none" and m.license is None


def test_apaches_warranty_sections_alone_are_a_fragment_of_apache(index: Index) -> None:
    apache = text("apache-2.0.txt")
    copied = apache[apache.index("7. Disclaimer of Warranty") : apache.index("9. Accepting Warranty")]
    assert (classify_text(copied, index).license, classify_text(copied, index).match) == ("apache-2.0", "partial")


def test_the_first_third_of_a_license_is_still_a_fragment_of_it(index: Index) -> None:
    t = text("chatglm3-6b.txt")
    m = classify_text(t[: len(t) // 3], index)
    assert (m.license, m.match) == ("chatglm3-6b", "partial")


# --- 4. Formatting that copies change is no change ----------------------------------------------------------------


@pytest.mark.parametrize(
    "file,key",
    [("llama-3.3.txt", "llama3.3"), ("chameleon-research.txt", "chameleon-research"), ("agpl-3.0.txt", "agpl-3.0")],
)
def test_section_numbers_left_mid_line_by_rewrapping_are_no_change(file: str, key: str, index: Index) -> None:
    for copy in (one_paragraph_per_section(text(file)), " ".join(text(file).split())):
        m = classify_text(copy, index)
        assert (m.license, m.match) == (key, "exact"), m.changes


def test_a_changed_section_reference_in_a_rewrapped_copy_is_still_a_change(index: Index) -> None:
    agpl = " ".join(text("agpl-3.0.txt").split())
    assert "under section 7. This requirement" in agpl
    changed = agpl.replace("under section 7. This requirement", "under section 8. This requirement")
    assert classify_text(changed, index).match == "modified"


def test_apache_without_its_appendix_is_exact(index: Index) -> None:
    apache = text("apache-2.0.txt")
    m = classify_text(apache[: apache.index("APPENDIX")], index)
    assert (m.license, m.match) == ("apache-2.0", "exact")


def test_apache_without_a_section_is_modified(index: Index) -> None:
    apache = text("apache-2.0.txt")
    start, end = apache.index("9. Accepting Warranty"), apache.index("END OF TERMS AND CONDITIONS")
    assert classify_text(apache[:start] + apache[end:], index).match == "modified"


@pytest.mark.parametrize("file,key", [("cc-by-4.0.txt", "cc-by-4.0"), ("cc-by-nc-sa-4.0.txt", "cc-by-nc-sa-4.0")])
@pytest.mark.parametrize("preamble", [True, False])
@pytest.mark.parametrize("closing", [True, False])
def test_cc_4_0_with_or_without_its_preamble_and_closing_notice_is_exact(
    file: str, key: str, preamble: bool, closing: bool, index: Index
) -> None:
    t = text(file)
    # Without the preamble, the legal code starts at its own title.
    start = 0 if preamble else t.rindex("\n\n", 0, t.index("By exercising the Licensed"))
    end = len(t) if closing else t.index("Creative Commons is not a party to its public licenses")
    m = classify_text(t[start:end], index)
    assert (m.license, m.match) == (key, "exact")


def test_cc_4_0_with_its_preamble_but_a_changed_section_is_modified(index: Index) -> None:
    t = text("cc-by-nc-4.0.txt")
    assert classify_text(t.replace("NonCommercial purposes only", "any purposes"), index).match == "modified"


@pytest.mark.parametrize(
    "file,old,new",
    [
        ("mit.txt", "sublicense", "sub-license"),
        ("apache-2.0.txt", "copyright owner", "copyright holder"),
        ("eupl-1.2.txt", "wilful", "willful"),
        ("cc-by-nc-4.0.txt", "NonCommercial", "Non-Commercial"),
    ],
)
def test_spdx_equivalent_words_are_no_change(file: str, old: str, new: str, index: Index) -> None:
    t = text(file)
    assert old in t or old.capitalize() in t
    m = classify_text(t.replace(old, new).replace(old.capitalize(), new.capitalize()), index)
    assert m.match == "exact", m.changes


def test_a_different_word_where_an_equivalent_may_stand_is_a_change(index: Index) -> None:
    assert classify_text(text("mit.txt").replace("sublicense", "license"), index).match == "modified"


def test_a_copyright_line_run_into_the_grant_leaves_mit_exact(index: Index) -> None:
    mit = text("mit.txt").replace("Copyright (c) <year> <copyright holders>\n\n", "Copyright (c) 2024 Acme\n")
    assert "Acme\nPermission is hereby granted" in mit
    m = classify_text(mit, index)
    assert (m.license, m.match) == ("mit", "exact"), m.changes


def test_mit_without_its_grant_is_modified(index: Index) -> None:
    mit = text("mit.txt").replace("Permission is hereby granted, free of charge, ", "")
    assert classify_text(mit, index).match == "modified"


# --- A file of many added terms: every one counted, a few quoted as written -----------------------------------------


def test_a_license_with_thousands_of_added_terms_counts_each_and_searches_the_text_for_a_few(
    index: Index, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each quote as written searches the whole document: quoting every one of 2,000 added lines made a 2 MiB file
    take minutes. Past the first few, a term is quoted by its words."""
    import licscan.classify.added as added

    searched = 0
    real = added.quote

    def counting(text: str, words: list[str]) -> str:
        nonlocal searched
        searched += 1
        return real(text, words)

    monkeypatch.setattr(added, "quote", counting)
    terms = [
        f"Additional term {i}: the model may not be used for commercial purposes in region {i}." for i in range(2000)
    ]
    m = classify_text((TEXTS / "apache-2.0.txt").read_text(encoding="utf-8") + "\n\n" + "\n\n".join(terms), index)
    assert m.match == "modified" and len(m.changes) == 2000
    # Two passes read the document (as found, then with mid-line numbers as section numbers): 20 quotes each.
    assert "region 1999" in m.changes[-1] and searched <= 40
    searched = 0
    said = added.restricted("\n\n".join(terms))
    assert len(said) == 2000 and searched <= 20
