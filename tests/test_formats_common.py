"""The sample report and database the format tests share, and tests of the helpers all formats use."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from licscan.database import Database, load_database
from licscan.errors import UsageError
from licscan.formats import REPORTER_BY_NAME, format_choices, get_reporter
from licscan.formats.common import lineage_tree, safe_url
from licscan.formats.interface import RenderContext
from licscan.results import (
    CitedClause,
    Declared,
    FileEvidence,
    Finding,
    GGUFEvidence,
    LineageEntry,
    ModelResult,
    PolicyInfo,
    Report,
    TermSummary,
    ToolInfo,
    Waiver,
    summarise,
)
from licscan.safetext import clean

SHA = "0e9e39f249a16976918f6564b8830bc894c89659"
BASE_SHA = "d04e592bb4f6aa9cfee91e2e20afa771667e1d4b"
HOSTILE_ID = "evil/<script>alert(1)</script>"
# What a hostile card can carry: markup, an OSC 8 hyperlink, colours, a bidi override, rich markup, Markdown.
HOSTILE = (
    "<script>alert('x')</script><img src=x onerror=alert(1)> \x1b]8;;https://evil.example\x07click\x1b]8;;\x07"
    " \x1b[5;31mBLINK\x1b[0m \u202eevil\u202c [bold]rich[/bold] | pipe | [link](javascript:alert(1)) `tick` *em*"
)

ENTRIES = {
    "apache-2.0": """
key: apache-2.0
name: Apache License 2.0
category: permissive
url: https://www.apache.org/licenses/LICENSE-2.0
aliases: {spdx: [Apache-2.0]}
texts: [{file: apache-2.0.txt, source: test}]
""",
    "acme-community": """
key: acme-community
name: Acme Community License
category: community
url: https://acme.example/license
aliases: {spdx: [LicenseRef-acme-community]}
texts: [{file: acme-community.txt, source: test}]
""",
    "odc-by": """
key: odc-by
name: Open Data Commons Attribution License v1.0
category: permissive
aliases: {spdx: [ODC-By-1.0]}
texts: [{file: odc-by.txt, source: test}]
""",
    "acme-no-text": """
key: acme-no-text
name: Acme Terms Without Text
category: proprietary
no_text: the licensor publishes the terms only behind a login
""",
}
TEXTS = {
    "apache-2.0.txt": "Apache License\nVersion 2.0, January 2004\n",
    "acme-community.txt": "ACME COMMUNITY LICENSE\n1. You may use the model.\n2. Show 'Built with Acme'.\n",
    "odc-by.txt": "Open Data Commons Attribution License\n",
}


def build_database(root: Path) -> Database:
    """A small licenses/ database of its own, so that the tests do not follow the bundled one's growth."""
    (root / "texts").mkdir(parents=True)
    for key, body in ENTRIES.items():
        (root / f"{key}.yaml").write_text(body, encoding="utf-8")
    for name, text in TEXTS.items():
        (root / "texts" / name).write_text(text, encoding="utf-8")
    return load_database(root)


@pytest.fixture
def database(tmp_path: Path) -> Database:
    return build_database(tmp_path / "licenses")


def clause(section: str, quote: str, license: str | None = "acme-community") -> CitedClause:
    return CitedClause(section=section, quote=quote, license=license)


