"""The write path of the enforcement module (one module per use case)."""

from fazhi.enforcement.services.bulk import import_cases, refresh_rollups
from fazhi.enforcement.services.cases import *  # noqa: F403
from fazhi.enforcement.services.cases import __all__ as _cases
from fazhi.enforcement.services.measures import (
    acknowledge_transfer,
    answer_complaint,
    approve_transfer,
    assign_complaint,
    dispose_measure,
    extend_measure,
    impose_measure,
    pause_measure,
    receive_complaint,
    record_police_decision,
    refuse_transfer,
    report_transfer,
    send_transfer,
)
from fazhi.enforcement.services.publicity import (
    end_expired_publications,
    publish_decision,
    start_withdrawal_clock,
    withdraw_publication,
)
from fazhi.enforcement.services.subjects import (
    add_major_case_override,
    add_matter,
    change_certificate,
    record_exam,
    record_training,
    register_officer,
    register_subject,
)

__all__ = [
    *_cases,
    "acknowledge_transfer",
    "add_major_case_override",
    "add_matter",
    "answer_complaint",
    "approve_transfer",
    "assign_complaint",
    "change_certificate",
    "dispose_measure",
    "end_expired_publications",
    "extend_measure",
    "import_cases",
    "impose_measure",
    "pause_measure",
    "publish_decision",
    "receive_complaint",
    "record_exam",
    "record_police_decision",
    "record_training",
    "refresh_rollups",
    "refuse_transfer",
    "register_officer",
    "register_subject",
    "report_transfer",
    "send_transfer",
    "start_withdrawal_clock",
    "withdraw_publication",
]
