"""Administrative penalty rules for the enforcement application — one import::

    from fazhi.rules import penalty

    penalty.hearing_required(penalty_kinds={"fine"}, fine_amount=Decimal("20000"),
                             province="河北", sector="market", party="legal_person",
                             on=date(2025, 3, 1))
    penalty.evaluate("HB-FOOD-124-1-5", penalty.Facts(party="legal_person",
                     amounts={"goods_value": Decimal("3000")}), on=date(2025, 3, 1))

Every answer carries its reasons with the article (``Reason.zh``/``en``/``citation``).
Data: ``fazhi/rules/enforcement_data/``; format and API: docs/enforcement-rules.md;
decisions: docs/adr/0080-penalty-rules-as-data.md.
"""

from fazhi.rules.enforcement.benchmarks import (
    Benchmark,
    Benchmarks,
    BenchmarkSet,
    Exemption,
    Factor,
    Tier,
    bundled_benchmarks,
    discretion_rules,
    load_benchmarks,
    parse_benchmarks,
    validate_all,
)
from fazhi.rules.enforcement.discretion import (
    Assessment,
    Deviation,
    Facts,
    FineRange,
    check_decision,
    evaluate,
)
from fazhi.rules.enforcement.hearing import (
    SpecialLimit,
    Threshold,
    hearing_required,
    hearing_threshold,
    on_the_spot_collection_allowed,
    province_name,
    sectors,
    simplified_procedure_allowed,
)
from fazhi.rules.enforcement.kinds import PenaltyKind, kind, penalty_kinds
from fazhi.rules.enforcement.officers import (
    annual_training_hours,
    enough_officers,
    officer_eligibility,
)
from fazhi.rules.enforcement.outcome import (
    Decision,
    PartyKind,
    Reason,
    fen_to_yuan,
    yuan,
    yuan_to_fen,
)
from fazhi.rules.enforcement.review import (
    CaseFacts,
    MajorCaseOverrides,
    MajorTrigger,
    is_major,
    major_case_catalogue,
    parse_major_overrides,
)
from fazhi.rules.surcharge import Surcharge, late_surcharge, surcharge_for_days

__all__ = [
    "Assessment",
    "Benchmark",
    "BenchmarkSet",
    "Benchmarks",
    "CaseFacts",
    "Decision",
    "Deviation",
    "Exemption",
    "Factor",
    "Facts",
    "FineRange",
    "MajorCaseOverrides",
    "MajorTrigger",
    "PartyKind",
    "PenaltyKind",
    "Reason",
    "SpecialLimit",
    "Surcharge",
    "Threshold",
    "Tier",
    "annual_training_hours",
    "bundled_benchmarks",
    "check_decision",
    "discretion_rules",
    "enough_officers",
    "evaluate",
    "fen_to_yuan",
    "hearing_required",
    "hearing_threshold",
    "is_major",
    "kind",
    "late_surcharge",
    "load_benchmarks",
    "major_case_catalogue",
    "officer_eligibility",
    "on_the_spot_collection_allowed",
    "parse_benchmarks",
    "parse_major_overrides",
    "penalty_kinds",
    "province_name",
    "sectors",
    "simplified_procedure_allowed",
    "surcharge_for_days",
    "validate_all",
    "yuan",
    "yuan_to_fen",
]
