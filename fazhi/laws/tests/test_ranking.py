"""Ranking features of the tantivy backend, on hand-made documents (no database)."""

import dataclasses
import datetime as dt

import pytest

from fazhi.laws.search.base import IndexDocument, SearchQuery
from fazhi.laws.search.query import TitleNames, understand
from fazhi.laws.search.tantivy_backend import (
    TantivyBackend,
    gram_sequence,
    highlight_grams,
    is_derived,
    query_words,
    snippet,
    words,
)

DAY = dt.date(2024, 3, 1)


def document(
    n, short_title, body, *, kind="law", rank=9, article="第一条", doc_type="article"
):
    return IndexDocument(
        key=f"{doc_type[0]}:{n}",
        doc_type=doc_type,
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


# -- query understanding (fazhi/laws/search/query.py) ------------------------------


def law(n, short_title, article, body, **kwargs):
    return document(n, short_title, body, article=article, **kwargs)


@pytest.fixture
def library(backend):
    """Small laws with overlapping words, articles as a clerk would look them up."""
    backend.rebuild(
        with_titles(
            [
                law(
                    1,
                    "示例处罚法",
                    "第十二条",
                    "当事人要求听证的，应当在行政机关告知后五日内提出。",
                ),
                law(
                    2,
                    "示例处罚法",
                    "第三十三条",
                    "初次违法且危害后果轻微并及时改正的，可以不予行政处罚。",
                ),
                law(3, "示例许可法", "第十二条", "下列事项可以设定行政许可。"),
                law(
                    4,
                    "示例许可法",
                    "第四十七条",
                    "申请人要求听证的，应当在被告知听证权利之日起五日内提出听证申请。",
                ),
                law(
                    5,
                    "示例诉讼法",
                    "第四十六条",
                    "直接向人民法院提起诉讼的，应当自知道作出行政行为之日起六个月内提出。",
                ),
                law(
                    6,
                    "示例诉讼法",
                    "第二条",
                    "起诉状应当写明起诉期限届满以前的事实，起诉期限另有规定的除外，应当在一年内。",
                ),
                law(
                    7,
                    "示例信息法",
                    "第四条",
                    "处理敏感个人信息应当取得个人的单独同意。敏感个人信息的处理另有规定的，从其规定。",
                ),
                law(
                    8,
                    "示例信息法",
                    "第二条",
                    "敏感个人信息是一旦泄露容易导致人格尊严受到侵害的个人信息。",
                ),
                law(9, "示例公司法", "第一条", "公司应当设立董事会。"),
                law(
                    10,
                    "示例公司登记条例",
                    "第五条",
                    "公司法定代表人变更的，应当办理变更登记。",
                    kind="administrative_regulation",
                    rank=8,
                ),
            ]
        )
    )
    return backend


def with_titles(documents):
    """The articles and, as the indexer writes them, one title document per law."""
    titles = {d.short_title: d for d in documents}
    return documents + [
        document(100 + i, t, "", kind=d.kind, rank=d.rank, article="", doc_type="title")
        for i, (t, d) in enumerate(titles.items())
    ]


def hits(backend, text):
    results = backend.search(
        SearchQuery(text=text, as_of=DAY, snippets=False, doc_type="article")
    )
    return [(h.short_title, h.article) for h in results.hits]


def test_an_instrument_named_in_the_query_keeps_its_articles_only(library):
    assert hits(library, "示例许可法 听证") == [("示例许可法", "第四十七条")]
    assert {t for t, _ in hits(library, "听证")} == {"示例处罚法", "示例许可法"}


def test_a_title_inside_another_word_is_not_a_title(library):
    # 示例公司法 is not named in 示例公司法定代表人 (jieba cuts 法定代表人)
    understood = understand("公司法定代表人 变更", TitleNames(["公司法"]))
    assert understood.titles == ()
    assert understood.terms[0].text == "公司法定代表人"


def test_an_article_reference_goes_to_that_article(library):
    assert hits(library, "示例许可法第十二条") == [("示例许可法", "第十二条")]
    assert hits(library, "示例许可法 第12条") == [("示例许可法", "第十二条")]
    # without a title, the article numbered so ranks first among the matches
    assert hits(library, "第十二条 听证")[0] == ("示例处罚法", "第十二条")


def test_a_reference_to_an_article_that_does_not_exist_falls_back_to_the_words(
    library,
):
    assert hits(library, "示例许可法第九十九条 听证")[0] == ("示例许可法", "第四十七条")


def test_question_words_are_dropped(library):
    plain = hits(library, "示例处罚法 要求听证 五日内提出")
    asked = hits(library, "示例处罚法 要求听证 是否 五日内提出吗？")
    assert asked == plain == [("示例处罚法", "第十二条")]
    understood = understand("我要求听证了怎么办")
    assert [t.text for t in understood.terms] == ["要求听证"]


def test_fillers_inside_a_term_stay_part_of_it():
    understood = understand("生产经营单位的主要负责人")
    assert [t.text for t in understood.terms] == ["生产经营单位的主要负责人"]


def test_a_period_asked_for_need_not_be_named_in_the_article(library):
    # 起诉期限: the article says 提起诉讼 … 六个月内, not 期限; 期限 is a wish
    assert ("示例诉讼法", "第四十六条") in hits(library, "起诉期限 六个月")
    understood = understand("起诉期限")
    assert [t.text for t in understood.terms] == ["起诉"]
    assert understood.soft == ("期限",)


def test_a_colloquial_term_is_searched_in_the_statutes_words(library):
    assert hits(library, "首违不罚")[0] == ("示例处罚法", "第三十三条")


def test_a_definition_asked_for_puts_the_defining_article_first(library):
    assert hits(library, "敏感个人信息 定义")[0] == ("示例信息法", "第二条")


def test_a_number_is_not_matched_by_its_tail():
    # 十五日 is not 五日: the query keeps 十五 and 十五日 only
    assert "五日" not in query_words("十五日")
    assert "周岁" in query_words("十六周岁")


def test_every_vocabulary_entry_gives_its_reason(tmp_path, monkeypatch):
    from fazhi.laws.search import query

    assert query.vocabulary().question_words  # the shipped file loads
    bad = tmp_path / "vocabulary.yaml"
    bad.write_text("colloquial:\n  - {term: 醉驾, statute: 醉酒驾驶机动车}\n")
    monkeypatch.setattr(query, "VOCABULARY", bad)
    query.vocabulary.cache_clear()
    try:
        with pytest.raises(ValueError, match="why"):
            query.vocabulary()
    finally:
        monkeypatch.undo()
        query.vocabulary.cache_clear()


def test_snippets_mark_the_terms_and_escape_the_text():
    text = snippet("罚款<b>不得</b>超过&听证", highlight_grams(("听证", "罚款")))
    assert text == "<mark>罚款</mark>&lt;b&gt;不得&lt;/b&gt;超过&amp;<mark>听证</mark>"
    long = "甲" * 300 + "要求听证" + "乙" * 300
    assert snippet(long, highlight_grams(("听证",))).startswith("甲" * 10)


def test_from_three_terms_a_document_may_miss_one_after_those_with_all(backend):
    backend.rebuild(
        [
            document(1, "甲法", "申请复议的，六十日内提出。"),  # no 材料
            document(2, "乙法", "申请复议的，六十日内提交书面材料，逾期不予受理。"),
            document(3, "丙法", "六十日。"),  # one term of three
        ]
    )

    assert titles(backend, "申请复议 材料 六十日") == ["乙法", "甲法"]


def test_a_page_of_documents_with_every_term_answers_alone(backend, monkeypatch):
    from fazhi.laws.search import tantivy_backend

    backend.rebuild(
        [document(i, f"法{i}", "申请复议，书面材料，六十日。") for i in range(3)]
        + [document(9, "缺一法", "申请复议，书面材料。")]
    )
    query = SearchQuery(text="申请复议 书面材料 六十日", as_of=DAY, snippets=False)

    monkeypatch.setattr(tantivy_backend, "EVERY_TERM_FIRST", 3)
    assert backend.search(query).total == 3
    monkeypatch.setattr(tantivy_backend, "EVERY_TERM_FIRST", 4)
    assert backend.search(query).total == 4  # the one missing a term joins


# -- asking for a period, an amount, a list; numbers; implied instruments -------


def test_a_period_asked_in_days_finds_the_article_written_in_digits(backend):
    # newer statutes write 30日内; the citizen types 三十天 or 三十日
    backend.rebuild(
        [
            document(
                1, "甲条例", "所在单位应当自事故伤害发生之日起30日内提出工伤认定申请。"
            ),
            document(2, "乙条例", "工伤认定申请材料应当齐全。"),
        ]
    )

    assert titles(backend, "工伤认定申请 三十天内")[0] == "甲条例"
    assert titles(backend, "工伤认定申请 30天内")[0] == "甲条例"


def test_how_much_puts_the_article_with_the_amount_first(backend):
    backend.rebuild(
        [
            document(
                1,
                "甲法",
                "当场作出罚款决定的，执法人员应当出示证件，填写罚款决定书。",
                article="第五十二条",
            ),
            document(
                2,
                "甲法",
                "对公民处以二百元以下罚款的，可以当场作出决定。",
                article="第五十一条",
            ),
        ]
    )

    assert hits(backend, "当场 罚款 罚多少")[0] == ("甲法", "第五十一条")
    assert hits(backend, "当场 罚款")[0] == ("甲法", "第五十二条")  # not asked


def test_a_list_asked_for_puts_the_article_heading_it_first(backend):
    backend.rebuild(
        [
            document(
                1,
                "甲法",
                "主要负责人是本单位安全生产第一责任人，对安全生产全面负责，其他负责人在职责范围内负责。",
                article="第五条",
            ),
            document(
                2,
                "甲法",
                "主要负责人对本单位安全生产工作负有下列职责：（一）建立健全责任制；"
                "（二）组织制定规章制度；（三）保证安全投入有效实施；"
                "（四）组织开展检查；（五）组织制定应急预案；（六）及时如实报告事故。",
                article="第二十一条",
            ),
        ]
    )

    assert hits(backend, "主要负责人 安全生产 职责")[0] == ("甲法", "第二十一条")


def test_a_crime_name_puts_the_criminal_law_first(backend):
    backend.rebuild(
        with_titles(
            [
                document(
                    1,
                    "刑法",
                    "在道路上驾驶机动车，有下列情形之一的，处拘役，并处罚金："
                    "（一）追逐竞驶，情节恶劣的；（二）醉酒驾驶机动车的。",
                    article="第一百三十三条之一",
                ),
                document(
                    2,
                    "道路交通安全法",
                    "醉酒驾驶机动车的，由公安机关交通管理部门约束至酒醒，吊销机动车驾驶证。",
                    article="第九十一条",
                ),
            ]
        )
    )

    assert hits(backend, "醉酒驾驶机动车 危险驾驶罪")[0][0] == "刑法"
    assert hits(backend, "醉驾判几年")[0][0] == "刑法"
    # without the crime name, the closer wording wins and both still match
    assert [t for t, _ in hits(backend, "醉酒驾驶机动车")] == [
        "道路交通安全法",
        "刑法",
    ]


def test_a_bigram_of_the_heading_alone_does_not_match_a_term(backend):
    under_heading = dataclasses.replace(
        document(1, "甲法", "申请人应当自知道之日起六十日内提出申请。"),
        heading="第二章 行政复议申请",
    )
    backend.rebuild([under_heading, document(2, "乙法", "行政拘留的期限为十日以下。")])

    assert titles(backend, "行政拘留") == ["乙法"]
    # the heading still adds to an article that has the term
    assert titles(backend, "申请")[0] == "甲法"


def test_a_wish_implied_by_the_way_of_asking_weighs_less_than_one_typed(
    backend, monkeypatch
):
    from fazhi.laws.search import tantivy_backend

    backend.rebuild(
        [
            document(1, "甲法", "需要补正材料的，应当一次告知申请人。"),
            document(
                2,
                "乙法",
                "需要补正材料的，应当一次告知申请人。申请人应当在二十日内补正。"
                "逾期视为放弃申请。逾期视为放弃申请。",
            ),
        ]
    )
    assert titles(backend, "补正材料 一次告知 期限")[0] == "乙法"  # typed
    assert titles(backend, "补正材料 一次告知 多少天")[0] == "甲法"  # asked
    monkeypatch.setattr(tantivy_backend, "ASKED_BOOST", tantivy_backend.SOFT_BOOST)
    backend._built.cache_clear()
    assert titles(backend, "补正材料 一次告知 多少天")[0] == "乙法"


def test_a_marker_of_very_common_words_counts_only_verbatim(backend, monkeypatch):
    from fazhi.laws.search import tantivy_backend

    # 以上 in most documents: the marker 元以上 (of 金额) is searched as written,
    # not through the long postings of 以上 (the cost, not the ranking, differs:
    # BM25 gives 以上 almost no weight)
    monkeypatch.setattr(tantivy_backend, "SUBWORD_DF_MIN", 1)
    backend.rebuild(
        [document(1, "甲法", "处二千元以上罚款。")]
        + [document(10 + i, f"法{i}", "以上各条，依照执行。") for i in range(6)]
    )
    searcher = backend._index.searcher()

    def matching(query):
        return searcher.search(query, limit=10, count=True).count

    assert matching(backend._mark("元以上")) == 1
    monkeypatch.setattr(tantivy_backend, "MARK_AS_PHRASE", False)
    assert matching(backend._mark("元以上")) == 7


def test_weeks_and_everyday_words_find_the_statutes_wording(backend):
    backend.rebuild(
        with_titles(
            [
                document(
                    1,
                    "示例登记规定",
                    "机动车所有权发生转让的，现机动车所有人应当自机动车交付之日起"
                    "七日内申请转让登记。",
                    kind="departmental_rule",
                    rank=5,
                    article="第二十五条",
                ),
                document(
                    2,
                    "示例登记规定",
                    "机动车所有人申请注册登记的，应当交验机动车。",
                    kind="departmental_rule",
                    rank=5,
                    article="第十条",
                ),
            ]
        )
    )
    # 一周 is 七日 and 过户 is 转让登记: every term matches the first article
    # (typed as such, two of the three terms would match neither)
    results = backend.search(
        SearchQuery(text="机动车 一周内 过户", as_of=DAY, doc_type="article")
    )
    assert not results.relaxed
    assert results.hits[0].article == "第二十五条"
    terms = understand("机动车 一周内 过户").terms
    assert [(t.text, t.alternatives) for t in terms] == [
        ("机动车", ()),
        ("七日内", ()),
        ("过户", ("转让登记",)),
    ]


@pytest.mark.parametrize(
    ("title", "derived"),
    [
        ("行政处罚法实施条例", True),
        ("治安管理处罚法实施细则", True),
        ("民事诉讼法解释", True),
        ("刑法修正案（十一）", True),
        ("机动车登记规定", False),  # a rule of its own, not an implementing one
        ("禁止使用童工规定", False),
        ("工伤认定办法", False),
    ],
)
def test_only_implementing_and_interpreting_titles_count_as_derived(title, derived):
    assert is_derived(title) is derived


def test_a_place_named_puts_its_local_rule_before_the_law(backend):
    backend.rebuild(
        with_titles(
            [
                document(
                    1, "示例控烟法", "公共场所禁止吸烟，餐厅应当设置禁止吸烟标志。"
                ),
                document(
                    2,
                    "北京市控制吸烟条例",
                    "在餐厅等禁止吸烟场所吸烟的，处五十元罚款。",
                    kind="local_regulation",
                    rank=6,
                    article="第二十五条",
                ),
                document(
                    3,
                    "北京市物业管理条例",
                    "业主委员会委员每届任期不超过五年。",
                    kind="local_regulation",
                    rank=6,
                ),
            ]
        )
    )

    assert hits(backend, "在北京 餐厅 吸烟")[0] == ("北京市控制吸烟条例", "第二十五条")
    # the same words without the place: the law first, the local rule after it
    assert [t for t, _ in hits(backend, "餐厅 吸烟")] == [
        "示例控烟法",
        "北京市控制吸烟条例",
    ]


def test_a_regulation_named_by_its_subject_ranks_before_the_law(backend):
    backend.rebuild(
        with_titles(
            [
                document(1, "示例未成年人保护法", "不得向未成年人销售烟酒和彩票。"),
                document(
                    2,
                    "彩票管理条例",
                    "彩票代销者不得向未成年人销售彩票。",
                    kind="administrative_regulation",
                    rank=8,
                    article="第十八条",
                ),
            ]
        )
    )

    assert hits(backend, "彩票店能卖彩票给未成年人吗")[0] == (
        "彩票管理条例",
        "第十八条",
    )
    # without the subject: the law first
    assert hits(backend, "向未成年人销售烟酒")[0][0] == "示例未成年人保护法"
