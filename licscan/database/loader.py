"""Load and check the licenses/ database: one YAML file per entry, validated by the pydantic schema."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml
from pydantic import RootModel, ValidationError

from licscan.database.models import Clause, LicenseEntry
from licscan.errors import LicscanError
from licscan.paths import data_dir, private_cache_dir, write_cache


class DatabaseError(LicscanError):
    """The licenses/ database is missing or has an invalid entry."""


def _collapse(text: str) -> str:
    """Whitespace folded and Markdown bold markers dropped: how a quote is compared with its text."""
    return re.sub(r"\s+", " ", text.replace("**", "")).strip()


@dataclass(frozen=True)
class Database:
    root: Path
    entries: dict[str, LicenseEntry]
    version: str
    _alias_index: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)

    def __iter__(self) -> Iterator[LicenseEntry]:
        return iter(self.entries.values())

    def __contains__(self, key: object) -> bool:
        return key in self.entries

    def get(self, key: str) -> LicenseEntry | None:
        return self.entries.get(key)

    def is_license(self, key: str | None) -> bool:
        """Whether key names an entry that is a license (LicenseEntry.is_license); False for an unknown key."""
        entry = self.entries.get(key) if key else None
        return entry is not None and entry.is_license

    def text_path(self, file: str) -> Path:
        return self.root / "texts" / file

    def read_text(self, file: str) -> str:
        return self.text_path(file).read_text(encoding="utf-8")

    def resolve(self, name: str | None) -> str | None:
        """The one database key a key, Hub id, `license_name`, SPDX id or ScanCode key names.

        A key always names its own entry (a policy's allow list, `licenses show`). A name that several licenses
        use (a shared Hub slug) names none of them here: what a card declares goes through `names.declared`.
        """
        if not name:
            return None
        form = alias_form(name)
        if form in self.entries:
            return form
        owners = self._alias_index.get(form, ())
        return owners[0] if len(owners) == 1 else None

    def candidates(self, name: str | None) -> tuple[str, ...]:
        """Every entry a declared name may mean: one, or several for a slug that different licenses share."""
        return self._alias_index.get(alias_form(name), ()) if name else ()

    def quote_problems(self, entry: LicenseEntry) -> list[str]:
        """The clauses of an entry whose quote is not verbatim in its reference text."""
        texts = {t.file: _collapse(self.read_text(t.file)) for t in entry.texts}
        problems = []
        for term, clause in entry.terms.clauses():
            if not _quote_found(clause, texts):
                problems.append(f"{entry.key}: {term} §{clause.section}: quote not in text: {clause.quote[:80]!r}")
        # A term limited to some text versions quotes words that those versions state.
        for term, item in entry.terms.items():
            if not item.versions:
                continue
            stated = {t.file: texts[t.file] for t in entry.texts if t.version in item.versions}
            if not _quote_found(item.clause.model_copy(update={"text": None}), stated):
                problems.append(f"{entry.key}: {term} §{item.clause.section}: quote not in versions {item.versions}")
        return problems


def _quote_found(clause: Clause, texts: dict[str, str]) -> bool:
    quote = _collapse(clause.quote)
    pool = [texts[clause.text]] if clause.text else list(texts.values())
    return any(quote in text for text in pool)


def alias_form(name: str) -> str:
    """The comparable form of an alias: case, spaces, underscores and a `license:` prefix ignored."""
    form = name.strip().lower()
    form = form.removeprefix("license:")
    return re.sub(r"[\s_]+", "-", form)


_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load_entry(path: Path) -> LicenseEntry:
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except yaml.YAMLError as exc:
        raise DatabaseError(f"{path}: invalid YAML: {exc}") from exc
    try:
        entry = LicenseEntry.model_validate(raw)
    except ValidationError as exc:
        raise DatabaseError(f"{path}: {exc}") from exc
    if entry.key != path.stem:
        raise DatabaseError(f"{path}: key {entry.key!r} does not match the file name")
    return entry


def _build_alias_index(entries: dict[str, LicenseEntry]) -> dict[str, tuple[str, ...]]:
    """Each name's owners: the entry whose key it is first, then every entry listing it as an alias.

    A slug that several licenses use keeps all of them (never the first one found): the declared name alone then
    decides nothing, and the evidence that does (a file's text, a license_link) chooses among them.
    """
    index: dict[str, list[str]] = {alias_form(key): [key] for key in entries}
    for entry in entries.values():
        a = entry.aliases
        for alias in [*a.hub, *a.hub_license_names, *a.spdx, *a.scancode]:
            owners = index.setdefault(alias_form(alias), [])
            if entry.key not in owners:
                owners.append(entry.key)
    return {name: tuple(owners) for name, owners in index.items()}


def _fingerprint(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


class _CachedEntries(RootModel[dict[str, LicenseEntry]]):
    """The validated entries as JSON: a cache file is data that is validated again on reading, never code."""


@cache
def load_database(root: Path | None = None) -> Database:
    """The validated database at root; the validated form is cached on disk, keyed by the files' contents.

    The cache is JSON in licscan's private cache folder (0700): read back through the same schema, it saves the YAML
    parsing, about 100 ms of every run (118 ms against 13 ms on the bundled database).
    """
    root = root or data_dir("licenses")
    version = _fingerprint(root)
    schema = hashlib.sha256(Path(__file__).with_name("models.py").read_bytes()).hexdigest()[:8]
    folder = private_cache_dir()
    cache = folder / f"database-{version}-{schema}.json" if folder is not None else None
    if cache is not None:
        try:
            entries = _CachedEntries.model_validate_json(cache.read_bytes()).root
            return Database(root=root, entries=entries, version=version, _alias_index=_build_alias_index(entries))
        except (OSError, ValueError):
            pass  # missing, unreadable or not the schema's shape: built again from the YAML
    entries = _load_entries(root)
    if cache is not None:
        write_cache(cache, _CachedEntries(entries).model_dump_json().encode("utf-8"))
    return Database(root=root, entries=entries, version=version, _alias_index=_build_alias_index(entries))


def _load_entries(root: Path) -> dict[str, LicenseEntry]:
    entries: dict[str, LicenseEntry] = {}
    for path in sorted(root.glob("*.yaml")):
        entry = _load_entry(path)
        entries[entry.key] = entry
    if not entries:
        raise DatabaseError(f"{root}: no license entries found")
    for entry in entries.values():
        for key in [*entry.incorporates, *entry.members, *(a.key for a in entry.terms.applies)]:
            if key not in entries:
                raise DatabaseError(f"{root / (entry.key + '.yaml')}: refers to unknown entry {key!r}")
        for text in entry.texts:
            if not (root / "texts" / text.file).is_file():
                raise DatabaseError(f"{root / (entry.key + '.yaml')}: text file {text.file!r} is missing")
    return entries
