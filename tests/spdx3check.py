"""SPDX 3.0.1 validation for the tests: spdx3-validate's JSON Schema and SHACL checks, and spdx-python-model's decoder.

spdx3-validate downloads the spec's JSON-LD context, SHACL model and JSON Schema from spdx.org; tests never reach the
network, so a urllib opener answers those three URLs from tests/schemas/spdx-3.0.1/ (see SOURCES.md there) and refuses
every other URL. Both checks always run.
"""

from __future__ import annotations

import email.message
import io
import json
import tempfile
import urllib.error
import urllib.request
import urllib.response
import warnings
from pathlib import Path
from typing import Any

SPDX3_DATA = Path(__file__).parent / "schemas" / "spdx-3.0.1"
CONTEXT_URL = "https://spdx.org/rdf/3.0.1/spdx-context.jsonld"
# The three files spdx3-validate 0.0.7 fetches for SPDX 3.0.1, by URL (SOURCES.md says where each comes from).
URLS = {
    CONTEXT_URL: "spdx-context.jsonld",
    "https://spdx.org/rdf/3.0.1/spdx-model.ttl": "spdx-model.ttl",
    "https://spdx.org/schema/3.0.1/spdx-json-schema.json": "spdx-json-schema.json",
}
FILES = tuple(URLS.values())
CONTENT_TYPES = {
    "spdx-context.jsonld": "application/ld+json",
    "spdx-model.ttl": "text/turtle",
    "spdx-json-schema.json": "application/schema+json",
}


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


class OfflineSpdx(urllib.request.BaseHandler):
    """Answers the three spdx.org URLs spdx3-validate and rdflib fetch from the vendored files; refuses any other."""

    handler_order = 100  # before urllib's own HTTP(S) handlers (500)

    def __init__(self) -> None:
        self.served: list[str] = []

    def _answer(self, request: urllib.request.Request) -> urllib.response.addinfourl:
        url = request.full_url
        name = URLS.get(url)
        if name is None:
            raise urllib.error.URLError(f"network access refused in tests: {url}")
        self.served.append(url)
        data = (SPDX3_DATA / name).read_bytes()
        headers = email.message.Message()
        headers["Content-Type"] = CONTENT_TYPES[name]
        headers["Content-Length"] = str(len(data))
        response = urllib.response.addinfourl(io.BytesIO(data), headers, url, 200)
        response.msg = "OK"
        return response

    def default_open(self, request: urllib.request.Request) -> urllib.response.addinfourl:
        return self._answer(request)


def spdx3_validate(text: str) -> list[str]:
    """spdx3-validate's findings (JSON Schema and SHACL) for one document, validated as its command does, with the
    spec's files answered from tests/schemas/spdx-3.0.1/ and no network; [] when it is valid."""
    from spdx3_validate.core import validate

    missing = [name for name in FILES if not (SPDX3_DATA / name).is_file()]
    assert not missing, f"SPDX 3.0.1 validation data missing from {SPDX3_DATA}: {', '.join(missing)}"
    assert json.loads(text)["@context"] == CONTEXT_URL
    handler = OfflineSpdx()
    with tempfile.TemporaryDirectory() as folder:
        document = Path(folder) / "document.spdx3.json"
        document.write_text(text, encoding="utf-8")
        urllib.request.install_opener(urllib.request.build_opener(handler))
        try:
            with warnings.catch_warnings():
                # rdflib's JSON-LD parser builds a ConjunctiveGraph, which rdflib itself deprecates.
                warnings.filterwarnings("ignore", "ConjunctiveGraph is deprecated", DeprecationWarning)
                result = validate(str(document), version="3.0.1")
        finally:
            urllib.request.install_opener(None)  # type: ignore[arg-type]
    assert set(handler.served) == set(URLS), handler.served  # the check really ran on the spec's files
    return [f"{error.kind}: {error.message}" for error in result.errors]
