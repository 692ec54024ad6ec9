"""The one pagination every list endpoint uses: page numbers.

Usage in a router::

    from ninja.pagination import paginate
    from fazhi.api.v1.pagination import FazhiPagination

    @router.get("/things", response=list[ThingOut])
    @paginate(FazhiPagination)
    def list_things(request):
        return selectors.list_things(user=request.user)

The answer is ``{"items": [...], "count": N, "page": p, "page_size": s}``;
``?page=`` starts at 1, ``?page_size=`` defaults to 20 and may not exceed 200
(a larger value is a ``validation_error``). The queryset must be ordered.

django-ninja cannot resolve string annotations through ``@paginate``: a router
module that paginates an endpoint taking ``Query[...]`` must not use
``from __future__ import annotations``.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PaginationBase

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 200
#: Keeps the offset within the database's integers (a larger page is a
#: ``validation_error``, not a server error).
MAX_PAGE = 10_000_000


class FazhiPagination(PaginationBase):
    class Input(Schema):
        page: int = Field(
            1,
            ge=1,
            le=MAX_PAGE,
            description="页码，从 1 开始 / page number, from 1",
        )
        page_size: int = Field(
            DEFAULT_PAGE_SIZE,
            ge=1,
            le=MAX_PAGE_SIZE,
            description=f"每页条数，最多 {MAX_PAGE_SIZE} / items per page, at most {MAX_PAGE_SIZE}",
        )

    class Output(Schema):
        items: list[Any]
        count: int
        page: int
        page_size: int

    items_attribute = "items"

    def paginate_queryset(
        self,
        queryset: QuerySet[Any],
        pagination: Input,
        request: HttpRequest,
        **params: Any,
    ) -> dict[str, Any]:
        offset = (pagination.page - 1) * pagination.page_size
        return {
            "items": queryset[offset : offset + pagination.page_size],
            "count": self._items_count(queryset),
            "page": pagination.page,
            "page_size": pagination.page_size,
        }
