"""REST endpoints of the enforcement module (行政执法): every step of the procedure.

Public: subjects, matters, an officer looked up by certificate number and the
published decisions, masked once at publication, with their export (执法公示).
Everything else needs a staff login (``staff_auth``) and is scoped.
Errors, refusals included, are problem details naming the article.

One router, its endpoints by area in the modules below, imported in this order:
the order their routes are matched in (a fixed path before a parameter's).
"""

# isort: off
from fazhi.api.v1.enforcement import (
    public,
    staff,
    cases,
    measures,
    supervision,
    publicity,
    dashboard,
)

# isort: on
from fazhi.api.v1.enforcement.common import router

__all__ = [
    "cases",
    "dashboard",
    "measures",
    "public",
    "publicity",
    "router",
    "staff",
    "supervision",
]
