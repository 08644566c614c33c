"""Responsibility areas: the rows of the matrix (physical security ... customer data)."""

from __future__ import annotations

from pydantic import StrictBool

from srm_desktop.domain.base import FrozenModel
from srm_desktop.domain.text import Ident, LongText, Name


class Area(FrozenModel):
    """One responsibility area. ``hidden`` areas stay in the file but leave views and checks."""

    id: Ident
    name: Name
    group: Name = "Other"
    definition: LongText = ""
    optional: StrictBool = False
    hidden: StrictBool = False
