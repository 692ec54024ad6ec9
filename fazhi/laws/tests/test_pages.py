import datetime as dt

import pytest
import time_machine

from fazhi.laws import importer
from fazhi.laws.models import Instrument, Version
from fazhi.laws.search.indexing import rebuild_index

pytestmark = pytest.mark.django_db(transaction=True)
TODAY = dt.datetime(2024, 3, 1, 12, tzinfo=dt.UTC)


@pytest.fixture
def imported(corpus_dir):
    importer.import_corpus(corpus_dir, processes=1)
    rebuild_index()
    with time_machine.travel(TODAY, tick=False):
        yield


def test_the_search_page_shows_highlighted_hits_facets_and_filters(client, imported):
    response = client.get("/laws/search/", {"q": "听证"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "<mark>听证</mark>" in html
    assert "示例处罚法 第二条" in html
    assert 'name="kind"' in html
    assert 'name="as_of"' in html
    assert "kind=law" in html  # the facet link


def test_the_search_page_pages_through_results(client, imported):
    first = client.get("/laws/search/", {"q": "行政", "status": "any"})

    assert first.status_code == 200
    assert "第 1 页" in first.content.decode()


def test_the_search_page_searches_an_earlier_day(client, imported):
    response = client.get(
        "/laws/search/", {"q": "听证", "as_of": "2021-01-01", "status": "in_force"}
    )

    assert "/2020-01-01/art/2/" in response.content.decode()


def test_the_search_page_offers_suggestions_for_partial_matches(client, imported):
    response = client.get("/laws/search/", {"q": "听证 宇宙飞船"})

    html = response.content.decode()
    assert "没有同时包含全部检索词的条文" in html
    assert "?q=%E5%90%AC%E8%AF%81" in html  # 听证


def test_the_instrument_page_shows_the_timeline_with_status_badges(client, imported):
    response = client.get("/laws/示例处罚法/")

    html = response.content.decode()
    assert "laws-status--amended" in html
    assert "laws-status--in_force" in html
    assert "/laws/示例处罚法/compare/2020-01-01/2023-01-01/" in html


def test_the_article_page_says_when_its_version_is_not_current(client, imported):
    response = client.get("/laws/示例处罚法/2020-01-01/art/3-1/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "第三条之一" in html
    assert "本条所在版本不是现行文本" in html


def test_an_unknown_article_is_a_404(client, imported):
    response = client.get("/laws/示例处罚法/2020-01-01/art/99/")

    assert response.status_code == 404


def test_the_comparison_aligns_articles_by_number_and_marks_changes(client, imported):
    response = client.get("/laws/示例处罚法/compare/2020-01-01/2023-01-01/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<ins>较大数额</ins>" in html
    assert "第三条之一" in html
    assert "删除" in html


def test_the_comparison_hides_unchanged_articles_unless_asked(client, imported):
    changed = client.get("/laws/示例处罚法/compare/2023-01-01/2023-01-01/")
    every = client.get("/laws/示例处罚法/compare/2023-01-01/2023-01-01/?all=1")

    assert changed.content.decode().count('<tr class="laws-compare--') == 0
    assert every.content.decode().count('<tr class="laws-compare--same') == 3


def test_the_catalogue_filters_by_kind_and_status(client, imported):
    Instrument.objects.filter(short_title="示例复议法").update(kind="departmental_rule")
    Version.objects.filter(instrument__short_title="示例复议法").update(
        repealed_on=dt.date(2022, 1, 1)
    )

    laws = client.get("/laws/", {"kind": "law"}).content.decode()
    in_force = client.get("/laws/", {"status": "in_force"}).content.decode()
    ended = client.get("/laws/", {"status": "not_in_force"}).content.decode()

    assert "示例处罚法" in laws
    assert "示例复议法" not in laws
    assert "示例处罚法" in in_force
    assert "示例复议法" not in in_force
    assert "示例复议法" in ended
    assert "示例处罚法" not in ended


def test_the_printable_view_carries_the_whole_text_and_print_css(client, imported):
    response = client.get("/laws/示例处罚法/2023-01-01/print/")

    html = response.content.decode()
    assert "第三条" in html
    assert "当事人可以申请行政复议" in html
    assert "laws/laws.css" in html
    assert "打印日期" in html


def test_pages_are_translated_to_english(client, imported):
    response = client.get("/laws/示例处罚法/", headers={"accept-language": "en"})

    html = response.content.decode()
    assert "Version history" in html
    assert "版本沿革" not in html
