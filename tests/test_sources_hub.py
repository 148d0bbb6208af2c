"""The Hub source against the real huggingface_hub client talking to a fake Hub on 127.0.0.1 (nothing mocked)."""

from __future__ import annotations

import hashlib
import logging
import re
import time
from pathlib import Path

import pytest

from licscan.sources.hub import HubSource, resolve_cache_dir, resolve_endpoint, resolve_token, split_ref
from licscan.sources.hub.cache import records_dir
from licscan.sources.interface import CardMetadata, DocumentFile, FetchError, ModelDocuments, NotFoundError
from tests.ggufdata import gguf_bytes
from tests.hubserver import ACCEPTED_TOKEN, FakeHub

FIXTURES = Path(__file__).parent / "fixtures" / "hub"
LLAMA = "meta-llama/Llama-3.1-8B-Instruct"
LLAMA_SHA = "0e9e39f249a16976918f6564b8830bc894c89659"
QWEN = "Qwen/Qwen2.5-72B-Instruct"
QWEN_SHA = "6d6ab4ba4fe1a0b7ab1b7c1b2d8c5e4f3a2b1c0d"
QWEN_OLD_SHA = "1c6e5fa2d1e3b4c5a6978f0e1d2c3b4a59687e7f"
MISTRAL = "mistralai/Mistral-7B-v0.1"
FAKE_TOKEN = "hf_NotARealTokenButRecognisable0042"
WEIGHTS = re.compile(r"\.(safetensors|gguf|bin|pth|pt|onnx|jpg)$")


def source(hub: FakeHub, **options: object) -> HubSource:
    """A source on the fake Hub with test-sized retry waits."""
    settings: dict[str, object] = {"backoff": 0.01, "max_wait": 2.0, "timeout": 5.0, **options}
    return HubSource(endpoint=hub.endpoint, **settings)  # type: ignore[arg-type]


def fixture_bytes(repo_id: str, name: str) -> bytes:
    return (FIXTURES / "models" / repo_id / name).read_bytes()


def file_requests(hub: FakeHub) -> list[str]:
    return hub.paths("/resolve/")


def refused(docs: ModelDocuments) -> bool:
    """The Hub refused the license files: what licscan is told of it is a `gated` problem (a gated finding)."""
    return any(p.kind == "gated" for p in docs.problems)


# --- settings


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        ("org/name", ("org/name", None)),
        ("org/name@main", ("org/name", "main")),
        ("org/name@v1.0", ("org/name", "v1.0")),
        ("org/name@refs/pr/1", ("org/name", "refs/pr/1")),
        (f"org/name@{LLAMA_SHA}", ("org/name", LLAMA_SHA)),
        ("distilbert-base-uncased", ("distilbert-base-uncased", None)),
        (" org/name@ ", ("org/name", None)),
    ],
)
def test_parse_ref(ref: str, expected: tuple[str, str | None]) -> None:
    assert split_ref(ref) == expected


@pytest.mark.parametrize("ref", ["", "org/name/extra", "org//name", "-org/name", "org/na me", "org--x/name"])
def test_parse_ref_rejects_what_is_not_a_repo_id(ref: str) -> None:
    with pytest.raises(NotFoundError, match="not a Hub repository id"):
        split_ref(ref)


def test_settings_come_from_arguments_then_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert resolve_endpoint() == "https://huggingface.co"
    monkeypatch.setenv("HF_ENDPOINT", "https://mirror.example/")
    assert resolve_endpoint() == "https://mirror.example"
    assert resolve_endpoint("http://127.0.0.1:1") == "http://127.0.0.1:1"
    assert resolve_token() is None
    monkeypatch.setenv("HF_TOKEN", FAKE_TOKEN)
    assert resolve_token() == FAKE_TOKEN
    assert resolve_token("hf_explicit") == "hf_explicit"
    assert resolve_cache_dir() == tmp_path / "hf-home" / "hub"
    monkeypatch.delenv("HF_HUB_CACHE")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "other"))
    assert resolve_cache_dir() == tmp_path / "other" / "hub"
    assert resolve_cache_dir(tmp_path / "x") == tmp_path / "x"


def test_the_token_stored_by_hf_auth_login_is_used(_hf_isolated: Path) -> None:
    _hf_isolated.mkdir(parents=True, exist_ok=True)
    (_hf_isolated / "token").write_text(ACCEPTED_TOKEN)
    assert resolve_token() == ACCEPTED_TOKEN


