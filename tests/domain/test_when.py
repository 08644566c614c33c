"""An override's time as a person reads it: local, day month year, hours and minutes."""

from __future__ import annotations

from datetime import UTC, timedelta, timezone

from srm_desktop.domain.when import readable


def test_utc_iso_is_shown_in_the_given_zone_readably() -> None:
    assert readable("2026-11-30T17:08:29Z", UTC) == "30 Nov 2026, 17:08"
    paris = timezone(timedelta(hours=1))
    assert readable("2026-11-30T17:08:29Z", paris) == "30 Nov 2026, 18:08"
    assert readable("2026-12-31T23:30:00Z", paris) == "1 Jan 2027, 00:30"  # the day rolls over


def test_a_time_without_a_zone_is_utc_and_anything_else_is_shown_as_it_is() -> None:
    assert readable("2026-03-01T09:05:00", UTC) == "1 Mar 2026, 09:05"
    assert readable("yesterday", UTC) == "yesterday"
