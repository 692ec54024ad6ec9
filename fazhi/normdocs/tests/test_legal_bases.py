"""The legal bases a draft relies on (制定依据): articles of the laws library, entered
as citations on the draft form, shown on the staff and public pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from fazhi.core.errors import DomainError
from fazhi.laws import services as laws_services
from fazhi.laws.models import Kind
from fazhi.normdocs import selectors, services
from fazhi.normdocs.models import Document, State
from fazhi.normdocs.tests.conftest import TEXT, advance, snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def licensing_law(people):
    instrument = laws_services.create_instrument(
        actor=people.drafter,
        title="中华人民共和国行政许可法",
        short_title="行政许可法",
        kind=Kind.LAW,
    )
    laws_services.add_version(
        actor=people.drafter,
        instrument=instrument,
        text=(
            "# 中华人民共和国行政许可法\n\n"
            "第一条 为了规范行政许可的设定和实施，制定本法。\n\n"
            "第十六条 行政法规可以在法律设定的行政许可事项范围内，作出具体规定。\n\n"
            "第十七条 除本法第十四条、第十五条规定的外，其他规范性文件一律不得设定行政许可。"
        ),
        promulgated_on=dt.date(2019, 4, 23),
    )
    return instrument


def test_citations_resolve_to_articles_of_the_library(licensing_law):
    found = selectors.resolve_legal_bases(
        "《中华人民共和国行政许可法》第十七条\n\n《行政许可法》第16条第一款\n《行政许可法》第十七条"
    )

    assert [(p.version.instrument, p.label) for p in found] == [
        (licensing_law, "第十七条"),
        (licensing_law, "第十六条"),
    ]


@pytest.mark.parametrize(
    "line",
    ["《行政许可法》第九十九条", "《不存在的法》第一条", "行政许可法第十七条"],
)
def test_a_basis_not_in_the_library_is_refused_by_name(licensing_law, line):
    with pytest.raises(DomainError) as caught:
        selectors.resolve_legal_bases(f"《行政许可法》第十七条\n{line}")

    assert caught.value.code == "legal_basis_not_found"
    assert line in caught.value.zh
    assert line in caught.value.en
    assert caught.value.field == "legal_bases"


def test_the_draft_form_records_the_bases_and_the_pages_show_them(
    client, draft, people, tree, licensing_law
):
    client.force_login(people.drafter)

    created = client.post(
        reverse("normdocs-staff:create"),
        {
            "organization": tree["A"].pk,
            "title": "正定县摊点登记办法",
            "text": TEXT,
            "legal_bases": "《中华人民共和国行政许可法》第十六条",
        },
    )
    document = Document.objects.get(title="正定县摊点登记办法")
    page = client.get(reverse("normdocs-staff:document", args=[document.pk]))

    assert created.status_code == 302
    assert [p.label for p in selectors.legal_bases_of(document)] == ["第十六条"]
    body = page.content.decode()
    assert (
        "《中华人民共和国行政许可法》第十六条" in body
    )  # also the form's initial value
    assert selectors.legal_bases_of(document)[0].get_absolute_url() in body


def test_an_unknown_basis_on_the_form_is_refused_and_changes_nothing(
    client, draft, people, licensing_law
):
    client.force_login(people.drafter)
    before = snapshot()

    response = client.post(
        reverse("normdocs-staff:act", args=[draft.pk, "update_draft"]),
        {"title": draft.title, "text": TEXT, "legal_bases": "《行政许可法》第九十九条"},
    )

    assert response.status_code == 400
    body = response.content.decode()
    assert "法律法规库中没有找到制定依据" in body
    assert "is not in the laws library" in body
    assert snapshot() == before


def test_the_published_document_shows_its_bases_to_the_public(
    client, draft, people, licensing_law
):
    services.update_draft(
        actor=people.drafter,
        document=draft,
        legal_bases=selectors.resolve_legal_bases("《行政许可法》第十七条"),
    )
    document = advance(draft, people, State.PUBLISHED)

    page = client.get(reverse("normdocs:document", args=[document.pk]))

    body = page.content.decode()
    assert "《中华人民共和国行政许可法》第十七条" in body
    assert selectors.legal_bases_of(document)[0].get_absolute_url() in body