def test_hf_endpoint_and_hf_token_from_the_environment(hub: FakeHub, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_ENDPOINT", hub.endpoint)
    monkeypatch.setenv("HF_TOKEN", ACCEPTED_TOKEN)
    docs = HubSource().model(LLAMA)
    assert not refused(docs)
    assert [f.path for f in docs.files] == ["LICENSE", "USE_POLICY.md"]
    assert {r.token for r in hub.requests if "/resolve/" in r.path} == {ACCEPTED_TOKEN}


# --- reading a model, pinned to its commit


def test_model_is_pinned_to_the_commit(hub: FakeHub) -> None:
    docs = source(hub).model(MISTRAL)
    sha = hub.repo(MISTRAL).refs["main"]
    assert docs.id == MISTRAL
    assert docs.source == "hub"
    assert docs.revision == sha
    assert docs.url == f"{hub.endpoint}/{MISTRAL}"
    assert docs.card.licenses == ("apache-2.0",)
    assert docs.card.pipeline_tag == "text-generation"
    assert "license:apache-2.0" in docs.card.tags
    (license_file,) = docs.files
    content = fixture_bytes(MISTRAL, "LICENSE")
    assert license_file.path == "LICENSE"
    assert license_file.sha256 == hashlib.sha256(content).hexdigest()
    assert license_file.text == content.decode()
    assert docs.readme is None  # the card and LICENSE settle it
    assert "pytorch_model-00001-of-00002.bin" in docs.repo_files
    assert docs.problems == ()
    # model_info once, then HEAD + GET of LICENSE only, at the commit sha.
    assert hub.paths() == [
        f"/api/models/{MISTRAL}",
        f"/{MISTRAL}/resolve/{sha}/LICENSE",
        f"/{MISTRAL}/resolve/{sha}/LICENSE",
    ]


def test_revision_given_as_branch_tag_or_argument_resolves_to_a_sha(hub: FakeHub) -> None:
    hub_source = source(hub)
    for ref, revision in [(f"{QWEN}@legacy", None), (f"{QWEN}@v1.0", None), (QWEN, "v1.0"), (f"{QWEN}@v1.0", "v1.0")]:
        hub.reset_requests()
        docs = hub_source.model(ref, revision=revision)
        assert docs.revision == QWEN_OLD_SHA
        assert docs.card.license_name == "tongyi-qianwen"
        assert docs.files[0].text == fixture_bytes(QWEN, "_revisions/tongyi/LICENSE").decode()
        assert all(f"/resolve/{QWEN_OLD_SHA}/" in path for path in file_requests(hub))
    current = hub_source.model(QWEN)
    assert current.revision == QWEN_SHA
    assert current.card.license_name == "qwen"
    assert current.files[0].text == fixture_bytes(QWEN, "LICENSE").decode()


def test_a_short_sha_resolves(hub: FakeHub) -> None:
    assert source(hub).model(f"{QWEN}@{QWEN_OLD_SHA[:7]}").revision == QWEN_OLD_SHA


def test_two_different_revisions_is_an_error(hub: FakeHub) -> None:
    with pytest.raises(NotFoundError, match="two revisions"):
        source(hub).model(f"{QWEN}@legacy", revision="main")


def test_a_warm_cache_downloads_nothing(hub: FakeHub) -> None:
    first = source(hub, token=ACCEPTED_TOKEN).model(LLAMA)
    assert len(file_requests(hub)) == 4
    hub.reset_requests()
    again = source(hub, token=ACCEPTED_TOKEN).model(LLAMA)
    assert hub.paths() == [f"/api/models/{LLAMA}"]
    assert again.files == first.files
    assert again.revision == LLAMA_SHA


def test_offline_reads_the_cache_with_no_request(hub: FakeHub, monkeypatch: pytest.MonkeyPatch) -> None:
    online = source(hub, token=ACCEPTED_TOKEN).model(LLAMA)
    source(hub).model(f"{QWEN}@v1.0")
    hub.reset_requests()
    offline = HubSource(offline=True).model(LLAMA)
    assert offline.revision == LLAMA_SHA
    assert offline.card == online.card
    assert offline.files == online.files
    assert offline.repo_files == online.repo_files
    assert not refused(offline)
    old = HubSource(offline=True).model(f"{QWEN}@v1.0")
    assert old.revision == QWEN_OLD_SHA
    assert old.card.license_name == "tongyi-qianwen"
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    assert HubSource(endpoint=hub.endpoint).model(f"{LLAMA}@{LLAMA_SHA}").files == online.files
    assert hub.requests == []


def test_offline_without_the_revision_in_cache_says_so(hub: FakeHub) -> None:
    source(hub).model(MISTRAL)
    with pytest.raises(FetchError, match=r"offline: .*Llama-3.1-8B-Instruct@main is not in the Hugging Face cache"):
        HubSource(offline=True).model(LLAMA)
    with pytest.raises(FetchError, match="@v9 is not in the Hugging Face cache"):
        HubSource(offline=True).model(f"{MISTRAL}@v9")
    with pytest.raises(FetchError, match="is not in the Hugging Face cache"):
        HubSource(offline=True).model(f"{MISTRAL}@../../../models--{MISTRAL.replace('/', '--')}/refs/main")
    assert hub.count("/api/") == 1


def test_offline_from_an_hf_download_snapshot(tmp_path: Path) -> None:
    """A cache filled by `hf download` (no model_info record): the snapshot's README is the card."""
    repo = tmp_path / "hf-home" / "hub" / "models--someorg--downloaded"
    sha = "ab" * 20
    (repo / "refs").mkdir(parents=True)
    (repo / "refs" / "main").write_text(sha)
    snapshot = repo / "snapshots" / sha
    snapshot.mkdir(parents=True)
    (snapshot / "README.md").write_text("---\nlicense: other\nlicense_name: qwen\nbase_model: Qwen/Qwen2.5-72B\n---\n")
    (snapshot / "LICENSE").write_bytes(fixture_bytes(QWEN, "LICENSE"))
    docs = HubSource(offline=True).model("someorg/downloaded")
    assert docs.revision == sha
    assert (docs.card.licenses, docs.card.license_name) == (("other",), "qwen")
    assert docs.card.base_models == ("Qwen/Qwen2.5-72B",)
    assert [f.path for f in docs.files] == ["LICENSE"]


def test_license_change_upstream_is_a_new_commit(hub: FakeHub) -> None:
    before = source(hub).model(QWEN)
    new_sha = hub.commit(QWEN, {"LICENSE": "Qwen LICENSE AGREEMENT, revised.\n"})
    after = source(hub).model(QWEN)
    assert after.revision == new_sha != before.revision
    assert after.files[0].text == "Qwen LICENSE AGREEMENT, revised.\n"
    assert after.files[0].sha256 != before.files[0].sha256
    assert source(hub).model(f"{QWEN}@{before.revision}").files == before.files


# --- gating and access


def test_gated_without_token_keeps_the_card(hub: FakeHub) -> None:
    docs = source(hub).model(LLAMA)
    assert refused(docs)
    assert docs.files == ()
    assert docs.readme is None
    assert docs.revision == LLAMA_SHA
    assert docs.card.licenses == ("llama3.1",)
    assert docs.card.gated is True
    assert "extra_gated_prompt" in docs.card.extra_gated
    (problem,) = docs.problems
    assert problem.kind == "gated"
    assert f"{hub.endpoint}/{LLAMA}" in problem.message
    assert "HF_TOKEN" in problem.message
    assert len(file_requests(hub)) == 1  # it stops at the first refusal


def test_gated_with_the_accepted_token_reads_the_files(hub: FakeHub) -> None:
    docs = source(hub, token=ACCEPTED_TOKEN).model(LLAMA)
    assert not refused(docs)
    assert docs.problems == ()
    assert [f.path for f in docs.files] == ["LICENSE", "USE_POLICY.md"]
    assert docs.files[0].text == fixture_bytes(LLAMA, "LICENSE").decode()
    assert docs.files[1].text == fixture_bytes(LLAMA, "USE_POLICY.md").decode()
    assert all(f"/resolve/{LLAMA_SHA}/" in path for path in file_requests(hub))
    assert not any(WEIGHTS.search(path) for path in hub.paths())


def test_gated_with_a_token_without_access(hub: FakeHub) -> None:
    docs = source(hub, token=FAKE_TOKEN).model(LLAMA)
    assert refused(docs)
    assert "has no access" in docs.problems[0].message
    assert FAKE_TOKEN not in docs.problems[0].message


def test_gated_offline_after_a_refusal(hub: FakeHub) -> None:
    source(hub).model(LLAMA)
    hub.reset_requests()
    docs = HubSource(offline=True).model(LLAMA)
    assert refused(docs)
    assert [p.kind for p in docs.problems] == ["gated"]
    assert docs.card.licenses == ("llama3.1",)
    assert hub.requests == []


def test_repository_not_found(hub: FakeHub) -> None:
    with pytest.raises(
        NotFoundError, match=r"repository not found: someorg/no-such-model \(or private: set HF_TOKEN\)"
    ):
        source(hub).model("someorg/no-such-model")


def test_private_repository(hub: FakeHub) -> None:
    with pytest.raises(NotFoundError, match="repository not found: someorg/private-model"):
        source(hub).model("someorg/private-model")
    assert source(hub, token=ACCEPTED_TOKEN).model("someorg/private-model").card.licenses == ("mit",)


def test_revision_not_found(hub: FakeHub) -> None:
    with pytest.raises(NotFoundError, match=f"revision not found: {MISTRAL}@no-such-branch"):
        source(hub).model(f"{MISTRAL}@no-such-branch")


# --- retries


def test_a_server_error_is_retried(hub: FakeHub) -> None:
    hub.add_fault("^/api/models/", status=500)
    hub.add_fault("/resolve/.*/LICENSE$", status=503, method="HEAD")
    docs = source(hub).model(MISTRAL)
    assert [f.path for f in docs.files] == ["LICENSE"]
    assert hub.count("^/api/models/") == 2
    assert len(hub.paths("/resolve/", method="HEAD")) == 2


def test_retry_after_is_honoured(hub: FakeHub) -> None:
    hub.add_fault("^/api/models/", status=429, retry_after=0.4)
    started = time.monotonic()
    docs = source(hub, backoff=0.0).model(MISTRAL)
    assert time.monotonic() - started >= 0.4
    assert docs.revision is not None
    assert hub.count("^/api/models/") == 2


def test_retry_after_is_capped(hub: FakeHub) -> None:
    hub.add_fault("/resolve/", status=429, retry_after=3600, method="HEAD")
    started = time.monotonic()
    docs = source(hub, max_wait=0.1).model(MISTRAL)
    assert time.monotonic() - started < 5
    assert [f.path for f in docs.files] == ["LICENSE"]


def test_a_dropped_connection_is_retried(hub: FakeHub) -> None:
    hub.add_fault("^/api/models/", drop=True)
    hub.add_fault("/resolve/.*/LICENSE$", drop=True, method="GET")
    docs = source(hub).model(MISTRAL)
    assert docs.files[0].text == fixture_bytes(MISTRAL, "LICENSE").decode()
    assert hub.count("^/api/models/") == 2
    assert len(hub.paths("/resolve/", method="GET")) == 2


def test_a_timeout_is_retried(hub: FakeHub) -> None:
    hub.add_fault("^/api/models/", delay=1.0)
    docs = source(hub, timeout=0.3).model(MISTRAL)
    assert docs.card.licenses == ("apache-2.0",)
    assert hub.count("^/api/models/") == 2


def test_persistent_server_errors_end_in_fetch_error(hub: FakeHub) -> None:
    hub.add_fault("^/api/models/", status=500, times=100)
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"kept failing: GET .*HTTP 500 \(gave up after 3 attempts\)"):
        source(hub, retries=2).model(MISTRAL)
    assert hub.count("^/api/models/") == 3
    assert time.monotonic() - started < 5


