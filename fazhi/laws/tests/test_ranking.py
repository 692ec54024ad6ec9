"""Ranking features of the tantivy backend, on hand-made documents (no database)."""

import datetime as dt

import pytest

from fazhi.laws.search.base import IndexDocument, SearchQuery
from fazhi.laws.search.tantivy_backend import TantivyBackend, gram_sequence, words

DAY = dt.date(2024, 3, 1)


def document(n, short_title, body, *, kind="law", rank=9, article="第一条"):
    return IndexDocument(
        key=f"a:{n}",
        doc_type="article",
        version_id=n,
        instrument_id=n,
        title=short_title,
        short_title=short_title,
        body=body,
        heading="",
        article=article,
        kind=kind,
        rank=rank,
        issuing_body="",
        region="",
        promulgated_on=dt.date(2020, 1, 1),
        effective_on=dt.date(2020, 1, 1),
        ends_on=dt.date(9999, 12, 31),
        url=f"/laws/{n}/",
    )


@pytest.fixture
def backend(tmp_path):
    return TantivyBackend(tmp_path / "index")


def titles(backend, text):
    results = backend.search(SearchQuery(text=text, as_of=DAY, snippets=False))
    return [h.short_title for h in results.hits]


def test_words_are_cut_by_jieba_and_bigrams_keep_their_order():
    assert "行政复议" in words("行政复议申请")
    assert gram_sequence("复议，申请") == ["复议", "申请"]


def test_the_base_law_ranks_before_its_implementing_regulation(backend):
    text = "申请人应当自知道之日起六十日内提出申请。"
    backend.rebuild(
        [
            document(
                1,
                "示例法实施条例",
                "申请六十日。",  # shorter: plain BM25 would put it first
                kind="administrative_regulation",
                rank=8,
            ),
            document(2, "示例法", text),
        ]
    )

    assert titles(backend, "申请 六十日") == ["示例法", "示例法实施条例"]


def test_a_query_naming_an_implementing_regulation_lifts_the_penalty(backend):
    backend.rebuild(
        [
            document(1, "示例法实施细则", "实施细则规定的申请期限。", rank=9),
            document(2, "示例法", "实施细则规定的申请期限，另行规定。", rank=9),
        ]
    )

    assert titles(backend, "实施细则 申请期限")[0] == "示例法实施细则"


def test_a_national_law_ranks_before_a_local_regulation_with_the_same_text(backend):
    text = "经营者应当提供七日无理由退货服务，法律另有规定的除外。"
    backend.rebuild(
        [
            document(
                1, "某省消费者条例", "七日无理由退货。", kind="local_regulation", rank=6
            ),
            document(2, "消费者权益保护法", text),
        ]
    )

    assert titles(backend, "七日无理由退货")[0] == "消费者权益保护法"


def test_a_term_found_verbatim_ranks_before_its_scattered_words(backend):
    backend.rebuild(
        [
            document(1, "甲法", "申请复议，复议期限，申请期限。"),
            document(2, "乙法", "复议申请期限为六十日，逾期不予受理，另有规定的除外。"),
        ]
    )

    assert titles(backend, "复议申请期限")[0] == "乙法"
