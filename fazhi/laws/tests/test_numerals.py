import pytest

from fazhi.laws.numerals import (
    article_eid,
    article_label,
    parse_article_label,
    parse_numeral,
    to_numeral,
)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("一", 1),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("一百零五", 105),
        ("一百一十", 110),
        ("一千二百六十", 1260),
        ("12", 12),
        ("一万零一", 10001),
    ],
)
def test_chinese_numerals_are_read_as_their_value(text, value):
    assert parse_numeral(text) == value


def test_numerals_round_trip_through_their_written_form():
    values = range(1, 1300)

    back = [parse_numeral(to_numeral(v)) for v in values]

    assert back == list(values)


def test_article_with_zhi_yi_has_a_suffix_and_its_own_id():
    number, suffix = parse_article_label("第十条之一")

    assert (number, suffix) == (10, 1)
    assert article_eid(number, suffix) == "art_10_1"
    assert article_label(number, suffix) == "第十条之一"


def test_something_else_is_not_an_article_label():
    with pytest.raises(ValueError, match="not an article label"):
        parse_article_label("附则")
