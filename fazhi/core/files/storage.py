"""The blob store: content-addressed files under ``settings.FILES_ROOT``.

A blob is written to a temporary file in the same directory tree, flushed to
disk (fsync), then renamed into place, so a reader never sees half a file and
a crash leaves at worst a temporary file, never a damaged blob.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from django.conf import settings

CHUNK = 1 << 20


def root() -> Path:
    return Path(settings.FILES_ROOT)


def blob_path(sha256: str) -> Path:
    return root() / sha256[:2] / sha256


class TooLargeError(Exception):
    pass


@contextmanager
def spooled(
    content: IO[bytes] | bytes, *, limit: int
) -> Iterator[tuple[IO[bytes], str, int]]:
    """Copy ``content`` to a temporary file, hashing it; removed on exit.

    Yields ``(handle, sha256, size)``. Raises :class:`TooLargeError` as soon as
    more than ``limit`` bytes have been read.
    """
    incoming = root() / "incoming"
    incoming.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    with tempfile.NamedTemporaryFile(dir=incoming, prefix="up-", delete=False) as out:
        try:
            for chunk in _chunks(content):
                size += len(chunk)
                if size > limit:
                    raise TooLargeError
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            out.seek(0)
            yield out, digest.hexdigest(), size
        finally:
            out.close()
            Path(out.name).unlink(missing_ok=True)


def keep(handle: IO[bytes], sha256: str) -> bool:
    """Move the spooled file into place; return False if the blob already existed."""
    target = blob_path(sha256)
    if target.exists():
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    handle.flush()
    os.fsync(handle.fileno())
    os.replace(handle.name, target)
    os.chmod(target, 0o440)
    directory = os.open(target.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
    return True


def discard(sha256: str) -> None:
    blob_path(sha256).unlink(missing_ok=True)


def digest_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _chunks(content: IO[bytes] | bytes) -> Iterator[bytes]:
    if isinstance(content, bytes | bytearray | memoryview):
        data = bytes(content)
        for start in range(0, len(data), CHUNK):
            yield data[start : start + CHUNK]
        return
    while chunk := content.read(CHUNK):
        yield chunk
