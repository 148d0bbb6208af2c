"""The HTML report in headless Chromium: it loads without console errors, and prints one section per model."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from licscan.database import Database
from licscan.formats.html import HtmlReporter
from tests.test_formats_common import (
    build_database,
    context,
    hostile,
    llama_like,
    local_broken,
    sample_report,
    three_base_merge,
)
from tests.test_formats_html import Page


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").is_file() else None


CHROMIUM = _chromium()
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed (Debian: apt-get install -y chromium; .ci/run installs it)"
)
# Chromium logs page console messages (including CSP violations) as `...:INFO:CONSOLE:1] "message", source: ...`
# (older builds: `CONSOLE(1)`).
CONSOLE = re.compile(r"CONSOLE[:(]\d+")


@pytest.fixture
def database(tmp_path: Path) -> Database:
    return build_database(tmp_path / "licenses")


def chromium(tmp_path: Path, page: Path, *action: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM
    profile = tmp_path / "profile"
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        "--enable-logging=stderr",
        "--v=0",
        *action,
        page.as_uri(),
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)


def write(tmp_path: Path, html: str, name: str = "audit.html") -> Path:
    page = tmp_path / name
    page.write_text(html, encoding="utf-8")
    return page


def console_messages(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if CONSOLE.search(line)]


def test_the_console_check_sees_errors(tmp_path: Path) -> None:
    # Without this, "no console messages" could also mean "the check reads the wrong thing".
    page = write(tmp_path, "<!DOCTYPE html><title>t</title><script>console.error('seen')</script>", "probe.html")
    result = chromium(tmp_path, page, "--dump-dom")
    assert any("seen" in line for line in console_messages(result.stderr)), result.stderr[-2000:]


def test_report_loads_without_console_errors(database: Database, tmp_path: Path) -> None:
    page = write(tmp_path, HtmlReporter().render(sample_report(), context(database)))
    result = chromium(tmp_path, page, "--dump-dom")
    assert result.returncode == 0, result.stderr[-2000:]
    assert console_messages(result.stderr) == []
    assert result.stdout.count('<section class="model"') == 3


def test_hostile_card_stays_text_in_the_browser(database: Database, tmp_path: Path) -> None:
    page = write(tmp_path, HtmlReporter().render(sample_report([hostile()]), context(database)))
    result = chromium(tmp_path, page, "--dump-dom")
    assert result.returncode == 0, result.stderr[-2000:]
    # A blocked script or image would be a CSP violation on the console; an escaped one is just text.
    assert console_messages(result.stderr) == []
    dom = Page(result.stdout)
    assert not {tag for tag, _ in dom.tags} & {"script", "img", "iframe", "object", "embed"}
    assert not any(k.startswith("on") for _, attrs in dom.tags for k in attrs)
    assert "<script>alert('x')</script>" in "".join(dom.text)


def test_print_to_pdf_starts_each_model_on_a_new_page(database: Database, tmp_path: Path) -> None:
    models = [llama_like(), hostile(), local_broken()]
    page = write(tmp_path, HtmlReporter().render(sample_report(models), context(database)))
    pdf = tmp_path / "audit.pdf"
    result = chromium(tmp_path, page, f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    assert result.returncode == 0 and pdf.is_file(), result.stderr[-2000:]
    assert pages(pdf) >= 1 + len(models)
    texts = page_texts(pdf)
    if texts is None:
        return  # pdftotext (poppler-utils) is not installed: the page count above is the check.
    starts = [i for i, text in enumerate(texts) if re.match(r"\s*\d+\. ", text)]
    assert [texts[i].split()[1] for i in starts] == [
        "acme/Acme-8B-Instruct",
        "evil/<script>alert(1)</script>",
        "./models/in-house",
    ]
    assert starts[0] >= 1  # the summary and the policy come first


def pages(pdf: Path) -> int:
    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo:
        out = subprocess.run([pdfinfo, str(pdf)], capture_output=True, text=True, check=True).stdout
        match = re.search(r"^Pages:\s+(\d+)", out, re.M)
        assert match, out
        return int(match.group(1))
    # Chromium writes one uncompressed page object per page.
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf.read_bytes()))


def page_texts(pdf: Path) -> list[str] | None:
    pdftotext = shutil.which("pdftotext")
    if not pdftotext:
        return None
    out = subprocess.run([pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return out.split("\f")


# Measures the drawn lineage and chart in the browser, and logs what it found as one console line. It runs on a copy
# of the page without the CSP (the report itself runs no script): the layout is the report's own.
PROBE = """<script>
(function () {
  function box(el) { var b = el.getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; }
  function overlap(a, b) { return a[0] < b[2] - 0.5 && b[0] < a[2] - 0.5 && a[1] < b[3] - 0.5 && b[1] < a[3] - 0.5; }
  var out = {graphs: []};
  document.querySelectorAll("svg.lineage-graph").forEach(function (svg) {
    var nodes = Array.prototype.map.call(svg.querySelectorAll("g.node"), function (g) {
      var rect = g.querySelector("rect"), r = box(rect);
      var texts = Array.prototype.map.call(g.querySelectorAll("text"), function (t) { return box(t); });
      return {status: g.getAttribute("data-status"), kind: g.classList[1],
              lines: Array.prototype.map.call(g.querySelectorAll("text"), function (t) { return t.textContent; }),
              stroke: getComputedStyle(rect).stroke, fits: texts.every(function (t) {
                return t[0] >= r[0] && t[2] <= r[2] && t[1] >= r[1] && t[3] <= r[3]; }), box: r};
    });
    var clash = 0;
    for (var i = 0; i < nodes.length; i++) { for (var j = i + 1; j < nodes.length; j++) {
      if (overlap(nodes[i].box, nodes[j].box)) { clash++; } } }
    var edges = Array.prototype.map.call(svg.querySelectorAll("g.edge text"), function (t) { return t.textContent; });
    out.graphs.push({nodes: nodes, edges: edges, overlaps: clash, width: svg.getBoundingClientRect().width});
  });
  var chart = document.querySelector("svg.license-chart");
  if (chart) {
    out.bars = Array.prototype.map.call(chart.querySelectorAll("g.bar"), function (g) {
      return {label: g.querySelector("text").textContent, width: g.querySelector("rect").getBoundingClientRect().width};
    });
  }
  console.log("PROBE " + JSON.stringify(out));
})();
</script>"""


def probe(tmp_path: Path, html: str) -> dict[str, Any]:
    """What the browser drew: each lineage graph's nodes and edges, and the chart's bars."""
    without_csp = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    without_script = re.sub(r"<script>.*?</script>", "", without_csp, flags=re.S)
    page = write(tmp_path, without_script.replace("</body>", PROBE + "</body>"), "probe.html")
    result = chromium(tmp_path, page, "--dump-dom")
    (line,) = [m for m in console_messages(result.stderr) if "PROBE " in m]
    found = re.search(r'"PROBE (.*)", source:', line)
    assert found, line
    parsed: dict[str, Any] = json.loads(found.group(1))
    return parsed


def test_a_merge_of_three_bases_with_two_datasets_is_drawn_as_a_graph(database: Database, tmp_path: Path) -> None:
    html = HtmlReporter().render(sample_report([three_base_merge()]), context(database))
    # The report itself, as shipped: it loads with its CSP, and the picture raises no violation (no script, no load).
    result = chromium(tmp_path, write(tmp_path, html), "--dump-dom")
    assert result.returncode == 0 and console_messages(result.stderr) == [], result.stderr[-2000:]
    (graph,) = probe(tmp_path, html)["graphs"]
    nodes = {n["lines"][0]: n for n in graph["nodes"]}
    assert set(nodes) == {
        "acme/Frankenmerge-3x8B",
        "meta-llama/Llama-3.1-8B-Instruct",
        "meta-llama/Llama-3.1-8B",
        "Qwen/Qwen2.5-7B-Instruct",
        "teknium/OpenHermes-2.5-Mistral-7B",
        "mistralai/Mistral-7B-v0.1",
        "allenai/c4",
        "someorg/instruct-mix",
    }
    # The relation is on each edge: three merges, two fine-tunes below them, two datasets.
    assert sorted(graph["edges"]) == ["dataset", "dataset", "finetune", "finetune", "merge", "merge", "merge"]
    # Each node says its concluded license, and is coloured by how it weighs on the model.
    expected = {
        "acme/Frankenmerge-3x8B": ("model", "fail", "llama3.1"),
        "meta-llama/Llama-3.1-8B-Instruct": ("base", "warning", "llama3.1"),
        "meta-llama/Llama-3.1-8B": ("base", "error", "license unknown"),
        "Qwen/Qwen2.5-7B-Instruct": ("base", "fail", "qwen"),
        "teknium/OpenHermes-2.5-Mistral-7B": ("base", "pass", "apache-2.0"),
        "allenai/c4": ("dataset", "pass", "odc-by"),
        "someorg/instruct-mix": ("dataset", "fail", "cc-by-nc-4.0"),
    }
    for name, (kind, status, license_) in expected.items():
        node = nodes[name]
        assert (node["kind"], node["status"]) == (kind, status), name
        assert node["lines"][1].startswith(license_ + " \u00b7 "), node["lines"]
    # One colour per status, and a different one for each.
    strokes: dict[str, set[str]] = {}
    for n in graph["nodes"]:
        strokes.setdefault(n["status"], set()).add(n["stroke"])
    assert all(len(colours) == 1 for colours in strokes.values()), strokes
    assert len(set.union(*strokes.values())) == len(strokes) == 4
    # Laid out in the browser: no node covers another, and every label stays inside its box.
    assert graph["overlaps"] == 0
    assert all(n["fits"] for n in graph["nodes"]), [n["lines"] for n in graph["nodes"] if not n["fits"]]


def test_every_model_of_the_report_has_its_own_graph(database: Database, tmp_path: Path) -> None:
    html = HtmlReporter().render(sample_report(), context(database))
    graphs = probe(tmp_path, html)["graphs"]
    # The local model declares no lineage: it has no picture, only the sentence that says so.
    assert [g["nodes"][0]["lines"][0] for g in graphs] == ["acme/Acme-8B-Instruct", "evil/<script>alert(1)</script>"]
    assert all(g["overlaps"] == 0 and all(n["fits"] for n in g["nodes"]) for g in graphs)


def test_the_census_page_charts_the_license_distribution(tmp_path: Path) -> None:
    from licscan.census.spool import Spool
    from licscan.census.summary import CensusSummary
    from licscan.formats.census import CensusOutput, write_html

    licenses = {"apache-2.0": 400, "mit": 200, "llama3.1": 100, "(none)": 50}
    summary = CensusSummary(
        author="acme",
        complete=True,
        listed=750,
        judged=750,
        from_metadata=700,
        files_fetched=50,
        licenses=licenses,
        verdicts={"pass": 750},
        mislabels=[],
        no_license=[],
    )
    spool = Spool()
    spool.add(three_base_merge())
    page = tmp_path / "census.html"
    with page.open("w", encoding="utf-8") as out:
        write_html(CensusOutput(summary, spool, sample_report([])), out)
    spool.close()
    html = page.read_text(encoding="utf-8")
    # The page's one script runs under its hash, and the chart adds no violation.
    result = chromium(tmp_path, page, "--dump-dom")
    assert result.returncode == 0 and console_messages(result.stderr) == [], result.stderr[-2000:]
    assert 'id="controls"' in result.stdout and 'id="controls" hidden' not in result.stdout  # the script ran
    bars = probe(tmp_path, html)["bars"]
    assert [b["label"] for b in bars] == ["apache-2.0", "mit", "llama3.1", "(none)"]
    widths = [b["width"] for b in bars]
    assert widths[0] == pytest.approx(2 * widths[1], rel=0.02) == pytest.approx(8 * widths[3], rel=0.02)
