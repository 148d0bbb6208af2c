"""`licscan policy validate FILE | schema | use-cases`: check a policy file, print its JSON Schema, list the tags."""

from __future__ import annotations

import json
from pathlib import Path

import click

from licscan.cli.main import run
from licscan.cli.options import output_option, write_output


@click.group()
def policy() -> None:
    """Validate a policy file, print its JSON Schema, or list the use-case tags."""


@policy.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def validate(ctx: click.Context, file: Path) -> None:
    """Check FILE (or a bundled policy's name) against the policy schema; errors name file:line:column and the field."""

    def work() -> int:
        from licscan.database import load_database
        from licscan.errors import UsageError
        from licscan.policy.model import load_policy

        loaded, _ = load_policy(file)
        db = load_database()
        unknown = [k for k in [*loaded.rules.allow_licenses, *loaded.rules.deny_licenses] if db.resolve(k) != k]
        if unknown:
            raise UsageError(f"{file}: rules name licenses that are not database keys: {', '.join(unknown)}")
        write_output(f"{file}: valid policy {loaded.name!r} ({len(loaded.exceptions)} exception(s))", None)
        return 0

    ctx.exit(run(ctx.find_root().obj["debug"], work))


@policy.command()
@click.pass_context
def schema(ctx: click.Context) -> None:
    """Print the policy JSON Schema."""

    def work() -> int:
        from licscan.policy.model import Policy

        write_output(json.dumps(Policy.model_json_schema(), indent=2), None)
        return 0

    ctx.exit(run(ctx.find_root().obj["debug"], work))


@policy.command("use-cases")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@output_option
@click.pass_context
def use_cases(ctx: click.Context, fmt: str, output: Path | None) -> None:
    """List the use-case tags that acceptable-use items are matched against, each with what it covers."""

    def work() -> int:
        from licscan.database.use_cases import USE_CASES

        if fmt == "json":
            rows = [{"tag": tag, "description": text} for tag, text in USE_CASES.items()]
            text = json.dumps({"schema_version": 1, "use_cases": rows}, indent=2)
        else:
            width = max(map(len, USE_CASES))
            lines = [f"{tag:<{width}}  {text}" for tag, text in USE_CASES.items()]
            lines.append("\nYour own labels are written x-... (x-customer-support): shown in reports, never matched.")
            text = "\n".join(lines)
        write_output(text, output)
        return 0

    ctx.exit(run(ctx.find_root().obj["debug"], work))
