"""Administrative law enforcement (行政执法): subjects, officers, cases, measures.

Split by use case: :mod:`.subjects` (who may enforce what, and by whom),
:mod:`.cases` (penalty cases under 《行政处罚法》), :mod:`.measures`
(compulsory measures under 《行政强制法》, transfers of suspected crimes and
complaints), :mod:`.publicity` (decisions published, masked, and withdrawn).
"""

from fazhi.enforcement.models.cases import (
    CaseOfficer,
    Evidence,
    Hearing,
    LegalReview,
    MajorCaseOverride,
    PenaltyCase,
    PreDecisionNotice,
    RemedyPeriod,
    Statement,
)
from fazhi.enforcement.models.measures import (
    Complaint,
    CompulsoryMeasure,
    CrimeTransfer,
    MeasurePause,
)
from fazhi.enforcement.models.publicity import PublishedDecision
from fazhi.enforcement.models.rollups import CaseCountRollup, CaseDueRollup
from fazhi.enforcement.models.subjects import (
    EnforcementMatter,
    EnforcementSubject,
    Officer,
    QualificationExam,
    TrainingRecord,
)

__all__ = [
    "CaseCountRollup",
    "CaseDueRollup",
    "CaseOfficer",
    "Complaint",
    "CompulsoryMeasure",
    "CrimeTransfer",
    "EnforcementMatter",
    "EnforcementSubject",
    "Evidence",
    "Hearing",
    "LegalReview",
    "MajorCaseOverride",
    "MeasurePause",
    "Officer",
    "PenaltyCase",
    "PreDecisionNotice",
    "PublishedDecision",
    "QualificationExam",
    "RemedyPeriod",
    "Statement",
    "TrainingRecord",
]
