"""Reading a query (fazhi/laws/search/query.py): pure, no index, no database."""

import pytest

from fazhi.laws.search import query
from fazhi.laws.search.query import (
    TitleNames,
    arabic_numbers,
    statute_numbers,
    understand,
)


def texts(understood):
    return [t.text for t in understood.terms]


def test_fillers_inside_a_run_of_words_end_a_term():
    # 了 and 可以 split the sentence; 的 joins a noun phrase and stays
    assert texts(understand("被罚款了不服可以申请复议")) == ["罚款", "不服", "申请复议"]
    assert texts(understand("生产经营单位的主要负责人")) == ["生产经营单位的主要负责人"]


def test_asking_how_long_wishes_for_a_period():
    understood = understand("申请复议要多少天内提出")
    # implied by the way of asking, not typed: a wish that weighs less
    assert (understood.soft, understood.asked) == ((), ("期限",))
    assert "日内" in understood.asked_marks
    assert "天" not in "".join(texts(understood))
    typed = understand("申请复议期限 多少天")
    assert (typed.soft, typed.asked) == (("期限",), ())


def test_asking_how_much_wishes_for_an_amount():
    understood = understand("当场罚款 罚多少")
    assert understood.asked == ("数额",)
    assert "元以下" in understood.asked_marks


@pytest.mark.parametrize(
    ("typed", "statute"),
    [
        ("15天内", "十五日内"),
        ("200块", "二百元"),
        ("超过20%", "超过百分之二十"),
        ("3个月", "三个月"),
        ("2021年1月1日起施行", "2021年1月1日起施行"),  # a date stays
        ("2021年", "2021年"),  # a year, not a period
        ("14岁", "十四周岁"),  # statutes give ages in 周岁
        ("孩子没满一岁", "孩子没满一周岁"),
        ("不满十四周岁", "不满十四周岁"),
    ],
)
def test_numbers_are_read_as_statutes_write_them(typed, statute):
    assert statute_numbers(typed) == statute


def test_a_chinese_number_is_also_searched_in_arabic_digits():
    assert arabic_numbers("三十日内") == ("30日",)
    assert arabic_numbers("二百元以下罚款") == ("200元",)
    assert arabic_numbers("第三十日") == ()  # an ordinal, not an amount
    assert understand("三十日内").terms[0].numbers == ("30日",)


def test_a_crime_name_implies_the_criminal_law():
    names = TitleNames(["刑法", "道路交通安全法"])
    assert understand("危险驾驶罪", names).implied == ("刑法",)
    assert understand("醉驾判几年", names).implied == ("刑法",)
    assert understand("醉驾判几年", names).asked == ("刑期",)
    # not when the law is not in the index, nor when it is named
    assert understand("危险驾驶罪", TitleNames(["道路交通安全法"])).implied == ()
    assert understand("刑法 危险驾驶罪", names).implied == ()
    assert understand("犯罪", names).implied == ()  # too short to be a crime name


def test_an_everyday_word_counts_on_word_boundaries_only():
    # 酒驾 → 饮酒后驾驶机动车, but 醉酒驾驶 does not contain the word 酒驾
    assert understand("酒驾").terms[0].alternatives == ("饮酒后驾驶机动车",)
    assert understand("醉酒驾驶机动车").terms[0].alternatives == ()


def test_a_list_asked_for_is_recorded():
    understood = understand("主要负责人 职责")
    assert understood.lists == ("职责",)
    assert texts(understood) == ["主要负责人"]


def test_an_asking_phrase_must_ask_for_a_facet_word(tmp_path, monkeypatch):
    bad = tmp_path / "vocabulary.yaml"
    bad.write_text(
        "facet_words:\n  - {word: 期限, why: x}\n"
        "asking:\n  - {phrase: 多少天, asks: 天数, why: x}\n"
    )
    monkeypatch.setattr(query, "VOCABULARY", bad)
    query.vocabulary.cache_clear()
    try:
        with pytest.raises(ValueError, match="天数"):
            query.vocabulary()
    finally:
        monkeypatch.undo()
        query.vocabulary.cache_clear()


