"""The README's exit-code table, held by every command: each walked through a missing, an empty, a binary and a
misspelled input. An input error is exit 2 with one clear message naming the file; never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cli import licscan
from tests.hubserver import FakeHub

ROOT = Path(__file__).resolve().parents[1]
BINARY = bytes(range(256)) * 4  # NUL bytes and invalid UTF-8


def inputs(root: Path) -> dict[str, Path]:
    """The four kinds of bad input, as files in `root`; `misspelled` is a file with a misspelled key."""
    (root / "empty.yaml").write_bytes(b"")
    (root / "binary.yaml").write_bytes(BINARY)
    (root / "misspelled.yaml").write_text("modles:\n  - id: mistralai/Mistral-7B-v0.1\n", encoding="utf-8")
    (root / "misspelled-policy.yaml").write_text("name: p\nintended_use: {comercial: true}\n", encoding="utf-8")
    return {
        "missing": root / "nosuch.yaml",
        "empty": root / "empty.yaml",
        "binary": root / "binary.yaml",
        "misspelled": root / "misspelled.yaml",
        "misspelled-policy": root / "misspelled-policy.yaml",
    }


KINDS = ["missing", "empty", "binary", "misspelled"]

# command -> how it is given the bad input (a path) as its input file.
MANIFEST_COMMANDS: dict[str, Callable[[str], list[str]]] = {
    "check": lambda p: ["check", p],
    "lock": lambda p: ["lock", p],
    "report": lambda p: ["report", p, "-o", "out.html"],
    "notice": lambda p: ["notice", p, "-o", "NOTICE"],
    "discover --write": lambda p: ["discover", "examples", "--write", p],
}
POLICY_COMMANDS: dict[str, Callable[[str], list[str]]] = {
    "scan --policy": lambda p: ["scan", "./examples/models/in-house-classifier", "--policy", p],
    "check --policy": lambda p: ["check", "examples/models.yaml", "--policy", p],
    "report --policy": lambda p: ["report", "./examples/models/in-house-classifier", "--policy", p, "-o", "r.html"],
    "notice --policy": lambda p: ["notice", "examples/models.yaml", "--policy", p, "-o", "NOTICE"],
    "policy validate": lambda p: ["policy", "validate", p],
    "census --policy": lambda p: ["scan", "--author", "acme", "--policy", p, "--endpoint", "http://127.0.0.1:9"],
}


def run(capsys: pytest.CaptureFixture[str], args: list[str]) -> tuple[int, str]:
    capsys.readouterr()
    code = licscan(*args)
    err = capsys.readouterr().err
    assert "Traceback" not in err and "internal error" not in err, err
    return code, err


def expected_kind(command: str, kind: str, bad: dict[str, Path]) -> Path:
    if kind == "misspelled" and command in POLICY_COMMANDS:
        return bad["misspelled-policy"]
    return bad[kind]


# discover --write starts a missing or empty manifest afresh (README): tested on its own below.
CASES = [
    (command, kind)
    for command in sorted(MANIFEST_COMMANDS) + sorted(POLICY_COMMANDS)
    for kind in KINDS
    if not (command == "discover --write" and kind in ("missing", "empty"))
]


@pytest.mark.parametrize(("command", "kind"), CASES)
def test_a_bad_input_file_is_exit_2_with_a_message_naming_it(
    repo: Path, capsys: pytest.CaptureFixture[str], command: str, kind: str
) -> None:
    bad = inputs(repo)
    path = expected_kind(command, kind, bad)
    build = MANIFEST_COMMANDS.get(command) or POLICY_COMMANDS[command]
    code, err = run(capsys, build(path.name))
    assert code == 2, err
    assert path.name in err, err
    if kind == "misspelled":
        assert f"{path.name}:2:" in err or f"{path.name}:1:" in err, err  # file:line:column
        assert "modles" in err or "comercial" in err


def test_discover_write_starts_a_missing_or_empty_manifest(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = inputs(repo)
    for kind in ("missing", "empty"):
        code, err = run(capsys, ["discover", "examples", "--write", bad[kind].name])
        assert code == 0 and "added" in err and bad[kind].name in err


def test_discover_write_leaves_an_invalid_manifest_untouched(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = inputs(repo)
    before = bad["misspelled"].read_bytes()
    assert run(capsys, ["discover", "examples", "--write", bad["misspelled"].name])[0] == 2
    assert bad["misspelled"].read_bytes() == before


def test_discover_of_a_missing_path_is_exit_2_naming_it(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = run(capsys, ["discover", "nosuch-src"])
    assert code == 2 and "nosuch-src" in err


def test_discover_of_an_empty_folder_or_a_binary_file_finds_nothing_and_says_what_it_read(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "empty-src").mkdir()
    (repo / "blob.py").write_bytes(BINARY)
    capsys.readouterr()
    assert licscan("discover", "empty-src") == 0
    assert "0 models, 0 datasets in 0 files read" in capsys.readouterr().out
    code, err = run(capsys, ["discover", "blob.py"])
    assert code == 0 and "blob.py" in err  # named as not read, the others would still be read


@pytest.mark.parametrize(
    ("kind", "said"),
    [("nosuch.txt", "no such file"), ("empty.yaml", "empty file"), ("binary.yaml", "binary file"),
     ("LICENCE.txt", "no such file"), ("examples", "is a directory")],
)  # fmt: skip
def test_classify_a_file_that_gives_no_text_is_exit_2_and_the_others_are_still_classified(
    repo: Path, capsys: pytest.CaptureFixture[str], kind: str, said: str
) -> None:
    inputs(repo)
    (repo / "LICENSE").write_bytes((ROOT / "licenses" / "texts" / "mit.txt").read_bytes())
    capsys.readouterr()
    code = licscan("classify", kind, "LICENSE")
    done = capsys.readouterr()
    assert code == 2 and f"{kind}: {said}" in done.err
    assert "LICENSE: mit exact" in done.out


def test_classify_a_license_file_is_exit_0(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "LICENSE").write_bytes((ROOT / "licenses" / "texts" / "mit.txt").read_bytes())
    assert licscan("classify", "LICENSE") == 0


@pytest.mark.parametrize(
    ("target", "said"),
    [("./nosuch-model", "no such local folder"), ("", "an empty target"), ("./weights.bin", "not a directory"),
     ("examples/models/in-house-clasifier", "no such local folder"), ("meta llama/Llama 3", "neither a Hub id")],
)  # fmt: skip
@pytest.mark.parametrize("command", ["scan", "report", "rights"])
def test_scan_and_report_of_a_target_that_is_no_folder_and_no_hub_id_are_exit_2(
    repo: Path, capsys: pytest.CaptureFixture[str], command: str, target: str, said: str
) -> None:
    inputs(repo)
    (repo / "weights.bin").write_bytes(BINARY)
    code, err = run(capsys, [command, target, *(["-o", "r.html"] if command == "report" else [])])
    assert code == 2 and said in err and (target in err)


def test_report_of_a_missing_manifest_is_not_looked_up_on_the_hub(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = run(capsys, ["report", "nosuch.yaml", "--endpoint", "http://127.0.0.1:9", "-o", "r.html"])
    assert code == 2 and "nosuch.yaml: manifest file not found" in err
    assert not (repo / "r.html").exists()


@pytest.mark.parametrize("key", ["", "\x00\xff", "apache-2.1", "lama3.1"])
def test_licenses_show_of_an_unknown_key_is_exit_2_naming_it(capsys: pytest.CaptureFixture[str], key: str) -> None:
    code, err = run(capsys, ["licenses", "show", key])
    assert code == 2 and f"no license {key!r}" in err


def test_licenses_show_a_misspelled_key_suggests_the_right_one(capsys: pytest.CaptureFixture[str]) -> None:
    assert "did you mean llama3.1" in run(capsys, ["licenses", "show", "lama3.1"])[1]


def test_licenses_show_without_a_key_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert licscan("licenses", "show") == 2


@pytest.mark.parametrize(
    "args",
    [["scan", "./examples/models/in-house-classifier"], ["check", "examples/models.yaml"],
     ["report", "examples/models.yaml"], ["classify", "examples/models/in-house-classifier/LICENSE"],
     ["licenses", "list"], ["licenses", "show", "mit"], ["discover", "examples"],
     ["notice", "examples/models.yaml"], ["rights", "./examples/models/in-house-classifier"],
     ["policy", "use-cases"]],
    ids=lambda a: " ".join(a[:2]),
)  # fmt: skip
@pytest.mark.parametrize("output", ["/proc/x.html", "/dev/null/x.html", "examples"])
def test_an_output_file_that_cannot_be_written_is_exit_2_naming_it(
    repo: Path, capsys: pytest.CaptureFixture[str], args: list[str], output: str
) -> None:
    code, err = run(capsys, [*args, "-o", output])
    assert code == 2, err
    assert output in err


@pytest.mark.parametrize("output", ["/proc/x.html", "/dev/null/x.html", "examples"])
def test_a_census_to_an_unwritable_file_is_exit_2_before_any_hub_request(
    repo: Path, hub: FakeHub, capsys: pytest.CaptureFixture[str], output: str
) -> None:
    hub.add_org("acme", 3)
    hub.reset_requests()
    code, err = run(capsys, ["scan", "--author", "acme", "--endpoint", hub.endpoint, "-o", output])
    assert code == 2 and output in err and hub.count() == 0


def test_lock_to_an_unwritable_file_is_exit_2_naming_it(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = run(capsys, ["lock", "examples/models.yaml", "-o", "/proc/licscan.lock"])
    assert code == 2 and "/proc/licscan.lock" in err


# --- a reader that stops reading (`| head`): quiet, with the command's own exit code


def piped(args: list[str], cwd: Path) -> tuple[int, str]:
    """Run licscan with stdout into a pipe that is closed after the first line, as `| head -1` does."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "licscan", *args], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()
    with proc.stderr:
        err = proc.stderr.read().decode()
    return proc.wait(timeout=120), err


