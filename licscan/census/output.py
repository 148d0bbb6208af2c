"""Census output: results spooled to disk as they stream, then written after the summary (text, json, markdown)."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from typing import IO

from licscan.census.summary import FROM_METADATA, CensusSummary
from licscan.results import ModelResult, Report
from licscan.safetext import clean

FORMATS = ("text", "json", "markdown", "html")


class Spool:
    """Each result as one JSON line in a temporary file: the summary comes first in the output, the results after,
    and memory holds neither all the results nor all the cards."""

    def __init__(self) -> None:
        self._file: IO[str] = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115 (closed by close())
        self.count = 0

    def add(self, result: ModelResult) -> None:
        self._file.write(result.model_dump_json(by_alias=True))
        self._file.write("\n")
        self.count += 1

    def lines(self) -> Iterator[str]:
        self._file.flush()
        self._file.seek(0)
        for line in self._file:
            yield line.rstrip("\n")

    def results(self) -> Iterator[ModelResult]:
        for line in self.lines():
            yield ModelResult.model_validate_json(line)

    def close(self) -> None:
        self._file.close()


def scope(summary: CensusSummary) -> str:
    parts = [
        f"author {summary.author!r}" if summary.author else "",
        f"search {summary.search!r}" if summary.search else "",
    ]
    what = " and ".join(p for p in parts if p) or "all models"
    return what + (f" (first {summary.limit})" if summary.limit else "")


def headline(summary: CensusSummary) -> str:
    fetched = summary.judged - summary.from_metadata
    line = (
        f"Census of {scope(summary)}: {summary.listed} listed, {summary.judged} judged "
        f"({summary.from_metadata} from the listing's metadata, {fetched} from their files)"
    )
    if not summary.complete:
        line = (
            f"INCOMPLETE CENSUS: {summary.stopped}. Only the {summary.judged} model(s) judged so far are reported; "
            f"the listing was not read to its end.\n" + line
        )
    return line


def from_label(result: ModelResult) -> str:
    return "metadata" if result.concluded_by.startswith(FROM_METADATA) else "files"


def write_text(summary: CensusSummary, spool: Spool, out: IO[str]) -> None:
    out.write(headline(summary) + "\n\n")
    width = max([len("License"), *(len(k) for k in summary.licenses)])
    out.write(f"{'License':<{width}}  Models\n")
    for key, count in summary.licenses.items():
        out.write(f"{key:<{width}}  {count:>6}\n")
    out.write("\n" + "  ".join(f"{v}: {n}" for v, n in summary.verdicts.items()) + "\n")
    out.write(
        f"\nMislabels (a derivative declaring a more permissive license than its base): {len(summary.mislabels)}\n"
    )
    for m in summary.mislabels:
        out.write(
            f"  {clean(m.id, oneline=True)}: declares {m.declared}, "
            f"base {clean(m.base, oneline=True)} is {m.base_license}\n"
        )
    out.write(f"\nModels with no license: {len(summary.no_license)}\n")
    for model_id in summary.no_license:
        out.write(f"  {clean(model_id, oneline=True)}\n")
    out.write("\nModels (license, verdict, concluded from)\n")
    for result in spool.results():
        license = result.license or "-"
        out.write(f"  {clean(result.id, oneline=True)}  {license}  {result.verdict}  {from_label(result)}\n")


def write_markdown(summary: CensusSummary, spool: Spool, out: IO[str]) -> None:
    def cell(text: object) -> str:
        return clean(text, oneline=True).replace("|", "\\|")

    out.write(f"# Model license census\n\n{cell(headline(summary))}\n\n| License | Models |\n|---|---:|\n")
    out.writelines(f"| {cell(k)} | {n} |\n" for k, n in summary.licenses.items())
    out.write("\n| Verdict | Models |\n|---|---:|\n")
    out.writelines(f"| {v} | {n} |\n" for v, n in summary.verdicts.items())
    out.write(f"\n## Mislabels ({len(summary.mislabels)})\n\n")
    out.writelines(
        f"- `{cell(m.id)}` declares `{m.declared}`; its base `{cell(m.base)}` is `{m.base_license}`\n"
        for m in summary.mislabels
    )
    out.write(f"\n## Models with no license ({len(summary.no_license)})\n\n")
    out.writelines(f"- `{cell(i)}`\n" for i in summary.no_license)
    out.write("\n## Models\n\n| Model | License | Verdict | Concluded from |\n|---|---|---|---|\n")
    for r in spool.results():
        out.write(f"| `{cell(r.id)}` | {cell(r.license or '-')} | {r.verdict} | {from_label(r)} |\n")


def write_json(summary: CensusSummary, spool: Spool, head: Report, out: IO[str]) -> None:
    """The scan JSON (`models`, `summary`) plus a `census` object; the models are streamed from the spool."""
    counts = {v: summary.verdicts.get(v, 0) for v in ("pass", "fail", "error")}
    out.write(f'{{"schema_version": {head.schema_version}, ')
    out.write(f'"tool": {json.dumps(head.tool.model_dump(mode="json"))}, ')
    policy = head.policy.model_dump(mode="json") if head.policy else None
    out.write(f'"policy": {json.dumps(policy)}, ')
    out.write(f'"census": {summary.model_dump_json()}, "summary": {json.dumps(counts)}, ')
    out.write(f'"command": {json.dumps(head.command)}, "models": [')
    for n, line in enumerate(spool.lines()):
        out.write((",\n" if n else "\n") + line)
    out.write("\n]}\n")
