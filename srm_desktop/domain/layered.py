"""An immutable mapping whose edited copies share their bulk: a base dict plus recent changes.

Why: a :class:`~srm_desktop.domain.project.Project` is immutable, so every cell edit returns a
new project, and its overrides (42,000 entries in a large estate) used to be copied as a new
dict on every edit and the old copy freed when the edit was undone or superseded: ~0.5 ms of
an edit that must feel instant. A :class:`LayeredMap` keeps the dict it was made from as a
shared, never-mutated *base* and only the cells changed since in a small dict; an edit copies
that small dict. When it grows past a fraction of the base it is folded into a new base, so
look-ups stay two dictionary probes and the fold costs one copy per many edits.

It behaves as a read-only ``Mapping``: ``m[key]``, ``key in m``, ``get``, ``len``, iteration,
``items()``/``keys()``/``values()`` and ``==`` with any mapping (a plain dict included), so code
reading ``project.overrides`` does not know which kind it holds. Loops over every key should
take :func:`plain` once: it is the dict itself for a dict or an unchanged base, else one copy.
"""

from __future__ import annotations

from collections.abc import ItemsView, Iterable, Iterator, KeysView, Mapping, ValuesView
from typing import Any, Final, Generic, TypeVar, cast, overload

K = TypeVar("K")
V = TypeVar("V")
D = TypeVar("D")


class _Marker:
    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


_GONE: Final = _Marker("<removed>")  # a key of the base removed since
_ABSENT: Final = _Marker("<absent>")  # a key the changes do not mention
#: Changes are folded into a new base when they outnumber this share of the base (or 64).
FOLD_SHARE: Final = 16
FOLD_MIN: Final = 64


class LayeredMap(Mapping[K, V], Generic[K, V]):
    """A read-only mapping: ``base`` (shared, never mutated) overlaid with ``changes``."""

    __slots__ = ("_base", "_changes", "_len")

    def __init__(self, base: Mapping[K, V] | None = None) -> None:
        # The base is copied once here (the caller may still hold the dict); edited copies made
        # by :meth:`updated` share it without copying.
        self._base: dict[K, V] = dict(plain(base)) if base is not None else {}
        self._changes: dict[K, V | _Marker] = {}
        self._len = len(self._base)

    @classmethod
    def over(cls, base: Mapping[K, V]) -> LayeredMap[K, V]:
        """``base`` itself as the base, not copied: for a mapping nobody mutates any more (a
        project's fields never change after construction)."""
        if isinstance(base, LayeredMap):
            return base
        return cls._make(base if isinstance(base, dict) else dict(base), {}, len(base))

    @classmethod
    def _make(cls, base: dict[K, V], changes: dict[K, V | _Marker], size: int) -> LayeredMap[K, V]:
        made: LayeredMap[K, V] = cls.__new__(cls)
        made._base, made._changes, made._len = base, changes, size
        return made

    # -- reading ----------------------------------------------------------------------------

    def __getitem__(self, key: K) -> V:
        change = self._changes.get(key, _ABSENT)
        if change is _ABSENT:
            return self._base[key]
        if change is _GONE:
            raise KeyError(key)
        return cast(V, change)

    def __contains__(self, key: object) -> bool:
        change = self._changes.get(key, _ABSENT)  # type: ignore[arg-type]
        if change is _ABSENT:
            return key in self._base
        return change is not _GONE

    @overload
    def get(self, key: K, /) -> V | None: ...
    @overload
    def get(self, key: K, default: V | D, /) -> V | D: ...
    def get(self, key: K, default: Any = None, /) -> Any:
        change = self._changes.get(key, _ABSENT)
        if change is _ABSENT:
            return self._base.get(key, default)
        return default if change is _GONE else change

    def __len__(self) -> int:
        return self._len

    def __iter__(self) -> Iterator[K]:
        return iter(self.flat())

    def keys(self) -> KeysView[K]:
        return self.flat().keys()

    def values(self) -> ValuesView[V]:
        return self.flat().values()

    def items(self) -> ItemsView[K, V]:
        return self.flat().items()

    def some_values(self) -> Iterator[V]:
        """Every value, and perhaps some that were replaced or removed since the last fold:
        for a quick "is there any value like this?" that is then confirmed on the map (an
        edited estate's base has ~40,000 values; a copy of it to look at them costs more)."""
        yield from self._base.values()
        for value in self._changes.values():
            if not isinstance(value, _Marker):
                yield value

    def flat(self) -> dict[K, V]:
        """The content as one dict: the base itself when nothing changed (do not mutate it),
        else a new dict. Not kept: every version holding a 42,000-entry copy would cost its
        freeing on a later edit, which is what this class exists to avoid."""
        if not self._changes:
            return self._base
        out = dict(self._base)
        for key, value in self._changes.items():
            if value is _GONE:
                del out[key]
            else:
                out[key] = cast(V, value)
        return out

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LayeredMap):
            if self._base is other._base and self._changes == other._changes:
                return True
            return len(self) == len(other) and self.flat() == other.flat()
        if isinstance(other, dict):
            return len(self) == len(other) and self.flat() == other
        if isinstance(other, Mapping):
            return len(self) == len(other) and self.flat() == dict(other.items())
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # like a dict

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.flat()!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.flat(),))

    # -- edited copies ------------------------------------------------------------------------

    def updated(
        self, put: Mapping[K, V] | None = None, remove: frozenset[K] | set[K] = frozenset()
    ) -> LayeredMap[K, V]:
        """A copy with ``put`` set and then the keys of ``remove`` dropped (absent ones ignored).

        Costs the size of the changes since the last fold, never the size of the map."""
        if not put and not remove:
            return self
        put = put or {}
        if any(self._changes.get(key, _ABSENT) is _GONE for key in put):
            # A removed key of the base comes back: a dict would have it last, where the base
            # has it in its old place. Rare (undoing a reset to rule): fold, in dict order.
            out = dict(self.flat())
            out.update(put)
            for key in remove:
                out.pop(key, None)
            return LayeredMap._make(out, {}, len(out))
        base, changes, size = self._base, dict(self._changes), self._len
        for key, value in put.items():
            change = changes.get(key, _ABSENT)
            present = key in base if change is _ABSENT else change is not _GONE
            if not present:
                size += 1
            changes[key] = value
        for key in remove:
            change = changes.get(key, _ABSENT)
            present = key in base if change is _ABSENT else change is not _GONE
            if not present:
                continue
            size -= 1
            if key in base:
                changes[key] = _GONE
            else:
                del changes[key]
        if len(changes) > max(FOLD_MIN, len(base) // FOLD_SHARE):
            folded = LayeredMap._make(base, changes, size).flat()
            return LayeredMap._make(folded, {}, size)
        return LayeredMap._make(base, changes, size)


def some_values(mapping: Mapping[K, V]) -> Iterable[V]:
    """The values of ``mapping``, or a superset of them (see :meth:`LayeredMap.some_values`)."""
    if isinstance(mapping, LayeredMap):
        return mapping.some_values()
    return mapping.values()


def plain(mapping: Mapping[K, V]) -> Mapping[K, V]:
    """``mapping`` as a dict-speed mapping for a loop over many keys (see the module doc)."""
    if isinstance(mapping, LayeredMap):
        return mapping.flat()
    return mapping
