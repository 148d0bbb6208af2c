"""The HTML report in headless Chromium: it loads without console errors, and prints one section per model."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from licscan.database import Database
from licscan.formats.html import HtmlReporter
from tests.test_formats_common import build_database, context, hostile, llama_like, local_broken, sample_report
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
