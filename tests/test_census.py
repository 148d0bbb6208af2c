"""Census: `scan`/`report --author ORG | --search QUERY` against the local Hub's listing endpoint."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from licscan.census import Census, CensusQuery
from licscan.classify.index import load_index
from licscan.cli.main import main
from licscan.database import load_database
from licscan.results import ModelResult
from licscan.scan import HubSettings, Scanner, ScanOptions
from licscan.sources.interface import FetchError, ModelDocuments
from tests.hubserver import FakeHub

LLAMA_31 = "meta-llama/Llama-3.1-8B-Instruct"


def run(capsys: pytest.CaptureFixture[str], hub: FakeHub, *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as done:
        main([*args, "--endpoint", hub.endpoint])
    out = capsys.readouterr()
    return int(done.value.code or 0), out.out, out.err


def test_a_census_of_2500_models_concludes_each_from_the_listing_and_fetches_only_the_undecided(
    hub: FakeHub, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = hub.add_org("acme", 2500)
    hub.reset_requests()
    code, _, _ = run(capsys, hub, "scan", "--author", "acme", "--format", "json", "-o", str(tmp_path / "c.json"))
    report = json.loads((tmp_path / "c.json").read_text(encoding="utf-8"))
    census = report["census"]
    assert code == 0 and census["complete"] and census["listed"] == census["judged"] == 2500
    got = {m["id"]: m for m in report["models"]}
    assert len(got) == 2500
    wrong = [
        (g.repo_id, g.expected, got[g.repo_id]["license"]) for g in expected if got[g.repo_id]["license"] != g.expected
    ]
    assert wrong == []
    undecided = {g.repo_id for g in expected if g.undecided}
    # Only the cards that do not decide (no license; `other` with an unknown license_name) have their files read.
    assert census["files_fetched"] == len(undecided) == 75
    assert census["from_metadata"] == 2500 - len(undecided)
    for model_id, m in got.items():
        said = "files read" if model_id in undecided else "listing metadata, no files read"
        assert m["concluded_by"].startswith(said), model_id
        assert len(m["revision"]) == 40
    fetched = {p.split("/")[2] for p in hub.paths(r"^/acme/.*/resolve/")}
    assert fetched <= {m.split("/")[1] for m in undecided}
    # One of the 1 in 7 `other` + license_name cards, concluded from its name alone.
    assert got["acme/model-00006"]["license"] == "tongyi-qianwen" and got["acme/model-00006"]["files"] == []
    # Three listing pages, the undecided models' files, and each base once: far under 0.2 requests a model.
    assert hub.count(r"^/api/models$") == 3
    assert hub.count() <= 0.2 * 2500
    assert hub.count(rf"^/api/models/{LLAMA_31}") == 1
    assert census["licenses"]["(none)"] == 25 and sum(census["licenses"].values()) == 2500
    assert census["verdicts"] == report["summary"] == {"pass": 2500, "fail": 0, "error": 0}
    assert sorted(census["no_license"]) == sorted(g.repo_id for g in expected if g.expected is None)
    assert {m["id"] for m in census["mislabels"]} == {g.repo_id for g in expected if g.mislabel}


def test_the_mislabel_summary_names_derivatives_declaring_more_than_their_base_grants(
    hub: FakeHub, capsys: pytest.CaptureFixture[str]
) -> None:
    def card(body: str) -> dict[str, str]:
        return {"README.md": f"---\n{body}\n---\n"}

    hub.add_repo("tuners/llama-mit", card(f"license: mit\nbase_model: {LLAMA_31}"))
    hub.add_repo("tuners/llama-apache-adapter", card(f"license: apache-2.0\nbase_model: {LLAMA_31}"))
    hub.add_repo("tuners/llama-honest", card(f"license: llama3.1\nbase_model: {LLAMA_31}"))
    hub.add_repo("tuners/llama-nc", card(f"license: cc-by-nc-4.0\nbase_model: {LLAMA_31}"))
    hub.add_repo("tuners/mit-on-mit", card("license: apache-2.0\nbase_model: someorg/tiny-mit-classifier"))
    code, out, _ = run(capsys, hub, "scan", "--author", "tuners", "--format", "json")
    census = json.loads(out)["census"]
    assert code == 0
    assert sorted((m["id"], m["declared"], m["base"], m["base_license"]) for m in census["mislabels"]) == [
        ("tuners/llama-apache-adapter", "apache-2.0", LLAMA_31, "llama3.1"),
        ("tuners/llama-mit", "mit", LLAMA_31, "llama3.1"),
    ]
    # The mislabelled ones are concluded under the base's license, as a single-model scan does.
    models = {m["id"]: m for m in json.loads(out)["models"]}
    assert models["tuners/llama-mit"]["license"] == "llama3.1"
    assert models["tuners/llama-nc"]["license"] == "cc-by-nc-4.0"
    assert census["licenses"]["llama3.1"] == 3


def test_text_output_shows_the_summary_table_first(hub: FakeHub, capsys: pytest.CaptureFixture[str]) -> None:
    hub.add_org("acme", 120)
    code, out, _ = run(capsys, hub, "scan", "--author", "acme")
    assert code == 0
    assert out.startswith("Census of author 'acme': 120 listed, 120 judged (116 from the listing's metadata, 4 from")
    lines = out.splitlines()
    assert lines[2].split() == ["License", "Models"]
    table = lines.index("Models (license, verdict, concluded from)")
    assert lines.index("Mislabels (a derivative declaring a more permissive license than its base): 1") < table
    assert "  acme/model-00059: declares apache-2.0, base meta-llama/Llama-3.1-8B-Instruct is llama3.1" in lines
    assert "Models with no license: 1" in lines and "  acme/model-00041" in lines
    assert "  acme/model-00007  mit  pass  files" in lines and "  acme/model-00000  apache-2.0  pass  metadata" in lines


def test_search_lists_across_organisations(hub: FakeHub, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, hub, "scan", "--search", "Llama-3.2", "--format", "json")
    ids = sorted(m["id"] for m in json.loads(out)["models"])
    vision = "meta-llama/Llama-3.2-11B-Vision"
    assert {vision, f"{vision}-Instruct", "meta-llama/Llama-3.2-1B"} <= set(ids)
    assert all("llama-3.2" in i.lower() for i in ids) and code == 0
    assert not any("Llama-3.1" in i for i in ids)


def test_limit_stops_the_listing(hub: FakeHub, capsys: pytest.CaptureFixture[str]) -> None:
    hub.add_org("acme", 1500)
    hub.reset_requests()
    _, out, _ = run(capsys, hub, "scan", "--author", "acme", "--limit", "10", "--format", "json")
    assert json.loads(out)["census"]["listed"] == 10 and hub.count(r"^/api/models$") == 1


def test_verify_files_reads_every_model(hub: FakeHub, capsys: pytest.CaptureFixture[str]) -> None:
    hub.add_org("acme", 14)
    _, out, _ = run(capsys, hub, "scan", "--author", "acme", "--verify-files", "--format", "json")
    report = json.loads(out)
    assert report["census"]["files_fetched"] == 14 and report["census"]["from_metadata"] == 0
    assert all(m["concluded_by"].startswith("files read") for m in report["models"])
    assert hub.count(r"^/api/models/acme/") == 14


def test_the_html_census_page_sorts_and_filters_offline_under_a_strict_policy(
    hub: FakeHub, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hub.add_org("acme", 50)
    hub.add_repo(
        "acme/<script>alert(1)</script>", {"README.md": '---\nlicense: mit\nlicense_name: "<img src=x>"\n---\n'}
    )
    code, _, _ = run(capsys, hub, "report", "--author", "acme", "--format", "html", "-o", str(tmp_path / "c.html"))
    page = (tmp_path / "c.html").read_text(encoding="utf-8")
    assert code == 0
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert csp is not None and "default-src 'none'" in csp.group(1)
    scripts = re.findall(r"<script>(.*?)</script>", page, re.DOTALL)
    assert len(scripts) == 1
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
    # The one inline script runs because the policy names its hash; nothing else can, and nothing is fetched.
    assert f"script-src 'sha256-{digest}'" in csp.group(1)
    assert re.search(r"<[a-z]+[^>]*\ssrc=", page) is None and "<img src=x>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert page.count('<tr data-verdict="') == 51
    assert page.index('id="summary"') < page.index('id="models"')


def test_usage_errors(hub: FakeHub, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, hub, "scan", LLAMA_31, "--author", "meta-llama")[0] == 2
    assert run(capsys, hub, "scan")[0] == 2
    assert run(capsys, hub, "scan", LLAMA_31, "--limit", "3")[0] == 2
    code, _, err = run(capsys, hub, "scan", "--author", "meta-llama", "--format", "sarif")
    assert code == 2 and "not available for a census" in err
    code, _, err = run(capsys, hub, "scan", "--author", "meta-llama", "--offline")
    assert code == 2 and "cannot run offline" in err


def test_a_failing_listing_is_exit_3_and_the_output_says_the_census_is_incomplete(
    hub: FakeHub, capsys: pytest.CaptureFixture[str]
) -> None:
    hub.add_fault(r"^/api/models$", status=400)
    code, out, err = run(capsys, hub, "scan", "--author", "meta-llama")
    assert code == 3
    assert out.startswith("INCOMPLETE CENSUS: the listing failed")
    assert "the census is incomplete" in err


class _Interrupted:
    """A listing that the user interrupts (Ctrl-C) after `after` models."""

    def __init__(self, docs: list[ModelDocuments], after: int) -> None:
        self.docs = docs
        self.after = after

    def list_models(
        self, author: str | None = None, search: str | None = None, limit: int | None = None
    ) -> Iterator[ModelDocuments]:
        yield from self.docs[: self.after]
        raise KeyboardInterrupt


def test_ctrl_c_keeps_what_was_judged_and_says_the_census_is_incomplete(hub: FakeHub) -> None:
    hub.add_org("acme", 40)
    scanner = Scanner(load_database(), load_index(), ScanOptions(hub=HubSettings(endpoint=hub.endpoint)))
    listed = list(scanner.sources.hub().list_models(author="acme"))  # type: ignore[attr-defined]
    seen: list[ModelResult] = []
    summary = Census(scanner, _Interrupted(listed, 25), CensusQuery(author="acme")).run(seen.append)
    assert not summary.complete and summary.stopped == "interrupted (Ctrl-C)"
    assert summary.listed == 25 and summary.judged == len(seen) and 20 <= len(seen) <= 25
    # In listing order; a model still being fetched when Ctrl-C came is left out, not waited for.
    kept = {r.id for r in seen}
    assert [r.id for r in seen] == [d.id for d in listed[:25] if d.id in kept]


def test_ctrl_c_from_the_command_line_writes_the_partial_census(
    hub: FakeHub, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from licscan.sources import hub as hub_source

    hub.add_org("acme", 30)
    real = hub_source.HubSource.list_models

    def interrupted(self: Any, **kwargs: Any) -> Iterator[ModelDocuments]:
        for n, docs in enumerate(real(self, **kwargs)):
            if n == 12:
                raise KeyboardInterrupt
            yield docs

    monkeypatch.setattr(hub_source.HubSource, "list_models", interrupted)
    code, _, err = run(capsys, hub, "scan", "--author", "acme", "--format", "json", "-o", str(tmp_path / "c.json"))
    report = json.loads((tmp_path / "c.json").read_text(encoding="utf-8"))
    assert code == 3 and "interrupted (Ctrl-C)" in err and "judged so far" in err
    assert report["census"]["complete"] is False and report["census"]["listed"] == 12
    assert len(report["models"]) == report["census"]["judged"] > 0


def test_a_listing_error_is_a_licscan_error(hub: FakeHub) -> None:
    hub.add_fault(r"^/api/models$", status=400)
    scanner = Scanner(load_database(), load_index(), ScanOptions(hub=HubSettings(endpoint=hub.endpoint)))
    with pytest.raises(FetchError, match="HTTP 400"):
        list(scanner.sources.hub().list_models(author="acme"))  # type: ignore[attr-defined]


def test_markdown_census(hub: FakeHub, capsys: pytest.CaptureFixture[str]) -> None:
    hub.add_org("acme", 100)
    code, out, _ = run(capsys, hub, "report", "--author", "acme", "--format", "markdown")
    assert code == 0 and out.startswith("# Model license census\n")
    # The generated org's licenses, counted from what generate_org says each model must be concluded as.
    assert (
        "| llama3.1 | 16 |" in out
        and "| apache-2.0 | 15 |" in out
        and "\n### Mislabels (1)\n" in out
        and "\n### Models with no license (1)\n" in out
    )
    # The same columns as the census page: the id links to the model's page, where it came from.
    assert re.search(
        r"^\| \[`acme/model-00007`\]\(http://[^)]+/acme/model-00007\) "
        r"\| - \| mit \| permissive \| pass \| files \| - \|$",
        out,
        re.M,
    )


def test_progress_reports_listed_judged_and_fetched_counts_and_is_quiet_in_ci(
    hub: FakeHub, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from contextlib import contextmanager

    from licscan.cli import census as census_cli

    monkeypatch.setenv("CI", "true")
    assert census_cli.progress_wanted() is False
    with census_cli._progress(True) as update:  # the rich bar itself, drawn on stderr
        assert update is not None
        update(3, 2, 1)
    calls: list[tuple[int, int, int]] = []

    @contextmanager
    def recording(enabled: bool) -> Iterator[Any]:
        yield lambda *counts: calls.append(counts)

    hub.add_org("acme", 20)
    monkeypatch.setattr(census_cli, "progress_wanted", lambda: True)
    monkeypatch.setattr(census_cli, "_progress", recording)
    code, _, _ = run(capsys, hub, "scan", "--author", "acme", "--format", "json")
    assert code == 0 and len(calls) == 20
    assert calls[-1] == (20, 20, 1)  # model-00007 is the one undecided card among the first 20
    assert [judged for _, judged, _ in calls] == list(range(1, 21))


def test_a_family_id_does_not_decide_and_the_files_are_read(hub: FakeHub, capsys: pytest.CaptureFixture[str]) -> None:
    from licscan.census.run import decides
    from licscan.sources.interface import CardMetadata

    db = load_database()
    assert decides(CardMetadata(licenses=("apache-2.0",)), db)
    assert decides(CardMetadata(licenses=("other",), license_name="tongyi-qianwen"), db)
    assert not decides(CardMetadata(licenses=("other",), license_name="acme-model-license"), db)
    assert not decides(CardMetadata(licenses=("openrail",)), db)
    assert not decides(CardMetadata(), db)
    hub.add_repo("fam/rail", {"README.md": "---\nlicense: openrail\n---\n"})
    _, out, _ = run(capsys, hub, "scan", "--author", "fam", "--format", "json")
    assert json.loads(out)["census"]["files_fetched"] == 1


def test_a_gated_hunyuan3d_card_in_a_census_is_judged_by_the_text_its_license_link_names(
    hub: FakeHub, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 17 §1.5: without access only the card is evidence; its license_link names the 1M-user text."""
    front = "---\nlicense: other\nlicense_name: tencent-hunyuan-community\n"
    link = "license_link: https://huggingface.co/tencent/Hunyuan3D-2/blob/main/LICENSE\n"
    hub.add_repo("h3d/hunyuan3d-gated", {"README.md": front + link + "---\n"}, gated="manual")
    hub.add_repo("h3d/hunyuan-community-gated", {"README.md": front + "---\n"}, gated="manual")
    policy = tmp_path / "policy.yaml"
    policy.write_text(
        "name: five million users\norganisation:\n  monthly_active_users: 5000000\n  regions: [US]\n"
        "intended_use:\n  commercial: true\n  deployment_regions: [US]\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, hub, "scan", "--author", "h3d", "--policy", str(policy), "--format", "json")
    models = {m["id"]: m for m in json.loads(out)["models"]}
    linked = models["h3d/hunyuan3d-gated"]
    assert linked["license"] == "tencent-hunyuan-3d-2.0" and linked["verdict"] == "fail"
    assert any(f["id"] == "mau-cap" and f["license"] == "tencent-hunyuan-3d-2.0" for f in linked["findings"])
    # Without a link the slug leaves both texts: every candidate binds, so the stricter 1M cap still fails it.
    bare = models["h3d/hunyuan-community-gated"]
    assert bare["verdict"] == "fail"
    assert any(f["id"] == "mau-cap" and f["license"] == "tencent-hunyuan-3d-2.0" for f in bare["findings"])
    assert any(f["id"] == "license-mismatch" and "tencent-hunyuan-community" in f["message"] for f in bare["findings"])
    assert code == 1
