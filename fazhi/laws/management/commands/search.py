"""``fazhi search "QUERY"``: search the law and regulation library from the shell."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fazhi.core.errors import DomainError
from fazhi.laws import selectors
from fazhi.laws.search.base import SearchQuery


class Command(BaseCommand):
    help = "检索法律法规条文 / Search the laws and regulations"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("query")
        parser.add_argument("--as-of", type=dt.date.fromisoformat, default=None)
        parser.add_argument("--limit", type=int, default=10)
        parser.add_argument("--status", default="in_force")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        query = SearchQuery(
            text=options["query"],
            as_of=options["as_of"],
            status=options["status"],
            limit=options["limit"],
        )
        try:
            results = selectors.search_laws(query=query)
        except DomainError as exc:
            raise CommandError(f"{exc.zh} / {exc.en}") from exc
        if options["json"]:
            payload = {
                "total": results.total,
                "hits": [
                    {
                        "title": h.short_title,
                        "promulgated_on": str(h.promulgated_on or ""),
                        "effective_on": str(h.effective_on or ""),
                        "article": h.article,
                        "snippet": h.snippet,
                        "url": h.url,
                    }
                    for h in results.hits
                ],
                "suggestions": results.suggestions,
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"共 {results.total} 条 / {results.total} hits")
        for n, h in enumerate(results.hits, 1):
            self.stdout.write(
                f"{n:>3}. {h.short_title}（{h.promulgated_on or '—'}）{h.article}  {h.url}"
            )
            self.stdout.write(f"     {h.snippet}")
        if results.suggestions:
            self.stdout.write(
                "您是否要找 / Did you mean: " + "、".join(results.suggestions)
            )
