"""The one pydantic base of licscan's data models: frozen (values, not state) and strict about unknown keys."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class FrozenModel(BaseModel):
    """A value read from a file or passed between stages: never changed after it is made, no unknown keys."""

    model_config = ConfigDict(frozen=True, extra="forbid")
