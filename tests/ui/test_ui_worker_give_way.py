"""A background job gives way to a busy UI thread at its polls, and never waits on a blocked one."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from srm_desktop.ui import workers
from srm_desktop.ui.workers import MAX_WAIT_SECONDS, STALE_SECONDS, _Job


class Clock:
    """A fake ``time`` module: ``sleep`` advances the clock and may let the UI beat again."""

    def __init__(self) -> None:
        self.now = 100.0
        self.sleeps = 0
        self.beat_after: int | None = None
        self.job: _Job | None = None

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps += 1
        self.now += seconds
        if self.beat_after is not None and self.sleeps >= self.beat_after and self.job:
            self.job.ui_beat = self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch, qapp: object) -> Clock:
    fake = Clock()
    monkeypatch.setattr(
        workers, "time", SimpleNamespace(monotonic=fake.monotonic, sleep=fake.sleep)
    )
    return fake


def job(clock: Clock) -> _Job:
    made = _Job(lambda progress, cancelled: None)
    made.ui_beat = clock.now
    clock.job = made
    return made


def test_no_pause_while_the_ui_thread_keeps_beating(clock: Clock) -> None:
    polled = job(clock)
    clock.now += STALE_SECONDS / 2
    assert polled.cancelled() is False
    assert clock.sleeps == 0


def test_a_busy_ui_thread_gets_the_lock_until_it_beats_again(clock: Clock) -> None:
    polled = job(clock)
    clock.now += STALE_SECONDS * 2
    clock.beat_after = 3
    assert polled.cancelled() is False
    assert clock.sleeps == 3


def test_a_blocked_ui_thread_costs_one_bounded_wait_only(clock: Clock) -> None:
    polled = job(clock)
    clock.now += STALE_SECONDS * 2
    started = clock.now
    assert polled.cancelled() is False
    assert MAX_WAIT_SECONDS <= clock.now - started < MAX_WAIT_SECONDS + 0.01
    sleeps = clock.sleeps
    assert polled.cancelled() is False  # same stale beat: the UI is blocked, not busy
    assert clock.sleeps == sleeps


def test_cancel_is_answered_without_waiting(clock: Clock) -> None:
    polled = job(clock)
    clock.now += STALE_SECONDS * 2
    polled.cancel_flag.set()
    assert polled.cancelled() is True
    assert clock.sleeps == 0
