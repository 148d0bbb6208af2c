"""`licscan rights` and `licscan licenses show`: what may I do with this model, and on what conditions?

Every question is one an engineer asks legal before adopting a model; every answer must cite the clause it rests on,
and be computed from the terms' fields (never written by hand), through every license the lineage binds.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from licscan.conclude import Bound
from licscan.database.loader import Database
from licscan.database.models import LicenseEntry, LicenseTerms
from licscan.policy.interface import Subject
from licscan.rights.compute import rights, views_of
from licscan.rights.interface import LicenseView, RightsRow
from licscan.rights.operations import OPERATIONS
from licscan.rights.run import license_rights
from licscan.rights.terms import RULES
from tests.cli import licscan
from tests.hubserver import ACCEPTED_TOKEN, FakeHub

LORA = "someorg/Llama-3.1-8B-support-lora"  # a LoRA fine-tune of Llama 3.1 8B Instruct, card: llama3.1
GGUF = "someorg/Llama-3.1-8B-Instruct-GGUF"  # a quantization of it whose card says apache-2.0
OLDER_FLUX = "2024-08"  # the FLUX.1 [dev] text before v1.1.1
EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "models"


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Any]]:
    code = licscan("rights", *args, "--format", "json")
    return code, json.loads(capsys.readouterr().out)


def on_hub(hub: FakeHub, *targets: str) -> list[str]:
    return [*targets, "--endpoint", hub.endpoint, "--token", ACCEPTED_TOKEN]


def row(model: dict[str, Any], operation: str) -> dict[str, Any]:
    (found,) = [r for r in model["rights"] if r["operation"] == operation]
    return found


def cited(r: dict[str, Any], section: str, *, text: str = "", license: str | None = None) -> dict[str, Any]:
    """The condition of a row that rests on `section` (and says `text`), failing when there is none."""
    hits = [
        c
        for c in r["conditions"]
        if c["clause"]
        and c["clause"]["section"] == section
        and text in c["text"]
        and (license is None or c["clause"]["license"] == license)
    ]
    assert hits, f"{r['operation']}: no condition citing §{section} saying {text!r}: {r['conditions']}"
    return hits[0]


# A Llama 3.1 fine-tune from the Hub ---------------------------------------------------------------------------------


def test_what_may_we_do_with_a_llama_31_fine_tune(hub: FakeHub, capsys: pytest.CaptureFixture[str]) -> None:
    """The 700M cap, the "Llama" prefix, "Built with Llama", the notice, the copy of the agreement and the AUP, each
    with its clause."""
    code, out = run_json(capsys, *on_hub(hub, LORA))
    assert code == 0 and out["schema_version"] == 1
    (m,) = out["models"]
    assert set(m) == {"id", "revision", "purl", "license", "bound", "rights"}
    assert m["license"] == "llama3.1" and m["bound"] == ["llama3.1", "llama3.1-aup"]
    assert m["purl"].startswith("pkg:huggingface/someorg/Llama-3.1-8B-support-lora@")
    for r in m["rights"]:
        assert set(r) == {"operation", "verdict", "license", "conditions", "clause"}
        assert r["verdict"] in {"allowed", "conditional", "not-allowed", "review", "unknown"}

    commercial = row(m, "commercial-use")
    assert commercial["verdict"] == "conditional" and commercial["license"] == "llama3.1"
    assert "700,000,000 monthly active users" in cited(commercial, "2")["text"]

    ship = row(m, "fine-tune-and-ship")
    assert ship["verdict"] == "conditional"
    assert '"Llama"' in cited(ship, "1.b.i", text="name begins with")["text"]
    cited(ship, "1.b.i(B)", text="Built with Llama")
    cited(ship, "1.b.i(A)", text="copy of the license")
    notice = cited(ship, "1.b.iii", text="Llama 3.1 is licensed under the Llama 3.1 Community License")
    assert "Notice" in notice["clause"]["quote"]

    aup = row(m, "acceptable-use")
    weapons = [c for c in aup["conditions"] if "weapons" in c["text"]]
    assert weapons and all(c["clause"]["license"] == "llama3.1-aup" for c in weapons)
    # Professions are banned only when practised without a licence: a matter to review, not a ban.
    assert "review: financial-advice" in cited(aup, "1.d", license="llama3.1-aup")["text"]

    naming = row(m, "duty-naming")
    assert naming["verdict"] == "conditional"
    assert "when you distribute a modified model" in cited(naming, "1.b.i", text="Llama")["text"]


def test_may_we_train_a_classifier_on_llama_31_outputs_yes_and_a_shared_one_carries_the_prefix(
    hub: FakeHub, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out = run_json(capsys, *on_hub(hub, LORA))
    r = row(out["models"][0], "outputs-train-other-model")
    assert r["verdict"] == "conditional"
    assert "distribute or make available a model trained on its outputs" in cited(r, "1.b.i", text="Llama")["text"]


def test_a_gguf_that_says_apache_has_the_rights_of_its_llama_base(
    hub: FakeHub, capsys: pytest.CaptureFixture[str]
) -> None:
    """A quantization of a restricted base: the base's license decides, as `licscan scan` concluded."""
    code, out = run_json(capsys, *on_hub(hub, GGUF))
    (m,) = out["models"]
    assert code == 0 and m["license"] == "llama3.1" and "apache-2.0" not in m["bound"]
    quantize = row(m, "quantize-and-ship")
    assert quantize["verdict"] == "conditional" and quantize["license"] == "llama3.1"
    cited(quantize, "1.b.i(A)")
    assert "700,000,000" in cited(row(m, "distribute-weights"), "2")["text"]


