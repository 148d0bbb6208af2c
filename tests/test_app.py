"""The use cases called as a program calls them, without the command line: a frozen request in, a result and an exit
code out, and what the run says collected in a list instead of printed."""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import pytest

from licscan.app.census import CensusRequest, census
from licscan.app.check import CheckRequest, check
from licscan.app.classify import ClassifyRequest, classify
from licscan.app.discover import DiscoverRequest, discover
from licscan.app.interface import HubSettings, Settings, Target
from licscan.app.licenses import list_licenses
from licscan.app.lock import LockRequest, lock
from licscan.app.notice import NoticeRequest, notice
from licscan.app.report import ReportRequest, report
from licscan.app.rights import RightsRequest, rights
from licscan.app.scan import ScanRequest, scan
from licscan.errors import UsageError
from licscan.results import ModelResult
from tests.hubserver import FakeHub

ROOT = Path(__file__).resolve().parents[1]
SAAS = Settings(policy=Path("policies/commercial-saas.yaml"))
OFFLINE = Settings(hub=HubSettings(offline=True))
CLASSIFIER = Target("examples/models/in-house-classifier", local=True)
STABILITY = Target("examples/models/sd-marketing-images", local=True)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def finding(model: ModelResult, finding_id: str) -> list[dict[str, object]]:
    return [f.model_dump() for f in model.findings if f.id == finding_id]


# scan


def test_an_apache_model_passes_a_saas_company_and_a_revenue_capped_one_fails_it(repo: Path) -> None:
    said: list[str] = []
    ok = scan(ScanRequest((CLASSIFIER,), SAAS), said.append)
    assert ok.code == 0 and ok.result.models[0].license == "apache-2.0" and ok.result.models[0].verdict == "pass"
    capped = scan(ScanRequest((STABILITY,), SAAS), said.append)
    assert capped.code == 1 and capped.result.models[0].verdict == "fail"
    assert finding(capped.result.models[0], "revenue-cap")
    assert said == []  # nothing unreadable, no exception to account for


def test_a_hub_model_not_in_the_cache_offline_is_a_runtime_failure_named_on_stderr(repo: Path) -> None:
    said: list[str] = []
    out = scan(ScanRequest((Target("acme/never-downloaded"),), OFFLINE), said.append)
    assert out.code == 3 and out.result.models[0].verdict == "error"
    assert any("acme/never-downloaded" in line and line.startswith("licscan: error:") for line in said)


# check: the lock, the code, and the policy's exceptions, each added finding through them once


def _locked_then_swapped(repo: Path) -> Path:
    m = write(repo / "models.yaml", "models:\n  - path: examples/models/support-bot-gguf\n")
    assert lock(LockRequest(m)).code == 0
    # Upstream swaps the Llama 3.1 license text for Llama 3.3's.
    shutil.copy(ROOT / "licenses" / "texts" / "llama-3.3.txt", repo / "examples/models/support-bot-gguf/LICENSE")
    return m


def test_a_license_file_changed_since_the_lock_fails_the_gate(repo: Path) -> None:
    m = _locked_then_swapped(repo)
    out = check(CheckRequest(m, lock=repo / "licscan.lock"))
    model = out.result.models[0]
    assert out.code == 1 and model.verdict == "fail"
    [changed] = finding(model, "license-changed")
    assert changed["waived"] is None and "llama3.3" in str(changed["message"])


def test_an_exception_for_the_change_waives_it_and_is_not_called_stale(repo: Path) -> None:
    m = _locked_then_swapped(repo)
    policy = write(
        repo / "waive.yaml",
        "name: Reviewed\nexceptions:\n  - model: examples/models/support-bot-gguf\n    finding: license-changed\n"
        "    reason: Llama 3.3 reviewed by legal\n    approved_by: legal@example.com\n    expires: 2099-01-01\n",
    )
    said: list[str] = []
    out = check(CheckRequest(m, Settings(policy=policy), lock=repo / "licscan.lock"), said.append)
    model = out.result.models[0]
    [changed] = finding(model, "license-changed")
    assert changed["waived"] is not None and model.verdict != "fail"
    # It waived the drift: neither stderr nor the report may call it unused.
    assert not [line for line in said if "stale" in line]
    assert out.result.policy is not None and out.result.policy.stale_exceptions == []


def test_an_expired_exception_is_noted_once_on_each_finding_even_when_the_lock_adds_one(repo: Path) -> None:
    m = _locked_then_swapped(repo)
    policy = write(
        repo / "expired.yaml",
        "name: Lapsed\nexceptions:\n  - model: examples/models/support-bot-gguf\n"
        "    reason: Reviewed last year\n    approved_by: legal@example.com\n    expires: 2020-01-01\n",
    )
    said: list[str] = []
    out = check(CheckRequest(m, Settings(policy=policy), lock=repo / "licscan.lock"), said.append)
    model = out.result.models[0]
    assert out.code == 1 and finding(model, "license-changed")[0]["waived"] is None
    notes = [f.message.count("expired on 2020-01-01") for f in model.findings]
    assert max(notes) == 1  # the scan's findings are not matched a second time when the drift is added
    assert sum("expired on 2020-01-01" in line for line in said) == 1


