"""Domain errors: one class, a stable code, and the message in Chinese and English.

Services raise these for bad input or a step the law does not allow; the API
turns them into problem details (RFC 9457) and the CLI prints both languages.
"""

from __future__ import annotations


class DomainError(Exception):
    """A request the law or the data does not allow; nothing was changed."""

    code = "invalid"
    status = 400

    def __init__(
        self,
        zh: str,
        en: str,
        *,
        code: str | None = None,
        status: int | None = None,
        field: str | None = None,
        basis: str = "",
    ) -> None:
        super().__init__(f"{zh} / {en}")
        self.zh = zh
        self.en = en
        self.field = field
        self.basis = basis  # the article that requires the refusal, when there is one
        if code is not None:
            self.code = code
        if status is not None:
            self.status = status


class NotFoundError(DomainError):
    code = "not_found"
    status = 404


class PermissionDeniedError(DomainError):
    code = "forbidden"
    status = 403


class ConflictError(DomainError):
    code = "conflict"
    status = 409
