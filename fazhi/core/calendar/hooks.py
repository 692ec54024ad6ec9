"""Who must hear that a calendar year changed (architecture rule 3).

A deadline that reached into a year with no data was stored as provisional;
the module that stored it registers a callback here and recomputes when the
year is loaded or amended. Callbacks run after the commit, one by one, with
the year; they are explicit registrations, not signals.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

YearCallback = Callable[[int], None]

logger = logging.getLogger(__name__)
_callbacks: list[YearCallback] = []


def on_year_loaded(callback: YearCallback) -> YearCallback:
    """Register ``callback(year)``; usable as a decorator. Registering twice is a no-op."""
    if callback not in _callbacks:
        _callbacks.append(callback)
    return callback


def forget(callback: YearCallback) -> None:
    if callback in _callbacks:
        _callbacks.remove(callback)


def year_changed(year: int) -> None:
    """Call every callback; one failing does not keep the others from running."""
    for callback in list(_callbacks):
        try:
            callback(year)
        except Exception:
            logger.exception("Calendar callback %r failed for %s", callback, year)
