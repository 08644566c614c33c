"""Times as a person reads them: an override's ``at`` is stored as UTC ISO 8601
(``2026-11-30T17:08:29Z``, exact and sortable) and shown in local time ("30 Nov 2026, 17:08")."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def readable(at: str, zone: tzinfo | None = None) -> str:
    """``at`` in ``zone`` (the machine's local time when None) as "30 Nov 2026, 17:08"; text
    that is not an ISO time (a hand-edited file) is shown as it is."""
    try:
        moment = datetime.fromisoformat(at.strip())
    except ValueError:
        return at
    if moment.tzinfo is None:  # a time without a zone: taken as UTC, as the app writes
        moment = moment.replace(tzinfo=UTC)
    local = moment.astimezone(zone)
    # Month names spelled here, not by strftime: the same text whatever the C locale says.
    return f"{local.day} {_MONTHS[local.month - 1]} {local.year}, {local:%H:%M}"