@pytest.mark.parametrize(
    ("args", "code"),
    [(["licenses", "list"], 0), (["licenses", "show", "llama3.1"], 0), (["policy", "schema"], 0),
     (["check", "examples/models.yaml"], 1)],
    ids=lambda a: " ".join(a) if isinstance(a, list) else str(a),
)  # fmt: skip
def test_a_closed_pipe_is_quiet_and_keeps_the_exit_code(repo: Path, args: list[str], code: int) -> None:
    # These outputs may fit in the pipe; the census below is larger than a pipe holds, so its write really fails.
    got, err = piped(args, repo)
    assert "Error" not in err and "Traceback" not in err and "BrokenPipe" not in err, err
    assert got == code


def test_a_census_piped_into_head_stops_quietly_with_its_exit_code(repo: Path, hub: FakeHub) -> None:
    hub.add_org("acme", 3000)  # about 150 KB of text: more than a pipe holds, so the write really fails
    got, err = piped(["scan", "--author", "acme", "--endpoint", hub.endpoint], repo)
    assert "Error" not in err and "internal error" not in err and "Traceback" not in err, err
    assert got == 0


@pytest.mark.parametrize("query", [["--author", "acme-typo"], ["--search", "no-such-model-anywhere"]])
def test_a_census_that_lists_nothing_is_exit_2_naming_the_query(
    repo: Path, hub: FakeHub, capsys: pytest.CaptureFixture[str], query: list[str]
) -> None:
    hub.add_org("acme", 3)
    code, err = run(capsys, ["scan", *query, "--endpoint", hub.endpoint])
    assert code == 2 and f"{query[1]!r}" in err and "check the spelling" in err


