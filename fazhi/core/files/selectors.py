"""Reading evidence files, always through the caller's scope (policy BUSINESS)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import IO

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from fazhi.core.errors import DomainError, NotFoundError
from fazhi.core.files import storage
from fazhi.core.files.models import StoredFile
from fazhi.core.models import User
from fazhi.core.scope import BUSINESS, scope


def list_files(
    *, user: User | AnonymousUser, organization_id: int | None = None
) -> QuerySet[StoredFile]:
    """Files of the organizations ``user`` reaches, newest first."""
    files = scope(StoredFile.objects.all(), user, policy=BUSINESS)
    if organization_id is not None:
        files = files.filter(organization_id=organization_id)
    return files.order_by("-uploaded_at", "-id")


def count_files(
    *, user: User | AnonymousUser, organization_id: int | None = None
) -> int:
    return list_files(user=user, organization_id=organization_id).count()


def get_file(*, user: User | AnonymousUser, file_id: int) -> StoredFile:
    """One file; out of the user's scope it does not exist for them."""
    stored = list_files(user=user).filter(pk=file_id).first()
    if stored is None:
        raise NotFoundError(
            f"没有编号为 {file_id} 的文件，或您无权查阅。",
            f"There is no file #{file_id}, or you may not read it.",
            code="file_not_found",
        )
    return stored


def read_content(stored: StoredFile) -> Iterator[bytes]:
    """The file's bytes, after re-checking them against the recorded hash.

    A blob that is missing or no longer matches its hash is refused rather than
    served: evidence must be exactly what was received.
    """
    try:
        handle = storage.blob_path(stored.sha256).open("rb")
    except OSError:
        raise _integrity_error(stored) from None
    digest = hashlib.sha256()
    while chunk := handle.read(storage.CHUNK):
        digest.update(chunk)
    if digest.hexdigest() != stored.sha256:
        handle.close()
        raise _integrity_error(stored)
    handle.seek(0)
    return _stream(handle)


def _stream(handle: IO[bytes]) -> Iterator[bytes]:
    with handle:
        while chunk := handle.read(storage.CHUNK):
            yield chunk


def _integrity_error(stored: StoredFile) -> DomainError:
    return DomainError(
        f"文件“{stored.original_name}”的存储内容与其摘要不符或已缺失，已拒绝提供，"
        "请联系系统管理员。",
        f"The stored content of “{stored.original_name}” is missing or does not "
        "match its hash; it is not served. Contact the system administrator.",
        code="file_integrity_failed",
        status=409,
    )
