"""Evaluating the variant rules of the type map against one resource.

The rules themselves are data (``resources/aws/iac-types.toml``); this module only knows how to
look a dotted path up in a resource's properties, test the values found, and phrase the reason
("PackageType: Image", "SSE-KMS with a customer key: KMSMasterKeyID !GetAtt Key.Arn") that the
report prints and the architect signs off.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from srm_desktop.formats.iac.cloudformation import all_strings
from srm_desktop.formats.iac.mapping import Condition, TypeMap, TypeRule
from srm_desktop.formats.iac.model import Resource

_MAX_SHOWN: Final[int] = 80


@dataclass(frozen=True)
class Decision:
    """Which service and variant a resource counts for, and why."""

    service: str
    variant: str | None
    why: str
    #: True when nothing in the file said so: the rule for "no setting" or the catalog default.
    default: bool = False
    #: Resource type this decision also applies to among the resource's references.
    sets: str | None = None


def values_at(props: Any, path: tuple[str, ...]) -> list[Any]:
    """The values at ``path``; ``*`` steps into every element of a list or mapping."""
    current = [props]
    for part in path:
        nxt: list[Any] = []
        for value in current:
            if part == "*":
                if isinstance(value, list):
                    nxt.extend(value)
                elif isinstance(value, Mapping):
                    nxt.extend(value.values())
            elif isinstance(value, Mapping) and part in value:
                nxt.append(value[part])
        current = nxt
    return current


def _scalar(value: Any) -> str | None:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return str(value)
    return None


def _given(value: Any) -> bool:
    return value is not None and value != "" and value != [] and value != {}


def describe(value: Any) -> str:
    """A value as the template's author would write it: ``!GetAtt Key.Arn``, ``aws:kms``."""
    text = _scalar(value)
    if text is None and isinstance(value, Mapping) and len(value) == 1:
        (key, inner), *_ = value.items()
        name = "Ref" if key == "Ref" else str(key).removeprefix("Fn::")
        if name == "GetAtt" and isinstance(inner, list):
            text = f"!GetAtt {'.'.join(str(p) for p in inner)}"
        elif isinstance(inner, str):
            text = f"!{name} {inner}"
        else:
            text = f"!{name} …"
    if text is None:
        text = "…"
    return text if len(text) <= _MAX_SHOWN else text[: _MAX_SHOWN - 1] + "…"


def _holds(cond: Condition, resource: Resource) -> tuple[bool, Any]:
    """Whether ``cond`` holds, and the value that made it hold (for ``{value}``)."""
    if cond.path == ("**",):
        needle = cond.contains or ""
        found = next((s for s in all_strings(resource.properties) if needle in s), None)
        return found is not None, needle
    values = [v for v in values_at(resource.properties, cond.path) if _given(v)]
    if cond.present is False:
        return not values, None
    candidates = [v for v in values if _passes(cond, v)]
    return bool(candidates), candidates[0] if candidates else None


def _passes(cond: Condition, value: Any) -> bool:
    """Whether one given value meets every test of ``cond`` (equals, matches, not_matches,
    contains); a test the condition does not set passes."""
    text = value if isinstance(value, str) else None
    if cond.equals is not None and (_scalar(value) or "").lower() not in cond.equals:
        return False
    if cond.matches is not None and (text is None or not cond.matches.search(text)):
        return False
    if cond.not_matches is not None and text is not None and cond.not_matches.search(text):
        return False
    return cond.contains is None or (text is not None and cond.contains in text)


def _matches(rule: TypeRule, resource: Resource) -> tuple[bool, Any]:
    first: Any = None
    for index, cond in enumerate(rule.when):
        ok, value = _holds(cond, resource)
        if not ok:
            return False, None
        if index == 0:
            first = value
    return True, first


def decide(resource: Resource, types: TypeMap) -> Decision | None:
    """The first rule for the resource's type that holds, or None when no rule decides."""
    service = types.service_of(resource.type)
    for rule in types.rules_for(resource.type):
        ok, value = _matches(rule, resource)
        if not ok:
            continue
        why = rule.why.replace("{value}", describe(value)) if value is not None else rule.why
        target = rule.service or service
        assert target is not None  # the type map checks every rule type has a service
        return Decision(target, rule.variant, why, rule.default, rule.sets)
    return None