def llama_like() -> ModelResult:
    waiver = Waiver(
        model="acme/Acme-8B-Instruct",
        finding="mau-cap",
        reason="Separate license granted by the licensor",
        approved_by="legal@example.com",
        expires=dt.date(2027, 6, 30),
    )
    findings = [
        Finding(
            id="attribution-required",
            severity="warning",
            model="acme/Acme-8B-Instruct",
            license="acme-community",
            message="Show 'Built with Acme' where users see the product.",
            clause=clause("2", "Show 'Built with Acme'."),
            remediation="Add 'Built with Acme' to the product's about page.",
        ),
        Finding(
            id="mau-cap",
            severity="error",
            model="acme/Acme-8B-Instruct",
            license="acme-community",
            message="5,000,000 monthly active users is above the 1,000,000 cap.",
            clause=clause("1", "You may use the model."),
            remediation="Request a license from Acme.",
            waived=waiver,
        ),
    ]
    return ModelResult(
        id="acme/Acme-8B-Instruct",
        revision=SHA,
        source="hub",
        declared=Declared(
            licenses=("other",), license_name="acme-community", license_link="https://acme.example/license"
        ),
        files=[
            FileEvidence(
                path="LICENSE", sha256="a" * 64, size=7021, license="acme-community", match="exact", similarity=1.0
            ),
            FileEvidence(
                path="README.md", sha256="b" * 64, size=512, license="acme-community", match="reference", similarity=0.4
            ),
        ],
        license="acme-community",
        license_name="Acme Community License",
        license_version="1.0",
        category="community",
        concluded_by="The card declares acme-community and LICENSE matches it exactly.",
        applied_licenses=["acme-community"],
        terms=[
            TermSummary(
                name="Commercial use",
                value="conditional: at most 1,000,000 MAU",
                clause=clause("1", "You may use the model."),
            ),
            TermSummary(name="Attribution", value="Built with Acme", clause=clause("2", "Show 'Built with Acme'.")),
        ],
        lineage=[
            LineageEntry(id="acme/Acme-8B", relation="finetune", license="acme-community", revision=BASE_SHA),
            LineageEntry(
                id="acme/Acme-8B-pretrain", relation="finetune", license="apache-2.0", parent="acme/Acme-8B", depth=2
            ),
            LineageEntry(
                id="acme/web-corpus",
                relation="dataset",
                license="odc-by",
                kind="dataset",
                parent="acme/Acme-8B",
                depth=2,
            ),
            LineageEntry(id="acme/chat-sft", relation="dataset", license=None, kind="dataset"),
        ],
        pipeline_tag="text-generation",
        manifest_line=3,
        findings=findings,
        verdict="pass",
    )


def hostile() -> ModelResult:
    return ModelResult(
        id=HOSTILE_ID,
        revision="c" * 40,
        source="hub",
        declared=Declared(licenses=("apache-2.0",), license_name=HOSTILE, license_link="javascript:alert(1)"),
        files=[
            FileEvidence(
                path="LICENSE<b>.md",
                sha256="c" * 64,
                size=10,
                license="apache-2.0",
                match="modified",
                similarity=0.91,
                error=HOSTILE,
            )
        ],
        license="apache-2.0",
        license_name="Apache License 2.0",
        category="permissive",
        concluded_by=HOSTILE,
        terms=[TermSummary(name=HOSTILE, value=HOSTILE, clause=clause("1|2", HOSTILE, "apache-2.0"))],
        lineage=[LineageEntry(id=HOSTILE, relation="adapter", license=HOSTILE)],
        # A GGUF header is as untrusted as the card: its strings are the uploader's.
        gguf=[
            GGUFEvidence(
                path="x|y<b>.gguf",
                license=HOSTILE,
                license_name=HOSTILE,
                license_key="apache-2.0",
                base_models=[HOSTILE],
                name=HOSTILE,
                bytes_read=65536,
                error=HOSTILE,
            )
        ],
        manifest_line=6,
        findings=[
            Finding(
                id="non-commercial",
                severity="error",
                model=HOSTILE_ID,
                license="apache-2.0",
                message=HOSTILE,
                clause=clause("3", HOSTILE, "apache-2.0"),
                remediation=HOSTILE,
            )
        ],
        verdict="fail",
    )


