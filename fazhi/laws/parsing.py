"""Parse one instrument text (the lawrefbook Markdown, or plain text) into its structure.

Pure Python, no Django: it runs in the import's worker processes. The format:
``# 标题`` (and for split codes a second ``# 分编`` line), the history lines
(``1999年4月29日 …通过``, ``…施行``), ``<!-- INFO END -->``, then ``##``/``###``
headings for 编/章/节 and paragraphs; an article starts a line with ``第X条``
(``第十条之一``), its later lines are 款, ``（一）`` lines are 项 and numbered
lines (1. 2. …) are 目.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field

from fazhi.laws.numerals import (
    NUMERAL_CHARS,
    article_eid,
    parse_article_label,
    parse_numeral,
)

INFO_END = "<!-- INFO END -->"
INVISIBLE = str.maketrans("", "", "\u200b\u200c\u200d\ufeff")
ARTICLE_LINE = re.compile(
    rf"^(第[{NUMERAL_CHARS}]+条(?:之[{NUMERAL_CHARS}]+)?)(?:[\s\u3000]+|(?=[^\s\u3000的]))(.*)$"
)
DIVISION_HEADING = re.compile(
    rf"^第([{NUMERAL_CHARS}]+)(分编|编|章|节)[\s\u3000]*(.*)$"
)
ITEM_LINE = re.compile(rf"^[（(]([{NUMERAL_CHARS}]+)[）)]")
SUBITEM_LINE = re.compile(r"^([0-9０-９]+)[\.．、]")  # noqa: RUF001
DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
FILE_DATE = re.compile(r"\((\d{4}-\d{2}-\d{2})\)$")
DOC_NUMBER = re.compile(
    r"([\u4e00-\u9fa5]{1,12}[〔\[［(（]\d{4}[〕\]］)）]\s*\d+\s*号"  # noqa: RUF001
    r"|[\u4e00-\u9fa5]{1,16}令\s*第\s*[0-9\u3007一二三四五六七八九十百零]+\s*号)"
)
ISSUERS = (
    "全国人民代表大会常务委员会",
    "全国人民代表大会",
    "国务院",
    "最高人民法院",
    "最高人民检察院",
    "国家监察委员会",
)
LOCAL_ISSUER = re.compile(
    r"([\u4e00-\u9fa5]{2,12}?(?:省|市|自治区|自治州|县))(?:第[\u4e00-\u9fa5]+届)?"
    r"(人民代表大会常务委员会|人民代表大会|人民政府)"
)
DIVISION_KINDS = {"编": "part", "分编": "subpart", "章": "chapter", "节": "section"}
DIVISION_PREFIX = {
    "part": "part",
    "subpart": "subpart",
    "chapter": "chp",
    "section": "sec",
}
SELF_NAMES = (
    "本法|本条例|本规定|本办法|本解释|本细则|本规则|本决定|本准则|本通则|本标准"
)
REF_ARTICLE = rf"第([{NUMERAL_CHARS}]+)条(?:之([{NUMERAL_CHARS}]+))?"
REF_TAIL = rf"(?:第([{NUMERAL_CHARS}]+)款)?(?:第([{NUMERAL_CHARS}]+)项)?"
REFERENCE = re.compile(
    rf"《([^《》]{{2,60}})》{REF_ARTICLE}{REF_TAIL}"
    rf"|(?:({SELF_NAMES})){REF_ARTICLE}{REF_TAIL}"
    rf"|(?<![》\u4e00-\u9fa5]){REF_ARTICLE}{REF_TAIL}"
    r"|(前款|前两款|前三款|前项)"
)


@dataclass
class ParsedProvision:
    kind: str  # part subpart chapter section article paragraph item subitem preamble
    eid: str
    label: str = ""  # 第十条之一, 第二章, （一）
    heading: str = ""
    text: str = ""
    number: int = 0
    suffix: int = 0
    heading_path: str = ""
    references: list[dict[str, object]] = field(default_factory=list)


@dataclass
class ParsedDocument:
    source_path: str
    content_hash: str
    title: str
    subtitle: str = ""
    short_title: str = ""
    history: list[str] = field(default_factory=list)
    promulgated_on: dt.date | None = None
    effective_on: dt.date | None = None
    issuing_body: str = ""
    document_number: str = ""
    provisions: list[ParsedProvision] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def article_count(self) -> int:
        return sum(1 for p in self.provisions if p.kind == "article")


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def short_title_from_path(path: str) -> str:
    """行政复议法 from ``…/行政复议法(2023-09-01).md``."""
    stem = path.rsplit("/", 1)[-1]
    for ext in (".md", ".txt", ".docx"):
        if stem.endswith(ext):
            stem = stem[: -len(ext)]
    return FILE_DATE.sub("", stem).strip()


def date_from_path(path: str) -> dt.date | None:
    stem = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    match = FILE_DATE.search(stem)
    return dt.date.fromisoformat(match.group(1)) if match else None


def _dates(line: str) -> list[dt.date]:
    found = []
    for y, m, d in DATE.findall(line):
        try:
            found.append(dt.date(int(y), int(m), int(d)))
        except ValueError:
            continue
    return found


def _issuer(history: list[str], title: str) -> str:
    text = " ".join(history)
    for name in ISSUERS:
        if name in text:
            return name
    match = LOCAL_ISSUER.search(text)
    if match:
        return match.group(1) + match.group(2)
    return ""


def find_references(text: str) -> list[dict[str, object]]:
    """Cross-references in an article's text with their character spans.

    ``target_title`` is empty for references within the same instrument;
    ``target_eid`` is the article (or ``…__para_N``) referred to, ``relative``
    marks 前款/前项, which the caller resolves against the citing paragraph.
    """
    refs: list[dict[str, object]] = []
    for m in REFERENCE.finditer(text):
        g = m.groups()
        if g[0] is not None:
            title, art, suf, para, item = g[0], g[1], g[2], g[3], g[4]
        elif g[5] is not None:
            title, art, suf, para, item = "", g[6], g[7], g[8], g[9]
        elif g[10] is not None:
            title, art, suf, para, item = "", g[10], g[11], g[12], g[13]
        else:
            refs.append(
                {
                    "start": m.start(),
                    "end": m.end(),
                    "text": m.group(0),
                    "target_title": "",
                    "target_eid": "",
                    "relative": g[14],
                }
            )
            continue
        try:
            eid = article_eid(parse_numeral(art), parse_numeral(suf) if suf else 0)
            if para:
                eid += f"__para_{parse_numeral(para)}"
                if item:
                    eid += f"__item_{parse_numeral(item)}"
        except ValueError:
            continue
        refs.append(
            {
                "start": m.start(),
                "end": m.end(),
                "text": m.group(0),
                "target_title": title,
                "target_eid": eid,
                "relative": "",
            }
        )
    return refs


def parse_text(source_path: str, raw: bytes) -> ParsedDocument:
    """Parse one document. Never raises for odd content: problems are listed."""
    text = raw.decode("utf-8-sig", errors="replace").translate(INVISIBLE)
    lines = [line.strip().strip("\u3000").strip() for line in text.splitlines()]
    doc = ParsedDocument(
        source_path=source_path,
        content_hash=content_hash(raw),
        title="",
        short_title=short_title_from_path(source_path),
    )
    headers: list[str] = []
    body_start = 0
    has_info_end = INFO_END in text
    for index, line in enumerate(lines):
        if has_info_end and line.startswith(INFO_END):
            body_start = index + 1
            break
        if line.startswith("# ") or (not doc.title and line and not has_info_end):
            headers.append(line.lstrip("#").strip())
            body_start = index + 1
            if not has_info_end:
                break
        elif line.startswith("<!--") or line == "---" or not line:
            continue
        elif headers:
            doc.history.append(line)
    if not headers:
        doc.problems.append("no title line")
        headers = [doc.short_title]
    doc.title = headers[0]
    doc.subtitle = headers[1] if len(headers) > 1 else ""
    for line in doc.history:
        found = _dates(line)
        if not found:
            continue
        if "施行" in line and doc.effective_on is None:
            doc.effective_on = found[-1]
        elif doc.promulgated_on is None or "公布" in line:
            doc.promulgated_on = found[0] if doc.promulgated_on is None else found[-1]
        if "修正" in line or "修订" in line or "修改" in line:
            doc.promulgated_on = found[0]
    doc.promulgated_on = date_from_path(source_path) or doc.promulgated_on
    doc.issuing_body = _issuer(doc.history, doc.title)
    number = DOC_NUMBER.search(" ".join(doc.history))
    if number:
        doc.document_number = re.sub(r"\s+", "", number.group(1))[:64]
    _parse_body(doc, lines[body_start:])
    return doc


def _parse_body(doc: ParsedDocument, lines: list[str]) -> None:
    path: dict[str, tuple[str, str]] = {}  # kind -> (eid, title)
    order = ["part", "subpart", "chapter", "section"]
    article: ParsedProvision | None = None
    paragraph_no = 0
    item_no = 0
    subitem_no = 0
    loose_no = 0
    seen: set[str] = set()
    previous_number = 0
    line_paragraphs: dict[str, list[int]] = {}

    def heading_path() -> str:
        return " / ".join(path[k][1] for k in order if k in path)

    def add(p: ParsedProvision) -> None:
        if p.eid in seen:
            doc.problems.append(f"duplicate {p.eid}")
            p.eid = f"{p.eid}__dup_{len(doc.provisions)}"
        seen.add(p.eid)
        doc.provisions.append(p)

    for line in lines:
        if not line or line.startswith("<!--"):
            continue
        if line.startswith("#"):
            heading = line.lstrip("#").strip()
            match = DIVISION_HEADING.match(heading)
            if not match:
                if heading and heading not in (doc.title, doc.subtitle):
                    path.pop("section", None)
                    path["chapter"] = (f"hdg_{len(doc.provisions)}", heading)
                    add(
                        ParsedProvision(
                            "heading",
                            path["chapter"][0],
                            heading=heading,
                            text=heading,
                            heading_path=heading_path(),
                        )
                    )
                continue
            kind = DIVISION_KINDS[match.group(2)]
            try:
                num = parse_numeral(match.group(1))
            except ValueError:
                doc.problems.append(f"heading number: {heading}")
                continue
            for lower in order[order.index(kind) :]:
                path.pop(lower, None)
            parent = "__".join(path[k][0] for k in order if k in path)
            eid = f"{DIVISION_PREFIX[kind]}_{num}"
            eid = f"{parent}__{eid}" if parent else eid
            path[kind] = (eid, heading)
            add(
                ParsedProvision(
                    kind,
                    eid,
                    label=f"第{match.group(1)}{match.group(2)}",
                    heading=match.group(3).strip(),
                    number=num,
                    heading_path=heading_path(),
                )
            )
            article = None
            continue
        match = ARTICLE_LINE.match(line)
        if match:
            try:
                number, suffix = parse_article_label(match.group(1))
            except ValueError:
                number = -1
            glued = (
                not line[len(match.group(1)) :][:1].isspace()
                and line[len(match.group(1)) :][:1] != "\u3000"
            )
            if number > 0 and (not glued or number == previous_number + 1):
                previous_number = number
                article = ParsedProvision(
                    "article",
                    article_eid(number, suffix),
                    label=match.group(1),
                    number=number,
                    suffix=suffix,
                    text=match.group(2).strip(),
                    heading_path=heading_path(),
                )
                add(article)
                paragraph_no, item_no, subitem_no = 1, 0, 0
                line_paragraphs[article.eid] = [1]
                add(
                    ParsedProvision(
                        "paragraph",
                        f"{article.eid}__para_1",
                        number=1,
                        text=article.text,
                        heading_path=article.heading_path,
                    )
                )
                continue
        if article is None:
            loose_no += 1
            if doc.article_count:
                doc.problems.append(f"text outside any article: {line[:30]}")
            add(
                ParsedProvision(
                    "preamble",
                    f"preamble__para_{loose_no}",
                    number=loose_no,
                    text=line,
                    heading_path=heading_path(),
                )
            )
            continue
        article.text = f"{article.text}\n{line}" if article.text else line
        paragraphs_of_lines = line_paragraphs.setdefault(article.eid, [])
        item = ITEM_LINE.match(line)
        sub = SUBITEM_LINE.match(line)
        if item:
            item_no += 1
            subitem_no = 0
            add(
                ParsedProvision(
                    "item",
                    f"{article.eid}__para_{paragraph_no}__item_{item_no}",
                    label=item.group(0),
                    number=item_no,
                    text=line,
                    heading_path=article.heading_path,
                )
            )
        elif sub and item_no:
            subitem_no += 1
            add(
                ParsedProvision(
                    "subitem",
                    f"{article.eid}__para_{paragraph_no}__item_{item_no}__subitem_{subitem_no}",
                    label=sub.group(0),
                    number=subitem_no,
                    text=line,
                    heading_path=article.heading_path,
                )
            )
        else:
            paragraph_no += 1
            item_no = subitem_no = 0
            add(
                ParsedProvision(
                    "paragraph",
                    f"{article.eid}__para_{paragraph_no}",
                    number=paragraph_no,
                    text=line,
                    heading_path=article.heading_path,
                )
            )
        paragraphs_of_lines.append(paragraph_no)
    for p in doc.provisions:
        if p.kind == "article":
            p.references = find_references(p.text)
            _resolve_relative(p, line_paragraphs.get(p.eid, []))
    if not doc.provisions:
        doc.problems.append("no body text")


def _resolve_relative(article: ParsedProvision, paragraphs: list[int]) -> None:
    """前款 → the paragraph before the citing one; 前两款 → the first of the two."""
    back = {"前款": 1, "前两款": 2, "前三款": 3}
    for ref in article.references:
        relative = ref["relative"]
        if relative not in back:
            continue
        line = article.text.count("\n", 0, int(str(ref["start"])))
        paragraph = paragraphs[line] if line < len(paragraphs) else 0
        target = paragraph - back[str(relative)]
        if target >= 1:
            ref["target_eid"] = f"{article.eid}__para_{target}"
