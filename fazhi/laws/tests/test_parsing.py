import datetime as dt

from fazhi.laws.parsing import find_references, parse_text
from fazhi.laws.tests.conftest import DATA

SAMPLE = "行政法/示例处罚法(2020-01-01).md"


def parse_sample():
    return parse_text(SAMPLE, (DATA / "corpus" / SAMPLE).read_bytes())


def test_title_dates_and_issuing_body_come_from_the_head_of_the_file():
    doc = parse_sample()

    assert doc.title == "中华人民共和国示例处罚法"
    assert doc.short_title == "示例处罚法"
    assert doc.promulgated_on == dt.date(2020, 1, 1)
    assert doc.effective_on == dt.date(2020, 7, 1)
    assert doc.issuing_body == "全国人民代表大会常务委员会"


def test_structure_has_stable_ids_down_to_items():
    doc = parse_sample()

    eids = [p.eid for p in doc.provisions]
    assert "chp_2__sec_1" in eids
    assert "art_2__para_2" in eids
    assert "art_3__para_1__item_2" in eids
    assert "art_3_1" in eids
    assert doc.article_count == 5
    assert doc.problems == []


def test_heading_path_follows_chapters_and_sections():
    doc = parse_sample()

    art3 = next(p for p in doc.provisions if p.eid == "art_3")
    assert art3.heading_path == "第二章 程序 / 第一节 一般规定"


def test_references_within_and_across_instruments_are_found_with_spans():
    text = "依照本法第二条第二款组织听证的，适用前款规定；并依《中华人民共和国示例复议法》第五条。"

    refs = find_references(text)

    assert [(r["text"], r["target_title"], r["target_eid"]) for r in refs] == [
        ("本法第二条第二款", "", "art_2__para_2"),
        ("前款", "", ""),
        ("《中华人民共和国示例复议法》第五条", "中华人民共和国示例复议法", "art_5"),
    ]
    assert text[refs[0]["start"] : refs[0]["end"]] == "本法第二条第二款"


def test_preceding_paragraph_reference_resolves_to_the_paragraph_before():
    raw = "# 某法\n<!-- INFO END -->\n第一条 甲。\n前款规定的乙。\n".encode()

    doc = parse_text("某法.md", raw)

    art = next(p for p in doc.provisions if p.eid == "art_1")
    assert art.references[0]["target_eid"] == "art_1__para_1"


def test_a_file_without_articles_is_reported_not_rejected():
    doc = parse_text("空.md", b"")

    assert "no body text" in doc.problems
    assert doc.article_count == 0