def _code_using(repo: Path, model_id: str) -> Path:
    src = repo / "src"
    src.mkdir()
    write(src / "serve.py", f'from transformers import AutoModel\n\nAutoModel.from_pretrained("{model_id}")\n')
    return src


def test_a_model_the_code_loads_but_the_manifest_lacks_fails_unless_an_exception_names_it(repo: Path) -> None:
    m = write(repo / "models.yaml", "models:\n  - path: examples/models/in-house-classifier\n")
    src = _code_using(repo, "facebook/opt-125m")
    out = check(CheckRequest(m, OFFLINE, discover=(src,), cwd=repo))
    unlisted = [x for x in out.result.models if x.id == "facebook/opt-125m"]
    assert out.code == 1 and unlisted and unlisted[0].verdict == "fail"
    policy = write(
        repo / "sandbox.yaml",
        "name: Sandbox\nexceptions:\n  - model: facebook/*\n    finding: unlisted-model\n"
        "    reason: Evaluated in a sandbox only\n    approved_by: legal@example.com\n    expires: 2099-01-01\n",
    )
    waived = check(CheckRequest(m, Settings(policy=policy, hub=OFFLINE.hub), discover=(src,), cwd=repo))
    assert waived.code == 0
    assert [x.verdict for x in waived.result.models if x.id == "facebook/opt-125m"] == ["pass"]


def test_a_listed_model_no_code_uses_is_noted_and_an_exception_for_that_model_covers_the_note(repo: Path) -> None:
    m = write(repo / "models.yaml", "models:\n  - path: examples/models/in-house-classifier\n")
    src = _code_using(repo, "examples/models/in-house-classifier")
    (src / "serve.py").write_text("print('no model here')\n", encoding="utf-8")
    said: list[str] = []
    out = check(CheckRequest(m, OFFLINE, discover=(src,), cwd=repo), said.append)
    [unused] = finding(out.result.models[0], "unused-model")
    assert unused["waived"] is None and out.code == 0
    assert any(line.startswith("licscan: note: ") and "no code under" in line for line in said)
    policy = write(
        repo / "known.yaml",
        "name: Known\nexceptions:\n  - model: examples/models/in-house-classifier\n"
        "    reason: Loaded by the batch job outside src\n"
        "    approved_by: legal@example.com\n    expires: 2099-01-01\n",
    )
    said.clear()
    out = check(CheckRequest(m, Settings(policy=policy, hub=OFFLINE.hub), discover=(src,), cwd=repo), said.append)
    assert finding(out.result.models[0], "unused-model")[0]["waived"] is not None
    assert not any("no code under" in line for line in said)


# notice and report


def test_the_notice_of_a_distributed_llama_quantization_names_its_license_and_an_internal_model_is_not_shipped(
    repo: Path,
) -> None:
    m = write(
        repo / "models.yaml",
        "models:\n  - path: examples/models/support-bot-gguf\n    use: {distribute_weights: true}\n"
        "  - path: examples/models/in-house-classifier\n",
    )
    said: list[str] = []
    out = notice(NoticeRequest(m), said.append)
    assert said[0].startswith("licscan: note: no policy: only models whose manifest `use:` distributes or hosts")
    assert "Llama 3.1" in out.result.text
    assert [s.id for s in out.result.plan.models] == ["examples/models/support-bot-gguf"]
    assert out.result.plan.internal == ["examples/models/in-house-classifier"]
    assert out.after[0].startswith("licscan: wrote the NOTICE: 1 model(s) shipped, 1 used internally only")
    assert out.code == 0


def test_a_report_of_a_manifest_carries_what_shipping_requires_and_names_each_failure_after_the_document(
    repo: Path,
) -> None:
    m = write(
        repo / "models.yaml",
        "models:\n  - path: examples/models/sd-marketing-images\n  - path: examples/models/in-house-classifier\n",
    )
    out = report(ReportRequest(manifest=m, settings=SAAS, with_shipping=True))
    assert out.code == 1 and out.result.ship is not None and out.result.report.manifest == str(m)
    assert any("sd-marketing-images: revenue-cap" in line for line in out.after)
    plain = report(ReportRequest(targets=(CLASSIFIER,), settings=SAAS))
    assert plain.code == 0 and plain.result.ship is None and plain.after == ()


# lock and rights


def test_a_lock_leaves_out_a_model_it_could_not_read_and_says_which(repo: Path) -> None:
    m = write(repo / "models.yaml", "models:\n  - path: examples/models/in-house-classifier\n  - id: acme/gone\n")
    said: list[str] = []
    out = lock(LockRequest(m, OFFLINE), said.append)
    assert out.code == 3 and list(out.result.models) == ["examples/models/in-house-classifier"]
    assert said[-1] == f"wrote {repo / 'licscan.lock'}: 1 model(s) locked; left out (not read in full): acme/gone"


