"""The base of every domain value object (areas, catalog, rules, team template, project parts)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class FrozenModel(BaseModel):
    """Immutable value object: edits build new objects, so sharing them is safe.

    Unknown keys are refused (a file is never read with fields silently dropped); booleans are
    ``StrictBool`` so ``"yes"`` or ``1`` in a file is an error, not a guess.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")
