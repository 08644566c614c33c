"""The mark of evidence lines in a service entry's notes.

An IaC import keeps which resources show that the workload uses a service in the entry's notes,
one line each, starting with :data:`PREFIX` (:mod:`srm_desktop.domain.inventory_merge` writes
and reads them). On its own so that the window, which only tells those lines from the
architect's, does not import the merge (five dataclasses, ~6 ms) before its first paint.
"""

from __future__ import annotations

from typing import Final

PREFIX: Final[str] = "IaC: "
