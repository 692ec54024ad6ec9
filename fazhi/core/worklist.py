"""The staff worklist: what each module says a user has to do, and by when.

Modules register a provider, ``provider(user, today) -> Iterable[WorkItem]``; the
workbench calls :func:`collect` and shows three lists: everything (my tasks),
what falls due within ``settings.WORKBENCH_DUE_SOON_DAYS`` days (a display
preference, not a statutory period) and what is overdue. Providers apply the
user's scope themselves, as every selector does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings

from fazhi.core.models import User

DEFAULT_DUE_SOON_DAYS = 7


@dataclass(frozen=True, slots=True)
class WorkItem:
    """One thing a user has to do, with the day it falls due if it has one."""

    title: str
    url: str
    due_on: dt.date | None
    kind: str  # the module's label, shown as a tag (e.g. "行政复议")
    organization_id: int | None = None
    state: str = ""  # the state label, already translated
    today: dt.date | None = field(default=None, compare=False, repr=False)

    @property
    def is_overdue(self) -> bool:
        """Past its due day as of the ``today`` the worklist was collected for."""
        return (
            self.due_on is not None
            and self.today is not None
            and self.due_on < self.today
        )

    @property
    def days_left(self) -> int | None:
        if self.due_on is None or self.today is None:
            return None
        return (self.due_on - self.today).days

    @property
    def days_overdue(self) -> int:
        days = self.days_left
        return -days if days is not None and days < 0 else 0


Provider = Callable[[User, dt.date], Iterable[WorkItem]]

_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    """Add a provider (usable as a decorator); registering twice has no effect."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def unregister(provider: Provider) -> None:
    if provider in _providers:
        _providers.remove(provider)


def providers() -> tuple[Provider, ...]:
    return tuple(_providers)


@dataclass(frozen=True, slots=True)
class Worklist:
    my_tasks: tuple[WorkItem, ...]
    due_soon: tuple[WorkItem, ...]
    overdue: tuple[WorkItem, ...]
    due_soon_days: int


def due_soon_days() -> int:
    return int(getattr(settings, "WORKBENCH_DUE_SOON_DAYS", DEFAULT_DUE_SOON_DAYS))


def _sort_key(item: WorkItem) -> tuple[int, dt.date, str]:
    # Items with a due day first, earliest first; undated ones after, by title.
    return (item.due_on is None, item.due_on or dt.date.max, item.title)


def collect(user: User, today: dt.date) -> Worklist:
    """Gather every provider's items for ``user`` as of ``today`` and sort them.

    ``overdue`` holds items due before today; ``due_soon`` those due from today
    to ``today + WORKBENCH_DUE_SOON_DAYS``; ``my_tasks`` holds every item.
    """
    window = due_soon_days()
    items: list[WorkItem] = []
    for provider in providers():
        for item in provider(user, today):
            items.append(
                WorkItem(
                    title=item.title,
                    url=item.url,
                    due_on=item.due_on,
                    kind=item.kind,
                    organization_id=item.organization_id,
                    state=item.state,
                    today=today,
                )
            )
    items.sort(key=_sort_key)
    horizon = today + dt.timedelta(days=window)
    overdue = tuple(i for i in items if i.is_overdue)
    due_soon = tuple(
        i for i in items if i.due_on is not None and today <= i.due_on <= horizon
    )
    return Worklist(
        my_tasks=tuple(items),
        due_soon=due_soon,
        overdue=overdue,
        due_soon_days=window,
    )