def test_persistent_file_errors_are_a_problem_not_a_crash(hub: FakeHub) -> None:
    hub.add_fault(r"/resolve/.*/LICENSE$", status=502, times=100)
    docs = source(hub, retries=1, token=ACCEPTED_TOKEN).model(LLAMA)
    assert [f.path for f in docs.files] == ["USE_POLICY.md"]
    (problem,) = docs.problems
    assert (problem.kind, problem.file) == ("fetch-error", "LICENSE")
    assert "HTTP 502" in problem.message
    assert hub.count(r"/resolve/.*/LICENSE$") == 2


def test_a_refused_file_is_a_problem_that_says_why(hub: FakeHub) -> None:
    hub.add_fault("/resolve/.*/LICENSE$", status=403, method="HEAD")
    docs = source(hub).model(MISTRAL)
    (problem,) = docs.problems
    assert (problem.kind, problem.file) == ("fetch-error", "LICENSE")
    assert "403" in problem.message
    assert hub.count("/resolve/") == 1  # not retried


def test_a_listed_file_the_hub_does_not_find(hub: FakeHub) -> None:
    hub.add_fault("/resolve/.*/LICENSE$", status=404, error_code="EntryNotFound", method="HEAD")
    docs = source(hub, token=ACCEPTED_TOKEN).model(LLAMA)
    assert [f.path for f in docs.files] == ["USE_POLICY.md"]
    (problem,) = docs.problems
    assert (problem.kind, problem.file) == ("fetch-error", "LICENSE")
    assert f"did not find it at {LLAMA_SHA}" in problem.message


