"""`licscan check MANIFEST`: the pre-merge gate; exit 1 when a model conflicts with the policy."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING

import click

from licscan.cli.main import run
from licscan.cli.options import format_option, hub_options, output_option, policy_options, write_output

if TYPE_CHECKING:
    from licscan.policy.model import IntendedUseOverride
    from licscan.results import Report
    from licscan.scan import Scanner
    from licscan.targets import Target


@click.command()
@click.argument("manifest", type=click.Path(dir_okay=False, path_type=Path))
@policy_options
@click.option("--lock", "lock_path", type=click.Path(dir_okay=False, path_type=Path), help="Compare with this lock.")
@format_option("check", "text")
@click.option(
    "--discover",
    "discover_paths",
    multiple=True,
    type=click.Path(exists=True, path_type=Path),
    help="Also fail on models the code under PATH uses that the manifest does not list (repeatable).",
)
@click.option("-q", "--quiet", is_flag=True, help="Print only what fails.")
@hub_options
@click.option("--jobs", type=click.IntRange(1, 64), default=8, show_default=True)
@output_option
@click.pass_context
def check(
    ctx: click.Context,
    manifest: Path,
    policy_path: Path | None,
    fail_on: str,
    lock_path: Path | None,
    fmt: str,
    discover_paths: tuple[Path, ...],
    quiet: bool,
    offline: bool,
    endpoint: str | None,
    token: str | None,
    jobs: int,
    output: Path | None,
) -> None:
    """Check every model of MANIFEST against the policy (--policy, or the manifest's `policy:`)."""

    def work() -> int:
        from licscan.cli.runner import exit_code, make_options, render, run_scan
        from licscan.lock import drift, lock_key, read_lock
        from licscan.manifest import load_manifest
        from licscan.policy.engine import verdict
        from licscan.scan import local_folder

        _, targets, manifest_policy = load_manifest(manifest)
        options = make_options(policy_path or manifest_policy, fail_on, endpoint, token, offline, jobs)
        lock = read_lock(lock_path) if lock_path else None
        if lock and offline:
            # Offline, the lock says which commit of each Hub model to read from the cache.
            targets = [
                dataclasses.replace(t, revision=lock.models[t.ref].revision)
                if t.ref in lock.models and lock.models[t.ref].revision and not t.is_local
                else t
                for t in targets
            ]
        folder = lock_path.parent if lock_path else Path(".")
        report, scanner = run_scan(targets, options, manifest=str(manifest))
        if lock:
            models = []
            for m in report.models:
                found = drift(m, lock.models.get(lock_key(m.id, m.source, folder)))
                if found:
                    findings = scanner.waivers.apply([*m.findings, found], m.revision, local_folder(m.id, m.source))
                    m = m.model_copy(update={"findings": findings, "verdict": verdict(findings, fail_on)})
                models.append(m)
            report = scanner.report(models, command=report.command, manifest=report.manifest)
        if discover_paths:
            report = _with_discovery(report, scanner, targets, manifest, list(discover_paths), fail_on, quiet)
        write_output(render(report, fmt, detail=False, quiet=quiet, repo_root=Path.cwd(), output=output), output)
        return exit_code(report)

    ctx.exit(run(ctx.obj["debug"], work))


def _with_discovery(
    report: Report,
    scanner: Scanner,
    targets: list[Target[IntendedUseOverride]],
    manifest: Path,
    paths: list[Path],
    fail_on: str,
    quiet: bool,
) -> Report:
    """The report with an unlisted-model result for each model the code uses but the manifest lacks, and an
    info finding on each listed model that no code uses."""
    from licscan.cli.discover import report_problems
    from licscan.discover import discover
    from licscan.discover.gate import compare
    from licscan.policy.engine import verdict
    from licscan.scan import local_folder

    found = discover(paths)
    report_problems(found)
    policy = scanner.options.policy
    severity = policy.rules.unlisted_model if policy else "error"
    unresolved_severity = policy.rules.unresolved_model if policy else "error"
    gate = compare(found, targets, manifest, paths, severity, Path.cwd(), unresolved_severity)
    if gate.unresolved and not quiet:
        click.echo(
            f"licscan: warning: {len(gate.unresolved)} model-loading call(s) compute the model's name at run time; "
            "which model each loads could not be told: "
            + ", ".join(m.id for m in gate.unresolved[:5])
            + (" and more" if len(gate.unresolved) > 5 else ""),
            err=True,
        )
    models = []
    for m in report.models:
        unused = gate.unused.get(m.manifest_line or 0)
        if unused is not None:
            unused = unused.model_copy(update={"model": m.id, "license": m.license})
            if not quiet:
                click.echo(f"licscan: note: {m.id}: {unused.message}", err=True)
            m = m.model_copy(update={"findings": [*m.findings, unused]})
        models.append(m)
    for m in [*gate.unlisted, *gate.unresolved]:
        findings = scanner.waivers.apply(m.findings, None, local_folder(m.id, m.source))
        models.append(m.model_copy(update={"findings": findings, "verdict": verdict(findings, fail_on)}))
    return scanner.report(models, command=report.command, manifest=report.manifest)
