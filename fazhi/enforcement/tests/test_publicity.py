"""Publishing decisions (第48条): masked once, withdrawn on the clock, ended on schedule."""

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from fazhi.core.audit.models import AuditEntry
from fazhi.core.errors import DomainError
from fazhi.enforcement import public_selectors, services, worklist
from fazhi.enforcement.models import PenaltyCase, PublishedDecision
from fazhi.enforcement.tests.test_cases import investigated

pytestmark = pytest.mark.django_db

D = dt.date
SHANGHAI = ZoneInfo("Asia/Shanghai")
FACTS = (
    "当事人张建国，男，公民身份号码：13010219850302123X，住河北省石家庄市长安区"
    "友谊大街12号3单元501室，联系电话：13912345678。经查，张建国与李秀英共同经营，"
    "货款转入卡号6222020200012345678。涉案货物购自石家庄市恒通食品有限公司。"
)


def decided(w, *, party_kind="natural_person", party_name="张建国"):
    """An investigated case recorded as decided (the decision itself: test_cases.py)."""
    case = investigated(w, fine_fen=500_000)
    case.party_kind = party_kind
    case.party_name = party_name
    case.party_id_number = "13010219850302123X"
    case.party_address = "河北省石家庄市长安区友谊大街12号3单元501室"
    case.save()
    case.state = "decided"
    case.outcome = PenaltyCase.Outcome.PENALTY
    case.kinds = ["fine"]
    case.fine_fen = 500_000
    case.decided_on = D(2025, 5, 20)
    case.decision_number = "长市监罚〔2025〕18号"
    case.save()
    return case


def publish(w, case, **extra):
    return services.publish_decision(
        actor=w.user1,
        case=case,
        facts=extra.pop("facts", FACTS),
        legal_basis=extra.pop(
            "legal_basis", "《食品安全法》(2021-04-29) 第124条第1款第5项"
        ),
        **extra,
    )


def test_a_decision_is_published_masked_once_with_its_period(world):
    case = decided(world)

    publication = publish(world, case)

    assert publication.party == "张某"
    assert "张建国" not in publication.facts
    assert "李秀英" not in publication.facts
    assert "13010219850302123X" not in publication.facts
    assert "13912345678" not in publication.facts
    assert "6222020200012345678" not in publication.facts
    assert "友谊大街" not in publication.facts
    assert "石家庄市恒通食品有限公司" in publication.facts
    assert publication.penalty == "罚款人民币5,000元"
    assert publication.published_on == D(2025, 6, 2)
    assert publication.publication_ends_on == D(2028, 6, 2)
    assert "第13条" in publication.publication_period_basis
    entry = AuditEntry.objects.get(action="enforcement.publish_decision")
    assert entry.basis == "《行政处罚法》(2021-01-22) 第48条第1款"
    assert "张建国" not in json.dumps(entry.after, ensure_ascii=False)
    assert entry.after["hidden"]["id_number"] == 1


def test_a_legal_person_is_published_with_its_name(world):
    case = decided(
        world, party_kind="legal_person", party_name="石家庄市瑞丰商贸有限公司"
    )

    publication = publish(
        world, case, facts="当事人石家庄市瑞丰商贸有限公司销售过期食品。"
    )

    assert publication.party == "石家庄市瑞丰商贸有限公司"
    assert "石家庄市瑞丰商贸有限公司" in publication.facts


def snapshot():
    return (
        list(PublishedDecision.objects.values()),
        AuditEntry.objects.count(),
    )


def test_an_undecided_case_cannot_be_published_and_nothing_changes(world):
    case = investigated(world)
    before = snapshot()

    with pytest.raises(DomainError) as caught:
        publish(world, case)

    assert caught.value.code == "decision_not_publishable"
    assert "第48条第1款" in caught.value.zh
    assert "Art. 48(1)" in caught.value.en
    assert caught.value.status == 409
    assert snapshot() == before


def test_a_decision_is_not_published_twice(world):
    case = decided(world)
    publish(world, case)
    before = snapshot()

    with pytest.raises(DomainError) as caught:
        publish(world, case)

    assert caught.value.code == "already_published"
    assert snapshot() == before


def test_another_organization_cannot_publish_or_withdraw(world):
    case = decided(world)
    before = snapshot()
    with pytest.raises(DomainError):
        services.publish_decision(
            actor=world.stranger, case=case, facts=FACTS, legal_basis="依据"
        )
    assert snapshot() == before
    publication = publish(world, case)
    before = snapshot()

    with pytest.raises(DomainError):
        services.withdraw_publication(
            actor=world.stranger,
            publication=publication,
            explanation="复议撤销",
            reason="revoked",
            occurred_on=D(2025, 6, 2),
        )
    with pytest.raises(DomainError):
        public_selectors.get_publication(
            user=world.stranger, publication_id=publication.pk
        )
    assert snapshot() == before


