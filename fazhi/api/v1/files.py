"""Evidence files: upload, list, count, metadata and the checked content."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

from django.db.models import QuerySet
from django.http import HttpRequest, StreamingHttpResponse
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile
from ninja.pagination import paginate
from ninja.responses import Status

from fazhi.api.v1.pagination import FazhiPagination
from fazhi.api.v1.security import staff_auth
from fazhi.core.errors import NotFoundError
from fazhi.core.files import selectors, services
from fazhi.core.files.models import StoredFile
from fazhi.core.models import Organization

router = Router(tags=["证据材料"], auth=staff_auth)


class FileOut(Schema):
    id: int
    sha256: str
    size: int
    content_type: str
    original_name: str
    organization_id: int
    uploaded_by_id: int | None
    uploaded_at: dt.datetime


class CountOut(Schema):
    count: int


@router.post(
    "/",
    response={201: FileOut},
    operation_id="files_upload",
    summary="上传证据材料 / upload an evidence file",
)
def upload_file(
    request: HttpRequest,
    file: File[UploadedFile],
    organization: Form[int],
) -> Status[StoredFile]:
    target = Organization.objects.filter(pk=organization, is_active=True).first()
    if target is None:
        raise NotFoundError(
            f"没有编号为 {organization} 的组织。",
            f"There is no organization #{organization}.",
            code="organization_not_found",
            field="organization",
        )
    stored = services.store_file(
        actor=request.auth,  # type: ignore[attr-defined]
        organization=target,
        name=file.name or "",
        content=file,
        declared_type=file.content_type,
    )
    return Status(201, stored)


@router.get(
    "/",
    response=list[FileOut],
    operation_id="files_list",
    summary="证据材料列表 / list files",
)
@paginate(FazhiPagination)
def list_files(
    request: HttpRequest, organization: int | None = None
) -> QuerySet[StoredFile]:
    return selectors.list_files(
        user=request.auth,  # type: ignore[attr-defined]
        organization_id=organization,
    )


@router.get(
    "/count",
    response=CountOut,
    operation_id="files_count",
    summary="证据材料数量 / count files",
)
def count_files(request: HttpRequest, organization: int | None = None) -> CountOut:
    return CountOut(
        count=selectors.count_files(
            user=request.auth,  # type: ignore[attr-defined]
            organization_id=organization,
        )
    )


@router.get(
    "/{file_id}",
    response=FileOut,
    operation_id="files_get",
    summary="文件信息 / file metadata",
)
def get_file(request: HttpRequest, file_id: int) -> StoredFile:
    return selectors.get_file(user=request.auth, file_id=file_id)  # type: ignore[attr-defined]


@router.get(
    "/{file_id}/content",
    operation_id="files_content",
    summary="下载文件（校验摘要后）/ download the checked content",
)
def get_file_content(request: HttpRequest, file_id: int) -> StreamingHttpResponse:
    stored = selectors.get_file(user=request.auth, file_id=file_id)  # type: ignore[attr-defined]
    response = StreamingHttpResponse(
        selectors.read_content(stored), content_type=stored.content_type
    )
    response["Content-Length"] = str(stored.size)
    response["Content-Disposition"] = (
        f"attachment; filename*=UTF-8''{quote(stored.original_name)}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["ETag"] = f'"{stored.sha256}"'
    return response
