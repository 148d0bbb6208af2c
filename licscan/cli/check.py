"""`licscan check MANIFEST`: the pre-merge gate; exit 1 when a model conflicts with the policy."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import click

from licscan.cli.main import run
from licscan.cli.options import format_option, hub_options, output_option, policy_options, write_output


@click.command()
@click.argument("manifest", type=click.Path(dir_okay=False, path_type=Path))
@policy_options
@click.option("--lock", "lock_path", type=click.Path(dir_okay=False, path_type=Path), help="Compare with this lock.")
@format_option("check", "text")
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

        _, targets, manifest_policy = load_manifest(manifest)
        options = make_options(policy_path or manifest_policy, fail_on, endpoint, token, offline, jobs)
        lock = read_lock(lock_path) if lock_path else None
        if lock and offline:
            # Offline, the lock says which commit of each Hub model to read from the cache.
            targets = [
                dataclasses.replace(t, revision=lock.models[t.ref].revision)
                if t.ref in lock.models and lock.models[t.ref].revision and not Path(t.ref).exists()
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
                    findings = scanner.waivers.apply([*m.findings, found], m.revision)
                    m = m.model_copy(update={"findings": findings, "verdict": verdict(findings, fail_on)})
                models.append(m)
            report = scanner.report(models, command=report.command, manifest=report.manifest)
        write_output(render(report, fmt, detail=False, quiet=quiet, repo_root=Path.cwd()), output)
        return exit_code(report)

    ctx.exit(run(ctx.obj["debug"], work))