def test_an_unreachable_hub_is_a_fetch_error(hub: FakeHub) -> None:
    endpoint = hub.endpoint
    hub.stop()
    with pytest.raises(FetchError, match=r"kept failing.*ConnectError"):
        HubSource(endpoint=endpoint, retries=1, backoff=0.0).model(MISTRAL)


def test_the_token_never_shows(hub: FakeHub, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="huggingface_hub")
    texts: list[str] = []
    hub_source = source(hub, token=FAKE_TOKEN, retries=1)
    texts.append(repr(hub_source))
    for ref in ["someorg/private-model", "someorg/no-such-model", f"{MISTRAL}@nope"]:
        with pytest.raises(NotFoundError) as not_found:
            hub_source.model(ref)
        texts.append(str(not_found.value))
    texts += [p.message for p in hub_source.model(LLAMA).problems]
    hub.add_fault("/resolve/", status=500, times=100)
    texts += [p.message for p in hub_source.model(QWEN).problems]
    hub.add_fault("^/api/", status=500, times=100)
    with pytest.raises(FetchError) as failed:
        hub_source.model(MISTRAL)
    texts += [str(failed.value), repr(failed.value)]
    assert any("HTTP 500" in text for text in texts)
    assert all(FAKE_TOKEN not in text for text in texts)
    assert "retrying" in caplog.text  # the logs were captured, retries included
    assert FAKE_TOKEN not in caplog.text
    assert {r.token for r in hub.requests} == {FAKE_TOKEN}  # it was sent, only never shown


