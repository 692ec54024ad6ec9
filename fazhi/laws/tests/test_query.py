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
