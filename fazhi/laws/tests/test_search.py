import datetime as dt

import pytest
from django.core.management import call_command

from fazhi.core.errors import DomainError
from fazhi.laws import importer
from fazhi.laws.search.base import SearchQuery
from fazhi.laws.search.indexing import get_backend, rebuild_index
from fazhi.laws.selectors import search_laws

pytestmark = pytest.mark.django_db(transaction=True)
TODAY = dt.date(2024, 3, 1)


@pytest.fixture
def indexed(corpus_dir):
    importer.import_corpus(corpus_dir, processes=1)
    rebuild_index()
    return corpus_dir


def search(text, **kwargs):
    kwargs.setdefault("as_of", TODAY)
    return search_laws(query=SearchQuery(text=text, **kwargs))


def test_a_two_character_query_finds_the_article(indexed):
    results = search("听证")

    assert results.total == 1
    hit = results.hits[0]
    assert (hit.short_title, hit.article) == ("示例处罚法", "第二条")
    assert "<mark>听证</mark>" in hit.snippet
    assert hit.url == "/laws/示例处罚法/2023-01-01/art/2/"


def test_as_of_searches_the_version_in_force_on_that_day(indexed):
    results = search("听证", as_of=dt.date(2021, 1, 1))

    assert {h.promulgated_on for h in results.hits} == {dt.date(2020, 1, 1)}
    assert results.total == 2  # 第二条 and 第三条之一 of the 2020 text


def test_a_one_character_query_is_served_from_the_index(indexed):
    results = search("犬")

    assert results.total == 0
    assert search("罚").total >= 1


def test_exact_phrases_and_exclusions_narrow_the_results(indexed):
    plain = search("行政复议", as_of=dt.date(2024, 3, 1))
    excluded = search("行政复议 -六十日")
    phrase = search('"六十日内"')

    assert all("六十日" not in h.snippet for h in excluded.hits)
    assert excluded.total == plain.total - 1
    assert [h.article for h in phrase.hits] == ["第五条"]


def test_title_match_puts_the_named_instrument_first(indexed):
    results = search("示例复议法 申请")

    assert results.hits[0].short_title == "示例复议法"


def test_facets_count_matches_by_kind(indexed):
    results = search("行政", facets=True)

    assert results.facets["kind"] == {"law": results.total}


def test_pagination_returns_the_next_hits(indexed):
    first = search("行政", limit=2)
    second = search("行政", limit=2, offset=2)

    assert first.total == second.total
    assert {h.key for h in first.hits}.isdisjoint({h.key for h in second.hits})


def test_no_document_with_every_term_gives_partial_matches_and_suggestions(indexed):
    results = search("听证 宇宙飞船")

    assert results.relaxed
    assert [h.article for h in results.hits] == ["第二条"]
    assert "听证" in results.suggestions


def test_a_document_with_every_term_is_not_a_partial_match(indexed):
    results = search("听证 罚款")

    assert not results.relaxed
    assert results.total >= 1


def test_an_empty_query_is_refused(indexed):
    with pytest.raises(DomainError) as caught:
        search("  ")

    assert caught.value.code == "laws_empty_query"


def test_a_committed_repeal_reaches_the_index(indexed):
    from fazhi.laws.models import Version
    from fazhi.laws.services import repeal_version

    version = Version.objects.get(promulgated_on=dt.date(2021, 5, 1))

    repeal_version(version=version, repealed_on=dt.date(2024, 1, 1))

    assert search("六十日").total == 0
    assert search("六十日", as_of=dt.date(2023, 1, 1)).total == 1


def test_the_search_command_prints_json(indexed, capsys):
    call_command("search", "听证", "--as-of", "2024-03-01", "--json")

    out = capsys.readouterr().out
    assert '"article": "第二条"' in out


def test_reconcile_rebuilds_an_index_that_lost_documents(indexed, capsys):
    get_backend().rebuild([])

    call_command("laws", "reconcile")

    assert "rebuilding" in capsys.readouterr().out
    assert search("听证").total == 1


def test_title_suggestions_name_only_instruments_in_force_that_day(indexed):
    before_it_took_effect = search("复议 宇宙飞船", as_of=dt.date(2020, 6, 1))
    once_in_force = search("复议 宇宙飞船", as_of=dt.date(2022, 1, 1))

    assert "示例复议法" not in before_it_took_effect.suggestions
    assert "示例复议法" in once_in_force.suggestions


def test_snippets_from_the_database_are_those_of_an_index_keeping_the_texts(
    indexed, tmp_path
):
    from fazhi.laws.search import indexing
    from fazhi.laws.search.tantivy_backend import TantivyBackend

    keeping = TantivyBackend(tmp_path / "keeping")  # no loader: stores the texts
    keeping.rebuild(list(indexing.documents_for(indexing._versions())))
    for text in (
        "听证",
        "行政复议",
        "罚",
        '"六十日内"',
        "行政复议 -六十日",
        "示例复议法",
    ):
        query = SearchQuery(text=text, as_of=TODAY, status="any")
        ours, theirs = get_backend().search(query), keeping.search(query)

        assert ours.total == theirs.total
        assert [(h.key, h.snippet) for h in ours.hits] == [
            (h.key, h.snippet) for h in theirs.hits
        ]
        assert any(h.snippet for h in ours.hits)


def test_an_exact_phrase_or_exclusion_reads_the_instrument_title_too(indexed):
    named = search('"复议法"')
    others = search("行政 -复议法")

    assert named.total >= 1
    assert {h.short_title for h in named.hits} == {"示例复议法"}
    assert others.total >= 1
    assert "示例复议法" not in {h.short_title for h in others.hits}
