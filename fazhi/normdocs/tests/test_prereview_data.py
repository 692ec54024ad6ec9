"""The pre-review data files validate, and a broken file is refused with its name;
the evaluation set only uses known detectors; cited phrases are in the corpus."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from fazhi.normdocs.prereview import DETECTORS, PrereviewDataError, load_catalogue
from fazhi.normdocs.prereview.catalogue import DATA_DIR
from fazhi.normdocs.prereview.evaluation import load_items

EVAL_SET = Path(__file__).parent / "data" / "prereview_eval.yaml"
CORPUS = Path(__file__).resolve().parents[3].parent / "shared" / "corpus" / "lawrefbook"


def test_shipped_data_loads_and_every_detector_is_complete() -> None:
    cat = load_catalogue()
    ids = [d.info.id for d in cat.detectors]
    assert len(ids) == len(set(ids)) == 13
    for d in cat.detectors:
        info = d.info
        assert re.fullmatch(r"[a-z][a-z0-9_]*", info.id)
        assert info.name_zh
        assert info.name_en
        assert info.summary_zh
        assert info.summary_en
        assert info.citation.text
        assert info.citation.en
        assert info.severity in {"high", "medium"}
        if d.kind == "patterns":
            assert d.rules
            for rule in d.rules:
                assert rule.info.id.startswith(f"{info.id}.")
                assert rule.info.zh
                assert rule.info.en
                assert rule.patterns


def test_catalogue_lists_fair_competition_per_article() -> None:
    by_id = {d.id: d for d in DETECTORS}
    for detector_id, article in (
        ("fc_market_entry", 8),
        ("fc_free_flow", 9),
        ("fc_cost", 10),
        ("fc_conduct", 11),
    ):
        entry = by_id[detector_id]
        assert f"《公平竞争审查条例》(2024-06-06) 第{article}条" in entry.citation.text
        for rule in entry.rules:
            assert f"第{article}条第" in rule.citation.text  # each names its item
        assert "第12条" in entry.note_zh


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        (
            "detectors/penalty_setting.yaml",
            "罚款{AMOUNT}",
            "罚款{NOPE}",
            "unknown macro",
        ),
        ("detectors/penalty_setting.yaml", "罚款{AMOUNT}", "罚款(", "invalid regular"),
        (
            "detectors/penalty_setting.yaml",
            "severity: high",
            "severity: grave",
            "severity",
        ),
        ("detectors/penalty_setting.yaml", "kind: patterns", "kind: magic", "kind"),
        (
            "detectors/penalty_setting.yaml",
            "order: 10",
            "order: 10\nextra: 1",
            "unknown keys",
        ),
        (
            "detectors/penalty_setting.yaml",
            "id: penalty_setting",
            "id: Penalty",
            "snake_case",
        ),
        (
            "detectors/penalty_setting.yaml",
            "  - id: confiscation",
            "  - id: fine",
            "unique",
        ),
        (
            "detectors/penalty_setting.yaml",
            "  phrase: 其他规范性文件不得设定行政处罚",
            "  phrase: 其他规范性文件可以设定行政处罚",
            "phrase must be quoted",
        ),
        (
            "detectors/meeting_minutes_basis.yaml",
            "（不在法规语料库中）",
            "",
            "must say so",
        ),
        (
            "detectors/fc_cost.yaml",
            "note: fcr_exception",
            "note: nothing",
            "unknown note",
        ),
        (
            "validity.yaml",
            "parameter: normdocs.validity",
            "parameter: normdocs.nothing",
            "no dated parameter",
        ),
        ("common.yaml", "NUM: ", "num: ", "upper case"),
        (
            "detectors/fee_without_basis.yaml",
            "  - id: fee_or_deposit",
            "  - id: fee_or_deposit\n    patterns: ['.*']\n  - id: x",
            "empty string",
        ),
    ],
)
def test_broken_data_is_refused_with_the_place(
    data_copy: Path, file: str, old: str, new: str, message: str
) -> None:
    _edit(data_copy / file, old, new)
    with pytest.raises(PrereviewDataError, match=message) as caught:
        load_catalogue(data_copy)
    assert Path(file).name in str(caught.value) or "common.yaml" in str(caught.value)


def test_unchanged_copy_loads(data_copy: Path) -> None:
    assert load_catalogue(data_copy).version == load_catalogue().version


def test_version_changes_with_the_data(data_copy: Path) -> None:
    _edit(data_copy / "validity.yaml", "长期有效|永久有效", "长期有效|永久有效|无限期")
    assert load_catalogue(data_copy).version != load_catalogue().version


def test_evaluation_set_is_large_labeled_with_known_detectors_and_balanced() -> None:
    items = load_items(EVAL_SET)
    known = {d.id for d in DETECTORS}
    assert len(items) >= 150
    for item in items:
        assert item.expect <= known, item.id
    heldout = [i for i in items if i.heldout]
    assert 0.2 <= len(heldout) / len(items) <= 0.4
    for detector_id in known:
        positives = [i for i in items if detector_id in i.expect]
        assert len(positives) >= 5, detector_id
    assert (
        sum(1 for i in items if not i.expect) >= 100
    )  # clean clauses, many look-alikes


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.exists(), reason="the lawrefbook corpus is absent")
def test_cited_phrases_are_verbatim_in_the_corpus() -> None:
    checked = 0
    for path in sorted(DATA_DIR.rglob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for citation in _citations(data):
            corpus = citation.get("corpus")
            if corpus is None:
                continue
            text = (CORPUS / corpus).read_text(encoding="utf-8")
            assert citation["phrase"] in text, (path.name, citation["text"])
            article = re.search(r"第(\d+)条", citation["text"])
            assert article, citation["text"]
            assert (
                _article_text(text, int(article.group(1))).find(citation["phrase"]) >= 0
            ), (path.name, citation["text"])
            checked += 1
    assert checked >= 30


def _citations(node: object) -> list[dict[str, str]]:
    found = []
    if isinstance(node, dict):
        if "text" in node and "en" in node and "corpus" in node:
            found.append(node)
        for value in node.values():
            found.extend(_citations(value))
    elif isinstance(node, list):
        for value in node:
            found.extend(_citations(value))
    return found


_CN = "零一二三四五六七八九"


def _chinese(n: int) -> str:
    """1 to 199 as written in article headings (第十条, 第九十三条, 第一百零一条)."""
    if n < 10:
        return _CN[n]
    if n < 20:
        return "十" + (_CN[n % 10] if n % 10 else "")
    if n < 100:
        return _CN[n // 10] + "十" + (_CN[n % 10] if n % 10 else "")
    rest = n % 100
    tail = "" if rest == 0 else ("零" + _CN[rest] if rest < 10 else _chinese(rest))
    if 10 <= rest < 20:
        tail = "一" + _chinese(rest)
    return "一百" + tail


def _article_text(law: str, number: int) -> str:
    start = law.find(f"第{_chinese(number)}条 ")
    assert start >= 0, number
    following = re.compile(r"\n第[零一二三四五六七八九十百]+条 ")
    end = following.search(law, start + 1)
    return law[start : end.start() if end else len(law)]