def local_broken() -> ModelResult:
    return ModelResult(
        id="./models/in-house",
        revision=None,
        source="local",
        declared=Declared(),
        license=None,
        findings=[
            Finding(
                id="fetch-error",
                severity="error",
                model="./models/in-house",
                license=None,
                message="README.md is missing.",
                remediation="Add a model card with a license.",
            )
        ],
        manifest_line=9,
        verdict="error",
    )


def three_base_merge() -> ModelResult:
    """A merge of three bases (Llama 3.1, Qwen, an Apache fine-tune of Mistral) trained on two datasets: every node
    of its lineage weighs differently (a warning, a failing cap, clean, unreadable, non-commercial data)."""
    model = "acme/Frankenmerge-3x8B"

    def finding(id: str, severity: str, license: str, message: str) -> Finding:
        return Finding(
            id=id,  # type: ignore[arg-type]
            severity=severity,  # type: ignore[arg-type]
            model=model,
            license=license,
            message=message,
            remediation="Ask legal.",
        )

    return ModelResult(
        id=model,
        revision=SHA,
        source="hub",
        declared=Declared(licenses=("apache-2.0",)),
        license="llama3.1",
        license_name="Llama 3.1 Community License Agreement",
        category="community",
        concluded_by="inherited from base meta-llama/Llama-3.1-8B-Instruct (llama3.1); card declares apache-2.0",
        applied_licenses=["llama3.1", "qwen", "apache-2.0", "odc-by", "cc-by-nc-4.0"],
        terms=[
            TermSummary(name="MAU cap", value="700,000,000 monthly active users", license="llama3.1"),
            TermSummary(name="MAU cap", value="100,000,000 monthly active users", license="qwen"),
        ],
        lineage=[
            LineageEntry(id="meta-llama/Llama-3.1-8B-Instruct", relation="merge", license="llama3.1"),
            LineageEntry(
                id="meta-llama/Llama-3.1-8B",
                relation="finetune",
                license=None,
                parent="meta-llama/Llama-3.1-8B-Instruct",
                depth=2,
                error="gated: HTTP 403",
            ),
            LineageEntry(id="Qwen/Qwen2.5-7B-Instruct", relation="merge", license="qwen"),
            LineageEntry(id="teknium/OpenHermes-2.5-Mistral-7B", relation="merge", license="apache-2.0"),
            LineageEntry(
                id="mistralai/Mistral-7B-v0.1",
                relation="finetune",
                license="apache-2.0",
                parent="teknium/OpenHermes-2.5-Mistral-7B",
                depth=2,
            ),
            LineageEntry(id="allenai/c4", relation="dataset", license="odc-by", kind="dataset"),
            LineageEntry(id="someorg/instruct-mix", relation="dataset", license="cc-by-nc-4.0", kind="dataset"),
        ],
        findings=[
            finding("attribution-required", "warning", "llama3.1", "Show 'Built with Llama'."),
            finding("mau-cap", "error", "qwen", "5,000,000 monthly active users is above Qwen's 100,000,000 cap."),
            finding("non-commercial", "error", "cc-by-nc-4.0", "Dataset someorg/instruct-mix is non-commercial."),
        ],
        verdict="fail",
    )


def sample_report(models: list[ModelResult] | None = None, manifest: str | None = "models.yaml") -> Report:
    models = models if models is not None else [llama_like(), hostile(), local_broken()]
    return Report(
        tool=ToolInfo(version="0.1.0", database_version="abc123def456"),
        policy=PolicyInfo(
            name="Commercial SaaS",
            path="policies/commercial-saas.yaml",
            sha256="e" * 64,
            intended_use={"commercial": True, "hosting": True, "train_on_outputs": False, "use_cases": ["support"]},
            organisation={"monthly_active_users": 5000000, "regions": ["EU"]},
            stale_exceptions=[
                Waiver(
                    model="old/model",
                    reason="No longer used",
                    approved_by="legal@example.com",
                    expires=dt.date(2024, 1, 31),
                )
            ],
        ),
        models=models,
        summary=summarise(models),
        generated_at=dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc),
        command="licscan report models.yaml --format html -o audit.html",
        manifest=manifest,
    )


