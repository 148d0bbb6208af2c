"""`licscan discover PATH...`: the Hub models a code base uses, each with file:line; --write adds them to a manifest."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from licscan.cli.main import run
from licscan.cli.options import output_option, write_output

if TYPE_CHECKING:
    from licscan.discover import Discovery


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--write",
    "manifest",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Add the models the manifest does not list yet (its comments, order and fields are kept).",
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@output_option
@click.pass_context
def discover(ctx: click.Context, paths: tuple[Path, ...], manifest: Path | None, fmt: str, output: Path | None) -> None:
    """List the Hub models and datasets that the code under PATH uses: Python calls (transformers, diffusers,
    sentence-transformers, peft, huggingface_hub, datasets, vLLM, llama-cpp), notebooks, configs and scripts."""

    def work() -> int:
        from licscan.app.discover import DiscoverRequest
        from licscan.app.discover import discover as run_discover
        from licscan.cli.runner import finish, say

        outcome = run_discover(DiscoverRequest(paths, manifest), say)
        write_output(render(outcome.result, fmt), output)
        return finish(outcome)

    ctx.exit(run(ctx.obj["debug"], work))


def render(found: Discovery, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(found.to_json_dict(), indent=2, ensure_ascii=False)
    from licscan.safetext import clean

    lines: list[str] = []
    for model in found.models:
        kind = "local model" if model.local else model.kind
        lines.append(f"{clean(model.id, oneline=True)} ({kind})")
        lines.extend(f"  {clean(loc.label(), oneline=True)}" for loc in model.locations)
    if found.unresolved:
        lines.append(
            "could not tell (the model is computed at run time; list it in the manifest yourself or name it with a "
            "literal):"
        )
        lines.extend(
            f"  {clean(u.label(), oneline=True)}: {clean(u.call, oneline=True)}({clean(u.argument, oneline=True)})"
            for u in found.unresolved
        )
    models = sum(1 for m in found.models if m.kind == "model")
    datasets = len(found.models) - models
    calls = len(found.unresolved)
    untold = f", {calls} loading call{'' if calls == 1 else 's'} whose model could not be told" if calls else ""
    lines.append(
        f"{models} model{'' if models == 1 else 's'}, {datasets} dataset{'' if datasets == 1 else 's'} "
        f"in {found.files} file{'' if found.files == 1 else 's'} read{untold}"
    )
    return "\n".join(lines)