def test_the_rights_of_an_apache_model_allow_commercial_use_with_the_clause(repo: Path) -> None:
    out = rights(RightsRequest((CLASSIFIER,)))
    [model] = out.result
    assert out.code == 0 and model.license == "apache-2.0" and model.bound == ["apache-2.0"]
    row = next(r for r in model.rights if "commercial" in r.operation)
    assert row.verdict == "allowed" and row.clause is not None


# census


def test_a_census_of_an_organisation_is_written_as_it_runs_and_an_empty_one_is_a_usage_error(hub: FakeHub) -> None:
    hub.add_org("acme", 12)
    written = io.StringIO()

    @contextmanager
    def into() -> Iterator[IO[str]]:
        yield written

    settings = Settings(hub=HubSettings(endpoint=hub.endpoint))
    said: list[str] = []
    out = census(CensusRequest(author="acme", settings=settings), into, said.append)
    assert out.result.listed == out.result.judged == 12 and out.code in (0, 1)
    assert '"acme/' in written.getvalue()
    with pytest.raises(UsageError, match="lists no model for author 'nobody'"):
        census(CensusRequest(author="nobody", settings=settings), into)


# classify and licenses


def test_a_file_that_gives_no_text_is_still_a_row_and_makes_the_run_an_input_error(tmp_path: Path) -> None:
    apache = str(ROOT / "licenses" / "texts" / "apache-2.0.txt")
    empty = write(tmp_path / "LICENSE", "")
    said: list[str] = []
    out = classify(ClassifyRequest((apache, str(empty))), said.append)
    first, second = out.result.results
    assert (first.license, first.match) == ("apache-2.0", "exact")
    assert (second.license, second.match) == (None, "none") and second.error
    assert out.code == 2 and said == [f"licscan: error: {empty}: {second.error}: nothing to classify"]
    # The JSON keeps the four keys every row has, and the others only where they say something.
    dumped = json.loads(out.result.to_json())
    assert dumped["schema_version"] == 1
    assert set(dumped["results"][0]) == {"path", "license", "match", "similarity"}
    assert set(dumped["results"][1]) == {"path", "license", "match", "similarity", "error"}


def test_a_card_sentence_that_names_a_license_is_a_reference_with_its_statement(tmp_path: Path) -> None:
    card = write(tmp_path / "README.md", "This model is released under the Llama 3.1 Community License.\n")
    [row] = classify(ClassifyRequest((str(card),))).result.results
    assert row.match == "reference" and row.license == "llama3.1"
    assert [(s.license, s.scope, s.modified) for s in row.statements] == [("llama3.1", "weights", False)]


def test_the_license_list_says_which_known_names_have_no_text_to_judge_by() -> None:
    out = list_licenses()
    by_key = {e.key: e for e in out.result.licenses}
    assert out.code == 0 and by_key["apache-2.0"].has_text and not by_key["apache-2.0"].unread
    assert any(e.unread for e in out.result.licenses)
    assert set(out.result.model_dump(mode="json")) == {"schema_version", "database_version", "licenses"}


def test_the_app_layer_does_not_import_click() -> None:
    import ast

    for module in sorted((ROOT / "licscan" / "app").glob("*.py")):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        names = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
        names += [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
        assert not [n for n in names if n.split(".")[0] == "click" or n.startswith("licscan.cli")], module.name


def test_rights_of_a_model_with_no_license_to_conclude_is_unknown_not_a_violation(repo: Path) -> None:
    folder = repo / "mystery"
    folder.mkdir()
    write(folder / "README.md", "---\nlicense: other\n---\n# Mystery model\n")
    target = (Target("./mystery", local=True),)
    # A policy judges it (an unknown license fails a SaaS company's rules); rights judges nothing: its rows say so.
    assert scan(ScanRequest(target, SAAS)).code == 1
    out = rights(RightsRequest(target))
    assert out.code == 0 and {r.verdict for r in out.result[0].rights} == {"unknown"}


def test_discover_adds_the_model_the_code_loads_to_the_manifest_and_refuses_a_broken_one_untouched(repo: Path) -> None:
    src = _code_using(repo, "facebook/opt-125m")
    m = write(repo / "models.yaml", "# our models\nmodels:\n  - path: examples/models/in-house-classifier\n")
    said: list[str] = []
    out = discover(DiscoverRequest((src,), write=m, cwd=repo), said.append)
    assert out.code == 0 and [x.id for x in out.result.models] == ["facebook/opt-125m"]
    assert "facebook/opt-125m" in m.read_text(encoding="utf-8") and "# our models" in m.read_text(encoding="utf-8")
    assert said == [f"licscan: {m}: added 1 model: facebook/opt-125m"]
    broken = write(repo / "broken.yaml", "models: [\n")
    with pytest.raises(UsageError):
        discover(DiscoverRequest((src,), write=broken, cwd=repo))
    assert broken.read_text(encoding="utf-8") == "models: [\n"
