"""SPDX 3.0.1 validation for the tests: spdx3-validate's JSON Schema and SHACL checks, and spdx-python-model's decoder.

spdx3-validate downloads the spec's JSON-LD context, SHACL model and JSON Schema from spdx.org; tests never reach the
network, so they are read from tests/schemas/spdx-3.0.1/ (see SOURCES.md there). Without them the spdx3-validate
check is skipped, saying so; the decoder check always runs.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

SPDX3_DATA = Path(__file__).parent / "schemas" / "spdx-3.0.1"
CONTEXT_URL = "https://spdx.org/rdf/3.0.1/spdx-context.jsonld"
FILES = ("spdx-context.jsonld", "spdx-model.ttl", "spdx-json-schema.json")


def decode(text: str) -> Any:
    """The document read back through the spec's own bindings: every type, count and enum value is checked."""
    from spdx_python_model import v3_0_1 as spdx

    objects = spdx.SHACLObjectSet()
    spdx.JSONLDDeserializer().read(io.BytesIO(text.encode("utf-8")), objects)
    return objects


def dangling(text: str) -> list[str]:
    """References to elements the document does not hold: what SHACL's class constraints on `from`, `to`,
    `element`, `rootElement` and `customIdToUri` would reject."""
    graph: list[dict[str, Any]] = json.loads(text)["@graph"]
    defined = {e.get("spdxId") or e.get("@id") for e in graph}
    refs: list[str] = []
    for e in graph:
        refs += [e["from"], *e["to"]] if e["type"] == "Relationship" else []
        refs += [*e.get("element", []), *e.get("rootElement", [])]
        refs += [entry["value"] for entry in e.get("simplelicensing_customIdToUri", [])]
        refs += [e["creationInfo"]] if "creationInfo" in e else []
    return sorted({r for r in refs if r not in defined})


def spdx3_validate(text: str) -> list[str]:
    """spdx3-validate's findings (JSON Schema, then SHACL) for one document; [] when it is valid."""
    missing = [name for name in FILES if not (SPDX3_DATA / name).is_file()]
    if missing:
        pytest.skip(f"SPDX 3.0.1 validation data not vendored in {SPDX3_DATA}: {', '.join(missing)}")
    import rdflib
    from spdx3_validate.core import check_graph, schema_validator
    from spdx3_validate.spdx_versions import find_version

    data = json.loads(text)
    version = find_version(data["@context"])
    assert version is not None and version.pretty == "3.0.1", data["@context"]
    schema = json.loads((SPDX3_DATA / "spdx-json-schema.json").read_text(encoding="utf-8"))
    errors = [f"schema: {e.json_path}: {e.message}" for e in schema_validator(schema).iter_errors(data)]
    if errors:
        return errors
    context = json.loads((SPDX3_DATA / "spdx-context.jsonld").read_text(encoding="utf-8"))["@context"]
    graph = rdflib.Graph()
    graph.parse(data=json.dumps({**data, "@context": context}), format="json-ld")
    shacl = rdflib.Graph()
    shacl.parse(SPDX3_DATA / "spdx-model.ttl", format="turtle")
    return [f"shacl: {e}" for e in check_graph(graph, shacl, version, False)]