@pytest.mark.parametrize(
    ("typed", "statute"),
    [
        ("一周内", "七日内"),
        ("两个星期", "十四日"),
        ("1周", "七日"),
        ("每周", "每周"),  # not a count of weeks
        ("一周岁", "一周岁"),  # an age
    ],
)
def test_weeks_are_counted_in_days_as_statutes_do(typed, statute):
    assert statute_numbers(typed) == statute


def test_every_everyday_word_of_a_term_is_replaced_in_one_wording():
    # 房东 and 租期 in the same term: one wording with both, the longest word
    # first (加班费 is one word, not 加班 + 费)
    assert understand("房东缩短租期").terms[0].alternatives == ("出租人缩短租赁期限",)
    assert understand("加班费").terms[0].alternatives == ("延长工作时间 工资报酬",)


def test_a_stray_character_left_by_the_sentence_is_no_term():
    # 坏 and 算 are what is left of 坏了 and 怎么算: the statute says 损坏, 计算
    assert texts(understand("快递 丢 了")) == ["快递"]
    assert texts(understand("误工费怎么算")) == ["误工费"]
    assert understand("误工费怎么算").asked == ("计算",)
    # alone, or known to the vocabulary (偷 → 盗窃), it stays
    assert texts(understand("罚")) == ["罚"]
    assert "偷" in texts(understand("偷 数额较大"))


def test_asking_whether_it_is_lawful_searches_what_was_done():
    understood = understand("公司扣押身份证 合法吗")
    assert texts(understood) == ["公司扣押身份证"]
    assert texts(understand("维护合法权益")) == ["维护合法权益"]  # another word


def test_a_judicial_interpretation_is_named_by_its_short_name():
    title = "最高人民法院关于审理人身损害赔偿案件适用法律若干问题的解释"
    understood = understand("人损解释 误工费", TitleNames([title, "民法典 侵权责任编"]))
    assert understood.titles == (title,)
    assert texts(understood) == ["误工费"]


def test_asking_a_or_not_a_leaves_no_word_to_search():
    # jieba cuts 能不能要 into 能, 不能, 要: 不能 was searched
    assert texts(understand("被人侵权了 能不能要精神损失费")) == [
        "人侵权",
        "精神损失费",
    ]
    assert texts(understand("病历能不能复印")) == ["病历", "复印"]
    assert texts(understand("是不是")) == []


BEIJING = ("北京市控制吸烟条例", "北京市物业管理条例")


def test_a_place_named_implies_its_local_instruments():
    names = TitleNames([*BEIJING, "上海市控制吸烟条例", "人力资源市场暂行条例"])
    understood = understand("在北京的餐厅里抽烟", names)
    assert understood.implied == BEIJING
    # the place is no word to search: the local articles say 本市
    assert "北京" not in "".join(texts(understood))
    assert understand("北京市 吸烟", names).implied == BEIJING
    assert understand("餐厅 吸烟", names).implied == ()
    # one title beginning so (上海市…, 人力资源市…) makes no place
    assert "上海" not in names.places
    assert "人力资源" not in names.places


def test_a_regulation_is_implied_by_its_subject():
    gambling = (
        "最高人民法院、最高人民检察院关于办理赌博刑事案件具体应用法律若干问题的解释"
    )
    names = TitleNames(
        ["彩票管理条例", "失业保险条例", "价格管理条例", "价格法", gambling, *BEIJING]
    )
    assert understand("彩票店能卖彩票给未成年人吗", names).implied == ("彩票管理条例",)
    # also through the statute's wording of an everyday word (失业保险金)
    assert understand("领失业金 要什么条件", names).implied == ("失业保险条例",)
    assert understand("组织聚众赌博 抽头", names).implied == (gambling,)
    # a subject a law is named after is the law's; a local one needs its place
    assert understand("商品价格 明码标价", names).implied == ()
    assert "价格" not in names.subjects
    assert "物业" not in names.subjects
