"""Names after role nouns the list does not have: the productive suffixes
(员师工长主商户人), the words that end so but name no one, and the officers."""

import pytest

from fazhi.core.masking import mask


def masked(text: str) -> str:
    return mask(text).text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("公司库管员贾丽和会计申某在场。", "公司库管员贾某和会计申某在场。"),
        ("驻店药师宗慧敏说明，相关记录缺失。", "驻店药师宗某说明，相关记录缺失。"),
        ("厂长承认系维修工顾海涛所为。", "厂长承认系维修工顾某所为。"),
        ("雷振华与其合伙人焦红梅共同经营。", "雷振华与其合伙人焦某共同经营。"),
        (
            "游客投诉称，导游祁红途中擅自增加购物点。",
            "游客投诉称，导游祁某途中擅自增加购物点。",
        ),
        ("该批货物由经销商欧阳明轩提供。", "该批货物由经销商欧阳某提供。"),
        ("分店店长潘立群称不知情。", "分店店长潘某称不知情。"),
    ],
)
def test_a_name_after_a_role_noun_is_masked(text, expected):
    assert masked(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "由县级以上人民政府主管部门责令改正。",  # 主管: the suffix starts a word
        "工程质量由施工单位负责。",
        "门店店长安排员工上架商品。",  # 店长 + 安排, a verb, not 安某
        "预备役人员储备的规模由国务院规定。",  # 储备 is a word (common_words.txt)
        "国家工作人员包庇、纵容违法行为的，依法给予处分。",
        "物业服务人员向社会公开收费标准。",  # 向: a preposition
        "应当按照合同约定的期限延长保修期。",
        "任何个人和组织不得阻碍。",
    ],
)
def test_words_after_a_role_suffix_are_not_names(text):
    assert masked(text) == text


def test_officers_keep_their_names_after_any_officers_title():
    text = "执法人员李国强（执法证号13070211015）、稽查员赵文军现场检查。"

    assert masked(text) == text


def test_a_name_already_found_is_masked_after_any_role_noun():
    text = "当事人周建平，男。经查，其雇工周建平之弟未到场；理货员周建平称不知情。"

    out = masked(text)

    assert "周建平" not in out
    assert out.count("周某") == 3
