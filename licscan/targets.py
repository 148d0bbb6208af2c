"""What the user asked licscan to look at: a target (Hub id or local path) with what a manifest says about it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

# The manifest's per-model intended-use override. It is the policy stage's model; a target only carries it, so the
# type is a parameter here and this module stays below the policy stage (`Target[IntendedUseOverride]` above it).
Use = TypeVar("Use", covariant=True)


@dataclass(frozen=True)
class Target(Generic[Use]):
    ref: str
    revision: str | None = None
    derivative_name: str | None = None
    use: Use | None = None
    manifest_line: int | None = None
