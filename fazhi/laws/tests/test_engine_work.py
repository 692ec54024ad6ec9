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
