"""The questions users ask, as case folders run through `licscan check` against the local Hub.

Each folder under tests/cases/ holds a policy (who we are, what we want to do), a manifest (which models) and
expected.json: the question in words, the exit code, and per model the verdict, the findings that decide it with
the clause (section and verbatim quote) that decides each, and the findings that must not appear. Every case has a
neighbour that must go the other way, named in `nearest`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from licscan.cli.main import main
from licscan.database import load_database
from tests.hubserver import ACCEPTED_TOKEN, FakeHub

CASES = Path(__file__).parent / "cases"
FOLDERS = sorted(p for p in CASES.iterdir() if (p / "expected.json").is_file())


def _expected(folder: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    return data


def _collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("**", "")).strip()


@pytest.fixture(scope="module")
def hub() -> Any:
    with FakeHub() as server:
        yield server


def _check(folder: Path, hub: FakeHub, tmp_path: Path) -> tuple[int, dict[str, Any]]:
    expected = _expected(folder)
    out = tmp_path / "report.json"
    args = ["check", str(folder / "models.yaml"), "--format", "json", "-o", str(out)]
    args += ["--endpoint", hub.endpoint, "--token", ACCEPTED_TOKEN, "--fail-on", expected.get("fail_on", "error")]
    with pytest.raises(SystemExit) as done:
        main(args)
    report = json.loads(out.read_text(encoding="utf-8"))
    return int(done.value.code or 0), {m["id"]: m for m in report["models"]}


def test_there_is_a_folder_for_every_question_of_issue_10() -> None:
    assert len(FOLDERS) >= 40
    names = {f.name for f in FOLDERS}
    for folder in FOLDERS:
        case = _expected(folder)
        assert case["nearest"] in names, (folder.name, case["nearest"])
        assert _outcome(case) != _outcome(_expected(CASES / case["nearest"])), (folder.name, case["nearest"])


def _outcome(case: dict[str, Any]) -> tuple[object, ...]:
    """What a neighbouring case must differ in: the exit code, a verdict, or the findings that decide it."""
    verdicts = tuple(sorted((m, v["verdict"]) for m, v in case["models"].items()))
    findings = frozenset((f["id"], f["severity"]) for m in case["models"].values() for f in m.get("findings", []))
    return case["exit_code"], verdicts, findings


@pytest.mark.parametrize("folder", FOLDERS, ids=[f.name for f in FOLDERS])
def test_case(folder: Path, hub: FakeHub, tmp_path: Path) -> None:
    expected = _expected(folder)
    code, models = _check(folder, hub, tmp_path)
    question = expected["question"]
    db = load_database()
    for model_id, want in expected["models"].items():
        got = models[model_id]
        findings = [f for f in got["findings"] if f["waived"] is None]
        summary = [(f["id"], f["severity"], (f["clause"] or {}).get("section")) for f in findings]
        assert got["verdict"] == want["verdict"], (question, model_id, summary)
        for f in want.get("findings", []):
            matching = [
                g
                for g in findings
                if g["id"] == f["id"]
                and g["severity"] == f["severity"]
                and (f.get("license") is None or g["license"] == f["license"])
            ]
            assert matching, (question, model_id, f, summary)
            if "clause" in f:
                section, quote = f["clause"]["section"], f["clause"]["quote"]
                cited = [g for g in matching if g["clause"] and g["clause"]["section"] == section]
                assert cited, (question, model_id, f["id"], [g["clause"] for g in matching])
                assert any(g["clause"]["quote"] == quote for g in cited), (question, [g["clause"] for g in cited])
                # The quote is verbatim in the license's reference text.
                entry = db.entries[cited[0]["clause"]["license"]]
                texts = [_collapse(db.read_text(t.file)) for t in entry.texts]
                assert any(_collapse(quote) in t for t in texts), (question, quote)
            for words in f.get("message_has", []):
                assert any(words in g["message"] for g in matching), (question, words, [g["message"] for g in matching])
        for absent in want.get("absent", []):
            # "id", "id/severity", or "id@section": no such finding (citing that section).
            absent_id, _, section = absent.partition("@")
            fid, _, severity = absent_id.partition("/")
            assert not [
                g
                for g in findings
                if g["id"] == fid
                and (not severity or g["severity"] == severity)
                and (not section or (g["clause"] or {}).get("section") == section)
            ], (
                question,
                model_id,
                absent,
                summary,
            )
    assert code == expected["exit_code"], (question, {m: g["verdict"] for m, g in models.items()})
