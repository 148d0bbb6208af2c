"""The terminal output: the full `scan` tables, the one-line `check` output, quiet mode and hostile cards."""

from __future__ import annotations

from pathlib import Path

import pytest

from licscan.database import Database
from licscan.formats.text import TextReporter
from licscan.results import ModelResult, TermSummary
from tests.test_formats_common import (
    HOSTILE_ID,
    SHA,
    build_database,
    context,
    hostile,
    llama_like,
    local_broken,
    sample_report,
)


@pytest.fixture
def database(tmp_path: Path) -> Database:
    return build_database(tmp_path / "licenses")


def render(database: Database, **kwargs: object) -> str:
    return TextReporter().render(sample_report(), context(database, **kwargs))


def test_scan_shows_every_part_of_a_model(database: Database) -> None:
    out = render(database)
    assert f"acme/Acme-8B-Instruct@{SHA}" in out
    assert "Acme Community License [acme-community] version 1.0 - community" in out
    assert "The card declares acme-community and LICENSE matches it exactly." in out
    assert "- acme/Acme-8B (finetune): acme-community" in out
    assert "  - acme/Acme-8B-pretrain (finetune): apache-2.0" in out
    assert "Commercial use: conditional: at most 1,000,000 MAU [§1]" in out
    assert "warning attribution-required: Show 'Built with Acme'" in out
    assert "§2 \u201cShow 'Built with Acme'.\u201d" in out
    assert "-> Add 'Built with Acme' to the product's about page." in out
    assert "error mau-cap [waived]" in out
    assert "legal@example.com" in out
    assert out.rstrip().endswith("3 models: 1 pass, 1 fail, 1 error")


def test_check_prints_one_line_per_finding_of_failing_models(database: Database) -> None:
    lines = render(database, detail=False).splitlines()
    assert lines[0] == (
        "acme/Acme-8B-Instruct: warning attribution-required: Show 'Built with Acme' where users see the product."
        " [§2] -> Add 'Built with Acme' to the product's about page."
    )
    assert lines[1].startswith(f"{HOSTILE_ID}: error non-commercial: ")
    assert lines[2] == "./models/in-house: error fetch-error: README.md is missing. -> Add a model card with a license."
    assert lines[3] == "3 models: 1 pass, 1 fail, 1 error"
    # The waived mau-cap error is not a problem to fix.
    assert "mau-cap" not in "\n".join(lines)


def test_quiet_prints_only_failures_and_errors(database: Database) -> None:
    lines = render(database, detail=False, quiet=True).splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"{HOSTILE_ID}: error non-commercial:")
    assert lines[1].startswith("./models/in-house: error fetch-error:")
    detailed = render(database, quiet=True)
    assert "acme/Acme-8B-Instruct" not in detailed and "./models/in-house" in detailed
    assert "models:" not in detailed


def test_a_passing_report_summarises_alone(database: Database) -> None:
    model = llama_like().model_copy(update={"findings": []})
    out = TextReporter().render(sample_report([model]), context(database, detail=False))
    assert out == "1 model: 1 pass, 0 fail, 0 error\n"


def test_hostile_card_cannot_reach_the_terminal(database: Database) -> None:
    for kwargs in ({}, {"detail": False}, {"color": True}, {"color": True, "detail": False}):
        out = TextReporter().render(sample_report([hostile()]), context(database, **kwargs))
        # The card's own OSC hyperlink, blink and bidi override are gone; rich markup in it stays literal.
        assert "\x1b]8" not in out and "\x1b[5" not in out and "\u202e" not in out and "\x07" not in out
    plain = TextReporter().render(sample_report([hostile()]), context(database, detail=False))
    assert "\x1b" not in plain
    assert "<img src=x onerror=alert(1)> click BLINK evil [bold]rich[/bold] | pipe |" in plain


def test_colour_only_when_asked(database: Database) -> None:
    assert "\x1b[" not in render(database)
    assert "\x1b[" in render(database, color=True)


def test_an_error_without_findings_still_shows(database: Database) -> None:
    broken = local_broken().model_copy(update={"findings": []})
    out = TextReporter().render(sample_report([broken]), context(database, detail=False, quiet=True))
    assert out == "./models/in-house: error: the model could not be evaluated\n"


def merge_of_llama_and_qwen() -> ModelResult:
    """A merge whose card declares apache-2.0, bound by both bases' licenses, each with its own cap."""
    llama, qwen = "acme-community", "apache-2.0"
    return llama_like().model_copy(
        update={
            "applied_licenses": [llama, qwen],
            "terms": [
                TermSummary(name="MAU cap", value="700,000,000 monthly active users", license=llama),
                TermSummary(name="MAU cap", value="100,000,000 monthly active users", license=qwen),
            ],
        }
    )


def test_every_bound_license_s_terms_stand_under_its_name(database: Database) -> None:
    out = TextReporter().render(sample_report([merge_of_llama_and_qwen()]), context(database))
    lines = [" ".join(line.strip("│ ").split()) for line in out.splitlines()]
    first = lines.index("Key terms │ Acme Community License [acme-community]:")
    assert lines[first + 1] == "MAU cap: 700,000,000 monthly active users"
    assert lines[first + 2] == "Apache License 2.0 [apache-2.0]:"
    assert lines[first + 3] == "MAU cap: 100,000,000 monthly active users"


def test_one_license_s_terms_need_no_heading(database: Database) -> None:
    out = render(database)
    assert "Acme Community License [acme-community]:" not in out
    assert "│ Key terms    │ Commercial use: conditional: at most 1,000,000 MAU [§1]" in out


@pytest.mark.parametrize("width", [60, 80, 132])
def test_tables_fit_the_terminal_and_fold_long_values_instead_of_cutting_them(database: Database, width: int) -> None:
    out = render(database, width=width)
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= width
    assert "\u2026" not in out  # nothing is cut short with an ellipsis
    # The package URL is whole once its folded pieces are put back together.
    start = next(i for i, line in enumerate(lines) if "│ Package URL" in line)
    pieces = []
    for line in lines[start:]:
        field, value = line.split("│")[1:3]
        if pieces and field.strip():
            break
        pieces.append(value.strip())
    assert "".join(pieces) == f"pkg:huggingface/acme/Acme-8B-Instruct@{SHA}"


def test_the_verdict_and_severities_have_their_colours(database: Database) -> None:
    coloured = render(database, color=True)
    assert "\x1b[32mpass" in coloured and "\x1b[1;31merror" in coloured