def test_withdrawal_is_due_within_three_working_days_and_recorded_in_time(world):
    publication = publish(world, decided(world))
    # Friday 2025-06-06: three working days end on Wednesday 2025-06-11.
    with time_machine.travel(
        dt.datetime(2025, 6, 6, 10, 0, tzinfo=SHANGHAI), tick=False
    ):
        services.start_withdrawal_clock(
            actor=world.user1,
            publication=publication,
            reason="revoked",
            occurred_on=D(2025, 6, 6),
        )
    publication.refresh_from_db()
    assert publication.withdrawal_due_on == D(2025, 6, 11)
    assert "第48条第2款" in publication.withdrawal_due_basis
    assert list(public_selectors.list_withdrawals_due(user=world.user1)) == [
        publication
    ]
    due = [
        item
        for item in worklist.provider(world.user1, D(2025, 6, 9))
        if publication.decision_number in item.title
    ]
    assert [item.due_on for item in due] == [D(2025, 6, 11)]

    with time_machine.travel(
        dt.datetime(2025, 6, 11, 16, 0, tzinfo=SHANGHAI), tick=False
    ):
        services.withdraw_publication(
            actor=world.user1,
            publication=publication,
            explanation="该决定经张建国申请行政复议，已被复议机关撤销。",
        )

    publication.refresh_from_db()
    assert publication.withdrawn_on == D(2025, 6, 11)
    assert publication.withdrawn_in_time is True
    assert "张建国" not in publication.withdrawal_explanation
    assert "张某" in publication.withdrawal_explanation
    assert list(public_selectors.list_withdrawals_due(user=world.user1)) == []
    entry = AuditEntry.objects.get(action="enforcement.withdraw_publication")
    assert entry.after["in_time"] is True
    assert entry.reason == ""


def test_a_late_withdrawal_is_not_refused_but_recorded_late(world):
    publication = publish(world, decided(world))
    with time_machine.travel(
        dt.datetime(2025, 6, 12, 10, 0, tzinfo=SHANGHAI), tick=False
    ):
        services.withdraw_publication(
            actor=world.user1,
            publication=publication,
            explanation="决定被确认违法。",
            reason="confirmed_illegal",
            occurred_on=D(2025, 6, 6),
        )

    publication.refresh_from_db()
    assert publication.withdrawal_due_on == D(2025, 6, 11)
    assert publication.withdrawn_in_time is False
    entry = AuditEntry.objects.get(action="enforcement.withdraw_publication")
    assert "超过撤回期限" in entry.reason


def test_withdrawing_twice_or_with_a_bad_reason_changes_nothing(world):
    publication = publish(world, decided(world))
    with pytest.raises(DomainError) as bad_reason:
        services.withdraw_publication(
            actor=world.user1,
            publication=publication,
            explanation="说明",
            reason="changed_mind",
            occurred_on=D(2025, 6, 2),
        )
    assert bad_reason.value.code == "withdrawal_reason_unknown"
    services.withdraw_publication(
        actor=world.user1,
        publication=publication,
        explanation="说明",
        reason="varied",
        occurred_on=D(2025, 6, 2),
    )
    before = snapshot()

    with pytest.raises(DomainError) as twice:
        services.withdraw_publication(
            actor=world.user1,
            publication=publication,
            explanation="再次撤回",
            reason="varied",
            occurred_on=D(2025, 6, 2),
        )

    assert twice.value.code == "already_withdrawn"
    assert twice.value.status == 409
    assert snapshot() == before


def test_the_daily_command_ends_expired_publications_once(world):
    publication = publish(world, decided(world))

    with time_machine.travel(
        dt.datetime(2028, 6, 2, 10, 0, tzinfo=SHANGHAI), tick=False
    ):
        assert services.end_expired_publications(day=D(2028, 6, 2)) == []
        assert public_selectors.list_published(today=D(2028, 6, 2)).count() == 1
    call_command("publicity", "end", "--today", "2028-06-03")
    call_command("publicity", "end", "--today", "2028-06-03")

    publication.refresh_from_db()
    assert publication.ended_on == D(2028, 6, 3)
    assert AuditEntry.objects.filter(action="enforcement.end_publication").count() == 1
    assert public_selectors.list_published(today=D(2028, 6, 3)).count() == 0


def test_the_public_pages_show_the_masked_decision_and_then_the_withdrawal(
    client, world
):
    publication = publish(world, decided(world))

    listing = client.get("/enforcement/decisions/", {"q": "恒通"})
    page = client.get(f"/enforcement/decisions/{publication.pk}/")

    assert listing.status_code == 200
    assert "<mark>恒通</mark>" in listing.content.decode()
    assert page.status_code == 200
    assert "张某" in page.content.decode()
    assert "张建国" not in page.content.decode()
    assert (
        client.get("/enforcement/decisions/", {"q": "张建国"})
        .context["page"]
        .paginator.count
        == 0
    )

    services.withdraw_publication(
        actor=world.user1,
        publication=publication,
        explanation="该决定已被复议机关撤销。",
        reason="revoked",
        occurred_on=D(2025, 6, 2),
    )
    after_list = client.get("/enforcement/decisions/")
    after_page = client.get(f"/enforcement/decisions/{publication.pk}/")
    api = client.get(f"/api/v1/enforcement/decisions/{publication.pk}")

    assert after_list.context["page"].paginator.count == 0
    assert "该处罚决定已撤回" in after_page.content.decode()
    assert "该决定已被复议机关撤销。" in after_page.content.decode()
    assert "恒通" not in after_page.content.decode()
    assert api.status_code == 410
    assert api.json()["withdrawal_reason"] == "revoked"
    assert "facts" not in api.json()


