"""Public endpoints: subjects, matters, an officer looked up by certificate (执法公示).

No ``from __future__ import annotations``: ``@paginate`` needs real annotations.
"""

from typing import Any

from django.http import HttpRequest
from ninja.pagination import paginate

from fazhi.api.v1.enforcement.common import _today, router
from fazhi.api.v1.enforcement.schemas import MatterOut, PublicOfficerOut, SubjectOut
from fazhi.api.v1.pagination import FazhiPagination
from fazhi.enforcement import selectors


@router.get(
    "/subjects",
    response=list[SubjectOut],
    auth=None,
    operation_id="enforcement_subjects_list",
    summary="执法主体（公开） / enforcement subjects",
    url_name="enforcement-subjects",
)
@paginate(FazhiPagination)
def list_subjects(request: HttpRequest) -> Any:
    return selectors.list_subjects()


@router.get(
    "/matters",
    response=list[MatterOut],
    auth=None,
    operation_id="enforcement_matters_list",
    summary="执法事项（公开） / enforcement matters",
    url_name="enforcement-matters",
)
@paginate(FazhiPagination)
def list_matters(
    request: HttpRequest, subject_id: int | None = None, kind: str = ""
) -> Any:
    return selectors.list_matters(subject_id=subject_id, kind=kind)


@router.get(
    "/officers/lookup/{certificate_number}",
    response=PublicOfficerOut,
    auth=None,
    operation_id="enforcement_officer_lookup",
    summary="按执法证号查询执法人员（公开） / look up an officer by certificate number",
    url_name="enforcement-officer-lookup",
)
def lookup_officer(request: HttpRequest, certificate_number: str) -> Any:
    return selectors.get_public_officer(
        certificate_number=certificate_number, today=_today()
    )