def test_a_census_of_an_organisation_with_models_is_not_an_input_error(
    repo: Path, hub: FakeHub, capsys: pytest.CaptureFixture[str]
) -> None:
    hub.add_org("acme", 3)
    assert run(capsys, ["scan", "--author", "acme", "--endpoint", hub.endpoint])[0] == 0


def test_scan_of_a_manifest_points_to_check_and_is_not_looked_up_on_the_hub(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = run(capsys, ["scan", "examples/models.yaml", "--endpoint", "http://127.0.0.1:9"])
    assert code == 2 and "examples/models.yaml: a manifest, not a model: run `licscan check`" in err


@pytest.mark.parametrize("kind", KINDS)
def test_check_with_a_bad_lock_file_is_exit_2_naming_it(
    repo: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    lock = repo / "licscan.lock"
    if kind == "empty":
        lock.write_bytes(b"")
    elif kind == "binary":
        lock.write_bytes(BINARY)
    elif kind == "misspelled":
        lock.write_text('{"lock_version": 1, "database_version": "x", "modles": {}}', encoding="utf-8")
    code, err = run(capsys, ["check", "examples/models.yaml", "--lock", "licscan.lock"])
    assert code == 2 and "licscan.lock" in err
    if kind == "misspelled":
        assert "modles" in err
