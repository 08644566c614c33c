"""srm-desktop: an editor for cloud shared responsibility matrices."""

from __future__ import annotations

__version__ = "0.1.0"
