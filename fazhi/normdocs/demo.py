"""Demonstration data of ``fazhi demo``: documents of 正定县市场监督管理局 at every stage.

Everything goes through :mod:`fazhi.normdocs.services` with the day each step
happened (counted back from today), so the full-process record, the numbers, the
laws-library entries and the deadlines are the real ones. Idempotent: a document
(or the clean-up) whose title already exists for the organization is left alone.

The demo's legal reviewer 李审核 (``reviewer``) also serves in 正定县司法局, the
county's legal institution, so that one account shows the legality review, the
registration and the filing review.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from fazhi.core import services as core_services
from fazhi.core.demo import DemoContext, register
from fazhi.core.models import Membership, Organization, Role, User
from fazhi.core.scope import forget_memberships
from fazhi.normdocs import rules, services
from fazhi.normdocs.models import (
    Campaign,
    Document,
    FindingDisposition,
    NumberingScheme,
)
from fazhi.rules.deadlines import add_months

PREFIX = "正市监规"


@dataclass(frozen=True)
class Comment:
    text: str
    name: str
    contact: str
    disposition: str = "adopted"
    reason: str = ""


@dataclass(frozen=True)
class Draft:
    """A document and how far it goes (days are counted back from today)."""

    title: str
    text: str
    explanation: str
    stage: str  # drafting | consulting | reviewing | reviewed | published | filed
    touches_economic_activity: bool = False
    comments: tuple[Comment, ...] = ()
    days: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Existing:
    """A document issued before the system (存量文件), recorded with its number."""

    title: str
    text: str
    number: Callable[[int], str]  # year → number
    published: Callable[[dt.date], dt.date]


COMMENTS = (
    Comment(
        "建议第三条明确摊位经营者信息公示牌的样式和悬挂位置，便于群众查看。",
        "张建国",
        "13831100001",
    ),
    Comment(
        "第五条对早市临时摊位的收费标准没有规定，建议写明或者注明依据。",
        "刘秀英",
        "13831100002",
        "partly",
        "收费属于价格主管部门职责，本办法只写明按照县发展改革局核定的标准执行。",
    ),
    Comment(
        "建议禁止市场内销售活禽。",
        "王海",
        "wanghai@example.com",
        "not_adopted",
        "活禽交易由县农业农村局另行规定，不属于本办法调整范围。",
    ),
)

DRAFTS = (
    Draft(
        "正定县市场监督管理局关于规范电动自行车销售经营行为的通知",
        "一、销售者应当销售符合强制性国家标准的电动自行车，并在经营场所显著位置公示产品合格证明。\n"
        "二、销售者不得为消费者非法改装电动自行车，不得销售非法改装配件。\n"
        "三、本通知自印发之日起施行，有效期五年。",
        "近年来本县电动自行车非法改装问题突出，为落实产品质量监管职责起草本通知。",
        "drafting",
        touches_economic_activity=True,
    ),
    Draft(
        "正定县农贸市场管理办法",
        "第一条 为了规范本县农贸市场经营秩序，保障农产品质量安全，制定本办法。\n"
        "第二条 本办法适用于本县行政区域内农贸市场的开办和经营活动。\n"
        "第三条 市场开办者应当在市场入口处公示场内经营者的名称、经营范围和投诉电话。\n"
        "第四条 市场开办者应当建立农产品进货查验和抽样检测制度。\n"
        "第五条 早市临时摊位的设置应当符合县人民政府的规划。\n"
        "第六条 本办法自公布之日起施行，有效期五年。",
        "为落实《中华人民共和国农产品质量安全法》，规范农贸市场经营，起草本办法。",
        "consulting",
        touches_economic_activity=True,
        comments=COMMENTS,
        days={"opens": 10, "closes": -20},
    ),
    Draft(
        "正定县食品小作坊登记管理办法",
        "第一条 为了加强食品小作坊管理，保障食品安全，制定本办法。\n"
        "第二条 食品小作坊应当向县市场监督管理局申请登记。\n"
        "第三条 食品小作坊使用的包装材料，须从县市场监督管理局指定的供应商处购买。\n"
        "第四条 违反本办法第二条规定的，由县市场监督管理局处以二千元罚款。\n"
        "第五条 本办法自公布之日起施行，有效期五年。",
        "依据《河北省食品小作坊小餐饮小摊点管理条例》，起草本办法。",
        "reviewing",
        touches_economic_activity=True,
        comments=COMMENTS[:2],
        days={"opens": 80, "closes": 50, "submit": 3},
    ),
    Draft(
        "正定县市场监督管理局行政执法公示办法",
        "第一条 为了规范行政执法公示工作，保障公民、法人和其他组织的知情权，制定本办法。\n"
        "第二条 本局行政执法的主体、人员、职责、权限、依据、程序和监督方式应当事前公开。\n"
        "第三条 行政处罚决定应当自作出之日起七个工作日内公开。\n"
        "第四条 本办法自公布之日起施行，有效期五年。",
        "落实行政执法公示制度，起草本办法。",
        "reviewed",
        comments=COMMENTS[:1],
        days={"opens": 100, "closes": 70, "submit": 60, "passed": 50},
    ),
    Draft(
        "正定县个体工商户年度报告公示实施办法",
        "第一条 为了做好个体工商户年度报告公示工作，制定本办法。\n"
        "第二条 个体工商户应当于每年1月1日至6月30日报送上一年度年度报告。\n"
        "第三条 年度报告公示信息由个体工商户自行报送，对其真实性、及时性负责。\n"
        "第四条 本办法自公布之日起施行，有效期五年。",
        "依据《促进个体工商户发展条例》，起草本办法。",
        "published",
        touches_economic_activity=True,
        comments=COMMENTS[:1],
        days={
            "opens": 120,
            "closes": 90,
            "submit": 85,
            "passed": 80,
            "deliberated": 75,
            "registered": 20,
            "published": 15,
        },
    ),
    Draft(
        "正定县市场主体住所（经营场所）登记管理规定",
        "第一条 为了便利市场主体登记，规范住所（经营场所）登记管理，制定本规定。\n"
        "第二条 市场主体登记实行住所（经营场所）申报承诺制。\n"
        "第三条 申请人对申报的住所（经营场所）的真实性、合法性负责。\n"
        "第四条 本规定自公布之日起施行，有效期五年。",
        "依据《中华人民共和国市场主体登记管理条例》，起草本规定。",
        "filed",
        touches_economic_activity=True,
        comments=COMMENTS,
        days={
            "opens": 150,
            "closes": 120,
            "submit": 110,
            "passed": 100,
            "deliberated": 95,
            "registered": 50,
            "published": 45,
            "filed": 30,
            "request": 25,
            "answered": 10,
        },
    ),
)


def _years_back(today: dt.date, years: int, days: int) -> dt.date:
    """``years`` years before today, then ``days`` more days back (negative: forward)."""
    return add_months(today, -12 * years) - dt.timedelta(days=days)


EXPIRING = Existing(
    "正定县市场监督管理局关于印发《商品交易市场登记管理实施细则》的通知",
    "一、商品交易市场开办者应当自取得营业执照之日起三十日内办理市场登记。\n"
    "二、市场登记事项发生变更的，应当及时办理变更登记。\n"
    "三、本细则自印发之日起施行。",
    lambda year: f"{PREFIX}〔{year}〕7号",
    lambda today: _years_back(today, 5, -60),  # its validity ends in about 60 days
)
EXPIRED = Existing(
    "正定县市场监督管理局关于加强节日市场价格监管的通知",
    "一、各经营者应当明码标价，不得哄抬价格。\n"
    "二、各市场监管所应当加强节日期间的价格巡查。\n"
    "三、本通知自印发之日起施行。",
    lambda year: f"{PREFIX}〔{year}〕8号",
    lambda today: _years_back(today, 5, 40),  # its validity ended about 40 days ago
)
CLEANUP_TITLE = "正定县市场监督管理局行政规范性文件集中清理"
CLEANUP = (
    (
        Existing(
            "正定县市场监督管理局关于印发《广告发布登记管理实施细则》的通知",
            "一、广播电台、电视台、报刊出版单位从事广告发布业务的，应当办理广告发布登记。\n"
            "二、本细则自印发之日起施行。",
            lambda year: f"{PREFIX}〔{year}〕1号",
            lambda today: _years_back(today, 3, 100),
        ),
        "retain",
        "符合现行法律法规，继续有效。",
    ),
    (
        Existing(
            "正定县市场监督管理局关于加强网络交易监管的意见",
            "一、网络交易平台经营者应当核验平台内经营者身份。\n二、本意见自印发之日起施行。",
            lambda year: f"{PREFIX}〔{year}〕3号",
            lambda today: _years_back(today, 3, 60),
        ),
        "amend",
        "《网络交易监督管理办法》已施行，部分条款需要相应修改。",
    ),
    (
        Existing(
            "正定县市场监督管理局关于开展“三小”行业专项整治的通知",
            "一、在全县开展小作坊、小餐饮、小摊点专项整治。\n二、本通知自印发之日起施行。",
            lambda year: f"{PREFIX}〔{year}〕6号",
            lambda today: _years_back(today, 4, 30),
        ),
        "abolish",
        "专项整治已经结束，文件不再适用。",
    ),
    (
        Existing(
            "正定县市场监督管理局关于实施个体工商户“证照分离”改革试点的通知",
            "一、在本县开展个体工商户“证照分离”改革试点。\n二、本通知自印发之日起施行。",
            lambda year: f"{PREFIX}〔{year}〕4号",
            lambda today: _years_back(today, 4, 10),
        ),
        "invalid",
        "改革已在全国推开，试点文件的调整对象已经消失。",
    ),
)


@dataclass
class Cast:
    organization: Organization
    staff: User
    reviewer: User
    today: dt.date

    def day(self, days_back: int) -> dt.date:
        return self.today - dt.timedelta(days=days_back)


def _exists(cast: Cast, title: str) -> bool:
    return Document.objects.filter(organization=cast.organization, title=title).exists()


def _cast(context: DemoContext) -> Cast:
    organization = context.organizations["county_samr"]
    justice = context.organizations["county_justice"]
    reviewer = context.accounts["reviewer"]
    if not Membership.objects.filter(
        user=reviewer, organization=justice, role=Role.LEGAL_REVIEWER
    ).exists():
        core_services.grant_membership(
            actor=None, user=reviewer, organization=justice, role=Role.LEGAL_REVIEWER
        )
        context.count("memberships")
    forget_memberships(reviewer)
    staff = context.accounts["staff"]
    if not NumberingScheme.objects.filter(organization=organization).exists():
        services.configure_numbering(
            actor=staff, organization=organization, prefix=PREFIX
        )
    return Cast(organization, staff, reviewer, timezone.localdate())


def _no_findings_answers() -> dict[str, bool]:
    return dict.fromkeys(rules.fair_competition().item_ids(), False)


def _walk(cast: Cast, draft: Draft) -> Document:
    """Take ``draft`` through the services up to its stage, each step on its day."""
    stages = ["drafting", "consulting", "reviewing", "reviewed", "published", "filed"]
    goal = stages.index(draft.stage)
    days = draft.days
    staff, reviewer = cast.staff, cast.reviewer
    document = services.create_draft(
        actor=staff,
        organization=cast.organization,
        title=draft.title,
        text=draft.text,
        explanation=draft.explanation,
        touches_economic_activity=draft.touches_economic_activity,
    )
    if goal < stages.index("consulting"):
        return document
    opens = cast.day(days["opens"])
    consultation = services.open_consultation(
        actor=staff, document=document, closes_on=cast.day(days["closes"]), today=opens
    )
    for index, comment in enumerate(draft.comments, start=1):
        services.submit_comment(
            consultation=consultation,
            text=comment.text,
            name=comment.name,
            contact=comment.contact,
            today=opens + dt.timedelta(days=index),
        )
    if goal < stages.index("reviewing"):
        return document
    closed = cast.day(days["closes"] - 1)
    services.close_consultation(actor=staff, document=document, today=closed)
    for stored, comment in zip(
        consultation.comments.order_by("pk"), draft.comments, strict=True
    ):
        services.dispose_comment(
            actor=staff,
            comment=stored,
            disposition=comment.disposition,
            reason=comment.reason,
        )
    services.publish_adoption_statement(
        actor=staff, consultation=consultation, today=closed
    )
    if draft.touches_economic_activity:
        services.record_fair_competition_review(
            actor=staff,
            document=document,
            answers=_no_findings_answers(),
            conclusion="经逐项审查，未发现排除、限制竞争的内容。",
            today=closed,
        )
    review = services.submit_for_review(
        actor=staff, document=document, today=cast.day(days["submit"])
    )
    if goal < stages.index("reviewed"):
        return document
    for finding in review.findings.filter(disposition=FindingDisposition.PENDING):
        services.dispose_finding(
            actor=reviewer,
            finding=finding,
            disposition=FindingDisposition.DISMISSED,
            note="文件已写明有效期，不构成问题。",
        )
    services.conclude_review(
        actor=reviewer,
        review=review,
        outcome="passed",
        opinion="经审核，文件内容合法，制定程序符合规定，同意提请集体审议。",
        today=cast.day(days["passed"]),
    )
    if goal < stages.index("published"):
        return document
    deliberated = cast.day(days["deliberated"])
    services.record_deliberation(
        actor=staff,
        document=document,
        meeting=f"局务会议{deliberated.year}年第{deliberated.month}次",
        held_on=deliberated,
        decision="approved",
        minutes="会议审议通过，按程序登记编号后公布。",
        today=deliberated,
    )
    services.register_document(
        actor=reviewer, document=document, today=cast.day(days["registered"])
    )
    published = cast.day(days["published"])
    services.publish_document(
        actor=staff, document=document, published_on=published, today=published
    )
    if goal < stages.index("filed"):
        return document
    services.submit_filing(
        actor=staff, document=document, today=cast.day(days["filed"])
    )
    request = services.submit_review_request(
        document=document,
        text="第二条的申报承诺制没有规定虚假申报的核查程序，建议补充。",
        name="陈志强",
        contact="13931100003",
        today=cast.day(days["request"]),
    )
    services.answer_review_request(
        actor=staff,
        request=request,
        answer="经研究，虚假申报的核查按照《中华人民共和国市场主体登记管理条例》第四十条执行，"
        "本规定不再重复规定。感谢您的建议。",
        today=cast.day(days["answered"]),
    )
    return document


def _record(cast: Cast, existing: Existing) -> Document:
    """Record an older document with the number it was given (存量文件)."""
    published = existing.published(cast.today)
    return services.record_existing_document(
        actor=cast.staff,
        organization=cast.organization,
        title=existing.title,
        text=existing.text,
        number=existing.number(published.year),
        published_on=published,
        today=cast.today,
    )


def _cleanup(cast: Cast) -> None:
    if Campaign.objects.filter(
        organization=cast.organization, title=CLEANUP_TITLE
    ).exists():
        return
    documents = [_record(cast, existing) for existing, _d, _r in CLEANUP]
    campaign = services.start_campaign(
        actor=cast.staff,
        organization=cast.organization,
        title=CLEANUP_TITLE,
        basis="《规章制定程序条例》(2017-12-22) 第36条、第39条；河北省关于规范性文件定期清理的要求",
        documents=documents,
        today=cast.day(30),
    )
    decisions = {existing.title: (d, r) for existing, d, r in CLEANUP}
    for item in campaign.items.select_related("document", "campaign"):
        decision, reason = decisions[item.document.title]
        services.decide_campaign_item(
            actor=cast.staff, item=item, decision=decision, reason=reason
        )
    services.publish_campaign(actor=cast.staff, campaign=campaign, today=cast.day(5))


@register
def load_normdocs(context: DemoContext) -> Any:
    """Documents at every stage, an expiring and an expired one, a published clean-up."""
    cast = _cast(context)
    for draft in DRAFTS:
        if not _exists(cast, draft.title):
            _walk(cast, draft)
            context.count("normdocs")
    if not _exists(cast, EXPIRING.title):
        _record(cast, EXPIRING)
        context.count("normdocs")
    if not _exists(cast, EXPIRED.title):
        document = _record(cast, EXPIRED)
        services.expire_document(document_id=document.pk, today=cast.today)
        context.count("normdocs")
    if not Campaign.objects.filter(
        organization=cast.organization, title=CLEANUP_TITLE
    ).exists():
        _cleanup(cast)
        context.count("normdocs campaigns")
