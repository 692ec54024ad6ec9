"""Demonstration data of the enforcement module for ``fazhi demo``.

In the demo county (河北省—石家庄市—正定县): the market-regulation bureau and the
comprehensive enforcement bureau as enforcement subjects with their matters, certified
officers (one whose certificate lapsed, one short of last year's training hours), and
penalty cases at every stage of the procedure — clue, filed, under investigation, in
legal review, notified, hearing requested, decided, served, paid with a late
surcharge, closed (outside the benchmark, justified), on the spot, overdue — with a
seizure, a transfer of a suspected crime and complaints.

Everything goes through the services, so each act is in the full-process record
exactly as if an officer had done it; dates are counted back from today. Idempotent:
each officer is found by certificate number and each case by its summary and party,
and only what is missing is added.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.utils import timezone

from fazhi.core import services as core_services
from fazhi.core.demo import DemoContext, register
from fazhi.core.models import Membership, Organization, Role, User
from fazhi.enforcement import services
from fazhi.enforcement.eligibility import required_training_hours
from fazhi.enforcement.models import (
    Complaint,
    EnforcementMatter,
    EnforcementSubject,
    Officer,
    PenaltyCase,
)
from fazhi.laws.models import Provision

ISSUER = "河北省人民政府"
SAMR_BASIS = (
    "《食品安全法》(2021-04-29) 第6条第2款；《行政处罚法》(2021-01-22) 第17条；第22条"
)
ENFORCEMENT_BASIS = (
    "《行政处罚法》(2021-01-22) 第17条；第18条第1款（相对集中行政处罚权）"
)

# (code, name, citation, [(law short title, article)])
SAMR_MATTERS = [
    (
        "330217014000",
        "对经营超过保质期的食品的行政处罚",
        "《食品安全法》(2021-04-29) 第124条第1款第5项",
        [("食品安全法", 124)],
    ),
    (
        "330217020000",
        "对食品经营者未按规定查验进货的行政处罚",
        "《食品安全法》(2021-04-29) 第126条第1款第3项",
        [("食品安全法", 126)],
    ),
    (
        "330217001000",
        "对未取得食品经营许可从事食品经营活动的行政处罚",
        "《食品安全法》(2021-04-29) 第122条第1款",
        [("食品安全法", 122)],
    ),
]
ENFORCEMENT_MATTERS = [
    (
        "330900100000",
        "对擅自占用城市道路经营的行政处罚",
        "《城市市容和环境卫生管理条例》(2017-03-01) 第36条",
        [("城市市容和环境卫生管理条例", 36)],
    ),
]


def _days(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


def _at(n: int, hour: int = 10) -> dt.datetime:
    day = _days(n)
    return dt.datetime.combine(
        day, dt.time(hour), tzinfo=timezone.get_current_timezone()
    )


def _provisions(references: list[tuple[str, int]]) -> list[Provision]:
    """The articles in the laws registry, latest version first; none when not imported."""
    found = []
    for title, number in references:
        provision = (
            Provision.objects.filter(
                version__instrument__short_title=title,
                kind="article",
                number=number,
                suffix=0,
            )
            .order_by("-version__effective_on")
            .first()
        )
        if provision is not None:
            found.append(provision)
    return found


def _subject(
    actor: User,
    organization: Organization,
    legal_basis: str,
    matters: list[tuple[str, str, str, list[tuple[str, int]]]],
    context: DemoContext,
) -> EnforcementSubject:
    subject = EnforcementSubject.objects.filter(organization=organization).first()
    if subject is None:
        subject = services.register_subject(
            actor=actor,
            organization=organization,
            kind=EnforcementSubject.Kind.STATUTORY,
            legal_basis=legal_basis,
        )
        context.count("enforcement subjects")
    for code, name, citation, references in matters:
        if not EnforcementMatter.objects.filter(subject=subject, code=code).exists():
            services.add_matter(
                actor=actor,
                subject=subject,
                code=code,
                name=name,
                kind=EnforcementMatter.Kind.PENALTY,
                citation=citation,
                provisions=_provisions(references),
            )
            context.count("enforcement matters")
    return subject


def _officer(
    actor: User,
    subject: EnforcementSubject,
    name: str,
    number: str,
    context: DemoContext,
    *,
    user: User | None = None,
    valid_until: dt.date | None = None,
    training_share: Decimal = Decimal(1),
) -> Officer:
    """An officer certified years ago; ``training_share`` of last year's required
    hours attended (below 1: short of training, 《法治政府建设实施纲要》)."""
    officer = Officer.objects.filter(certificate_number=number).first()
    if officer is not None:
        return officer
    today = timezone.localdate()
    officer = services.register_officer(
        actor=actor,
        subject=subject,
        name=name,
        certificate_number=number,
        issuer=ISSUER,
        valid_from=dt.date(today.year - 4, 1, 1),
        valid_until=valid_until or dt.date(today.year + 2, 12, 31),
        user=user,
    )
    services.record_exam(
        actor=actor,
        officer=officer,
        taken_on=dt.date(today.year - 4, 1, 1) - dt.timedelta(days=40),
        passed=True,
        score=Decimal("86.5"),
    )
    for year, share in ((today.year - 2, Decimal(1)), (today.year - 1, training_share)):
        required = required_training_hours(year)
        if required is None:  # no requirement that year
            continue
        services.record_training(
            actor=actor,
            officer=officer,
            attended_on=dt.date(year, 5, 12),
            hours=(required[0] * share).quantize(Decimal("0.5")),
            course="《行政处罚法》《食品安全法》执法实务",
            provider="河北省司法厅",
        )
    context.count("enforcement officers")
    return officer


def _member(
    context: DemoContext, user: User, organization: Organization, role: str
) -> None:
    if not Membership.objects.filter(
        user=user, organization=organization, role=role
    ).exists():
        core_services.grant_membership(
            actor=None, user=user, organization=organization, role=role
        )
        context.count("memberships")


class Stage:
    """The acts that bring a demo case from a clue to one stage of the procedure."""

    def __init__(self, world: DemoWorld, case: PenaltyCase) -> None:
        self.w = world
        self.case = case

    def file(self, ago: int) -> Stage:
        services.file_case(actor=self.w.officer, case=self.case, filed_on=_days(ago))
        return self

    def team(self, ago: int, *, evidence: bool = True) -> Stage:
        for officer in self.w.team:
            services.assign_officer(
                actor=self.w.officer,
                case=self.case,
                officer=officer,
                assigned_on=_days(ago),
            )
        if evidence:
            services.add_evidence(
                actor=self.w.officer,
                case=self.case,
                kind="record",
                title="现场检查笔录",
                description="现场检查发现涉案食品并拍照固定。",
                collected_on=_days(ago),
                officers=self.w.team,
            )
            services.add_evidence(
                actor=self.w.officer,
                case=self.case,
                kind="party_statement",
                title="询问笔录（当事人）",
                collected_on=_days(ago - 1),
                officers=self.w.team,
            )
        return self

    def conclude(
        self, kinds: list[str], fine_fen: int, justification: str = ""
    ) -> Stage:
        services.conclude_investigation(
            actor=self.w.officer,
            case=self.case,
            report="经查，当事人违法事实清楚，证据确凿。",
            outcome=PenaltyCase.Outcome.PENALTY,
            kinds=kinds,
            fine_fen=fine_fen,
            deviation_justification=justification,
        )
        return self

    def review(self, *, approve: bool | None = True) -> Stage:
        review = services.submit_for_review(actor=self.w.officer, case=self.case)
        if approve is not None:
            services.decide_review(
                actor=self.w.reviewer,
                review=review,
                approve=approve,
                opinion="事实清楚，证据确凿，适用依据正确，程序合法，裁量适当。",
            )
        return self

    def notify(self, ago: int, *, waive: bool = True) -> Stage:
        services.notify_party(
            actor=self.w.officer,
            case=self.case,
            served_on=_days(ago),
            facts=self.case.summary,
            reasons="违反《食品安全法》的规定。",
            basis="《食品安全法》(2021-04-29) 第124条",
        )
        if waive:
            services.record_statement(
                actor=self.w.officer,
                case=self.case,
                received_on=_days(ago),
                kind="waiver",
            )
        return self

    def discuss(self, ago: int) -> Stage:
        services.record_collective_discussion(
            actor=self.w.officer,
            case=self.case,
            held_on=_days(ago),
            summary="局长办公会集体讨论，同意拟处罚意见。",
        )
        return self

    def decide(self, ago: int, number: str, justification: str | None = None) -> Stage:
        case = self.case
        services.decide_case(
            actor=self.w.officer,
            case=case,
            decided_on=_days(ago),
            outcome=case.proposed_outcome,
            decision_number=number,
            reasoning="当事人的行为违反了《食品安全法》的规定。",
            kinds=case.proposed_kinds,
            fine_fen=case.proposed_fine_fen,
            confiscation_fen=case.proposed_confiscation_fen,
            deviation_justification=justification,
        )
        return self

    def serve(self, ago: int) -> Stage:
        services.serve_decision(
            actor=self.w.officer, case=self.case, served_on=_days(ago), method="direct"
        )
        return self

    def pay(self, ago: int) -> Stage:
        due = services.surcharge_on(self.case, _days(ago))
        services.record_payment(
            actor=self.w.officer,
            case=self.case,
            paid_on=_days(ago),
            amount_fen=self.case.fine_fen + (due.amount_fen if due else 0),
        )
        return self

    def close(self, ago: int) -> Stage:
        services.close_case(actor=self.w.officer, case=self.case, closed_on=_days(ago))
        return self


class DemoWorld:
    """The accounts and officers the demo cases are worked by."""

    def __init__(self, context: DemoContext) -> None:
        self.context = context
        self.officer = context.accounts["officer"]
        self.staff = context.accounts["staff"]
        self.reviewer = context.accounts["reviewer"]
        self.samr = context.organizations["county_samr"]
        self.enforcement = context.organizations["county_enforcement"]
        self.team: list[Officer] = []

    def case(
        self,
        summary: str,
        party_name: str,
        received_ago: int,
        build: Callable[[Stage], Any],
        **clue: Any,
    ) -> None:
        """Register the clue and take it to its stage, unless it is already there."""
        if PenaltyCase.objects.filter(
            organization=self.samr, summary=summary, party_name=party_name
        ).exists():
            return
        fields: dict[str, Any] = {
            "party_kind": "legal_person",
            "sector": "market",
            "source": PenaltyCase.Source.INSPECTION,
        }
        fields.update(clue)
        case = services.register_clue(
            actor=self.officer,
            subject=self.subject,
            summary=summary,
            party_name=party_name,
            received_on=_days(received_ago),
            violation_on=_days(received_ago + 3),
            **fields,
        )
        build(Stage(self, case))
        self.context.count("penalty cases")

    subject: EnforcementSubject


EXPIRED = "HB-FOOD-124-1-5"  # 经营超过保质期的食品
RECORDS = "HB-FOOD-126-1-3"  # 未按规定查验进货


def _expired(goods: str, *circumstances: str) -> dict[str, Any]:
    return {
        "violation_code": EXPIRED,
        "facts": {
            "circumstances": list(circumstances),
            "amounts": {"goods_value": goods},
        },
    }


def _records(*circumstances: str) -> dict[str, Any]:
    return {"violation_code": RECORDS, "facts": {"circumstances": list(circumstances)}}


WARNING = ["warning"]
FOOD_PENALTY = ["confiscate_illegal_property", "fine"]


@register
def load_enforcement(context: DemoContext) -> None:
    """Subjects, officers, cases at every stage, a measure, a transfer, complaints."""
    w = DemoWorld(context)
    _member(context, w.officer, w.samr, Role.ENFORCEMENT_OFFICER)
    w.subject = _subject(w.staff, w.samr, SAMR_BASIS, SAMR_MATTERS, context)
    city = _subject(
        w.officer, w.enforcement, ENFORCEMENT_BASIS, ENFORCEMENT_MATTERS, context
    )
    today = timezone.localdate()
    w.team = [
        _officer(w.staff, w.subject, "张执法", "13012300101", context, user=w.officer),
        _officer(w.staff, w.subject, "李明", "13012300102", context),
    ]
    _officer(w.staff, w.subject, "王芳", "13012300103", context)
    _officer(
        w.staff,
        w.subject,
        "赵磊",
        "13012300104",
        context,
        valid_until=today - dt.timedelta(days=20),
    )
    _officer(
        w.staff,
        w.subject,
        "钱进",
        "13012300105",
        context,
        training_share=Decimal("0.25"),
    )
    patrol = _officer(w.officer, city, "周平", "13012300201", context)
    _officer(w.officer, city, "吴强", "13012300202", context)

    w.case(
        "群众反映某超市销售过期酸奶",
        "正定县惠民超市有限公司",
        2,
        lambda s: s,
        source=PenaltyCase.Source.COMPLAINT,
        clue="投诉人称在该超市购买的酸奶已过保质期三天。",
        **_expired("800", "first_violation"),
    )
    w.case(
        "涉嫌未按规定查验进货",
        "正定县福源食品商行",
        6,
        lambda s: s.file(5),
        **_records(),
    )
    w.case(
        "涉嫌经营超过保质期的食品（调查中）",
        "正定县鼎盛副食批发部",
        16,
        lambda s: s.file(15).team(14),
        **_expired("3000"),
    )
    w.case(
        "经营超过保质期的食品（送法制审核）",
        "正定县万家乐购物广场有限公司",
        30,
        lambda s: (
            s.file(29).team(27).conclude(FOOD_PENALTY, 5_500_000).review(approve=None)
        ),
        **_expired("1500", "first_violation"),
    )
    w.case(
        "未按规定查验进货（已告知）",
        "正定县嘉禾便利店",
        20,
        lambda s: s.file(19).team(18).conclude(WARNING, 0).notify(3, waive=False),
        **_records(),
    )
    w.case(
        "经营超过保质期的食品（当事人申请听证）",
        "孙某（个体经营者）",
        25,
        lambda s: _hearing_requested(s),
        party_kind="natural_person",
        **_expired("1500", "first_violation"),
    )
    w.case(
        "未按规定查验进货（已作出决定）",
        "正定县兴隆烟酒店",
        30,
        lambda s: (
            s.file(29)
            .team(27)
            .conclude(WARNING, 0)
            .notify(10)
            .decide(2, f"正市监罚〔{today.year}〕101号")
        ),
        **_records(),
    )
    w.case(
        "拒不改正进货查验违法行为（已送达）",
        "正定县博远食品有限公司",
        40,
        lambda s: (
            s.file(39)
            .team(37)
            .conclude(["warning", "fine"], 1_000_000)
            .notify(20)
            .decide(8, f"正市监罚〔{today.year}〕102号")
            .serve(6)
        ),
        **_records("refused_correction"),
    )
    w.case(
        "拒不改正进货查验违法行为（逾期缴纳罚款）",
        "正定县汇通食品商行",
        120,
        lambda s: (
            s.file(118)
            .team(116)
            .conclude(["warning", "fine"], 1_000_000)
            .notify(100)
            .decide(90, f"正市监罚〔{today.year}〕103号")
            .serve(88)
            .pay(50)
        ),
        **_records("refused_correction"),
    )
    w.case(
        "经营超过保质期的食品（已结案）",
        "正定县恒通超市有限公司",
        100,
        lambda s: (
            s.file(98)
            .team(96)
            .conclude(
                FOOD_PENALTY,
                6_500_000,
                justification="当事人在检查中转移涉案食品，经负责人集体讨论，在档次幅度之外从重处罚。",
            )
            .notify(80)
            .review()
            .discuss(70)
            .decide(60, f"正市监罚〔{today.year}〕104号")
            .serve(58)
            .pay(50)
            .close(40)
        ),
        **_expired("1500", "first_violation"),
    )
    w.case(
        "涉嫌经营超过保质期的食品（超期未决）",
        "正定县鸿运食品店",
        130,
        lambda s: s.file(128).team(126),
        **_expired("2500"),
    )
    w.case(
        "涉嫌销售假冒伪劣食品（移送公安机关）",
        "正定县某食品加工作坊",
        12,
        lambda s: _transferred(s),
        **_expired("60000", "serious_harm"),
    )
    _on_the_spot(w, city, patrol, context)
    _seizure(w, context)
    _complaints(w, context)
    _publicity(w, context)


def _hearing_requested(stage: Stage) -> Stage:
    stage.file(24).team(22).conclude(FOOD_PENALTY, 5_500_000).notify(4, waive=False)
    services.request_hearing(
        actor=stage.w.officer, case=stage.case, requested_on=_days(2)
    )
    return stage


def _transferred(stage: Stage) -> Stage:
    stage.file(11).team(10)
    transfer = services.report_transfer(
        actor=stage.w.officer,
        case=stage.case,
        report="涉案货值金额较大，涉嫌生产、销售伪劣产品罪，报请移送公安机关。",
        reported_on=_days(3),
    )
    services.approve_transfer(
        actor=stage.w.staff, transfer=transfer, approved_at=_at(2, 9)
    )
    services.send_transfer(
        actor=stage.w.officer,
        transfer=transfer,
        police_organ="正定县公安局",
        transferred_at=_at(2, 15),
    )
    return stage


def _on_the_spot(
    w: DemoWorld, subject: EnforcementSubject, officer: Officer, context: DemoContext
) -> None:
    summary = "擅自占用城市道路摆摊经营"
    if PenaltyCase.objects.filter(
        organization=subject.organization, summary=summary
    ).exists():
        return
    case = services.decide_on_the_spot(
        actor=w.officer,
        subject=subject,
        officer=officer,
        party_kind="natural_person",
        party_name="刘某",
        decided_on=_days(3),
        summary=summary,
        basis="《城市市容和环境卫生管理条例》(2017-03-01) 第36条",
        kinds=["fine"],
        fine_fen=5_000,
        decision_number=f"冀正综执当〔{timezone.localdate().year}〕0001",
        place="正定县常山路与中山路交叉口",
        sector="urban",
    )
    services.report_on_the_spot(actor=w.officer, case=case, reported_on=_days(2))
    context.count("penalty cases")


def _seizure(w: DemoWorld, context: DemoContext) -> None:
    case = PenaltyCase.objects.filter(
        organization=w.samr, party_name="正定县鼎盛副食批发部"
    ).first()
    if case is None or case.measures.exists():
        return
    services.impose_measure(
        actor=w.officer,
        case=case,
        kind="seize",
        items="超过保质期的袋装饼干 36 箱（详见扣押清单）",
        reason="涉嫌经营超过保质期的食品，为防止证据灭失（《食品安全法》(2021-04-29) 第110条第4项）。",
        started_on=_days(14),
        approved_by=w.staff,
    )
    context.count("compulsory measures")


def _complaints(w: DemoWorld, context: DemoContext) -> None:
    basis = "本局投诉举报办理时限承诺（演示数据；领域规定不在语料中）"
    promised = dt.timedelta(days=20)
    if not Complaint.objects.filter(organization=w.samr).exists():
        named = services.receive_complaint(
            actor=w.staff,
            organization=w.samr,
            channel="phone",
            received_on=_days(4),
            target="正定县惠民超市有限公司",
            content="在该超市购买的酸奶已过保质期。",
            due_on=_days(4) + promised,
            due_basis=basis,
            reporter_name="陈女士",
            reporter_contact="138****5678",
        )
        services.assign_complaint(actor=w.staff, complaint=named, assignee=w.officer)
        anonymous = services.receive_complaint(
            actor=w.staff,
            organization=w.samr,
            channel="online",
            received_on=_days(40),
            target="正定县福源食品商行",
            content="该商行进货没有票据。",
            due_on=_days(40) + promised,
            due_basis=basis,
            anonymous=True,
        )
        services.assign_complaint(
            actor=w.staff, complaint=anonymous, assignee=w.officer
        )
        services.answer_complaint(
            actor=w.officer,
            complaint=anonymous,
            answered_on=_days(30),
            result="经核查属实，已立案调查。",
            case=PenaltyCase.objects.filter(
                organization=w.samr, party_name="正定县福源食品商行"
            ).first(),
        )
        context.count("complaints")
        context.count("complaints")


RECORDS_BASIS = "《食品安全法》(2021-04-29) 第126条第1款第3项"
EXPIRED_BASIS = "《食品安全法》(2021-04-29) 第124条第1款第5项"
# The facts as the decisions state them, natural persons named in full: the
# publication masks them (第48条; fazhi.core.masking), the case file keeps them.
PUBLISHED_FACTS: dict[str, tuple[str, str]] = {
    "正定县兴隆烟酒店": (
        "经查，当事人正定县兴隆烟酒店采购预包装食品时未查验供货者的许可证和食品"
        "出厂检验合格证。经营者钱卫东在询问笔录中承认上述事实。",
        RECORDS_BASIS,
    ),
    "正定县博远食品有限公司": (
        "经查，当事人正定县博远食品有限公司的仓库管理员马建新未按规定查验供货者的"
        "许可证和食品出厂检验合格证，经本局责令改正后仍未改正。当事人法定代表人"
        "高志远（联系电话13931112233）在询问笔录中承认上述事实。",
        RECORDS_BASIS,
    ),
    "正定县汇通食品商行": (
        "经查，当事人正定县汇通食品商行未建立食品进货查验记录制度，经本局责令改正，"
        "复查时仍未改正。店员孙丽娟陈述，进货时从未索取票据；经营者赵文博"
        "（住河北省石家庄市正定县常山西路18号2单元301室）对此予以确认。",
        RECORDS_BASIS,
    ),
    "正定县恒通超市有限公司": (
        "经查，当事人正定县恒通超市有限公司货架上陈列超过保质期的酸奶12盒、饼干8袋，"
        "货值金额1500元。检查时，当事人员工周晓梅将部分涉案食品转移至仓库。法定代表人"
        "郑国华对上述事实无异议。",
        EXPIRED_BASIS,
    ),
}
#: A decision the bureau revoked itself on finding the wrong basis applied, and one
#: varied on reconsideration, whose withdrawal is still running (第48条第2款).
REVOKED_PARTY = "正定县兴隆烟酒店"
VARIED_PARTY = "正定县博远食品有限公司"


def _publicity(w: DemoWorld, context: DemoContext) -> None:
    """Publish the decided cases (第48条第1款), withdraw one revoked and set one
    varied on reconsideration on its withdrawal clock — once."""
    for party_name, (facts, basis) in PUBLISHED_FACTS.items():
        case = PenaltyCase.objects.filter(
            organization=w.samr, party_name=party_name
        ).first()
        if case is None or case.decided_on is None or case.publications.exists():
            continue
        publication = services.publish_decision(
            actor=w.officer,
            case=case,
            facts=facts,
            legal_basis=basis,
            published_on=min(case.decided_on + dt.timedelta(days=1), _days(0)),
        )
        context.count("published decisions")
        if party_name == REVOKED_PARTY:
            services.start_withdrawal_clock(
                actor=w.officer,
                publication=publication,
                reason="revoked",
                occurred_on=_days(1),
            )
            services.withdraw_publication(
                actor=w.officer,
                publication=publication,
                explanation="本局在执法监督检查中发现该决定适用依据错误，已依法撤销原处罚决定，"
                "现撤回公开。",
                withdrawn_on=_days(0),
            )
            context.count("withdrawn decisions")
        elif party_name == VARIED_PARTY:
            remedy = services.record_remedy(
                actor=w.officer,
                case=case,
                kind="reconsideration",
                started_on=_days(5),
            )
            # Ending it "varied" starts the withdrawal clock by itself.
            services.end_remedy(
                actor=w.officer,
                remedy=remedy,
                ended_on=_days(0),
                result="复议机关决定变更罚款数额",
                decision_outcome="varied",
            )
    spot = PenaltyCase.objects.filter(
        organization=w.enforcement, procedure="simplified"
    ).first()
    if spot is not None and not spot.publications.exists():
        services.publish_decision(actor=w.officer, case=spot, published_on=_days(2))
        context.count("published decisions")
