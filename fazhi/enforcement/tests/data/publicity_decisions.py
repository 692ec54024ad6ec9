"""A labelled set of synthetic penalty decisions for the publication test.

``generate(count, seed)`` returns the same decisions for the same seed. Each is a
case as the case file records it (party kind, name, identity number, address,
summary, facts, basis) and its labels: what must disappear from every public
output (natural persons' names — 2 and 3 characters, compound surnames such as
欧阳, names next to particles — 18-digit identity numbers with X, mobile and
landline telephones, bank card numbers, home addresses' street part) and what must
stay (legal persons and other organizations, and their registered addresses).
Written apart from the masking rules' own generator (fazhi/core/tests/data/), with
other templates and pools, so that it measures the function rather than repeats
its tuning set.

Nothing here is real: names are drawn from character lists, numbers are random.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
    "蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹"
    "薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴莫孔向汤常温康施牛樊葛邢齐乔庞颜"
)
COMPOUND = ("欧阳", "司马", "诸葛", "上官", "东方", "令狐", "皇甫", "公孙", "慕容")
GIVEN = (
    "志强秀英桂兰建华国平海燕丽华春梅玉珍明亮晓东文静子涵宇航思远俊杰佳怡梦瑶"
    "振国卫东红霞凤英金凤德胜永刚立伟淑芬彩云秋菊冬梅建军卫国新民长青福海宝山"
)
PARTICLE_SENTENCES = (
    "经查，{n}与{m}共同经营该摊位。",
    "执法人员当场向{n}送达了《责令改正通知书》。",
    "{n}称其不知道该批货物已过保质期。",
    "现场检查时，{n}和{m}均在场。",
    "{n}的妻子{m}负责收银。",
    "上述货物由{n}从外地购进，再交给{m}销售。",
    "据{n}陈述，该店由其一人经营。",
    "对{n}所作的陈述和申辩，本机关进行了复核。",
    "举报人反映{n}长期占道经营。",
    "{n}于当日主动改正了违法行为。",
    "{n}被告知有权进行陈述和申辩。",
    "本机关依法对{n}进行了询问并制作笔录。",
)
ROADS = (
    "友谊大街",
    "平安北路",
    "光华路",
    "红旗大道",
    "团结街",
    "文化路",
    "东风西路",
    "长征街",
)
PLACES = (
    ("河北省", "石家庄市", "长安区", "130102"),
    ("河北省", "保定市", "莲池区", "130606"),
    ("河北省", "廊坊市", "广阳区", "131003"),
    ("河北省", "邢台市", "信都区", "130503"),
    ("河北省", "衡水市", "桃城区", "131102"),
    ("", "北京市", "丰台区", "110106"),
    ("山东省", "青岛市", "市南区", "370202"),
    ("河南省", "洛阳市", "西工区", "410303"),
)
AREA_CODES = ("0311", "0312", "0316", "0319", "0318", "010", "0532", "0379")
BRANDS = (
    "恒通",
    "瑞丰",
    "博远",
    "鸿运",
    "嘉禾",
    "鼎盛",
    "福源",
    "汇通",
    "万家乐",
    "兴隆",
)
INDUSTRIES = (
    ("食品", "有限公司"),
    ("商贸", "有限公司"),
    ("餐饮管理", "有限公司"),
    ("建材", "有限责任公司"),
    ("医药连锁", "股份有限公司"),
    ("农资", "专业合作社"),
)
SHOPS = ("超市", "便利店", "饭店", "药房", "五金店", "烟酒店")
VIOLATIONS = (
    (
        "销售超过保质期的食品",
        "《食品安全法》(2021-04-29) 第34条第10项；第124条第1款第5项",
    ),
    (
        "未取得食品经营许可从事食品经营活动",
        "《食品安全法》(2021-04-29) 第35条第1款；第122条第1款",
    ),
    ("销售不符合安全标准的农药", "《农药管理条例》(2022-03-29) 第56条"),
    ("占道经营", "《城市市容和环境卫生管理条例》(2017-03-01) 第36条"),
    ("无证经营药品", "《药品管理法》(2019-08-26) 第115条"),
)
BANKS = ("中国工商银行", "中国农业银行", "中国建设银行", "河北银行", "邮政储蓄银行")
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


@dataclass(frozen=True)
class Label:
    """One labelled span: ``kind`` name/id/phone/bank/address (mask), or org and
    orgaddr (keep: an organization and its registered address)."""

    kind: str
    text: str
    field: str  # party, summary or facts: where it appears in the case

    @property
    def keep(self) -> bool:
        return self.kind in ("org", "orgaddr")


@dataclass
class LabelledDecision:
    ident: str
    party_kind: str
    party_name: str
    party_id_number: str
    party_address: str
    summary: str
    facts: str
    legal_basis: str
    fine_yuan: int
    labels: list[Label] = field(default_factory=list)


class _Gen:
    def __init__(self, seed: int) -> None:
        self.r = random.Random(seed)
        self.used: set[str] = set()

    def name(self) -> str:
        r = self.r
        for _ in range(200):
            roll = r.random()
            surname = r.choice(COMPOUND) if roll < 0.08 else r.choice(SURNAMES)
            pair = r.randrange(0, len(GIVEN), 2)
            given = GIVEN[pair : pair + 2] if r.random() < 0.6 else r.choice(GIVEN)
            full = surname + given
            if full not in self.used:
                self.used.add(full)
                return full
        return full

    def id_number(self, region: str) -> str:
        r = self.r
        while True:
            birth = (
                f"{r.randint(1955, 2004)}{r.randint(1, 12):02d}{r.randint(1, 28):02d}"
            )
            body = f"{region}{birth}{r.randint(0, 999):03d}"
            total = sum(int(d) * w for d, w in zip(body, ID_WEIGHTS, strict=True))
            check = "10X98765432"[total % 11]
            if check == "X" or r.random() < 0.75:  # over-represent the X check digit
                return body + check

    def mobile(self) -> str:
        r = self.r
        number = r.choice(("13", "15", "17", "18", "19")) + "".join(
            r.choice("0123456789") for _ in range(9)
        )
        style = r.random()
        if style < 0.15:
            return f"{number[:3]} {number[3:7]} {number[7:]}"
        if style < 0.25:
            return f"{number[:3]}-{number[3:7]}-{number[7:]}"
        return number

    def landline(self) -> str:
        r = self.r
        code = r.choice(AREA_CODES)
        local = str(r.randint(2, 8)) + "".join(r.choice("0123456789") for _ in range(7))
        style = r.random()
        if style < 0.3:
            return f"（{code}）{local}"
        if style < 0.5:
            return f"{code} {local}"
        return f"{code}-{local}"

    def bank(self) -> str:
        r = self.r
        number = r.choice(("6222", "6217", "6228", "6230", "6214")) + "".join(
            r.choice("0123456789") for _ in range(r.choice((12, 15)))
        )
        if r.random() < 0.3:
            return " ".join(number[i : i + 4] for i in range(0, len(number), 4))
        return number

    def street(self) -> str:
        r = self.r
        if r.random() < 0.4:
            return f"{r.choice(ROADS)}{r.randint(1, 300)}号院{r.randint(1, 20)}号楼{r.randint(1, 6)}单元{r.randint(1, 25)}0{r.randint(1, 4)}室"
        return f"{r.choice(ROADS)}{r.randint(1, 300)}号"

    def company(self, place: tuple[str, str, str, str]) -> str:
        industry, form = self.r.choice(INDUSTRIES)
        return f"{place[1]}{self.r.choice(BRANDS)}{industry}{form}"

    def shop(self, place: tuple[str, str, str, str]) -> str:
        trade = self.r.choice(BRANDS)
        return f"{place[1]}{place[2]}{trade}{self.r.choice(SHOPS)}"


class _Text:
    """Facts being written, with the labels of what was put in."""

    def __init__(self, labels: list[Label]) -> None:
        self.parts: list[str] = []
        self.labels = labels

    def add(self, text: str) -> _Text:
        self.parts.append(text)
        return self

    def put(self, text: str, kind: str) -> _Text:
        self.labels.append(Label(kind, text, "facts"))
        return self.add(text)

    def value(self) -> str:
        return "".join(self.parts)


def _date(r: random.Random) -> str:
    return f"2025年{r.randint(1, 5)}月{r.randint(1, 28)}日"


def _decision(g: _Gen, index: int) -> LabelledDecision:
    r = g.r
    place = r.choice(PLACES)
    summary, basis = r.choice(VIOLATIONS)
    labels: list[Label] = []
    t = _Text(labels)
    natural = r.random() < 0.55
    party_name = g.name() if natural else ""
    party_id = g.id_number(place[3]) if natural else ""
    street = g.street()
    party_address = f"{place[0]}{place[1]}{place[2]}{street}" if natural else ""
    others = [g.name() for _ in range(4)]
    if natural:
        labels.append(Label("name", party_name, "party"))
        t.add("当事人").put(party_name, "name").add("，")
        t.add(r.choice(("男", "女"))).add("，公民身份号码：").put(party_id, "id")
        t.add("，住").add(f"{place[0]}{place[1]}{place[2]}").put(street, "address")
        t.add("，联系电话：").put(g.mobile(), "phone").add("。\n")
        subject = party_name
    else:
        company = g.company(place) if r.random() < 0.7 else g.shop(place)
        party_name = company
        labels.append(Label("org", company, "party"))
        representative = others.pop()
        t.add("当事人：").put(company, "org").add("，统一社会信用代码：91")
        t.add(place[3]).add("MA0" + "".join(r.choice("0123456789") for _ in range(7)))
        t.add("，住所：").put(
            f"{place[1]}{place[2]}{r.choice(ROADS)}{r.randint(1, 300)}号", "orgaddr"
        )
        t.add(r.choice(("，法定代表人：", "，负责人：", "，经营者：")))
        t.put(representative, "name").add("，联系电话：")
        t.put(g.landline() if r.random() < 0.6 else g.mobile(), "phone").add("。\n")
        subject = representative
    t.add(
        f"{_date(r)}，本机关执法人员依法对当事人的经营场所进行检查，发现当事人{summary}。"
    )
    witness, relative = others[0], others[1]
    sentence = r.choice(PARTICLE_SENTENCES)
    names_in = [subject, relative]
    t.add(_fill(sentence, t, names_in))
    roll = r.random()
    if roll < 0.5:
        t.add("证人").put(witness, "name").add("（公民身份号码")
        t.put(g.id_number(r.choice(PLACES)[3]), "id").add("，手机号码")
        t.put(g.mobile(), "phone").add("）证实了上述事实。")
    else:
        t.add("经询问，顾客").put(witness, "name").add("证实其曾在该处购买上述商品，")
        t.add("其联系方式为").put(g.mobile(), "phone").add("。")
    if r.random() < 0.6:
        t.add("当事人通过").put(subject, "name").add(
            f"在{r.choice(BANKS)}开立的账户（卡号"
        )
        t.put(g.bank(), "bank").add("）收取货款共计").add(
            f"{r.randint(2, 90) * 100}元。"
        )
    if r.random() < 0.4:
        supplier = g.company(r.choice(PLACES))
        t.add("涉案货物购自").put(supplier, "org").add("，供货人").put(
            others[2], "name"
        )
        t.add("，电话").put(g.landline(), "phone").add("。")
    if r.random() < 0.3:
        t.add("另查明，").put(subject, "name").add("曾于2024年因同类违法行为受到警告。")
    t.add("以上事实有现场检查笔录、询问笔录、照片等证据证实。")
    return LabelledDecision(
        ident=f"P{index:04d}",
        party_kind="natural_person"
        if natural
        else r.choice(("legal_person", "other_organization")),
        party_name=party_name,
        party_id_number=party_id,
        party_address=party_address,
        summary=summary,
        facts=t.value(),
        legal_basis=basis,
        fine_yuan=r.randint(5, 200) * 100,
        labels=labels,
    )


def _fill(sentence: str, t: _Text, names: list[str]) -> str:
    """Put two names into a sentence with particles, labelling them."""
    first, second = names
    out = sentence.replace("{n}", "\x00").replace("{m}", "\x01")
    for char in out:
        if char == "\x00":
            t.put(first, "name")
        elif char == "\x01":
            t.put(second, "name")
        else:
            t.add(char)
    return ""


def generate(count: int = 520, seed: int = 20250602) -> list[LabelledDecision]:
    g = _Gen(seed)
    return [_decision(g, index) for index in range(count)]
