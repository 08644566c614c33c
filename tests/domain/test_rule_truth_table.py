"""The truth table: cells AWS's own pages state, derived through the rule book.

``fixtures/truth-table.toml`` was written from AWS's pages (each cell with its URL and a verbatim
quote of at most 25 words), not from ``rules.toml``: a rule edit that contradicts a page fails
here, naming the cell, the page and the quote.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from srm_desktop.domain.provider import Provider, get_provider
from srm_desktop.domain.rules import MAX_QUOTE_WORDS, Owner, quote_words

TABLE = tomllib.loads((Path(__file__).parent / "fixtures" / "truth-table.toml").read_text())
CELLS = TABLE["cells"]


def _owner(provider: Provider, cell: str) -> Owner | None:
    entry, _, area = cell.partition("/")
    service, variant = provider.catalog.resolve(entry)
    category = service.category_for(variant)
    rule = provider.rules.resolve(area, category, service.key, variant)
    return rule.owner if rule is not None else None


def test_the_table_is_large_and_every_cell_carries_its_evidence() -> None:
    assert len(CELLS) >= 100
    assert len({c["cell"] for c in CELLS}) == len(CELLS), "a cell appears twice"
    for cell in CELLS:
        assert cell["url"].startswith("https://"), cell["cell"]
        assert 0 < quote_words(cell["quote"]) <= MAX_QUOTE_WORDS, cell["cell"]


@pytest.mark.parametrize("cell", CELLS, ids=[c["cell"] for c in CELLS])
def test_the_rule_book_agrees_with_the_page(cell: dict[str, str]) -> None:
    provider = get_provider("aws")
    found = _owner(provider, cell["cell"])
    assert found is Owner(cell["owner"]), (
        f"{cell['cell']}: the rule book says {found}, the page says {cell['owner']}: "
        f"“{cell['quote']}” <{cell['url']}>"
    )
