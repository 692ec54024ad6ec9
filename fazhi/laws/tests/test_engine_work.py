"""How much of the index a search reads: the engine's shortcuts must not change
what is found first (hand-made documents, no database)."""

import datetime as dt

import pytest

from fazhi.laws.search import tantivy_backend as engine
from fazhi.laws.search.base import SearchQuery
from fazhi.laws.search.tantivy_backend import TantivyBackend
from fazhi.laws.tests.test_ranking import document

DAY = dt.date(2024, 3, 1)


@pytest.fixture
def backend(tmp_path, monkeypatch):
    # the share applies from COMMON_WORD_MIN documents on: eleven here
    monkeypatch.setattr(engine, "COMMON_WORD_MIN", 1)
    backend = TantivyBackend(tmp_path / "index")
    backend.rebuild(
        [
            document(
                1, "示例法1", "饲养的动物造成他人损害的，动物饲养人应当承担侵权责任。"
            ),
            *(
                document(n, f"示例法{n}", f"第{n}项由人民政府负责的。")
                for n in range(2, 12)
            ),
        ]
    )
    return backend


def search(backend, text):
    return backend.search(SearchQuery(text=text, as_of=DAY, snippets=False))


def test_a_word_in_most_documents_does_not_make_a_term_match_them(backend):
    results = search(backend, "饲养的动物")

    # 的 is in every document; alone it is no match for 饲养的动物
    assert results.total == 1
    assert results.hits[0].short_title == "示例法1"


def test_a_common_word_still_counts_when_it_is_the_whole_term(backend):
    # 人民政府 (and its words 人民, 政府) is in ten documents of eleven
    assert search(backend, "人民政府").total == 10


def test_without_the_share_the_common_word_matched_everything(backend, monkeypatch):
    monkeypatch.setattr(engine, "COMMON_WORD_SHARE", 1.0)
    backend._changed()  # the queries are cached per term

    results = search(backend, "饲养的动物")

    assert results.total == 11
    assert results.hits[0].short_title == "示例法1"


def library(count):
    """Alike instruments (so that each shard's word statistics match the whole
    index's): every third on 罚款, every fifth on 听证, all on 行政."""
    return [
        document(
            n,
            f"示例法{n}",
            "行政机关"
            + ("处以罚款" if n % 3 == 0 else "责令改正")
            + ("，当事人有权要求听证" if n % 5 == 0 else "")
            + "。",
        )
        for n in range(1, count + 1)
    ]


@pytest.fixture
def sharded(tmp_path, monkeypatch):
    monkeypatch.setattr(engine, "SHARD_DOCUMENTS", 30)
    monkeypatch.setattr(engine.os, "cpu_count", lambda: 2)
    backend = TantivyBackend(tmp_path / "sharded")
    backend.rebuild(library(60))
    return backend


def test_a_large_index_is_split_in_shards_that_answer_as_one(
    sharded, tmp_path, monkeypatch
):
    monkeypatch.setattr(engine, "SHARD_DOCUMENTS", 1000)
    whole = TantivyBackend(tmp_path / "whole")
    whole.rebuild(library(60))

    assert len(sharded._shards) == 2
    assert len(whole._shards) == 1
    assert all(shard.searcher().num_docs == 30 for shard in sharded._shards)
    assert sharded.count() == whole.count() == 60
    for text in ("罚款", "听证", "行政机关 罚款", "罚款 -听证"):
        every = SearchQuery(text=text, as_of=DAY, limit=100)
        got, expected = sharded.search(every), whole.search(every)
        assert got.total == expected.total > 0
        assert {h.key for h in got.hits} == {h.key for h in expected.hits}
        # the shards' pages are slices of their one ranking
        page = sharded.search(SearchQuery(text=text, as_of=DAY, limit=7, offset=5))
        assert [h.key for h in page.hits] == [h.key for h in got.hits][5:12]
    faceted = SearchQuery(text="罚款", as_of=DAY, facets=True)
    assert sharded.search(faceted).facets == whole.search(faceted).facets
    assert sharded.search(faceted).facets["kind"] == {"law": 20}


def test_a_shard_keeps_its_instruments_when_they_change(sharded, tmp_path):
    sharded.replace_instruments({3, 4}, [document(4, "示例法4", "行政机关处以罚款。")])

    assert sharded.count() == 59
    assert search(sharded, "罚款").total == 20  # 3 gone, 4 added
    reopened = TantivyBackend(tmp_path / "sharded")
    assert len(reopened._shards) == 2
    assert reopened.count() == 59


def test_a_smaller_rebuild_goes_back_to_one_index(sharded, tmp_path):
    sharded.rebuild(library(10))

    assert len(sharded._shards) == 1
    assert sharded.count() == 10
    assert not (tmp_path / "sharded" / "shard-1").exists()


def test_each_process_searches_the_shards_with_its_own_threads(sharded, monkeypatch):
    monkeypatch.setattr(engine, "_pools", {})
    search(sharded, "罚款")
    parent = engine._pools[engine.os.getpid()]
    monkeypatch.setattr(engine.os, "getpid", lambda: -1)  # as after a fork

    assert search(sharded, "罚款").total == 20
    assert engine._pools[-1] is not parent


def test_a_process_sees_the_shards_another_one_made_or_joined(tmp_path, monkeypatch):
    monkeypatch.setattr(engine.os, "cpu_count", lambda: 2)
    serving = TantivyBackend(tmp_path / "index")  # a server's process
    rebuilding = TantivyBackend(tmp_path / "index")  # `fazhi laws reindex`
    rebuilding.rebuild(library(60))
    serving._index.reload()  # a commit elsewhere is seen within a second
    assert search(serving, "罚款").total == 20

    # a new shard, or one fewer, is seen at once: the shards are opened again
    monkeypatch.setattr(engine, "SHARD_DOCUMENTS", 30)
    rebuilding.rebuild(library(60))
    assert len(rebuilding._shards) == 2
    assert search(serving, "罚款").total == 20
    assert len(serving._shards) == 2

    monkeypatch.setattr(engine, "SHARD_DOCUMENTS", 1000)
    rebuilding.rebuild(library(30))
    assert search(serving, "罚款").total == 10
    assert len(serving._shards) == 1
