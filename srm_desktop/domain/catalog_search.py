"""Loose matching of what a user types in the Add Services picker against the catalog.

``Catalog.search`` (substring of a key, name or alias) is what the CLI's "did you mean" hints
use and stays as it is; the picker needs more, because people type what they say aloud:
"api gw" for Amazon API Gateway, "ddb" or "dynamo" for DynamoDB, "lamda" for Lambda,
"serverless" for the serverless services, "ecs fargate" for ECS on Fargate. So:

* the query is cut into words and **every word must match** somewhere in the service (a word
  of its key, name, aliases, variants, category, or its description);
* a word matches a word of the service exactly, as a prefix ("lamb"), inside it ("gate"), as a
  common abbreviation ("gw" = gateway, "db" = database), or with one typo (two for long words;
  "lamda", "cloudfrnt");
* where it matched weighs: the key, name and aliases count most, then a variant, the category
  and last the description; the best total comes first, ties in catalog order;
* a word that matched a variant best names that variant (``Hit.variant``), so "ecs fargate"
  preselects it.

It is plain Python over ~100 services (a few milliseconds a keystroke): the catalog is indexed
once (:func:`index_for`) and each query only scores words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from srm_desktop.domain.catalog import Catalog, CatalogService, Category

#: Abbreviations people type for a word of a service's name. Not a thesaurus: each entry is one
#: that a search for the long word would miss (a prefix already matches "lamb" or "dyn").
ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "gw": ("gateway",),
    "gtw": ("gateway",),
    "db": ("database", "db"),
    "lb": ("balancer", "balancing"),
    "fn": ("function", "functions"),
    "func": ("function", "functions"),
    "sls": ("serverless",),
    "pg": ("postgresql",),
    "postgres": ("postgresql",),
    "mongo": ("mongodb",),
    "k8s": ("kubernetes",),
    "msg": ("message", "messaging"),
    "q": ("queue",),
    "vm": ("virtual", "machine"),
    "iam": ("identity", "access"),
    "dns": ("route", "dns"),
    "ml": ("machine", "learning"),
    "ai": ("artificial", "intelligence", "ai"),
}

#: Where a query word matched, and how much that place counts.
WEIGHT_NAME = 3.0  # the key or the name
WEIGHT_ALIAS = 2.5  # "api" is API Gateway's name and only an alias of AppSync ("GraphQL API")
WEIGHT_VARIANT = 2.0
WEIGHT_CATEGORY = 1.0
WEIGHT_DESCRIPTION = 0.5

#: How well a query word matches a word of the service (times the place's weight).
EXACT, PREFIX, ABBREVIATION, INSIDE, TYPO, TYPO_PREFIX = 1.0, 0.8, 0.8, 0.5, 0.6, 0.4

_WORD = re.compile(r"[a-z0-9]+")

#: Words that say nothing about a service ("ECS on Fargate", "a customer managed key").
STOP_WORDS = frozenset({"a", "an", "and", "for", "in", "of", "on", "or", "the", "to", "with"})


def words_of(text: str) -> list[str]:
    """Lower-case words of ``text`` (letters and digits; anything else separates), without
    the stop words."""
    return [w for w in _WORD.findall(text.casefold()) if w not in STOP_WORDS]


@dataclass(frozen=True)
class Hit:
    """A service the query matched, how well, and the variant it named (if any)."""

    service: CatalogService
    score: float
    variant: str | None = None
    #: Words that matched only with a typo, as (typed, meant): shown as "did you mean".
    typos: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class _Field:
    weight: float
    words: frozenset[str]
    variant: str | None = None  # the variant this field belongs to
    loose: bool = True  # inside-the-word and typo matches allowed (not for descriptions)


@dataclass(frozen=True)
class _Entry:
    service: CatalogService
    fields: tuple[_Field, ...]
    #: Whole names and aliases run together ("amazonapigateway", "apigateway"), for a query
    #: typed as one run ("apigateway", "dynamodb").
    runs: frozenset[str]


def _category_words(category: Category) -> set[str]:
    out = set(words_of(category.value)) | set(words_of(category.label))
    for alias in category.aliases:
        out |= set(words_of(alias))
    return out


def _entry(service: CatalogService) -> _Entry:
    names = [service.key, service.name, *service.aliases]
    fields = [
        _Field(WEIGHT_NAME, frozenset(words_of(service.key) + words_of(service.name))),
        _Field(WEIGHT_ALIAS, frozenset(w for n in service.aliases for w in words_of(n))),
    ]
    categories = {service.category}
    for v in service.variants:
        words = {w for n in (v.key, v.name, *v.aliases) for w in words_of(n)}
        fields.append(_Field(WEIGHT_VARIANT, frozenset(words), variant=v.key))
        if v.category is not None:
            categories.add(v.category)
    category_words = set().union(*(_category_words(c) for c in categories))
    fields.append(_Field(WEIGHT_CATEGORY, frozenset(category_words)))
    fields.append(_Field(WEIGHT_DESCRIPTION, frozenset(words_of(service.description)), loose=False))
    runs = frozenset("".join(words_of(n)) for n in names)
    return _Entry(service, tuple(fields), runs)


def within_typos(typed: str, word: str, limit: int) -> bool:
    """Whether ``word`` is at most ``limit`` edits from ``typed`` (insert, delete, replace, or
    swap two neighbours: Damerau-Levenshtein, optimal string alignment)."""
    if abs(len(typed) - len(word)) > limit:
        return False
    previous2: list[int] = []
    previous = list(range(len(word) + 1))
    for i, a in enumerate(typed, 1):
        current = [i]
        for j, b in enumerate(word, 1):
            cost = min(
                previous[j] + 1,
                current[j - 1] + 1,
                previous[j - 1] + (a != b),
            )
            if i > 1 and j > 1 and a == word[j - 2] and typed[i - 2] == b:
                cost = min(cost, previous2[j - 2] + 1)
            current.append(cost)
        if min(current) > limit:
            return False
        previous2, previous = previous, current
    return previous[-1] <= limit


def _typo_limit(typed: str) -> int:
    """One typo in a word of 4 to 6 letters, two from 7; none in shorter words (too many
    three-letter keys are one letter apart: sns, sqs, ses)."""
    return 0 if len(typed) < 4 else 1 if len(typed) < 7 else 2


@dataclass(frozen=True)
class _WordMatch:
    """How well a typed word matches one word of the catalog: in a name, alias, variant or
    category (``loose``), and in a description (``strict``: exact, a long prefix or an
    abbreviation only; descriptions are long and "api" is in many); ``meant`` when only a
    typo matched."""

    loose: float
    strict: float
    meant: str | None = None


def match_word(typed: str, word: str) -> _WordMatch | None:
    """How ``typed`` matches ``word`` (None: not at all)."""
    if typed == word:
        return _WordMatch(EXACT, EXACT)
    if word in ABBREVIATIONS.get(typed, ()):
        return _WordMatch(ABBREVIATION, ABBREVIATION)
    if len(typed) >= 2 and word.startswith(typed):
        return _WordMatch(PREFIX, PREFIX if len(typed) >= 4 else 0.0)
    if len(typed) >= 3 and typed in word:
        return _WordMatch(INSIDE, 0.0)
    limit = _typo_limit(typed)
    if not limit or word[:1] != typed[:1]:  # a typo in the first letter is rare; skipping
        return None  # those keeps a keystroke's search to a few milliseconds
    if within_typos(typed, word, limit):
        return _WordMatch(TYPO, 0.0, word)
    # A typo in a word still being typed: "lamd" for "lamb…", "cloudfr" for "cloudfront".
    if len(word) > len(typed) and within_typos(typed, word[: len(typed)], 1):
        return _WordMatch(TYPO_PREFIX, 0.0, word)
    return None


#: Per service, per typed word: (score, the field that gave it, the word meant by a typo).
_Best = dict[int, tuple[float, int, str | None]]


class CatalogIndex:
    """A catalog prepared for :meth:`search` (build once per catalog, :func:`index_for`):
    every word of every field, with where it occurs, so a typed word is compared with each
    distinct word of the catalog once."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._entries = [_entry(s) for s in catalog.services]
        self._postings: dict[str, list[tuple[int, int]]] = {}
        for e, entry in enumerate(self._entries):
            for f, field in enumerate(entry.fields):
                for word in field.words:
                    self._postings.setdefault(word, []).append((e, f))

    def search(self, query: str) -> list[Hit]:
        """Every service that matches all the words of ``query``, best first; all services
        in catalog order for an empty query."""
        typed = words_of(query)
        if not typed:
            return [Hit(e.service, 0.0) for e in self._entries]
        per_word = [self._best_per_service(t) for t in typed]
        scored: list[tuple[float, int, Hit]] = []
        for order, entry in enumerate(self._entries):
            hit = self._hit(order, entry, typed, per_word)
            if hit is not None:
                scored.append((-hit.score, order, hit))
        scored.sort(key=lambda t: (t[0], t[1]))
        return [hit for _, _, hit in scored]

    def _best_per_service(self, typed: str) -> _Best:
        best: _Best = {}
        for word, places in self._postings.items():
            match = match_word(typed, word)
            if match is None:
                continue
            for e, f in places:
                field = self._entries[e].fields[f]
                score = (match.loose if field.loose else match.strict) * field.weight
                if score > best.get(e, (0.0, 0, None))[0]:
                    best[e] = (score, f, match.meant)
        return best

    def _hit(
        self, order: int, entry: _Entry, typed: list[str], per_word: list[_Best]
    ) -> Hit | None:
        run = "".join(typed)
        if any(order not in best for best in per_word):
            # Not every word matched, but run together they name it ("apigate", "api gate way").
            bonus = _run_bonus(run, entry.runs, prefix=True)
            return Hit(entry.service, bonus) if bonus else None
        total = _run_bonus(run, entry.runs, prefix=len(typed) > 1)
        votes: dict[str, float] = {}
        typos: list[tuple[str, str]] = []
        for word, best in zip(typed, per_word, strict=True):
            score, f, meant = best[order]
            total += score
            variant = entry.fields[f].variant
            if variant is not None:
                votes[variant] = votes.get(variant, 0.0) + score
            if meant is not None:
                typos.append((word, meant))
        variant = max(votes, key=lambda k: votes[k]) if votes else None
        return Hit(entry.service, total, variant, tuple(typos))


def _run_bonus(run: str, runs: Iterable[str], *, prefix: bool) -> float:
    """The whole query run together naming the service: its key or a whole name or alias
    ("s3", "apigateway", "api gateway") counts most; with ``prefix``, the start of one of at
    least four letters ("api gate", "apigate") less."""
    if run in runs:
        return 2 * WEIGHT_NAME
    if prefix and len(run) >= 4 and any(r.startswith(run) for r in runs):
        return WEIGHT_NAME / 2
    return 0.0


_INDEXES: dict[int, CatalogIndex] = {}


def index_for(catalog: Catalog) -> CatalogIndex:
    """The catalog's index, built on first use (catalogs live as long as the process)."""
    index = _INDEXES.get(id(catalog))
    if index is None or index.catalog is not catalog:
        index = _INDEXES[id(catalog)] = CatalogIndex(catalog)
    return index


def search(catalog: Catalog, query: str) -> list[Hit]:
    """:meth:`CatalogIndex.search` on the catalog's index."""
    return index_for(catalog).search(query)
