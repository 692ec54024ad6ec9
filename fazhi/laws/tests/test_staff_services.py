import datetime as dt

import pytest

from fazhi.core.audit.models import AuditEntry
from fazhi.core.errors import DomainError
from fazhi.core.tests.factories import UserFactory
from fazhi.laws import services
from fazhi.laws.models import Instrument, Provision, Version
from fazhi.laws.search.base import SearchQuery
from fazhi.laws.search.indexing import get_backend

pytestmark = pytest.mark.django_db(transaction=True)
TEXT_2020 = "第一条 为了规范犬只管理，制定本规定。\n第二条 养犬应当登记。"
TEXT_2024 = "第一条 为了规范犬只管理，制定本规定。\n第二条 养犬应当登记并办理犬牌。"


def search(text, day):
    return get_backend().search(SearchQuery(text=text, as_of=day))


@pytest.fixture
def staff():
    return UserFactory()


@pytest.fixture
def rule(staff):
    instrument = services.create_instrument(
        actor=staff,
        title="示例市养犬管理规定",
        short_title="示例市养犬管理规定",
        kind="local_government_rule",
        region="110000",
    )
    services.add_version(
        actor=staff,
        instrument=instrument,
        text=TEXT_2020,
        promulgated_on=dt.date(2020, 1, 1),
        effective_on=dt.date(2020, 3, 1),
    )
    return instrument


def test_creating_an_instrument_is_audited(staff):
    instrument = services.create_instrument(
        actor=staff, title="示例条例", short_title="示例条例", kind="law"
    )

    entry = AuditEntry.objects.get(action="laws.instrument.create")
    assert entry.object_id == str(instrument.pk)
    assert instrument.slug == "示例条例"


def test_a_second_national_instrument_with_the_same_title_is_refused(staff):
    services.create_instrument(
        actor=staff, title="示例法", short_title="示例法", kind="law"
    )

    with pytest.raises(DomainError) as caught:
        services.create_instrument(
            actor=staff, title="示例法", short_title="示例法", kind="law"
        )

    assert caught.value.code == "laws_instrument_exists"
    assert Instrument.objects.count() == 1


def test_a_new_version_is_searchable_right_after_the_commit(staff, rule):
    services.add_version(
        actor=staff,
        instrument=rule,
        text=TEXT_2024,
        promulgated_on=dt.date(2024, 1, 1),
        effective_on=dt.date(2024, 2, 1),
    )

    assert [h.article for h in search("犬牌", dt.date(2024, 3, 1)).hits] == ["第二条"]
    assert search("犬牌", dt.date(2023, 3, 1)).total == 0
    first = Version.objects.get(instrument=rule, promulgated_on=dt.date(2020, 1, 1))
    assert first.superseded_on == dt.date(2024, 2, 1)
    assert AuditEntry.objects.filter(action="laws.version.add").count() == 2


def test_a_text_without_articles_is_refused_and_nothing_is_written(staff, rule):
    with pytest.raises(DomainError) as caught:
        services.add_version(
            actor=staff,
            instrument=rule,
            text="这里没有条文。",
            promulgated_on=dt.date(2024, 1, 1),
        )

    assert caught.value.code == "laws_text_without_articles"
    assert rule.versions.count() == 1
    assert AuditEntry.objects.filter(action="laws.version.add").count() == 1


def test_an_effective_date_before_promulgation_is_refused(staff, rule):
    with pytest.raises(DomainError) as caught:
        services.add_version(
            actor=staff,
            instrument=rule,
            text=TEXT_2024,
            promulgated_on=dt.date(2024, 1, 1),
            effective_on=dt.date(2023, 1, 1),
        )

    assert caught.value.code == "laws_effective_before_promulgation"
    assert rule.versions.count() == 1


def test_correcting_a_text_replaces_its_provisions_and_the_index(staff, rule):
    version = rule.versions.get()

    services.correct_version_text(
        actor=staff, version=version, text=TEXT_2024, reason="与公报文本核对"
    )

    assert search("犬牌", dt.date(2021, 1, 1)).total == 1
    assert Provision.objects.filter(version=version, text__contains="犬牌").exists()
    assert AuditEntry.objects.get(action="laws.version.correct").reason


def test_a_correction_without_a_reason_is_refused(staff, rule):
    version = rule.versions.get()

    with pytest.raises(DomainError):
        services.correct_version_text(
            actor=staff, version=version, text=TEXT_2024, reason=" "
        )

    assert not Provision.objects.filter(text__contains="犬牌").exists()


def test_repealing_an_instrument_takes_it_out_of_the_search_from_that_day(staff, rule):
    services.repeal_instrument(
        actor=staff, instrument=rule, repealed_on=dt.date(2023, 1, 1)
    )

    assert search("登记", dt.date(2023, 6, 1)).total == 0
    assert search("登记", dt.date(2022, 6, 1)).total == 1
    assert AuditEntry.objects.filter(action="laws.version.repeal").count() == 1


def test_repealing_before_anything_is_in_force_is_refused(staff, rule):
    with pytest.raises(DomainError) as caught:
        services.repeal_instrument(
            actor=staff, instrument=rule, repealed_on=dt.date(2019, 1, 1)
        )

    assert caught.value.code == "laws_nothing_to_repeal"
    assert not Version.objects.filter(repealed_on__isnull=False).exists()
