"""What a repository is at one commit (card data, tags, files, gating): online from model_info, offline from
licscan's record of it or from a snapshot in the HF cache."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from licscan.hubnames import COMMIT
from licscan.sources.card import clean
from licscan.sources.hub.api import BAD_REPLY, HubApi
from licscan.sources.hub.cache import RECORD_FORMAT, HFCache, RepoRecords
from licscan.sources.interface import FetchError


@dataclass(frozen=True)
class RepoState:
    """What model_info (or its record in the cache) says about a repo at one commit."""

    sha: str
    card_data: dict[str, object]
    tags: tuple[str, ...]
    pipeline_tag: str | None
    repo_files: tuple[str, ...]
    gated: bool | None  # None: not known (a snapshot from `hf download` read offline)
    access_denied: bool = False

    def record(self, repo_id: str, access_denied: bool = False) -> dict[str, object]:
        """The state as licscan records it for --offline."""
        return {
            "format": RECORD_FORMAT,
            "id": repo_id,
            "sha": self.sha,
            "card_data": self.card_data,
            "tags": list(self.tags),
            "pipeline_tag": self.pipeline_tag,
            "repo_files": list(self.repo_files),
            "gated": self.gated,
            "access_denied": access_denied,
        }


class RepoStateReader:
    """Reads a repository's state at a revision: from the Hub (and records it), or offline from the caches."""

    def __init__(self, api: HubApi, hf_cache: HFCache, offline: bool) -> None:
        self.api = api
        self.hf_cache = hf_cache
        self.offline = offline

    def records(self, repo_id: str, repo_type: str) -> RepoRecords:
        return RepoRecords.of(self.hf_cache.root, repo_id, repo_type)

    def read(self, repo_id: str, repo_type: str, rev: str | None) -> RepoState:
        return self._offline(repo_id, repo_type, rev) if self.offline else self._online(repo_id, repo_type, rev)

    def remember_denied(self, repo_id: str, repo_type: str, rev: str | None, state: RepoState) -> None:
        """A gated refusal met online is recorded, so that --offline reports it instead of reading nothing."""
        if not self.offline and not state.access_denied:
            self.records(repo_id, repo_type).record(rev, state.sha, state.record(repo_id, access_denied=True))

    def _online(self, repo_id: str, repo_type: str, rev: str | None) -> RepoState:
        info = self.api.repo_info(repo_id, repo_type, rev)
        sha = getattr(info, "sha", None)
        if not isinstance(sha, str) or not COMMIT.fullmatch(sha):
            raise FetchError(f"{self.api.endpoint} gave no commit for {repo_id}; is it a Hugging Face Hub endpoint?")
        state = self._state_of(info, sha)
        self.records(repo_id, repo_type).record(rev, sha, state.record(repo_id))
        return state

    def _state_of(self, info: Any, sha: str) -> RepoState:
        """What model_info said, odd shapes refused here. Card data, tags and pipeline tag are cleaned where every
        source reads them, in card_metadata; file names, which travel on as they are, are cleaned here."""
        try:
            card = getattr(info, "card_data", None)
            card_data = card.to_dict() if card is not None else {}
            siblings = getattr(info, "siblings", None) or []
            gated = getattr(info, "gated", None)
            pipeline_tag = getattr(info, "pipeline_tag", None)
            return RepoState(
                sha=sha,
                card_data=dict(card_data) if isinstance(card_data, dict) else {},
                tags=tuple(str(tag) for tag in getattr(info, "tags", None) or ()),
                pipeline_tag=pipeline_tag if isinstance(pipeline_tag, str) else None,
                repo_files=tuple(clean(str(s.rfilename)) for s in siblings),
                gated=gated not in (None, False, "false"),
            )
        except BAD_REPLY as exc:
            raise FetchError(
                f"{self.api.endpoint} described the repository at {sha} in an unexpected shape: {exc}"
            ) from exc

    def _offline(self, repo_id: str, repo_type: str, rev: str | None) -> RepoState:
        records = self.records(repo_id, repo_type)
        sha = records.commit(rev) or self.hf_cache.commit(repo_id, repo_type, rev)
        if sha is None:
            raise FetchError(
                f"offline: {repo_id}@{rev or 'main'} is not in the Hugging Face cache at {self.hf_cache.root}; "
                "run once online (or `hf download`) to fill it"
            )
        recorded = records.recorded(sha)
        if recorded is not None:
            return RepoState(
                sha=sha,
                card_data=dict(recorded.get("card_data") or {}),
                tags=tuple(recorded.get("tags") or ()),
                pipeline_tag=recorded.get("pipeline_tag"),
                repo_files=tuple(recorded.get("repo_files") or ()),
                gated=bool(recorded.get("gated")),
                access_denied=bool(recorded.get("access_denied")),
            )
        # A snapshot from `hf download`: its files are the repo as far as we can know, its README the card.
        files = self.hf_cache.files(repo_id, repo_type, sha)
        return RepoState(sha=sha, card_data={}, tags=(), pipeline_tag=None, repo_files=files, gated=None)
