"""Text shown with its invisible characters made visible.

On its own (``change_set`` re-exports it) so that the window's models, which show names and
notes through it, do not import the change set -- three dataclasses, ~3.5 ms -- before their
first paint.
"""

from __future__ import annotations

import re

#: Characters that change how text around them reads without being seen: control characters,
#: and the bidirectional overrides, embeddings, isolates and marks ("Edge\u202eNDC" shows as
#: "EdgeCDN"). The change set shows each as ⟨U+202E⟩.
_INVISIBLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def visible(text: str) -> str:
    """``text`` with every invisible or control character shown as ⟨U+XXXX⟩ (a line break
    too: each line of a change set stays one line)."""
    if text.isascii() and text.isprintable():
        return text
    return _INVISIBLE.sub(lambda m: f"⟨U+{ord(m.group()):04X}⟩", text)
