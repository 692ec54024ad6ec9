"""The NinjaAPI instance, its routers and the mapping of errors to problem details."""

from __future__ import annotations

from ninja import NinjaAPI

api = NinjaAPI(
    title="Fazhi 法治 API",
    version="1",
    urls_namespace="api-v1",
    description="法治政府建设平台 REST API。Errors are RFC 9457 problem details with a stable `code`.",
)

from fazhi.api.v1 import accounts, audit, deadlines, files  # noqa: E402

api.add_router("/deadlines/", deadlines.router)
api.add_router("/audit/", audit.router)
api.add_router("/files/", files.router)
api.add_router("/", accounts.router)
