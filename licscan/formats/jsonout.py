"""The JSON report of SPEC: `Report.to_json_dict()` as it is, indented."""

from __future__ import annotations

import json

from licscan.formats.interface import RenderContext, Reporter
from licscan.results import Report


class JsonReporter(Reporter):
    name = "json"

    def render(self, report: Report, ctx: RenderContext) -> str:
        # ensure_ascii=False keeps quoted clauses readable; json.dumps escapes control characters anyway.
        return json.dumps(report.to_json_dict(), indent=2, ensure_ascii=False) + "\n"
