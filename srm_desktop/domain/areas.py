"""Responsibility areas: the rows of the matrix (physical security ... customer data)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, StrictBool

from srm_desktop.domain.text import Ident, LongText, Name


class FrozenModel(BaseModel):
    """Immutable value object: edits build new objects, so sharing them is safe.

    Unknown keys are refused (a file is never read with fields silently dropped); booleans are
    ``StrictBool`` so ``"yes"`` or ``1`` in a file is an error, not a guess.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")


class Area(FrozenModel):
    """One responsibility area. ``hidden`` areas stay in the file but leave views and checks."""

    id: Ident
    name: Name
    group: Name = "Other"
    definition: LongText = ""
    optional: StrictBool = False
    hidden: StrictBool = False
