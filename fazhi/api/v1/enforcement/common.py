"""Shared by the enforcement endpoints: the router and who is asking."""

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router

from fazhi.core.errors import PermissionDeniedError
from fazhi.core.models import User
from fazhi.enforcement import selectors
from fazhi.enforcement.models import PenaltyCase

router = Router(tags=["行政执法"])


def _actor(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):  # pragma: no cover - staff_auth ran first
        raise PermissionDeniedError(
            "需要登录。", "Log in first.", code="not_authenticated"
        )
    return user


def _today() -> dt.date:
    return timezone.localdate()


def _case(request: HttpRequest, case_id: int) -> PenaltyCase:
    return selectors.get_case(user=request.user, case_id=case_id)
