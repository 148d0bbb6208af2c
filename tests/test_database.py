"""The license database: every entry loads, covers the Hub's ids, and quotes its clauses verbatim."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from licscan.cli.main import main
from licscan.database.loader import Database
from licscan.database.models import OutputsTraining

DATA = Path(__file__).parent / "data"
TEXTS = Path(__file__).resolve().parents[1] / "licenses" / "texts"


def hub_ids() -> list[str]:
    lines = (DATA / "hub-license-ids.txt").read_text(encoding="utf-8").splitlines()
    return [word for line in lines if not line.startswith("#") for word in line.split()]


def test_every_entry_file_loads(db: Database) -> None:
    files = sorted(p.stem for p in db.root.glob("*.yaml"))
    assert files == sorted(db.entries)
    assert len(files) >= 120


@pytest.mark.parametrize("hub_id", hub_ids())
def test_every_hub_license_id_has_an_entry(hub_id: str, db: Database) -> None:
    assert hub_id in db.entries


def test_the_hub_lists_83_ids() -> None:
    assert len(hub_ids()) == 83


def test_every_reference_text_belongs_to_its_key_and_version(db: Database) -> None:
    with (TEXTS / "KEYS.tsv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    for row in rows:
        entry = db.entries[row["key"]]
        texts = {t.file: t.version for t in entry.texts}
        assert row["file"] in texts, row
        assert texts[row["file"]] == (row["version"] or None) or not row["version"], row


@pytest.mark.parametrize("key", ["bsd", "cc", "gpl", "lgpl", "openrail"])
def test_license_families_are_family_entries(key: str, db: Database) -> None:
    entry = db.entries[key]
    assert entry.kind == "family" and entry.members and all(m in db.entries for m in entry.members)


@pytest.mark.parametrize("key", ["unknown", "other"])
def test_unknown_and_other_identify_no_license(key: str, db: Database) -> None:
    assert db.entries[key].kind == "no-license"
    assert db.entries[key].terms.is_empty()


# apple-ascl, openmdw-1.1 and grok2-community left this list when their texts arrived (issue 10).
@pytest.mark.parametrize("key", ["h-research", "intel-research", "lgpl-lr", "baichuan2-community"])
def test_ids_without_a_text_say_so_and_cite_nothing(key: str, db: Database) -> None:
    entry = db.entries[key]
    assert not entry.texts and entry.no_text and entry.terms.is_empty()


def test_every_clause_quote_appears_verbatim_in_its_text(db: Database) -> None:
    problems = [p for entry in db for p in db.quote_problems(entry)]
    assert problems == []
    assert sum(len(e.terms.clauses()) for e in db) > 500


def test_use_policies_are_linked_from_the_licenses_that_incorporate_them(db: Database) -> None:
    for key, policy in [
        ("llama3.1", "llama3.1-aup"),
        ("llama3.2", "llama3.2-aup"),
        ("gemma", "gemma-prohibited-use-policy"),
    ]:
        assert policy in db.entries[key].incorporates
        assert db.entries[policy].kind == "use-policy"


def test_hub_license_name_spellings_resolve_to_their_keys(db: Database) -> None:
    with (DATA / "hub-license-names.tsv").open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle, delimiter="\t") if r["key"]]
    assert len(rows) > 25
    for row in rows:
        assert row["key"] in db.candidates(row["license_name"]), row
        if row["license_name"] not in SHARED_SLUGS:
            assert db.resolve(row["license_name"]) == row["key"], row


@pytest.mark.parametrize(
    "alias,key",
    [
        ("Apache-2.0", "apache-2.0"),
        ("MIT", "mit"),
        ("CC-BY-NC-4.0", "cc-by-nc-4.0"),
        ("LicenseRef-scancode-llama-3.1-license-2024", "llama3.1"),
        ("license:llama3.2", "llama3.2"),
        ("GPL-3.0-only", "gpl-3.0"),
    ],
)
def test_spdx_ids_scancode_keys_and_tags_resolve(alias: str, key: str, db: Database) -> None:
    assert db.resolve(alias) == key


# What summaries get wrong, checked against the texts.
def test_llama_2_and_3_ban_training_other_models_on_outputs_but_31_and_later_do_not(db: Database) -> None:
    for key in ["llama2", "llama3"]:
        assert [t.status for t in db.entries[key].terms.outputs_training] == ["banned"]
    for key in ["llama3.1", "llama3.2", "llama3.3", "llama4"]:
        (t,) = db.entries[key].terms.outputs_training
        assert t.status != "banned"


def test_the_eu_clause_is_in_the_32_33_and_4_aups_and_only_for_multimodal_models(db: Database) -> None:
    for key in ["llama3.2-aup", "llama3.3-aup", "llama4-aup"]:
        (clause,) = db.entries[key].terms.region_restrictions
        assert clause.regions == ["EU"] and clause.modalities == ["multimodal"]
    assert not db.entries["llama3.1-aup"].terms.region_restrictions


def test_caps_carry_their_numbers(db: Database) -> None:
    assert db.entries["llama3.1"].terms.mau_cap.limit == 700_000_000  # type: ignore[union-attr]
    assert db.entries["qwen"].terms.mau_cap.limit == 100_000_000  # type: ignore[union-attr]
    cap = db.entries["stabilityai-community"].terms.revenue_cap
    assert cap is not None and (cap.amount, cap.currency) == (1_000_000, "USD")


def test_licenses_list_and_show_print_json(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["licenses", "list", "--format", "json"])
    assert done.value.code == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed["schema_version"] == 1
    assert {"key", "name", "category"} <= set(listed["licenses"][0])
    with pytest.raises(SystemExit) as done:
        main(["licenses", "show", "llama3.1", "--format", "json"])
    shown = json.loads(capsys.readouterr().out)["license"]
    assert shown["terms"]["mau_cap"]["clause"]["section"] == "2"


def test_showing_an_unknown_key_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["licenses", "show", "no-such-license"])
    assert done.value.code == 2


# Hub license_name slugs that cards use for licenses whose terms differ: each means every listed license.
SHARED_SLUGS = {
    "modified-mit": {"moonshot-modified-mit", "minimax-m2-modified-mit", "minimax-mit-variant-2025"},
    "exaone": {"exaone-1.1-nc", "exaone-1.2-nc"},
    "tencent-hunyuan-community": {"tencent-hunyuan-community", "tencent-hunyuan-3d-2.0"},
    "glm-4": {"glm-4", "glm-edge"},
}


def test_only_the_known_shared_slugs_name_several_licenses(db: Database) -> None:
    """An SPDX id or ScanCode key names one license; only a Hub slug seen on cards of several texts is shared."""
    from licscan.database.loader import alias_form

    owners: dict[str, set[str]] = {}
    for entry in db:
        a = entry.aliases
        for alias in [entry.key, *a.hub, *a.hub_license_names]:
            owners.setdefault(alias_form(alias), set()).add(entry.key)
        for alias in [*a.spdx, *a.scancode]:
            assert db.candidates(alias) == (entry.key,), alias
    shared = {alias: keys for alias, keys in owners.items() if len(keys) > 1}
    assert shared == SHARED_SLUGS


@pytest.mark.parametrize("slug", sorted(SHARED_SLUGS))
def test_a_shared_slug_means_every_license_that_uses_it_and_resolves_to_none_alone(slug: str, db: Database) -> None:
    assert set(db.candidates(slug)) == SHARED_SLUGS[slug]
    # A key still names its own entry (a policy's allow list, `licenses show`); any other shared slug names none.
    assert db.resolve(slug) == (slug if slug in db.entries else None)


def test_the_wanted_and_not_found_licenses_are_known_names_without_a_text(db: Database) -> None:
    for slug, key in [
        ("falcon-llm-license", "falcon-llm-license"),
        ("falcon-mamba-7b-license", "falcon-mamba-7b-license"),
        ("mnpl", "mnpl-0.1"),
        ("ai2-impact-license-low-risk", "ai2-impact-license-low-risk"),
        ("jamba-open-model-license", "jamba-open-model-license"),
    ]:
        assert db.resolve(slug) == key, slug
    for key in [
        "falcon-llm-license",
        "falcon-mamba-7b-license",
        "falcon-180b-tii-license-1.0",
        "tii-falcon-llm-license-1.0",
        "mnpl-0.1",
        "jamba-open-model-license",
        "glm-4",
        "ai2-impact-license-low-risk",
        "baichuan2-community",
    ]:
        entry = db.entries[key]
        assert not entry.texts and entry.no_text and "not found" in entry.no_text and entry.terms.is_empty(), key


def test_every_license_with_a_text_has_a_category_and_cites_at_least_one_clause(db: Database) -> None:
    for entry in db:
        if entry.texts and entry.kind == "license":
            assert entry.category != "unknown", entry.key
            assert entry.terms.clauses(), entry.key


# Issue 10: what each term reaches, read from the texts.
def test_the_llama_2_and_3_outputs_bans_reach_other_llms_only_not_llama_derivatives(db: Database) -> None:
    for key, family in [("llama2", "Llama 2"), ("llama3", "Meta Llama 3")]:
        (ban,) = db.entries[key].terms.outputs_training
        assert ban.covers == ["llm"] and not ban.competing_only
        assert f"(excluding {family} or derivative works thereof)" in ban.clause.quote


def test_llama_31_and_later_attach_the_naming_duty_to_trained_models_distributed_or_made_available(
    db: Database,
) -> None:
    for key in ["llama3.1", "llama3.2", "llama3.3", "llama4"]:
        (naming,) = [o for o in db.entries[key].terms.obligations if o.kind == "naming-prefix"]
        assert naming.text == "Llama" and naming.licensor == "Meta"
        # Distributed or made available: a hosted fine-tune and a shared student; not outputs training as such.
        assert set(naming.triggers) == {"derivative", "derivative-hosted", "outputs-model-shared"}
    (llama3,) = [o for o in db.entries["llama3"].terms.obligations if o.kind == "naming-prefix"]
    assert llama3.text == "Llama 3" and "outputs-model-shared" not in llama3.triggers


def test_flux_dev_bans_training_a_competitive_model_on_its_output(db: Database) -> None:
    """Every text version bans it, each in its words: 2.d of v1.1.1 and the 2024 texts, 4.b of v1.1 (model,
    Derivatives or Output), 2.d of v2.0 (competitive with any 'FLUX [dev] Model')."""
    entry = db.entries["flux-1-dev-non-commercial"]
    bans = entry.terms.outputs_training
    assert all(ban.status == "banned" and ban.competing_only for ban in bans)
    by_version = {v: [ban for ban in bans if v in ban.versions] for v in entry.versions}
    assert all(len(found) == 1 for found in by_version.values()), by_version
    assert "competitive with the FLUX.1 [dev] Model" in by_version["1.1.1"][0].clause.quote
    assert by_version["1.1"][0].clause.section == "4.b" and "Output to train" in by_version["1.1"][0].clause.quote
    assert "competitive with a FLUX [dev] Model" in by_version["2.0"][0].clause.quote


def test_the_scope_of_every_other_outputs_ban_is_the_one_its_words_give(db: Database) -> None:
    covers = {key: _ban(db, key).covers for key in db.entries if _banned(db, key)}
    assert covers["stabilityai-community"] == ["llm", "foundation-model"]  # "any foundational generative AI model"
    assert covers["playground-v2-community"] == ["foundation-model"]  # "any other text-to-image generative model"
    assert covers["tongyi-qianwen"] == covers["tongyi-qianwen-research"] == covers["dbrx-open-model"] == ["llm"]
    assert "same-family" not in covers["tencent-hunyuan-3d-2.0"]  # "(other than Tencent Hunyuan 3D 2.0 ...)"
    assert "same-family" not in covers["grok2-community"]


def _banned(db: Database, key: str) -> bool:
    return any(t.status == "banned" for t in db.entries[key].terms.outputs_training)


def _ban(db: Database, key: str) -> OutputsTraining:
    """The ban of the latest text version that states one."""
    return [t for t in db.entries[key].terms.outputs_training if t.status == "banned"][-1]


def test_the_nvidia_open_model_license_terminates_on_guardrail_bypass(db: Database) -> None:
    (bypass,) = [
        t for t in db.entries["nvidia-open-model-license"].terms.termination if t.trigger == "guardrail-bypass"
    ]
    assert "safety-circumvention" in bypass.use_cases and "uncensored" in bypass.model_tags
    assert bypass.clause.quote.startswith("If You bypass, disable, reduce the efficacy of, or circumvent")


def test_built_on_nvidia_cosmos_binds_cosmos_models_only(db: Database) -> None:
    (cosmos,) = [
        o for o in db.entries["nvidia-open-model-license"].terms.obligations if o.text == "Built on NVIDIA Cosmos"
    ]
    # By the text's definition (a multimodal Model shared under this Agreement), not by a repository name.
    assert cosmos.models is not None and cosmos.models.modalities == ["multimodal"]
    assert "means a multimodal Model shared under this Agreement" in cosmos.models.definition.quote
    assert "NVIDIA Cosmos Model" in cosmos.clause.quote


def test_stability_community_commercial_use_needs_registration(db: Database) -> None:
    reg = db.entries["stabilityai-community"].terms.registration
    assert reg is not None and reg.triggers == ["commercial"] and reg.clause.section == "III"
    assert "You must register with Stability AI" in reg.clause.quote


def test_incorporated_policies_without_a_text_are_named_with_the_incorporating_clause(db: Database) -> None:
    for key in [
        "stabilityai-community",
        "stability-ai-nc-research-community",
        "stable-video-diffusion-nc-community",
        "sv3d-nc-community",
    ]:
        (aup,) = db.entries[key].terms.unavailable_policies
        assert aup.name == "Stability AI Acceptable Use Policy" and "AUP" in aup.clause.quote
    (trust,) = db.entries["nvidia-open-model-license"].terms.unavailable_policies
    assert trust.name == "NVIDIA Trustworthy AI terms" and "Trustworthy AI terms" in trust.clause.quote
    # Never encoded from memory: no database entry pretends to hold their texts.
    names = {e.name for e in db}
    assert not names & {"Stability AI Acceptable Use Policy", "NVIDIA Trustworthy AI terms"}


def test_hunyuan_territory_excludes_the_eu_uk_and_south_korea_where_the_model_is_used(db: Database) -> None:
    for key in ["tencent-hunyuan-3d-2.0", "tencent-hunyuan-community"]:
        scopes = {r.scope for r in db.entries[key].terms.region_restrictions}
        assert scopes == {"use", "distribution"}
    for r in db.entries["tencent-hunyuan-3d-2.0"].terms.region_restrictions:
        assert r.regions == ["EU", "GB", "KR"]


def test_the_hunyuan_large_territory_excludes_the_eu_only_and_the_later_texts_also_gb_and_kr(db: Database) -> None:
    """Issue 17: a term applies to the text versions that state it. Each version's Territory as its text words it:
    the first HunyuanDiT text (2024-05-14) grants 'worldwide' and has no Territory; the 2024-10-11 DiT and the Large
    texts exclude the European Union; the Video, A13B, Image 3.0 and Video 1.5 texts also the UK and South Korea."""
    by_version: dict[str, set[str]] = {}
    for v in db.entries["tencent-hunyuan-community"].versions:
        terms = db.entries["tencent-hunyuan-community"].terms.region_restrictions
        by_version[v] = {
            code for r in terms if r.scope == "use" and (not r.versions or v in r.versions) for code in r.regions
        }
    assert by_version == {
        "large-2024-11-05": {"EU"},
        "video-2024-12-03": {"EU", "GB", "KR"},
        "a13b-2025-06-27": {"EU", "GB", "KR"},
        "dit-2024-05-14": set(),
        "dit-2024-10-11": {"EU"},
        "image-3.0-2025-09-28": {"EU", "GB", "KR"},
        "video-1.5-2025-11-21": {"EU", "GB", "KR"},
    }
    texts = {
        t.version: db.text_path(t.file).read_text(encoding="utf-8")
        for t in db.entries["tencent-hunyuan-community"].texts
    }
    for version, codes in by_version.items():
        # The Territory definition the text states, or none at all: the codes follow it.
        assert ("“Territory” shall mean" in texts[version]) == bool(codes), version
        assert ("United Kingdom and South Korea" in texts[version]) == ("GB" in codes), version


def test_gemma_hosting_is_distribution_so_the_copy_of_the_terms_is_due(db: Database) -> None:
    (copy,) = [o for o in db.entries["gemma"].terms.obligations if o.kind == "license-copy"]
    assert "hosting" in copy.triggers and copy.clause.section == "3.1(2)"


def test_qwen_and_tongyi_caps_count_the_product_and_only_for_commercial_use(db: Database) -> None:
    for key in ["qwen", "tongyi-qianwen"]:
        cap = db.entries[key].terms.mau_cap
        assert cap is not None and cap.counts == "product" and cap.commercial_only
        assert "your product or service has more than 100 million monthly active users" in cap.clause.quote
    for key in ["llama2", "llama3", "llama3.1", "llama3.2", "llama3.3", "llama4"]:
        cap = db.entries[key].terms.mau_cap
        assert cap is not None and cap.counts == "organisation" and cap.at_release_date
        assert "Licensee’s affiliates" in cap.clause.quote or "Licensee's affiliates" in cap.clause.quote


def test_research_licenses_that_let_copies_be_shared_non_commercially_say_so(db: Database) -> None:
    for key in [
        "tongyi-qianwen-research",  # 3: "reproduce and distribute copies"
        "stability-ai-nc-research-community",
        "flux-1-dev-non-commercial",
        "apple-amlr",
        "stable-video-diffusion-nc-community",
        "sv3d-nc-community",
    ]:
        assert db.entries[key].terms.research_only.sharing == "copies", key  # type: ignore[union-attr]
    # Qwen research 3: "make the Materials, or derivative works thereof, available as part of a product or service".
    assert db.entries["qwen-research"].terms.research_only.sharing == "copies-and-services"  # type: ignore[union-attr]
    # EXAONE 1.1 - NC prohibits external distribution without LG's written agreement (2.2).
    assert db.entries["exaone-1.1-nc"].terms.research_only.sharing == "not-allowed"  # type: ignore[union-attr]


def test_a_qualified_aup_item_names_words_of_its_own_quote(db: Database) -> None:
    qualified = [(e.key, r) for e in db for r in e.terms.use_restrictions if r.qualifier]
    assert len(qualified) >= 30
    for key, r in qualified:
        # The words are the item's own, or those of the heading it sits under (Llama AUP 1.a over 1.a.iii).
        where = r.qualifier_clause.quote if r.qualifier_clause else r.clause.quote
        assert r.qualifier and r.qualifier in where, (key, r.qualifier)
    for key in ["llama2-aup", "llama3-aup", "llama3.1-aup", "llama3.2-aup", "llama3.3-aup", "llama4-aup"]:
        (hr,) = [r for r in db.entries[key].terms.use_restrictions if "employment" in r.tags]
        assert hr.qualifier == "discrimination or other unlawful or harmful conduct"
        # Discrimination itself stays an outright ban.
        assert any("discrimination" in r.tags and not r.qualifier for r in db.entries[key].terms.use_restrictions)


def test_registration_duties_of_the_thudm_licenses(db: Database) -> None:
    for key in ["chatglm3-6b", "glm-edge", "codegeex4"]:
        reg = db.entries[key].terms.registration
        assert reg is not None and reg.triggers == ["commercial"]


def test_baichuan_2_without_a_text_names_its_commercial_application_but_encodes_nothing(db: Database) -> None:
    entry = db.entries["baichuan2-community"]
    assert entry.no_text and "commercial use requires" in entry.no_text and entry.terms.is_empty()
    assert db.resolve("baichuan2-community-license") == "baichuan2-community"


def test_the_minimax_2025_01_14_terms_bind_that_text_only_and_each_notice_has_its_wording(db: Database) -> None:
    """The 100M-user gate, the LLM outputs ban, 'Built with MiniMax AI' and the 'MiniMax' prefix are in the first
    MiniMax Model License Agreement only; the Notice names 'the MiniMax License' there, 'the MiniMax Model License'
    later."""
    terms = db.entries["minimax-model-license"].terms
    first = [terms.mau_cap, *terms.outputs_training]
    first += [o for o in terms.obligations if o.kind in ("attribution", "naming-prefix")]
    assert len(first) == 4 and all(t is not None and t.versions == ["2025-01-14"] for t in first)
    notices = {tuple(o.versions): o.text for o in terms.obligations if o.kind == "notice"}
    assert "under the MiniMax License," in (notices[("2025-01-14",)] or "")
    assert "under the MiniMax Model License," in (notices[("2025-02-20", "m2.5-2026-02-13")] or "")


def test_the_nemotron_notice_rests_on_a_notice_file_in_the_work(db: Database) -> None:
    (notice,) = [o for o in db.entries["nvidia-nemotron-open-model-license"].terms.obligations if o.kind == "notice"]
    assert notice.condition is not None and "If the Work includes a" in notice.condition.quote
