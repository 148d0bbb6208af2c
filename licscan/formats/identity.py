"""What names a model and its licenses in every BOM: its Hub id, package URL, SPDX license ids and declared names."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass

from licscan.database import Database
from licscan.hubnames import DEFAULT_ENDPOINT, HUB_ID, NOT_A_LICENSE
from licscan.identity import model_purl
from licscan.results import ModelResult, Report
from licscan.safetext import clean


@dataclass(frozen=True)
class LicenseInfo:
    """A license as SPDX documents name it: a license-list id, or a LicenseRef with its own text."""

    spdx_id: str
    name: str
    listed: bool
    text: str
    url: str | None = None


def listed_id(candidate: str) -> str | None:
    """The canonical SPDX license-list id of `candidate` (any case), or None when it is not on the list."""
    from license_expression import ExpressionError, LicenseSymbol
    from spdx_tools.common.spdx_licensing import spdx_licensing

    # license-expression maps some LicenseRef-s onto list ids as aliases; a LicenseRef is never a list id.
    if not candidate or candidate.lower().startswith("licenseref-") or not re.fullmatch(r"[\w.+-]+", candidate):
        return None
    try:
        parsed = spdx_licensing.parse(candidate, validate=True, strict=True)
    except ExpressionError:
        return None
    return str(parsed.key) if isinstance(parsed, LicenseSymbol) and not parsed.is_exception else None


def slug(name: str, limit: int = 64) -> str:
    """A name in the characters SPDX ids allow ([A-Za-z0-9.-]); a long one is cut and keeps a hash to stay unique."""
    text = re.sub(r"[^A-Za-z0-9.]+", "-", clean(name, oneline=True)).strip("-.") or "x"
    if len(text) <= limit:
        return text
    return f"{text[:limit].rstrip('-.')}-{hashlib.sha256(name.encode()).hexdigest()[:8]}"


def license_ref(name: str) -> str:
    return f"LicenseRef-{slug(name)}"


def license_info(name: str | None, db: Database) -> LicenseInfo | None:
    """A database key, Hub id or SPDX id as an SPDX license; None when there is nothing to assert."""
    if not name:
        return None
    key = name if name in db else db.resolve(name)
    entry = db.get(key) if key else None
    if entry is None:
        spdx = listed_id(name)
        if spdx:
            return LicenseInfo(spdx, spdx, True, f"See https://spdx.org/licenses/{spdx}.html")
        note = f"The license {clean(name, oneline=True)!r} is not in the licscan database; no reference text is held."
        return LicenseInfo(license_ref(name), clean(name, oneline=True), False, note)
    text = reference_text(entry.key, db)
    for alias in entry.aliases.spdx:
        spdx = listed_id(alias)
        if spdx:
            return LicenseInfo(spdx, entry.name, True, text, entry.url)
    return LicenseInfo(license_ref(entry.key), entry.name, False, text, entry.url)


def reference_text(key: str, db: Database) -> str:
    """The license's reference text from the database, or a sentence saying why there is none."""
    entry = db.get(key)
    if entry is None or not entry.texts:
        reason = f" ({entry.no_text})" if entry and entry.no_text else ""
        return f"The licscan database holds no reference text for {key}{reason}."
    try:
        return db.read_text(entry.texts[0].file)
    except OSError:
        return f"The reference text of {key} ({entry.texts[0].file}) could not be read."


def declared_names(model: ModelResult) -> list[str]:
    """The card's licenses; `other` (or `unknown`) means the card names its license in `license_name`."""
    names = list(model.declared.licenses)
    if model.declared.license_name:
        name = model.declared.license_name
        names = [name if n in NOT_A_LICENSE else n for n in names] or [name]
    return names


def download_location(model_id: str, revision: str | None, *, dataset: bool = False) -> str | None:
    """The Hub repository pinned to a commit, in SPDX's VCS form; None when not pinned or not on the Hub."""
    if not revision or not HUB_ID.fullmatch(model_id):
        return None
    return f"git+{DEFAULT_ENDPOINT}/{'datasets/' if dataset else ''}{model_id}@{revision}"


def document_namespace(report: Report) -> str:
    """A namespace derived from the report, so that rendering the same report twice gives the same document."""
    digest = hashlib.sha256(json.dumps(report.to_json_dict(), sort_keys=True).encode()).hexdigest()
    return f"https://spdx.org/spdxdocs/licscan-{digest[:32]}"


def document_name(report: Report) -> str:
    return f"licscan report of {clean(report.manifest, oneline=True)}" if report.manifest else "licscan report"


def purl_of(model: ModelResult) -> str | None:
    """The purl the scan recorded, or (for a result made without one) the purl its id and commit give."""
    return model.purl or model_purl(model.id, model.revision, model.source)
