"""Store an evidence file: check it, keep its content once, record the act."""

from __future__ import annotations

from pathlib import PurePosixPath, PureWindowsPath
from typing import IO

from django.conf import settings
from django.db import transaction

from fazhi.core.audit.services import record
from fazhi.core.errors import DomainError
from fazhi.core.files import storage
from fazhi.core.files.models import StoredFile
from fazhi.core.files.sniff import ALLOWED, sniff
from fazhi.core.models import Organization, User
from fazhi.core.scope import BUSINESS, require

MAX_NAME = 255


def store_file(
    *,
    actor: User,
    organization: Organization,
    name: str,
    content: IO[bytes] | bytes,
    declared_type: str | None = None,
) -> StoredFile:
    """Keep an evidence file of ``organization`` and record the upload.

    The type is told from the content, not from the name or the client. An
    empty, oversized or disallowed file is refused and nothing is written.
    """
    require(actor, organization, policy=BUSINESS, action="change")
    clean_name = _clean_name(name)
    limit = settings.FILES_MAX_BYTES
    try:
        with storage.spooled(content, limit=limit) as (handle, sha256, size):
            if size == 0:
                raise DomainError(
                    "文件为空。",
                    "The file is empty.",
                    code="file_empty",
                    field="file",
                )
            kind = _check_type(sniff(handle), declared_type)
            return _keep(actor, organization, clean_name, handle, sha256, size, kind)
    except storage.TooLargeError:
        megabytes = limit / (1024 * 1024)
        raise DomainError(
            f"文件超过大小上限（{megabytes:g} MB）。",
            f"The file is larger than the limit ({megabytes:g} MB).",
            code="file_too_large",
            status=413,
            field="file",
        ) from None


def _keep(
    actor: User,
    organization: Organization,
    name: str,
    handle: IO[bytes],
    sha256: str,
    size: int,
    kind: str,
) -> StoredFile:
    created_blob = False
    try:
        with transaction.atomic():
            created_blob = storage.keep(handle, sha256)
            stored = StoredFile.objects.create(
                sha256=sha256,
                size=size,
                content_type=kind,
                original_name=name,
                organization=organization,
                uploaded_by=actor,
            )
            record(
                actor=actor,
                action="files.store",
                obj=stored,
                after={
                    "sha256": sha256,
                    "size": size,
                    "content_type": kind,
                    "original_name": name,
                },
            )
    except BaseException:
        # A blob this call created and no row refers to is removed again.
        if created_blob and not StoredFile.objects.filter(sha256=sha256).exists():
            storage.discard(sha256)
        raise
    return stored


def _check_type(kind: str | None, declared_type: str | None) -> str:
    allowed = "、".join(ALLOWED.values())
    if kind is None:
        raise DomainError(
            f"不支持此文件类型；允许：{allowed}。",
            f"This type of file is not allowed; allowed: {', '.join(ALLOWED.values())}.",
            code="file_type_not_allowed",
            status=415,
            field="file",
        )
    if declared_type and declared_type.split(";")[0].strip().lower() not in {
        kind,
        "application/octet-stream",
    }:
        raise DomainError(
            f"文件内容是 {ALLOWED[kind]}，与声明的类型 {declared_type} 不符。",
            f"The content is {ALLOWED[kind]}, not the declared {declared_type}.",
            code="file_type_mismatch",
            status=415,
            field="file",
        )
    return kind


def _clean_name(name: str) -> str:
    """The bare file name: no folders, no control characters, at most 255 chars."""
    bare = PureWindowsPath(PurePosixPath(name or "").name).name
    bare = "".join(ch for ch in bare if ch.isprintable()).strip()
    if not bare or bare in {".", ".."}:
        raise DomainError(
            "请提供文件名。",
            "The file needs a name.",
            code="file_name_required",
            field="name",
        )
    if len(bare) > MAX_NAME:
        stem, dot, suffix = bare.rpartition(".")
        bare = (
            stem[: MAX_NAME - len(suffix) - 1] + dot + suffix
            if dot and len(suffix) < 16
            else bare[:MAX_NAME]
        )
    return bare
