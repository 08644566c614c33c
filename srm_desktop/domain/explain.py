"""What the rule book says about one service or variant, area by area: ``srm explain``.

A senior architect's answer to "who does what for Lambda?" is the owner of every area with, for
each, what AWS does, what you do, and the page that says so. This module builds that answer from
the rule book (the same resolution auto-fill uses) and renders it as text; the CLI only prints it.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from srm_desktop.domain.areas import Area
from srm_desktop.domain.catalog import CatalogService, Category, Variant
from srm_desktop.domain.provider import Provider
from srm_desktop.domain.rules import Rule


@dataclass(frozen=True)
class AreaAnswer:
    area: Area
    rule: Rule


@dataclass(frozen=True)
class ServiceAnswer:
    service: CatalogService
    variant: Variant | None
    category: Category
    rule_book: str
    areas: tuple[AreaAnswer, ...]

    @property
    def key(self) -> str:
        return f"{self.service.key}:{self.variant.key}" if self.variant else self.service.key


def explain_service(provider: Provider, text: str) -> ServiceAnswer:
    """The answer for ``KEY[:VARIANT]`` (a key, name or alias, as ``srm new --service`` takes).

    Raises :class:`LookupError` naming the closest catalog names when nothing matches."""
    service, variant_key = provider.catalog.resolve(text)
    variant = service.variant(variant_key)
    category = service.category_for(variant_key)
    answers = []
    for area in provider.areas:
        rule = provider.rules.resolve(area.id, category, service.key, variant_key)
        if rule is not None:  # every default area has a category default (checked on load)
            answers.append(AreaAnswer(area, rule))
    version = f"{provider.key} {provider.rules.version}".strip()
    return ServiceAnswer(service, variant, category, version, tuple(answers))


def render_text(answer: ServiceAnswer, width: int = 100) -> str:
    """The answer for a terminal: a heading, then per area its owner, the two texts and the
    citation, wrapped to ``width``."""
    service, variant = answer.service, answer.variant
    title = service.name + (f" — {variant.name}" if variant else "")
    lines = [
        f"{title} ({answer.key}), {answer.category.label.lower()}",
        f"Rule book {answer.rule_book}. Owner per area; AWS = what AWS does, You = what you do.",
    ]
    if service.description:
        lines += textwrap.wrap(service.description, width)
    if variant is not None and variant.description:
        lines += textwrap.wrap(variant.description, width)
    body = " " * 10
    for item in answer.areas:
        rule, citation = item.rule, item.rule.citation
        lines += ["", f"{item.area.name}: {rule.owner_text}   [{rule.id}]"]
        lines += _wrapped("  AWS:    ", rule.provider_does, width, body)
        lines += _wrapped("  You:    ", rule.customer_does, width, body)
        if citation.derived:
            lines += _wrapped("  Why:    ", f"[derived] {citation.reasoning}", width, body)
            lines += _wrapped("  Read:   ", ", ".join(citation.consulted), width, body)
        else:
            lines += _wrapped("  Source: ", f"{citation.document} <{citation.url}>", width, body)
            lines += _wrapped(body, f"“{citation.quote}” (read {citation.read})", width, body)
    return "\n".join(lines) + "\n"


def _wrapped(first: str, text: str, width: int, rest: str) -> list[str]:
    return textwrap.wrap(
        text,
        width,
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=False,
        break_on_hyphens=False,
    )