def test_a_repository_that_is_not_there_is_unknown_and_exit_3_and_the_others_still_answer(
    hub: FakeHub, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = run_json(capsys, *on_hub(hub, "no-org/missing", LORA))
    assert code == 3
    missing, lora = out["models"]
    assert {r["verdict"] for r in missing["rights"]} == {"unknown"}
    assert "no-org/missing" in missing["rights"][0]["conditions"][0]["text"]
    assert row(lora, "commercial-use")["verdict"] == "conditional"


# Local folders ------------------------------------------------------------------------------------------------------


def test_a_local_apache_model_is_allowed_on_the_grant_with_its_distribution_duties(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out = run_json(capsys, str(EXAMPLES / "in-house-classifier"))
    (m,) = out["models"]
    assert code == 0 and m["license"] == "apache-2.0"
    commercial = row(m, "commercial-use")
    assert commercial["verdict"] == "allowed" and commercial["clause"]["section"] == "2"
    assert "distribute" in commercial["clause"]["quote"]
    ship = row(m, "distribute-weights")
    assert ship["verdict"] == "conditional"
    cited(ship, "4(a)", text="copy of the license")
    assert row(m, "duty-naming")["verdict"] == "allowed"  # no naming duty: none to list


def test_a_local_model_whose_license_is_unknown_is_unknown_in_every_row_quoting_what_was_found(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    model = tmp_path / "mystery"
    model.mkdir()
    (model / "README.md").write_text("---\nlicense: other\nlicense_name: acme-secret\n---\n# Mystery\n")
    code, out = run_json(capsys, str(model))
    (m,) = out["models"]
    assert code == 0 and m["license"] is None
    for r in m["rights"]:
        assert r["verdict"] == "unknown", r
        assert any("unknown-license" in c["text"] for c in r["conditions"])


def test_the_same_model_as_text_and_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    target = str(EXAMPLES / "acme-vision-assistant")
    assert licscan("rights", target) == 0
    text = capsys.readouterr().out
    assert "commercial use (in-house or in a product): allowed if" in text
    assert "llama3.2-aup" in text
    assert licscan("rights", target, "--format", "markdown") == 0
    md = capsys.readouterr().out
    assert "| Operation | Verdict | License | Conditions and clauses |" in md
    assert "**allowed if**" in md


def test_a_multimodal_llama_32_model_withholds_rights_from_eu_companies_and_a_text_one_does_not(
    db: Database,
) -> None:
    def places(modality: str) -> RightsRow:
        subject = Subject(
            model="m", license="llama3.2", bound=(Bound("llama3.2"),), modality=modality, modality_unknown=()
        )
        (r,) = [r for r in rights(views_of(subject, db), "llama3.2") if r.operation == "places-of-use"]
        return r

    vision = places("multimodal")
    assert vision.verdict == "conditional"
    assert any(
        "not domiciled in EU" in c.text and c.clause and c.clause.license == "llama3.2-aup" for c in vision.conditions
    )
    assert places("text").verdict == "allowed"


# One license: `licscan licenses show` ------------------------------------------------------------------------------


def rows_of(key: str, db: Database) -> dict[str, RightsRow]:
    entry = db.get(key)
    assert entry is not None
    return {r.operation: r for r in license_rights(entry, db)}


def test_a_non_commercial_license_bans_commercial_use_and_lets_you_share_non_commercially(db: Database) -> None:
    nc = rows_of("cc-by-nc-4.0", db)
    assert nc["commercial-use"].verdict == "not-allowed" and nc["commercial-use"].clause is not None
    assert nc["internal-use"].verdict == "allowed"
    assert nc["distribute-weights"].verdict == "conditional"
    assert any(c.text == "not for commercial purposes" for c in nc["distribute-weights"].conditions)


def test_llama_2_bans_training_another_llm_on_its_outputs_but_not_a_classifier(db: Database) -> None:
    llama2 = rows_of("llama2", db)
    assert llama2["outputs-train-llm"].verdict == "not-allowed"
    assert llama2["outputs-train-llm"].clause is not None
    assert llama2["outputs-train-other-model"].verdict != "not-allowed"
    assert llama2["outputs-train-same-family"].verdict != "not-allowed"


def test_qwens_product_cap_reaches_commercial_use_only(db: Database) -> None:
    qwen = rows_of("qwen", db)
    assert qwen["internal-use"].verdict == "allowed"
    assert any("100,000,000" in c.text for c in qwen["commercial-use"].conditions)
    hosting = [c.text for c in qwen["hosting"].conditions if "100,000,000" in c.text]
    assert hosting and hosting[0].startswith("for commercial purposes: ")


def test_licenses_show_renders_the_rights_view_and_keeps_maintainer_notes_out(
    db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    entry = db.get("llama3.1")
    assert entry is not None and entry.notes
    assert licscan("licenses", "show", "llama3.1") == 0
    text = capsys.readouterr().out
    assert "duty: naming a derivative: required" in text and '"Llama"' in text
    assert all(note not in text for note in entry.notes)
    assert licscan("licenses", "show", "llama3.1", "--format", "json") == 0
    shown = json.loads(capsys.readouterr().out)["license"]
    assert "notes" not in shown and shown["terms"]["mau_cap"]["limit"] == 700_000_000
    assert {r["operation"] for r in shown["rights"]} == {op.id for op in OPERATIONS}


# The conditions of a term, as data ---------------------------------------------------------------------------------


def fake(terms: dict[str, Any], versions: tuple[str, ...] = ("1", "2")) -> LicenseEntry:
    return LicenseEntry.model_validate(
        {
            "key": "fake",
            "name": "Fake License",
            "category": "community",
            "texts": [{"version": v, "file": f"fake-{v}.txt", "source": "test"} for v in versions],
            "terms": terms,
        }
    )


CLAUSE = {"section": "2.2", "quote": "requires separate agreement with Licensor"}


def by_op(entry: LicenseEntry, version: str | None = None, has_model: bool = False) -> dict[str, RightsRow]:
    subject = Subject(model="org/m", license=entry.key, bound=(Bound(entry.key, version=version),), modality="text")
    view = LicenseView(entry=entry, bound=subject.bound[0], subject=subject, has_model=has_model)
    return {r.operation: r for r in rights([view], entry.key)}


def test_a_ban_on_commercial_distribution_only_leaves_non_commercial_hosting_allowed_if_not_commercial() -> None:
    """K-EXAONE 2.2's kind of clause: commercial distribution needs a separate agreement; non-commercial does not."""
    hosting = {"status": "not-allowed", "summary": "s", "commercial_only": True, "clause": CLAUSE}
    rows = by_op(fake({"hosting": hosting}))
    assert rows["hosting"].verdict == "conditional"
    assert rows["hosting"].conditions[0].text.startswith("not for commercial purposes")
    assert rows["internal-use"].verdict == "allowed"
    # The same ban without the commercial-only scope bans hosting outright.
    assert by_op(fake({"hosting": {**hosting, "commercial_only": False}}))["hosting"].verdict == "not-allowed"


def test_a_non_commercial_license_scoped_commercial_only_says_so_once() -> None:
    entry = fake({"commercial_use": {"status": "not-allowed", "commercial_only": True, "clause": CLAUSE}})
    rows = by_op(entry)
    assert rows["commercial-use"].verdict == "not-allowed"
    assert [c.text for c in rows["distribute-weights"].conditions] == ["not for commercial purposes"]


def test_a_duty_above_a_threshold_says_the_threshold() -> None:
    """Modified-MIT kind: display the name only above 100M monthly active users or USD 20M a month."""
    threshold = {"users": 100_000_000, "revenue": 20_000_000, "per": "month", "clause": CLAUSE}
    ob = {"kind": "attribution", "text": "Fake", "triggers": ["product"], "summary": "s", "clause": CLAUSE}
    rows = by_op(fake({"obligations": [{**ob, "threshold": threshold}]}))
    (c,) = rows["hosting"].conditions
    assert c.text.startswith(
        "above 100,000,000 monthly active users in the organisation or USD 20,000,000 revenue per month"
    )


def test_a_term_of_one_text_version_applies_to_that_version_and_to_an_unknown_one() -> None:
    ban = {"status": "banned", "covers": ["llm"], "summary": "s", "clause": CLAUSE, "versions": ["1"]}
    entry = fake({"outputs_training": [ban]})
    assert by_op(entry, version="1", has_model=True)["outputs-train-llm"].verdict == "not-allowed"
    assert by_op(entry, version="2", has_model=True)["outputs-train-llm"].verdict == "allowed"
    unknown = by_op(entry, version=None, has_model=True)["outputs-train-llm"]
    assert unknown.verdict == "not-allowed" and "(text version 1)" in unknown.conditions[0].text


def test_every_kind_of_term_has_a_rule() -> None:
    """A kind of term added to the schema must be read by the rights view (or say there that it adds nothing)."""
    assert set(RULES) == set(LicenseTerms.model_fields)


def test_every_condition_of_every_license_cites_a_clause_of_that_license_verbatim(db: Database) -> None:
    for entry in db:
        # The license, the policies it incorporates, and the licenses its text applies beside it (with theirs).
        keys = [entry.key, *entry.incorporates]
        for applied in entry.terms.applies:
            keys += [applied.key, *db.entries[applied.key].incorporates]
        clauses = set()
        for e in (db.get(k) for k in keys):
            if e is not None:
                clauses |= {(e.key, c.quote) for _, c in e.terms.clauses()}
        for r in license_rights(entry, db):
            assert r.operation in {op.id for op in OPERATIONS}
            for c in r.conditions:
                if r.verdict != "unknown" or c.clause is not None:
                    assert c.clause is not None, (entry.key, r.operation, c.text)
                    assert (c.clause.license, c.clause.quote) in clauses, (entry.key, r.operation, c.text)


def test_a_license_without_a_text_is_unknown_not_allowed(db: Database) -> None:
    entry = next(e for e in db if e.kind == "license" and not e.texts)
    assert {r.verdict for r in license_rights(entry, db)} == {"unknown"}


def test_a_local_folder_whose_card_says_apache_but_ships_the_llama_license_has_llamas_rights(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The support bot: the card says Apache-2.0, the LICENSE shipped with it is the Llama 3.1 agreement."""
    copy = tmp_path / "support-bot-gguf"
    shutil.copytree(EXAMPLES / "support-bot-gguf", copy)
    code, out = run_json(capsys, str(copy), "--offline")
    (m,) = out["models"]
    assert code == 0 and m["license"] == "llama3.1"
    attribution = row(m, "duty-attribution")
    assert attribution["verdict"] == "conditional"
    cited(attribution, "1.b.i(B)", text="Built with Llama")
    assert row(m, "commercial-use")["verdict"] == "conditional"


def test_flux_content_filters_bind_a_copy_of_the_v111_text_and_not_one_of_the_2024_08_text(db: Database) -> None:
    """FLUX.1 [dev] v1.1.1 §2.e made content filtering a condition of every use; the earlier text did not."""

    def conduct(version: str | None) -> list[str]:
        bound = (Bound("flux-1-dev-non-commercial", version=version),)
        subject = Subject(model="org/flux-ft", license=bound[0].key, bound=bound, modality="image")
        (r,) = [r for r in rights(views_of(subject, db), bound[0].key) if r.operation == "duty-other"]
        return [c.clause.section for c in r.conditions if c.clause and "clause quoted requires" in c.text]

    assert conduct("1.1.1") == ["2.e(i)", "2.e(ii)"]
    assert conduct(OLDER_FLUX) == []
    assert conduct(None) == ["2.e(i)", "2.e(ii)"]  # the text version unknown: the strictest reading


def test_every_kind_of_duty_has_words_and_a_row() -> None:
    from typing import get_args

    from licscan.database.models import Obligation
    from licscan.rights.terms import duty_text

    kinds = set(get_args(Obligation.model_fields["kind"].annotation))
    rows = {kind for op in OPERATIONS for kind in op.duties}
    assert kinds <= rows
    for kind in kinds:
        ob = Obligation(kind=kind, triggers=["distribute"], summary="s", clause=CLAUSE)  # type: ignore[arg-type]
        assert duty_text(ob)


def test_no_row_is_written_from_a_summary_or_a_note(db: Database) -> None:
    """`summary` and `notes` are for people: the rights view never repeats them as a condition."""
    for entry in db:
        prose = [*entry.notes, *(getattr(t, "summary", "") for _, t in entry.terms.items())]
        prose = [p for p in prose if p]
        for r in license_rights(entry, db):
            for c in r.conditions:
                assert not any(p in c.text for p in prose), (entry.key, r.operation, c.text)


def test_cogvlm2_section_7_binds_the_llama_3_and_mit_licenses_beside_it_and_chatglm2_binds_none(db: Database) -> None:
    """CogVLM2 §7 applies the Llama 3 license (with its AUP) and EVA-CLIP2's MIT to the weights of its Llama 3-based
    models; which ones are cannot be told from the license, so they bind, and the way they bind says so."""

    def bound(key: str) -> dict[str, str]:
        subject = Subject(model="org/m", license=key, bound=(Bound(key),))
        return {lic.entry.key: lic.via for lic in views_of(subject, db)}

    cogvlm2 = bound("cogvlm2")
    assert set(cogvlm2) == {"cogvlm2", "llama3", "llama3-aup", "mit"}
    assert cogvlm2["llama3"].startswith("applied to the model by cogvlm2 §7") and "taken to be one" in cogvlm2["llama3"]
    assert cogvlm2["llama3-aup"] == "incorporated by llama3"
    assert set(bound("chatglm2-6b")) == {"chatglm2-6b"}


def test_a_floor_figure_and_a_visit_cap_are_worded_as_the_texts_state_them(db: Database) -> None:
    """LTXV: 'at least $10,000,000' (a company at the figure needs the commercial license); CogVideoX counts visits."""

    def texts(key: str) -> list[str]:
        return [c.text for r in license_rights(db.entries[key], db) for c in r.conditions]

    assert any("below USD 10,000,000 per year" in t for t in texts("ltxv-open-weights"))
    assert not any("at most USD 10,000,000" in t for t in texts("ltxv-open-weights"))
    assert any("at most USD 20,000,000 per year" in t for t in texts("kimi-k3"))  # 'exceeds': the figure is within
    assert any("1,000,000 visits (not users)" in t for t in texts("cogvideox"))
