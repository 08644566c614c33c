"""Every custom item-data role of the UI, in one place, each with one name and one meaning.

Models answer them in ``data()``; views, delegates and dialogs ask for them. Values are distinct
so a role read from the wrong model answers None instead of something else's value.
"""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import Qt

_USER: Final = Qt.ItemDataRole.UserRole

# -- the matrix and the overview --------------------------------------------------------------
#: The (service id, area id) matrix row a cell belongs to; None for the overview's counts.
ROW_KEY_ROLE: Final = _USER + 1
#: The (service id, area id, party id) of a matrix party cell, or None.
CELL_KEY_ROLE: Final = _USER + 2
#: Whether a matrix cell is a manual override.
OVERRIDDEN_ROLE: Final = _USER + 3
#: Whether a matrix row has a validation finding.
PROBLEM_ROLE: Final = _USER + 4
#: A matrix cell's canonical letters (what the delegate paints).
LETTERS_ROLE: Final = _USER + 5

# -- the inventory -------------------------------------------------------------------------
#: The service entry's id.
SERVICE_ID_ROLE: Final = _USER + 6
#: For the category and variant editors: list of (key or None, label) choices.
CHOICES_ROLE: Final = _USER + 7

# -- the problems panel ----------------------------------------------------------------------
#: The :class:`~srm_desktop.domain.validation.Finding` of a row.
FINDING_ROLE: Final = _USER + 8

# -- dialog list items ------------------------------------------------------------------------
#: A party's id (Parties & Teams list).
PARTY_ID_ROLE: Final = _USER + 9
#: The (area id, party id) of a team-template cell (Parties & Teams table).
TEMPLATE_CELL_ROLE: Final = _USER + 10
#: An area's id (Responsibility Areas list).
AREA_ID_ROLE: Final = _USER + 11
#: A catalog service's key (Add Services list).
CATALOG_KEY_ROLE: Final = _USER + 12

# -- the matrix, issue 13 (offset: other additions take the numbers after 12) -------------------
#: Whether a matrix cell's override has a rationale (a marker in the cell).
RATIONALE_ROLE: Final = _USER + 40
#: A matrix row's area group ("Infrastructure"), shown where a group starts in a block.
GROUP_ROLE: Final = _USER + 41

# -- the compare view (issue 14; numbered apart so parallel additions above do not collide) --
#: What the compare view marks on a matrix item: "changed", "added" or None.
CHANGE_ROLE: Final = _USER + 42
