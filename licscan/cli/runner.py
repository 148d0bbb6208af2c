"""What scan, check and report share: loading the policy, running the scanner with progress, choosing exit codes."""

from __future__ import annotations

import logging
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from licscan.results import ModelResult, Report
from licscan.scan import HubSettings, Scanner, ScanOptions
from licscan.targets import Target

if TYPE_CHECKING:
    from collections.abc import Sequence

    from rich.console import Console

    from licscan.policy.model import IntendedUseOverride

# More targets than this get a progress bar (when stderr is a terminal).
PROGRESS_FROM = 4


def user_targets(refs: tuple[str, ...] | list[str]) -> list[Target[IntendedUseOverride]]:
    """The targets typed on the command line: a UsageError (exit 2) for one that names no folder and no Hub id, and
    a note when a Hub id also names a folder here (the Hub id is read; `./org/name` would read the folder)."""
    from licscan.errors import UsageError
    from licscan.sources.refs import shadowed_folder, target_problem
    from licscan.targets import is_local

    problems = [f"{ref}: {problem}" for ref in refs if (problem := target_problem(ref))]
    if problems:
        raise UsageError("\n".join(problems))
    for ref in refs:
        if shadowed_folder(ref):
            click.echo(
                f"licscan: note: {ref} is read as a Hub id; a folder of that name exists here but was not read "
                f"(write ./{ref} to scan the folder)",
                err=True,
            )
    return [Target(ref=ref, local=is_local(ref)) for ref in refs]


def make_options(
    policy_path: Path | None, fail_on: str, endpoint: str | None, token: str | None, offline: bool, jobs: int = 8
) -> ScanOptions:
    from licscan.policy.model import load_policy, policy_file

    policy_path = policy_file(policy_path) if policy_path else None
    policy, sha = load_policy(policy_path) if policy_path else (None, None)
    return ScanOptions(
        policy=policy,
        policy_path=policy_path,
        policy_sha256=sha,
        fail_on=fail_on,
        jobs=jobs,
        debug=logging.getLogger("licscan").isEnabledFor(logging.DEBUG),
        hub=HubSettings(endpoint=endpoint, token=token, offline=offline),
    )


def run_scan(
    targets: Sequence[Target[IntendedUseOverride]], options: ScanOptions, manifest: str | None = None
) -> tuple[Report, Scanner]:
    from licscan.classify.index import load_index
    from licscan.database import load_database

    scanner = Scanner(load_database(), load_index(), options)
    results: list[ModelResult] = []
    if len(targets) >= PROGRESS_FROM and sys.stderr.isatty():
        from rich.progress import Progress

        with Progress(transient=True, console=_stderr_console()) as bar:
            task = bar.add_task("scanning", total=len(targets))
            results = list(scanner.run(targets, progress=lambda: bar.advance(task)))
    else:
        results = list(scanner.run(targets))
    report_problems(results)
    for waiver in scanner.waivers.expired():
        click.echo(
            f"licscan: warning: policy exception for {waiver.model} ({waiver.finding or 'all findings'}), approved by "
            f"{waiver.approved_by}, expired on {waiver.expires.isoformat()} and no longer applies",
            err=True,
        )
    expired = {(w.model, w.finding, w.approved_by) for w in scanner.waivers.expired()}
    for waiver in scanner.waivers.stale():
        if (waiver.model, waiver.finding, waiver.approved_by) not in expired:
            click.echo(
                f"licscan: note: policy exception for {waiver.model} ({waiver.finding or 'all findings'}) waived "
                "nothing in this run: it is stale",
                err=True,
            )
    command = "licscan " + " ".join(shlex.quote(a) for a in redact(sys.argv[1:]))
    return scanner.report(results, command=command, manifest=manifest), scanner


def report_problems(results: list[ModelResult]) -> None:
    """One line on stderr per document or model that could not be read; the report says the rest."""
    for m in results:
        for f in m.findings:
            if f.waived is None and f.unreadable:
                text = f.message if f.message.startswith(m.id) else f"{m.id}: {f.message}"
                click.echo(f"licscan: {'error' if f.severity == 'error' else 'warning'}: {text}", err=True)


def report_violations(report: Report, fail_on: str) -> None:
    """For commands whose output is a file (notice, report): one line on stderr per finding that fails a model, so
    that exit 1 is never unexplained."""
    from licscan.policy.engine import failing

    for m in report.models:
        if m.verdict != "fail":
            continue
        for f in failing(m.findings, fail_on):
            click.echo(f"licscan: {f.severity}: {m.id}: {f.id}: {f.message}", err=True)


def redact(argv: list[str]) -> list[str]:
    """The command line as recorded in reports: the value of --token never appears."""
    out: list[str] = []
    hide = False
    for arg in argv:
        if hide:
            out.append("***")
            hide = False
        elif arg == "--token":
            out.append(arg)
            hide = True
        elif arg.startswith("--token="):
            out.append("--token=***")
        else:
            out.append(arg)
    return out


def _stderr_console() -> Console:
    from rich.console import Console

    return Console(stderr=True)


def exit_code(report: Report) -> int:
    """3 when a model could not be judged or read (gated without access); else 1 on failures; else 0."""
    if any(m.not_read for m in report.models):
        return 3
    return 1 if any(m.verdict == "fail" for m in report.models) else 0


def render(
    report: Report,
    fmt: str,
    detail: bool = True,
    quiet: bool = False,
    repo_root: Path | None = None,
    ship: object | None = None,
    output: Path | None = None,
) -> str:
    """The report in a format; text for stdout takes the terminal's width, and colour on a TTY (never into -o)."""
    from licscan.database import load_database
    from licscan.formats import get_reporter
    from licscan.formats.interface import RenderContext
    from licscan.formats.terminal import terminal_for

    look = terminal_for(sys.stdout if output is None else None)
    ctx = RenderContext(
        database=load_database(),
        repo_root=repo_root,
        detail=detail,
        quiet=quiet,
        ship=ship,
        color=look.color,
        width=look.width,
    )
    return get_reporter(fmt)().render(report, ctx)