# --- what real cards look like, through the Hub


def test_gguf_quantization(hub: FakeHub) -> None:
    docs = source(hub).model("someorg/Llama-3.1-8B-Instruct-GGUF")
    card = docs.card
    assert card.licenses == ("apache-2.0",)
    assert card.base_models == ("meta-llama/Llama-3.1-8B-Instruct",)
    assert (card.base_model_relation, card.relation_source) == ("quantized", "tags")
    assert "Llama-3.1-8B-Instruct-Q4_K_M.gguf" in docs.repo_files
    assert docs.files == ()
    # The GGUF files' headers are read, with ranged GETs only; no other weights are touched.
    assert [(h.path, h.license, h.base_ids) for h in docs.gguf] == [
        ("Llama-3.1-8B-Instruct-Q4_K_M.gguf", "llama3.1", ("meta-llama/Llama-3.1-8B-Instruct",)),
        ("Llama-3.1-8B-Instruct-Q8_0.gguf", "llama3.1", ("meta-llama/Llama-3.1-8B-Instruct",)),
    ]
    assert all(b.range and b.status == 206 for b in hub.bodies(r"\.gguf$"))
    assert not any(WEIGHTS.search(path) for path in hub.paths() if not path.endswith(".gguf"))


def test_a_gguf_header_costs_kilobytes_of_a_big_file(hub: FakeHub) -> None:
    big = gguf_bytes(tensor_mib=24, tokens=100_000)
    hub.add_repo(
        "someorg/big-GGUF",
        {
            "README.md": "---\nlicense: apache-2.0\n---\n",
            "big-Q4_K_M-00001-of-00002.gguf": big,
            "big-Q4_K_M-00002-of-00002.gguf": big,
        },
    )
    docs = source(hub).model("someorg/big-GGUF")
    (header,) = docs.gguf
    assert (header.path, header.license) == ("big-Q4_K_M-00001-of-00002.gguf", "llama3.1")
    assert docs.problems == ()
    bodies = hub.bodies(r"\.gguf$")
    # One ranged GET of the first shard, pinned to the commit; the second shard is not touched.
    assert [(b.path.rsplit("/", 1)[-1], b.range, b.status) for b in bodies] == [
        ("big-Q4_K_M-00001-of-00002.gguf", "bytes=0-65535", 206)
    ]
    assert f"/resolve/{docs.revision}/" in bodies[0].path
    assert hub.bytes_sent(r"\.gguf$") == header.bytes_read == 65536 and len(big) > 300 * 65536


