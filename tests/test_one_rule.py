"""Rules that had several copies, now one: which hosts are the Hub, where a card's front matter ends, what is local,
and where the HF cache keeps a snapshot (huggingface_hub's own reading of it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from licscan.classify.index import Index
from licscan.classify.match import classify_text
from licscan.discover.gate import target_ref
from licscan.discover.scripts import scan_shell
from licscan.hubnames import hub_path
from licscan.sources.card import card_body, split_front_matter
from licscan.sources.files import linked_file
from licscan.sources.gguf import hub_id
from licscan.sources.hub.cache import HFCache
from licscan.targets import Target

SHA = "ab" * 20


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("https://huggingface.co/org/name", "org/name"),
        ("http://www.huggingface.co/org/name", "org/name"),
        ("https://hf.co/org/name", "org/name"),
        ("https://www.hf.co/org/name", "org/name"),
        ("HTTPS://HuggingFace.co/org/name", "org/name"),
        # The neighbours that are not the Hub: another host, another scheme, a look-alike host.
        ("https://huggingface.co.evil.example/org/name", None),
        ("ftp://huggingface.co/org/name", None),
        ("https://github.com/org/name", None),
        ("huggingface.co/org/name", None),  # no scheme: a relative path, not a URL
    ],
)
def test_the_hub_is_the_same_hosts_for_every_reader(url: str, path: str | None) -> None:
    assert hub_path(url) == path
    assert hub_id(url) == path  # a GGUF header's repo_url


def test_a_mirror_is_the_hub_only_where_the_endpoint_is_known() -> None:
    link = "http://127.0.0.1:8080/org/name/blob/main/LICENSE"
    assert linked_file(link, ["LICENSE"], "org/name", "http://127.0.0.1:8080") == "LICENSE"
    assert linked_file(link, ["LICENSE"], "org/name", None) is None
    assert hub_path(link) is None


def test_ollama_names_a_hub_model_on_any_hub_host_and_its_own_library_names_none() -> None:
    script = "ollama run hf.co/org/a:Q4_K_M\nollama run https://www.hf.co/org/b\nollama run llama3.1:8b\n"
    assert [c.text for c in scan_shell(script)] == ["org/a", "org/b"]


def test_the_prose_of_a_card_starts_after_its_front_matter_for_every_reader() -> None:
    card = "---\nlicense: other\n---\nThe weights are released under the Apache 2.0 license.\n\n---\n\nMore prose.\n"
    assert card_body(card) == split_front_matter(card)[1]
    assert card_body(card).startswith("The weights") and card_body(card).endswith("More prose.\n")
    # A horizontal rule later in the body is prose, not a second front matter.
    assert "More prose." in card_body(card)


def test_metadata_with_no_closing_line_is_never_read_as_prose(index: Index) -> None:
    unclosed = "---\nlicense: apache-2.0\nThe model is licensed under the MIT license.\n"
    assert card_body(unclosed) == ""
    assert classify_text(unclosed, index).statements == ()
    # Its neighbour: the same sentence after a closed front matter is read.
    closed = "---\nlicense: apache-2.0\n---\nThe model is licensed under the MIT license.\n"
    assert [s.license for s in classify_text(closed, index).statements] == ["mit"]


def test_a_home_relative_manifest_path_is_compared_as_the_folder_it_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "models" / "adapter").mkdir(parents=True)
    assert target_ref(Target(ref="~/models/adapter"), tmp_path / "elsewhere") == str(tmp_path / "models" / "adapter")
    # Its neighbour: a Hub id is compared by name, in lower case.
    assert target_ref(Target(ref="Org/Name"), tmp_path) == "org/name"


def _downloaded(cache: Path, repo: str, files: dict[str, str], refs: dict[str, str]) -> Path:
    folder = cache / f"models--{repo.replace('/', '--')}"
    snapshot = folder / "snapshots" / SHA
    for name, text in files.items():
        (snapshot / name).parent.mkdir(parents=True, exist_ok=True)
        (snapshot / name).write_text(text)
    for ref, sha in refs.items():
        (folder / "refs" / ref).parent.mkdir(parents=True, exist_ok=True)
        (folder / "refs" / ref).write_text(sha)
    return snapshot


def test_the_hf_cache_is_read_as_huggingface_hub_reads_it(tmp_path: Path) -> None:
    snapshot = _downloaded(
        tmp_path, "org/name", {"README.md": "x", "sub/LICENSE": "y"}, {"main": SHA, "refs/pr/1": SHA}
    )
    cache = HFCache(tmp_path)
    assert [cache.commit("org/name", "model", rev) for rev in (None, "refs/pr/1", SHA, SHA[:7])] == [SHA] * 4
    assert cache.files("org/name", "model", SHA) == ("README.md", "sub/LICENSE")
    assert cache.snapshot("org/name", "model", SHA) == snapshot
    # The neighbours: an unknown branch, a path out of refs/, a dataset of the same name, a short sha too short.
    assert cache.commit("org/name", "model", "v9") is None
    assert cache.commit("org/name", "model", "../../models--org--name/refs/main") is None
    assert cache.commit("org/name", "dataset", None) is None
    assert cache.commit("org/name", "model", SHA[:6]) is None


def test_a_snapshot_added_after_the_first_look_is_found(tmp_path: Path) -> None:
    cache = HFCache(tmp_path)
    assert cache.snapshot("org/later", "model", SHA) is None
    _downloaded(tmp_path, "org/later", {"LICENSE": "z"}, {})
    assert cache.snapshot("org/later", "model", SHA) is not None


def test_a_cache_snapshot_of_a_repository_with_no_org_is_that_hub_model(tmp_path: Path) -> None:
    from licscan.identity import local_purl

    snapshot = tmp_path / "hub" / "models--gpt2" / "snapshots" / SHA
    snapshot.mkdir(parents=True)
    assert local_purl(str(snapshot), None) == f"pkg:huggingface/gpt2@{SHA}"
    # Its neighbour: a dataset's snapshot is no model.
    dataset = tmp_path / "hub" / "datasets--org--data" / "snapshots" / SHA
    dataset.mkdir(parents=True)
    assert local_purl(str(dataset), None).startswith("pkg:generic/")
