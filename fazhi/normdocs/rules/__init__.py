"""The law of normative documents as data: dated parameters and the fair-competition
checklist (``fair_competition.yaml``), loaded and validated at import.

The periods (comment period, validity limits) are dated parameters under
``fazhi/rules/parameters/normdocs/``; the deadlines (legality review, filing,
answers to review requests) are rules of the time engine
(``fazhi/rules/deadlines/normdocs.yaml``).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from fazhi.core.errors import DomainError
from fazhi.rules.parameters import DatedValue, load_parameter

HERE = Path(__file__).resolve().parent


def comment_period(day: dt.date) -> DatedValue:
    """Minimum days of public comment (``normdocs.comment_period``)."""
    return load_parameter("normdocs.comment_period").at(day)


def validity(day: dt.date) -> DatedValue:
    """Validity limits (``normdocs.validity``): max years, provisional max, markers."""
    return load_parameter("normdocs.validity").at(day)


@dataclass(frozen=True, slots=True)
class ChecklistItem:
    id: str
    article: str
    zh: str
    en: str
    #: 第10条: allowed with a basis in law or administrative regulation or State Council approval.
    authorisable: bool = False


@dataclass(frozen=True, slots=True)
class Option:
    id: str
    zh: str
    en: str


@dataclass(frozen=True, slots=True)
class Checklist:
    since: dt.date
    statute: str
    gate: str
    items: tuple[ChecklistItem, ...]
    exception_article: str
    purposes: tuple[Option, ...]
    conditions: tuple[Option, ...]

    def item_ids(self) -> list[str]:
        return [item.id for item in self.items]

    def assess(
        self,
        *,
        answers: Mapping[str, bool],
        authorised: Sequence[str] = (),
        exception: Mapping[str, Any] | None = None,
    ) -> tuple[str, dict[str, Any]]:
        """The outcome (passed / exception / failed) and the exception as recorded.

        Raises DomainError when an item is unanswered or unknown, when an item that
        第10条 does not cover is claimed as authorised, or when the exception is
        malformed.
        """
        ids = self.item_ids()
        missing = [i for i in ids if i not in answers]
        unknown = sorted(set(answers) - set(ids))
        if missing or unknown:
            raise DomainError(
                f"公平竞争审查须逐项作答（{self.statute} 第8至11条）；缺少：{'、'.join(missing) or '无'}；"
                f"未知：{'、'.join(unknown) or '无'}。",
                f"Answer every checklist item of Articles 8-11; missing: {', '.join(missing) or 'none'}; "
                f"unknown: {', '.join(unknown) or 'none'}.",
                code="fcr_incomplete",
                field="answers",
            )
        authorisable = {item.id for item in self.items if item.authorisable}
        wrong = sorted(set(authorised) - authorisable)
        if wrong:
            raise DomainError(
                f"只有第10条所列事项可以依据法律、行政法规或者国务院批准出台：{'、'.join(wrong)}。",
                f"Only the items of Article 10 can rest on a law, administrative regulation or "
                f"State Council approval: {', '.join(wrong)}.",
                code="fcr_not_authorisable",
                field="authorised_items",
            )
        violations = [i for i in ids if answers[i] and i not in set(authorised)]
        if not violations:
            return "passed", {}
        if not exception:
            return "failed", {}
        purposes = list(exception.get("purposes") or [])
        known = {p.id for p in self.purposes}
        if not purposes or set(purposes) - known:
            raise DomainError(
                f"适用第12条须选择其所列情形之一（{self.statute} {self.exception_article}）。",
                f"Relying on Article 12 needs one of its purposes ({', '.join(sorted(known))}).",
                code="fcr_bad_exception",
                field="exception",
            )
        conditions = {c.id: bool(exception.get(c.id)) for c in self.conditions}
        record = {"purposes": purposes, **conditions, "violations": violations}
        return ("exception" if all(conditions.values()) else "failed"), record


def _load_checklist(path: Path) -> Checklist:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    items = tuple(
        ChecklistItem(
            id=str(i["id"]),
            article=str(i["article"]),
            zh=str(i["zh"]),
            en=str(i["en"]),
            authorisable=bool(i.get("authorised", False)),
        )
        for i in raw["items"]
    )
    ids = [i.id for i in items]
    if len(set(ids)) != len(ids) or not all(i.article.startswith("第") for i in items):
        raise ValueError(f"{path.name}: duplicate ids or an item without its article")
    exception = raw["exception"]
    since = raw["since"]
    return Checklist(
        since=since
        if isinstance(since, dt.date)
        else dt.date.fromisoformat(str(since)),
        statute=str(raw["statute"]),
        gate=str(raw["gate"]),
        items=items,
        exception_article=str(exception["article"]),
        purposes=tuple(
            Option(str(p["id"]), str(p["zh"]), str(p["en"]))
            for p in exception["purposes"]
        ),
        conditions=tuple(
            Option(str(c["id"]), str(c["zh"]), str(c["en"]))
            for c in exception["conditions"]
        ),
    )


@functools.cache
def fair_competition() -> Checklist:
    """The checklist of 《公平竞争审查条例》第8-11条 with the 第12条 exception."""
    return _load_checklist(HERE / "fair_competition.yaml")


fair_competition()  # validated at import: a malformed file stops the start
