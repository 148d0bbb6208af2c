"""The license database: every entry loads, covers the Hub's ids, and quotes its clauses verbatim."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from licscan.cli.main import main
from licscan.database import load_database
from licscan.database.loader import Database

DATA = Path(__file__).parent / "data"
TEXTS = Path(__file__).resolve().parents[1] / "licenses" / "texts"


@pytest.fixture(scope="module")
def db() -> Database:
    return load_database()


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
@pytest.mark.parametrize("key", ["h-research", "intel-research", "lgpl-lr"])
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
        assert db.entries[key].terms.outputs_training.status == "banned"  # type: ignore[union-attr]
    for key in ["llama3.1", "llama3.2", "llama3.3", "llama4"]:
        t = db.entries[key].terms.outputs_training
        assert t is not None and t.status != "banned"


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


def test_no_alias_names_two_licenses(db: Database) -> None:
    from licscan.database.loader import alias_form

    owner: dict[str, str] = {}
    for entry in db:
        a = entry.aliases
        for alias in [entry.key, *a.hub, *a.hub_license_names, *a.spdx, *a.scancode]:
            assert owner.setdefault(alias_form(alias), entry.key) == entry.key, alias


def test_every_license_with_a_text_has_a_category_and_cites_at_least_one_clause(db: Database) -> None:
    for entry in db:
        if entry.texts and entry.kind == "license":
            assert entry.category != "unknown", entry.key
            assert entry.terms.clauses(), entry.key