def test_a_broken_gguf_is_a_problem_and_the_rest_is_read(hub: FakeHub) -> None:
    hub.add_repo(
        "someorg/broken-GGUF",
        {"README.md": "---\nlicense: mit\n---\n", "a.gguf": b"not a gguf file", "b.gguf": gguf_bytes(license="mit")},
    )
    docs = source(hub).model("someorg/broken-GGUF")
    assert [h.license for h in docs.gguf] == [None, "mit"]
    (problem,) = docs.problems
    assert problem.kind == "fetch-error" and problem.file == "a.gguf" and "not a GGUF file" in problem.message


def test_a_gguf_the_hub_fails_to_serve_is_a_problem(hub: FakeHub) -> None:
    hub.add_repo("someorg/flaky-GGUF", {"README.md": "---\nlicense: mit\n---\n", "m.gguf": gguf_bytes()})
    hub.add_fault(r"m\.gguf$", status=500, times=10)
    docs = source(hub, retries=1).model("someorg/flaky-GGUF")
    (problem,) = docs.problems
    assert problem.file == "m.gguf" and "GGUF header could not be read" in problem.message
    assert docs.gguf[0].license is None


def test_a_gated_gguf_repo_without_access_reads_no_header(hub: FakeHub) -> None:
    hub.add_repo(
        "someorg/gated-GGUF",
        {"README.md": "---\nlicense: mit\n---\n", "LICENSE": "MIT", "m.gguf": gguf_bytes()},
        gated="manual",
    )
    docs = source(hub).model("someorg/gated-GGUF")
    assert refused(docs) and docs.gguf == ()
    assert hub.bodies(r"\.gguf$") == []


def test_offline_gives_the_headers_read_online_at_that_commit(hub: FakeHub) -> None:
    files = {"README.md": "---\nlicense: mit\n---\n", "m.gguf": gguf_bytes(), "bad.gguf": b"nope"}
    hub.add_repo("someorg/offline-GGUF", files)
    online = source(hub).model("someorg/offline-GGUF")
    assert [h.license for h in online.gguf] == [None, "llama3.1"]
    hub.reset_requests()
    offline = source(hub, offline=True).model("someorg/offline-GGUF")
    assert offline.gguf == online.gguf and offline.problems == online.problems
    assert hub.count() == 0


def test_offline_a_gguf_never_read_is_a_problem(hub: FakeHub) -> None:
    hub.add_repo("someorg/offline-GGUF", {"README.md": "---\nlicense: mit\n---\n", "m.gguf": gguf_bytes()})
    online = source(hub).model("someorg/offline-GGUF")
    hub.commit("someorg/offline-GGUF", {"n.gguf": gguf_bytes(license="mit")})
    source(hub).model("someorg/offline-GGUF")  # the new commit, recorded
    offline = source(hub, offline=True).model(f"someorg/offline-GGUF@{online.revision}")
    assert [h.path for h in offline.gguf] == ["m.gguf"] and offline.problems == ()
    folder = records_dir(Path(source(hub).cache_dir))
    assert folder is not None
    records = folder / "models--someorg--offline-GGUF"
    for record in records.glob("*.gguf.json"):
        record.unlink()
    problems = source(hub, offline=True).model("someorg/offline-GGUF").problems
    assert [p.file for p in problems] == ["m.gguf", "n.gguf"] and all("offline" in p.message for p in problems)


def test_adapter_and_merge(hub: FakeHub) -> None:
    lora = source(hub).model("someorg/Llama-3.1-8B-support-lora").card
    assert (lora.base_model_relation, lora.relation_source) == ("adapter", "declared")
    assert lora.base_models == ("meta-llama/Llama-3.1-8B-Instruct",)
    merge = source(hub).model("someorg/mistral-hermes-slerp").card
    assert merge.base_models == ("mistralai/Mistral-7B-v0.1", "teknium/OpenHermes-2.5-Mistral-7B")
    assert (merge.base_model_relation, merge.relation_source) == ("merge", "declared")
    assert not any(WEIGHTS.search(path) for path in hub.paths())