def context(database: Database, **kwargs: object) -> RenderContext:
    return RenderContext(database=database, **kwargs)  # type: ignore[arg-type]


# The helpers every format relies on.


def test_clean_strips_escape_sequences_and_controls() -> None:
    out = clean(HOSTILE)
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert "BLINK" in out and "click" in out
    assert clean("a\tb\x00c\x85d") == "a bcd"
    assert clean("one\ntwo\r\nthree", oneline=True) == "one two three"
    assert clean(None) == ""


def test_safe_url_only_links_http() -> None:
    assert safe_url("https://acme.example/license") == "https://acme.example/license"
    assert safe_url("javascript:alert(1)") is None
    assert safe_url("data:text/html,<script>") is None
    assert safe_url('https://x.example/"onmouseover=') is None


def test_lineage_tree_nests_by_parent_and_survives_cycles() -> None:
    tree = lineage_tree(llama_like())
    assert [e.id for e, _ in tree] == ["acme/Acme-8B", "acme/chat-sft"]
    assert [e.id for e, _ in tree[0][1]] == ["acme/Acme-8B-pretrain", "acme/web-corpus"]
    cyclic = llama_like().model_copy(
        update={
            "lineage": [
                LineageEntry(id="a", relation="finetune", license=None, parent="b"),
                LineageEntry(id="b", relation="finetune", license=None, parent="a"),
            ]
        }
    )
    assert sorted(e.id for e, _ in lineage_tree(cyclic)) == ["a", "b"]


def test_registry_has_every_format() -> None:
    assert set(REPORTER_BY_NAME) == {
        "text",
        "json",
        "sarif",
        "markdown",
        "html",
        "spdx-json",
        "spdx3-jsonld",
        "cyclonedx-json",
    }
    assert all(get_reporter(name).name == name for name in REPORTER_BY_NAME)
    assert get_reporter("html") is REPORTER_BY_NAME["html"].load()
    with pytest.raises(UsageError, match="unknown format"):
        get_reporter("pdf")


def test_each_command_offers_the_formats_of_the_registry() -> None:
    assert format_choices("check") == ["text", "json", "sarif"]
    assert format_choices("report") == ["json", "html", "markdown", "spdx-json", "spdx3-jsonld", "cyclonedx-json"]
    assert set(format_choices("scan")) == set(REPORTER_BY_NAME)


def test_the_reporters_import_no_helper_from_the_package_itself() -> None:
    # formats/__init__.py is the registry: a reporter importing from it would make the import cycle again.
    for path in (Path(__file__).parents[1] / "licscan" / "formats").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert "from licscan.formats import" not in source, path.name
        if path.name in ("spdx3.py", "cyclonedx.py"):
            assert "from licscan.formats.spdx import" not in source, path.name


def test_importing_formats_loads_no_heavy_library() -> None:
    code = (
        "import sys, licscan.formats; "
        "print([m for m in ('rich', 'spdx_tools', 'cyclonedx', 'license_expression') if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize("name", sorted(REPORTER_BY_NAME))
def test_every_format_renders_the_sample(name: str, database: Database, tmp_path: Path) -> None:
    out = get_reporter(name)().render(sample_report(), context(database, repo_root=tmp_path))
    assert out.endswith("\n") and "\x1b" not in out


@pytest.mark.parametrize(("command", "fmt"), [("check", "html"), ("report", "text"), ("scan", "pdf")])
def test_a_command_refuses_a_format_it_does_not_offer(
    command: str, fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from licscan.cli.main import main

    with pytest.raises(SystemExit) as done:
        main([command, str(tmp_path / "models.yaml"), "--format", fmt])
    assert done.value.code == 2
    err = capsys.readouterr().err
    assert "--format" in err and all(f"'{name}'" in err for name in format_choices(command))