def test_the_before_and_during_pages_answer(client, world):
    assert client.get("/enforcement/").status_code == 200
    assert client.get("/enforcement/subjects/").status_code == 200
    subject_page = client.get(f"/enforcement/subjects/{world.subject.pk}/")
    assert subject_page.status_code == 200
    procedures = client.get("/enforcement/procedures/").content.decode()
    assert "第57条" in procedures
    benchmarks = client.get("/enforcement/benchmarks/").content.decode()
    assert "经营超过保质期的食品" in benchmarks
    found = client.get("/enforcement/officers/", {"certificate_number": "13010001"})
    assert "张执法" in found.content.decode()
    missing = client.get("/enforcement/officers/", {"certificate_number": "nope"})
    assert missing.status_code == 404
    assert client.get("/enforcement/decisions/999/").status_code == 404


def test_the_api_publishes_lists_searches_and_exports(client, world):
    case = decided(world)
    client.force_login(world.user1)

    created = client.post(
        f"/api/v1/enforcement/cases/{case.pk}/publication",
        {"facts": FACTS, "legal_basis": "《食品安全法》第124条"},
        content_type="application/json",
    )
    again = client.post(
        f"/api/v1/enforcement/cases/{case.pk}/publication",
        {"facts": FACTS, "legal_basis": "《食品安全法》第124条"},
        content_type="application/json",
    )
    client.logout()
    listing = client.get("/api/v1/enforcement/decisions", {"q": "恒通"})
    export = client.get("/api/v1/enforcement/decisions/export.jsonl")
    lines = b"".join(export.streaming_content).decode().splitlines()

    assert created.status_code == 201
    assert created.json()["party"] == "张某"
    assert again.status_code == 409
    assert again.json()["code"] == "already_published"
    item = listing.json()["items"][0]
    start, end = item["highlights"][0]
    assert item["snippet"][start:end] == "恒通"
    assert len(lines) == 1
    assert json.loads(lines[0])["party"] == "张某"
    assert "张建国" not in lines[0]


def test_an_on_the_spot_decision_is_published_from_its_form(world):
    case = services.decide_on_the_spot(
        actor=world.user1,
        subject=world.subject,
        officer=world.officer1,
        party_kind="natural_person",
        party_name="欧阳明华",
        party_id_number="13010219850302123X",
        decided_on=D(2025, 6, 2),
        summary="欧阳明华在中山路占道经营",
        basis="《城市市容和环境卫生管理条例》(2017-03-01) 第36条",
        kinds=["fine"],
        fine_fen=5_000,
        decision_number="No.0001",
        place="中山路",
    )

    publication = services.publish_decision(actor=world.user1, case=case)

    assert publication.party == "欧阳某"
    assert publication.facts == "欧阳某在中山路占道经营"
    assert publication.summary == "欧阳某在中山路占道经营"
    assert publication.legal_basis.startswith("《城市市容和环境卫生管理条例》")
    assert publication.penalty == "罚款人民币50元"


def test_a_decision_without_facts_is_refused(world):
    case = decided(world)
    before = snapshot()

    with pytest.raises(DomainError) as caught:
        services.publish_decision(actor=world.user1, case=case, legal_basis="依据")

    assert caught.value.code == "facts_required"
    assert snapshot() == before


def test_the_publicity_pages_speak_english(client, world):
    publish(world, decided(world))

    page = client.get("/enforcement/decisions/", HTTP_ACCEPT_LANGUAGE="en")

    assert "Published penalty decisions" in page.content.decode()
    assert "张某" in page.content.decode()


def test_the_api_withdraws_only_for_the_publishing_organization(client, world):
    publication = publish(world, decided(world))
    body = {
        "explanation": "复议机关撤销了该决定。",
        "reason": "revoked",
        "occurred_on": "2025-06-02",
    }
    url = f"/api/v1/enforcement/publications/{publication.pk}/withdrawal"
    client.force_login(world.stranger)
    before = snapshot()

    refused = client.post(url, body, content_type="application/json")
    their_list = client.get("/api/v1/enforcement/publications")

    assert refused.status_code == 404
    assert refused.json()["code"] == "publication_not_found"
    assert their_list.json()["count"] == 0
    assert snapshot() == before

    client.force_login(world.user1)
    done = client.post(url, body, content_type="application/json")
    twice = client.post(url, body, content_type="application/json")

    assert done.status_code == 200
    assert done.json()["withdrawn_in_time"] is True
    assert done.json()["withdrawal_due_on"] == "2025-06-05"
    assert twice.status_code == 409
    assert twice.json()["code"] == "already_withdrawn"
    client.logout()
    assert client.get("/api/v1/enforcement/decisions").json()["count"] == 0