def test_license_list_in_uppercase(hub: FakeHub) -> None:
    docs = source(hub).model("someorg/tiny-mit-classifier")
    assert docs.card.licenses == ("mit",)
    assert docs.files[0].text is not None and docs.files[0].text.startswith("MIT License")


def test_contradictory_license_and_name(hub: FakeHub) -> None:
    card = source(hub).model("someorg/freeuse-model").card
    assert (card.licenses, card.license_name) == (("cc-by-nc-4.0",), "freeuse")


def test_a_card_naming_itself_as_base(hub: FakeHub) -> None:
    assert source(hub).model("someorg/self-base-model").card.base_models == ("meta-llama/Llama-3.2-1B",)


def test_a_malformed_card(hub: FakeHub) -> None:
    docs = source(hub).model("someorg/malformed-card")
    assert docs.card.licenses == ()  # the Hub gives no card data for it
    assert [f.path for f in docs.files] == ["LICENSE"]
    assert docs.readme is None  # the LICENSE settles it once read
    assert [(p.kind, p.file, p.line) for p in docs.problems] == [("malformed-card", "README.md", 4)]


def test_a_non_utf8_readme(hub: FakeHub) -> None:
    docs = source(hub).model("someorg/latin1-card")
    assert docs.card.licenses == ()
    assert docs.readme is not None and docs.readme.error == "not UTF-8 text"
    assert [(p.kind, p.file) for p in docs.problems] == [("unreadable-file", "README.md")]


def test_datasets_and_license_only_in_tags(hub: FakeHub) -> None:
    assert source(hub).model("someorg/model-with-datasets").card.datasets == ("someorg/instruct-mix", "allenai/c4")
    assert source(hub).model("someorg/tag-only-license").card.licenses == ("mit",)


def test_license_link_forms(hub: FakeHub) -> None:
    terms = source(hub).model("someorg/terms-link")
    assert [f.path for f in terms.files] == ["TERMS OF USE.md", "docs/LICENSE-THIRD-PARTY.txt"]
    assert terms.files[0].text == fixture_bytes("someorg/terms-link", "TERMS OF USE.md").decode()
    assert hub.count("/resolve/.*/TERMS%20OF%20USE.md$") == 2
    assert hub.count("deep/er") == 0
    assert not any(WEIGHTS.search(path) for path in hub.paths())
    flux = source(hub, token=ACCEPTED_TOKEN).model("black-forest-labs/FLUX.1-dev")
    assert flux.card.license_link == "https://huggingface.co/black-forest-labs/FLUX.1-dev/blob/main/LICENSE.md"
    assert flux.card.license_name == "flux-1-dev-non-commercial-license"
    assert [f.path for f in flux.files] == ["LICENSE.md"]
    sd = source(hub, token=ACCEPTED_TOKEN).model("stabilityai/stable-diffusion-3.5-large")
    assert (sd.card.licenses, sd.card.license_name) == (("other",), "stabilityai-ai-community")
    assert [f.path for f in sd.files] == ["LICENSE.md"]
    assert sd.card.pipeline_tag == "text-to-image"


def test_gemma_links_its_terms_and_has_no_license_file(hub: FakeHub) -> None:
    docs = source(hub).model("google/gemma-2-9b")
    assert docs.card.licenses == ("gemma",)
    assert docs.card.license_link == "https://ai.google.dev/gemma/terms"
    assert docs.card.gated is True
    assert (docs.files, docs.readme, refused(docs)) == ((), None, False)
    assert file_requests(hub) == []


def test_vision_model_region_and_pipeline(hub: FakeHub) -> None:
    docs = source(hub, token=ACCEPTED_TOKEN).model("meta-llama/Llama-3.2-11B-Vision-Instruct")
    assert docs.card.eu_disallowed is True
    assert docs.card.pipeline_tag == "image-text-to-text"
    assert docs.card.licenses == ("llama3.2",)
    assert [f.path for f in docs.files] == ["LICENSE.txt", "USE_POLICY.md"]


def test_card_forms_the_hub_parses_and_ignores(hub: FakeHub) -> None:
    assert source(hub).model("someorg/crcrlf-card").card.licenses == ("cc-by-4.0",)
    commented = source(hub).model("someorg/commented-front-matter")
    assert commented.card.licenses == ()
    assert commented.readme is not None  # nothing settles the license: the prose is wanted
    assert commented.problems == ()


