"""Declared keys, read once: a card, a GGUF header, a census result and an SBOM's declared names agree.

Each of these read a model's declared license metadata with its own copy of the rule before conclude/declared.py;
the cases below are where the copies had drifted apart.
"""

from __future__ import annotations

import pytest

from licscan.census.summary import declared_key
from licscan.conclude import card_declared, declared_licenses, header_keys
from licscan.database import Database
from licscan.formats.identity import declared_names
from licscan.results import Declared, ModelResult
from licscan.sources.interface import CardMetadata, GGUFHeader

H3D_LINK = "https://huggingface.co/tencent/Hunyuan3D-2/blob/main/LICENSE"
HUNYUAN = {"tencent-hunyuan-community", "tencent-hunyuan-3d-2.0"}


def result(model_id: str, declared: Declared, source: str = "hub") -> ModelResult:
    return ModelResult.model_validate(
        {
            "id": model_id,
            "revision": None,
            "source": source,
            "declared": declared.model_dump(),
            "license": None,
            "verdict": "pass",
        }
    )


def header(license: str | None, name: str | None = None, link: str | None = None) -> GGUFHeader:
    return GGUFHeader(path="model.gguf", license=license, license_name=name, license_link=link, name=None)


def test_the_census_reads_a_shared_slug_through_its_license_link_as_the_scan_does(db: Database) -> None:
    said = Declared(licenses=("other",), license_name="tencent-hunyuan-community", license_link=H3D_LINK)
    card = CardMetadata(licenses=("other",), license_name="tencent-hunyuan-community", license_link=H3D_LINK)
    assert card_declared(card, db, "tencent/Hunyuan3D-2").keys == ["tencent-hunyuan-3d-2.0"]
    assert declared_key(result("tencent/Hunyuan3D-2", said), db) == "tencent-hunyuan-3d-2.0"


def test_without_a_license_link_the_census_declares_one_of_the_slugs_licenses(db: Database) -> None:
    said = Declared(licenses=("other",), license_name="tencent-hunyuan-community")
    assert declared_key(result("tencent/Hunyuan3D-2", said), db) in HUNYUAN


def test_a_relative_license_link_narrows_only_in_the_repository_it_belongs_to(db: Database) -> None:
    said = Declared(licenses=("other",), license_name="tencent-hunyuan-community", license_link="LICENSE")
    assert declared_key(result("tencent/Hunyuan3D-2", said), db) == "tencent-hunyuan-3d-2.0"
    # A local folder does not know its repository: the link narrows nothing, as in the scan.
    keys = declared_licenses(db, ("other",), "tencent-hunyuan-community", "LICENSE", None).keys
    assert set(keys) == HUNYUAN


def test_a_gguf_header_and_a_card_declaring_the_same_read_the_same(db: Database) -> None:
    card = CardMetadata(licenses=("other",), license_name="tencent-hunyuan-community", license_link=H3D_LINK)
    assert header_keys(header("other", "tencent-hunyuan-community", H3D_LINK), db) == card_declared(card, db).keys
    assert header_keys(header("llama3.1"), db) == card_declared(CardMetadata(licenses=("llama3.1",)), db).keys


def test_a_gguf_header_of_other_or_unknown_alone_declares_nothing(db: Database) -> None:
    assert header_keys(header("other"), db) == [] and header_keys(header("Unknown"), db) == []
    # Beside a name, the name is what it declares.
    assert header_keys(header("other", "llama3.1"), db) == ["llama3.1"]


@pytest.mark.parametrize("placeholder", ["other", "unknown"])
def test_an_sbom_declares_the_license_name_a_placeholder_id_defers_to(placeholder: str) -> None:
    said = Declared(licenses=(placeholder,), license_name="tongyi-qianwen")
    assert declared_names(result("acme/model", said)) == ["tongyi-qianwen"]


def test_an_sbom_keeps_a_specific_id_beside_a_license_name() -> None:
    said = Declared(licenses=("apache-2.0", "other"), license_name="tongyi-qianwen")
    assert declared_names(result("acme/model", said)) == ["apache-2.0", "tongyi-qianwen"]


def test_is_license_is_false_for_placeholders_families_policies_and_unknown_keys(db: Database) -> None:
    assert db.is_license("mit") and db.is_license("llama3.1")
    assert not db.is_license("other") and not db.is_license("unknown")
    assert not db.is_license("no-such-license") and not db.is_license(None)
    family = next(e.key for e in db if e.kind == "family")
    policy = next(e.key for e in db if e.kind == "use-policy")
    assert not db.is_license(family) and not db.is_license(policy)
