"""A newer rule book reviewed: the pending cells by rule, accept some, keep some, validate once."""

from __future__ import annotations

from dataclasses import replace

import pytest

from srm_desktop.domain import edits
from srm_desktop.domain.autofill import autofill, rule_book_is_stale, rule_book_stamp
from srm_desktop.domain.errors import EditError
from srm_desktop.domain.project import Project, ServiceEntry
from srm_desktop.domain.provider import Provider
from srm_desktop.domain.rule_update import (
    accept_all,
    apply_review,
    pending_update,
)
from srm_desktop.domain.rules import Owner
from srm_desktop.domain.validation import validate, validate_plainly
from tests.domain.rule_book_fixtures import OLD_BOOK, filled_by_an_older_book


@pytest.fixture
def stale(teams_project: Project) -> Project:
    return filled_by_an_older_book(teams_project)


def test_pending_cells_are_grouped_by_rule_with_owner_and_citation(
    stale: Project, aws: Provider
) -> None:
    update = pending_update(stale, aws)
    assert update.stale
    assert rule_book_is_stale(stale, aws)
    assert not rule_book_is_stale(accept_all(stale, aws), aws)
    assert (update.old_stamp, update.new_stamp) == (OLD_BOOK, rule_book_stamp(aws))
    by_rule = {g.rule_id: g for g in update.groups}
    guest = by_rule["aws.ec2.guest-os"]
    [row] = guest.rows
    assert (row.old_owner, row.new_owner) == (Owner.PROVIDER, Owner.CUSTOMER)
    assert {(c.party_id, c.old_letters, c.new_letters) for c in guest.cells} >= {
        ("aws", "R/A", ""),
        ("platform", "I", "R/A"),
    }
    assert guest.citation.startswith("Amazon EC2 User Guide")
    assert "https://docs.aws.amazon.com/" in guest.citation
    # A retired rule id with the same letters: listed (its citation changes), no cell pending.
    [backup] = by_rule["aws.rds.backup"].rows
    assert (backup.old_rule, backup.cells) == ("aws.rds.backup-2025", ())
    # The override is kept by a re-fill, so it is never pending.
    assert all(c.key[0] != "s3" for c in update.diff.cells)
    assert update.cell_count == len(guest.cells)
    assert "The rule book was updated (aws 2026.01.15 → aws " in update.summary()


def test_accept_all_refills_and_records_the_current_rule_book(
    stale: Project, aws: Provider
) -> None:
    done = accept_all(stale, aws)
    assert done.rule_book == rule_book_stamp(aws)
    assert done.row("ec2", "guest-os") == autofill(done, aws)[0].row("ec2", "guest-os")
    assert done.cell("s3", "customer-data", "security") == "R/A"
    assert pending_update(done, aws).empty
    assert stale.rule_book == OLD_BOOK  # the input is untouched (undo keeps it)


def test_accept_some_keep_the_rest_as_overrides_then_the_stamp_moves(
    stale: Project, aws: Provider
) -> None:
    update = pending_update(stale, aws)
    keys = sorted(update.cell_keys)
    accepted = {k for k in keys if k[2] == "aws"}
    partial = apply_review(stale, aws, update, accept=accepted)
    assert partial.cell("ec2", "guest-os", "aws") == ""
    assert partial.cell("ec2", "guest-os", "platform") == "I"  # not answered yet
    assert partial.rule_book == OLD_BOOK  # something is still pending
    assert pending_update(partial, aws).cell_keys == update.cell_keys - accepted

    kept = update.cell_keys - accepted
    done = apply_review(
        stale, aws, update, accept=accepted, keep=kept, rationale="we run our own AMI", at="t"
    )
    assert done.rule_book == rule_book_stamp(aws)
    for key in kept:
        assert done.cell(*key) == stale.cell(*key)
        assert done.overrides[key].rationale == "we run our own AMI"
    assert done.row("rds", "backup").rule == "aws.rds.backup"
    assert pending_update(done, aws).empty
    assert not [f for f in validate(done, aws) if f.code == "rule-book-updated"]


def test_a_review_refuses_unknown_cells_both_answers_and_keeping_without_a_reason(
    stale: Project, aws: Provider
) -> None:
    update = pending_update(stale, aws)
    key = min(update.cell_keys)
    with pytest.raises(EditError, match="not a change"):
        apply_review(stale, aws, update, accept=[("ec2", "physical", "aws")])
    with pytest.raises(EditError, match="both"):
        apply_review(stale, aws, update, accept=[key], keep=[key], rationale="x")
    with pytest.raises(EditError, match="rationale"):
        apply_review(stale, aws, update, keep=[key], rationale="  ")
    with pytest.raises(EditError, match="another version"):
        apply_review(edits.rename_party(stale, "security", "SecOps"), aws, update, accept=[key])


def test_validate_reports_a_stale_rule_book_once_and_agrees_with_its_plain_twin(
    stale: Project, aws: Provider
) -> None:
    findings = validate(stale, aws)
    assert findings == validate_plainly(stale, aws)
    [warning] = [f for f in findings if f.code == "rule-book-updated"]
    update = pending_update(stale, aws)
    assert f"would change {update.cell_count} cells in 1 row " in warning.message
    assert OLD_BOOK in warning.message
    assert not [f for f in findings if f.code == "differs-from-rule"]
    # Current stamp: the same cells are drift, one warning per cell as before.
    current = replace(stale, rule_book=rule_book_stamp(aws))
    assert validate(current, aws) == validate_plainly(current, aws)
    drift = [f for f in validate(current, aws) if f.code == "differs-from-rule"]
    assert len(drift) == update.cell_count


def test_adding_or_switching_an_entry_does_not_pass_a_stale_project_as_current(
    stale: Project, aws: Provider
) -> None:
    added = edits.add_service(stale, aws, ServiceEntry(id="q", name="Queue", service="sqs"))
    switched = edits.update_service(added, aws, "lambda", variant="zip")
    assert switched.rule_book == OLD_BOOK
    assert pending_update(switched, aws).stale