# --- the README and big files


def test_readme_is_read_only_when_wanted(hub: FakeHub) -> None:
    asked: list[tuple[CardMetadata, tuple[DocumentFile, ...]]] = []

    def never(card: CardMetadata, files: tuple[DocumentFile, ...]) -> bool:
        asked.append((card, files))
        return False

    docs = source(hub).model(QWEN, readme_wanted=never)
    assert docs.readme is None
    assert hub.count("README.md") == 0
    ((card, files),) = asked
    assert card.license_name == "qwen"
    assert [f.path for f in files] == ["LICENSE"]
    docs = source(hub).model(QWEN, readme_wanted=lambda card, files: True)
    assert docs.readme is not None and docs.readme.text is not None
    # The prose is the evidence; the metadata block is not part of it (the hash still covers the whole file).
    assert docs.readme.text.strip() == "# Qwen2.5-72B-Instruct" and "license:" not in docs.readme.text
    assert docs.readme.size == len((FIXTURES / "models" / QWEN / "README.md").read_bytes())
    assert hub.count(f"/resolve/{QWEN_SHA}/README.md$") == 2


def test_huge_file_is_capped(hub: FakeHub) -> None:
    content = ("Terms and conditions. " * 150_000).encode()
    sha = hub.add_repo("someorg/huge-license", {"README.md": "---\nlicense: other\n---\n", "LICENSE": content})
    docs = source(hub, max_file_bytes=1024 * 1024).model("someorg/huge-license")
    (document,) = docs.files
    assert docs.revision == sha
    assert document.truncated is True
    assert document.size == len(content)
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert document.text is not None and len(document.text) == 1024 * 1024
    assert [(p.kind, p.file) for p in docs.problems] == [("truncated-file", "LICENSE")]


# --- datasets


def test_dataset_licenses(hub: FakeHub) -> None:
    mix = source(hub).dataset("someorg/instruct-mix")
    assert mix.id == "someorg/instruct-mix"
    assert mix.licenses == ("cc-by-nc-4.0",)
    assert mix.revision == hub.repo("someorg/instruct-mix", "dataset").refs["main"]
    assert mix.url == f"{hub.endpoint}/datasets/someorg/instruct-mix"
    assert source(hub).dataset("allenai/c4").licenses == ("odc-by",)
    assert hub.paths() == ["/api/datasets/someorg/instruct-mix", "/api/datasets/allenai/c4"]
    hub.reset_requests()
    assert HubSource(offline=True).dataset("allenai/c4").licenses == ("odc-by",)
    assert hub.requests == []


def test_dataset_not_found(hub: FakeHub) -> None:
    with pytest.raises(NotFoundError, match="dataset repository not found: someorg/nothing"):
        source(hub).dataset("someorg/nothing")


def test_a_header_that_runs_to_the_exact_end_of_the_file_is_truncated_not_a_network_error(hub: FakeHub) -> None:
    # 64 KiB exactly: the second read starts at the end of the file, and the Hub answers 416.
    data = b"GGUF" + (3).to_bytes(4, "little") + (0).to_bytes(8, "little") + (1).to_bytes(8, "little")
    data += (65536 - len(data) - 8).to_bytes(8, "little")  # a key that ends exactly at 64 KiB
    data += b"g" * (65536 - len(data))
    hub.add_repo("someorg/exact-GGUF", {"README.md": "---\nlicense: mit\n---\n", "m.gguf": data})
    docs = source(hub).model("someorg/exact-GGUF")
    (problem,) = docs.problems
    assert "truncated" in problem.message, problem.message
    assert [b.status for b in hub.bodies(r"\.gguf$")] == [206, 416]


def test_a_server_that_ignores_range_is_read_only_as_far_as_asked(hub: FakeHub) -> None:
    big = gguf_bytes(tensor_mib=32)
    hub.add_repo("someorg/no-range-GGUF", {"README.md": "---\nlicense: mit\n---\n", "m.gguf": big})
    hub.ignore_ranges = True
    docs = source(hub).model("someorg/no-range-GGUF")
    (header,) = docs.gguf
    assert header.license == "llama3.1" and header.bytes_read == 65536 and docs.problems == ()
    (body,) = hub.bodies(r"\.gguf$")
    assert (body.status, body.range) == (200, "bytes=0-65535")
