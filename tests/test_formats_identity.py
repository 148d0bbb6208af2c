"""Package URLs: a Hub model at its commit; a local folder by what it is."""

from __future__ import annotations

from pathlib import Path

from licscan.identity import hub_purl, local_purl, model_purl

SHA = "0e9e39f249a16976918f6564b8830bc894c89659"


def test_a_hub_model_is_named_at_its_commit() -> None:
    assert (
        hub_purl("meta-llama/Llama-3.1-8B-Instruct", SHA) == f"pkg:huggingface/meta-llama/Llama-3.1-8B-Instruct@{SHA}"
    )
    assert model_purl("google/gemma-2-9b", SHA, "hub") == f"pkg:huggingface/google/gemma-2-9b@{SHA}"
    # A branch is not a version: an unresolved model has none.
    assert hub_purl("google/gemma-2-9b", "main") == "pkg:huggingface/google/gemma-2-9b"
    assert hub_purl("distilbert-base-uncased", SHA) == f"pkg:huggingface/distilbert-base-uncased@{SHA}"
    assert hub_purl("not a hub id", SHA) is None


def test_a_cache_snapshot_is_the_hub_model_it_holds(tmp_path: Path) -> None:
    snapshot = tmp_path / "hub" / "models--meta-llama--Llama-3.1-8B-Instruct" / "snapshots" / SHA
    snapshot.mkdir(parents=True)
    expected = f"pkg:huggingface/meta-llama/Llama-3.1-8B-Instruct@{SHA}"
    assert local_purl(str(snapshot), None) == expected
    assert model_purl(str(snapshot), "f" * 40, "local") == expected  # the snapshot's own commit wins


def test_any_other_folder_is_a_generic_package(tmp_path: Path) -> None:
    folder = tmp_path / "in-house adapter"
    folder.mkdir()
    assert local_purl(str(folder), SHA) == f"pkg:generic/in-house%20adapter@{SHA}"
    assert local_purl(str(folder), None) == "pkg:generic/in-house%20adapter"
    assert local_purl("./models/missing", None) == "pkg:generic/missing"


def test_a_dataset_snapshot_names_no_model_but_links_into_its_own_blobs(tmp_path: Path) -> None:
    from licscan.sources.refs import snapshot_blobs

    cache = tmp_path / "hub"
    dataset = cache / "datasets--acme--corpus" / "snapshots" / SHA
    model = cache / "models--gpt2" / "snapshots" / SHA
    not_a_snapshot = cache / "models--gpt2" / "refs" / SHA
    for folder in (dataset, model, not_a_snapshot):
        folder.mkdir(parents=True)
    assert local_purl(str(dataset), None) == f"pkg:generic/{SHA}"
    assert local_purl(str(model), None) == f"pkg:huggingface/gpt2@{SHA}"
    assert snapshot_blobs(dataset) == (cache / "datasets--acme--corpus" / "blobs").resolve()
    assert snapshot_blobs(model) == (cache / "models--gpt2" / "blobs").resolve()
    assert snapshot_blobs(not_a_snapshot) is None
