"""Synthetic administrative decisions with ground-truth spans, for the masking tests.

``generate(count, seed)`` returns the same decisions for the same seed: ten kinds of
decision (market supervision, public security, traffic, urban management, ecology,
health, work safety, culture, natural resources, reconsideration), natural and legal
persons as parties, legal representatives, witnesses, officers with certificate
numbers (some shaped like mobile numbers), identity numbers with valid check
digits (old 15-digit ones, lower-case x, spaced), telephones in every common
format, bank accounts, plates, e-mail, QQ and WeChat ids, home addresses,
organization names that contain surnames (张记餐馆) or the operator's whole name
(王建国小吃店: kept, see ADR 0043), names repeated mid-sentence later in the text.

Every span is labelled ``mask`` (personal information) or ``keep`` (organizations,
credit codes, officers and their certificates, organizations' addresses).
Nothing here is real: names are drawn from character lists, numbers are random.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from fazhi.core.masking import Person

MASK_KINDS = (
    "name",
    "minor",
    "id",
    "phone",
    "bank",
    "address",
    "plate",
    "email",
    "qq",
    "wechat",
    "passport",
    "certificate",
)
KEEP_KINDS = ("org", "uscc", "officer", "cert", "orgaddr", "docno")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str
    text: str
    surname: str = ""  # for names: what must stay (张, 欧阳, or "" for minors)

    @property
    def keep(self) -> bool:
        return self.kind in KEEP_KINDS


@dataclass
class Decision:
    ident: str
    text: str
    spans: list[Span]
    parties: list[Person] = field(default_factory=list)


class _Builder:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.spans: list[Span] = []

    def add(self, text: str) -> _Builder:
        self.parts.append(text)
        self.length += len(text)
        return self

    def span(self, text: str, kind: str, surname: str = "") -> _Builder:
        self.spans.append(
            Span(self.length, self.length + len(text), kind, text, surname)
        )
        return self.add(text)

    def text(self) -> str:
        return "".join(self.parts)


# ---------------------------------------------------------------------------
# Pools
# ---------------------------------------------------------------------------

COMMON_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
    "常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季"
    "裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦"
    "戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻"
    "苑迟邝"
)
COMPOUND_SURNAMES = (
    "欧阳",
    "司马",
    "诸葛",
    "上官",
    "慕容",
    "东方",
    "令狐",
    "皇甫",
    "尉迟",
    "公孙",
)
GIVEN_CHARS = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红建国文辉鹏斌宇浩凯晨博俊鑫婷雪琳慧颖倩欣悦子梓涵"
    "轩然睿一思诗雨佳嘉晓志永海春金德福生龙成立新光东亮峰林飞荣彬松宁丹蕾萍燕梅琴凤云亚莉淑珍秀娥桂芝翠凤兵"
    "波瑞昊天泽宏伦卫胜学祥才发武利清江振山仁义礼智信忠孝宝贵喜乐安康健民和顺长久庆丰年淑惠巧美娇婉雅楠"
    "琪璐瑶怡馨蕊薇婕欢爽锋毅铭哲彤萱晗煜瀚骏驰鸿朗铮卓奕尧舜禹"
)
TRICKY_GIVEN = (
    "为民",
    "和平",
    "自强",
    "向东",
    "有为",
    "于洋",
    "家豪",
    "世杰",
    "国庆",
    "建设",
    "振华",
    "立新",
)
MINORITY_NAMES = (
    "阿卜杜拉·买买提",
    "热依拉·艾买提",
    "努尔兰·阿布都",
    "古丽娜尔·吐尔逊",
    "买买提·依明",
    "巴特尔·其木格",
)

# (province, city, county, region code)
PLACES = (
    ("河北省", "石家庄市", "长安区", "130102"),
    ("河北省", "石家庄市", "桥西区", "130104"),
    ("河北省", "石家庄市", "新华区", "130105"),
    ("河北省", "石家庄市", "裕华区", "130108"),
    ("河北省", "石家庄市", "正定县", "130123"),
    ("河北省", "石家庄市", "辛集市", "130181"),
    ("河北省", "保定市", "竞秀区", "130602"),
    ("河北省", "保定市", "涿州市", "130681"),
    ("河北省", "邯郸市", "丛台区", "130403"),
    ("河北省", "唐山市", "路北区", "130203"),
    ("河北省", "张家口市", "桥东区", "130702"),
    ("", "北京市", "朝阳区", "110105"),
    ("", "北京市", "海淀区", "110108"),
    ("", "天津市", "河西区", "120103"),
    ("山东省", "济南市", "历下区", "370102"),
    ("河南省", "郑州市", "金水区", "410105"),
    ("广东省", "广州市", "天河区", "440106"),
    ("浙江省", "杭州市", "西湖区", "330106"),
    ("江苏省", "南京市", "鼓楼区", "320106"),
    ("四川省", "成都市", "武侯区", "510107"),
    ("湖北省", "武汉市", "江汉区", "420103"),
    ("新疆维吾尔自治区", "乌鲁木齐市", "天山区", "650102"),
    ("山西省", "太原市", "小店区", "140105"),
    ("河北省", "沧州市", "献县", "130929"),
)
ROADS = (
    "建设北大街",
    "中山东路",
    "和平西路",
    "裕华东路",
    "槐安路",
    "友谊北大街",
    "胜利南街",
    "育才街",
    "体育大街",
    "广安大街",
    "人民路",
    "解放路",
    "新华路",
    "光明街",
    "幸福路",
    "朝阳北路",
    "学府路",
    "张庄路",
)
ESTATES = (
    "华府小区",
    "金色家园",
    "阳光花园",
    "建华小区",
    "翠屏山庄",
    "康乐苑",
    "明珠花园",
    "东方明珠小区",
)
TOWNS = ("南高营镇", "北苏镇", "西兆通镇", "大河镇", "柳林铺镇", "李家庄乡")
VILLAGES = ("东王村", "西张村", "南庄村", "前进村", "大营村", "高家庄村", "三里屯村")
BRANDS = (
    "华强",
    "建华",
    "金鑫",
    "宏达",
    "恒通",
    "鑫源",
    "盛世",
    "东方红",
    "永兴",
    "瑞丰",
    "德顺",
    "万达通",
)
INDUSTRIES = (
    ("商贸", "有限公司"),
    ("建材", "有限公司"),
    ("食品", "有限责任公司"),
    ("化工", "有限公司"),
    ("物流", "有限公司"),
    ("餐饮管理", "有限公司"),
    ("建筑工程", "有限公司"),
    ("科技", "股份有限公司"),
    ("医药", "连锁有限公司"),
    ("机械制造", "有限公司"),
)
SHOP_KINDS = (
    "餐馆",
    "小吃店",
    "烧烤店",
    "超市",
    "便利店",
    "五金店",
    "理发店",
    "诊所",
    "药店",
    "网吧",
    "饭店",
    "商店",
)
MOBILE_PREFIXES = (
    "130",
    "131",
    "132",
    "135",
    "136",
    "138",
    "139",
    "150",
    "151",
    "152",
    "157",
    "158",
    "159",
    "166",
    "176",
    "177",
    "180",
    "181",
    "186",
    "187",
    "188",
    "189",
    "191",
    "198",
    "199",
)
AREA_CODES = (
    "0311",
    "0312",
    "0310",
    "0315",
    "0313",
    "010",
    "022",
    "0531",
    "0371",
    "020",
    "0571",
    "025",
    "028",
    "027",
    "0991",
    "0351",
    "0317",
)
BANKS = (
    "中国农业银行石家庄长安支行",
    "中国工商银行石家庄裕华支行",
    "中国建设银行保定分行",
    "中国银行石家庄桥西支行",
    "河北银行股份有限公司石家庄分行",
    "石家庄汇融农村合作银行",
)
PLATE_PROVINCES = "京津冀晋鲁豫苏浙粤川鄂新"
PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
EMAIL_DOMAINS = (
    "163.com",
    "126.com",
    "qq.com",
    "sina.com",
    "foxmail.com",
    "hotmail.com",
)
PINYIN = (
    "zhang",
    "wang",
    "li",
    "liu",
    "chen",
    "yang",
    "zhao",
    "huang",
    "zhou",
    "wu",
    "xu",
    "sun",
    "hu",
    "zhu",
    "gao",
    "lin",
    "he",
    "guo",
    "ma",
    "luo",
)
AGENCIES = {
    "market": "市场监督管理局",
    "police": "公安局",
    "traffic": "公安局交通警察支队",
    "urban": "城市管理综合行政执法局",
    "ecology": "生态环境局",
    "health": "卫生健康委员会",
    "safety": "应急管理局",
    "culture": "文化广电和旅游局",
    "land": "自然资源和规划局",
}
USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


# ---------------------------------------------------------------------------
# Generators of single items
# ---------------------------------------------------------------------------


@dataclass
class _Person:
    name: str
    surname: str
    gender: str
    birth: tuple[int, int, int]
    place: tuple[str, str, str, str]
    id_number: str
    id_display: str
    phone: str
    address_detail: str
    minor: bool = False


class _Gen:
    def __init__(self, seed: int) -> None:
        self.r = random.Random(seed)
        self.used_names: set[str] = set()

    # names ---------------------------------------------------------------
    def name(self, *, avoid: set[str] | None = None) -> tuple[str, str]:
        r = self.r
        for _ in range(100):
            roll = r.random()
            if roll < 0.01:
                full = r.choice(MINORITY_NAMES)
                surname = full[0]
            else:
                if roll < 0.05:
                    surname = r.choice(COMPOUND_SURNAMES)
                else:
                    surname = r.choice(COMMON_SURNAMES)
                if r.random() < 0.05:
                    given = r.choice(TRICKY_GIVEN)
                elif r.random() < 0.28:
                    given = r.choice(GIVEN_CHARS)
                else:
                    given = r.choice(GIVEN_CHARS) + r.choice(GIVEN_CHARS)
                full = surname + given
            if full not in self.used_names and (avoid is None or full not in avoid):
                self.used_names.add(full)
                return full, surname
        return full, surname

    # numbers ------------------------------------------------------------
    def id_number(self, region: str, birth: tuple[int, int, int], gender: str) -> str:
        seq = self.r.randint(0, 99) * 10 + self.r.choice(
            (1, 3, 5, 7, 9) if gender == "男" else (0, 2, 4, 6, 8)
        )
        body = f"{region}{birth[0]:04d}{birth[1]:02d}{birth[2]:02d}{seq:03d}"
        total = sum(int(d) * w for d, w in zip(body, ID_WEIGHTS, strict=True))
        return body + "10X98765432"[total % 11]

    def id_display(self, number: str, birth: tuple[int, int, int]) -> str:
        roll = self.r.random()
        if roll < 0.04:  # an old 15-digit number
            return number[:6] + number[8:17]
        if roll < 0.09:
            return f"{number[:6]} {number[6:14]} {number[14:]}"
        if roll < 0.12:
            return f"{number[:6]}-{number[6:14]}-{number[14:]}"
        if number.endswith("X") and self.r.random() < 0.4:
            return number[:-1] + "x"
        return number

    def mobile(self) -> str:
        number = self.r.choice(MOBILE_PREFIXES) + "".join(
            self.r.choice("0123456789") for _ in range(8)
        )
        roll = self.r.random()
        if roll < 0.12:
            return f"{number[:3]} {number[3:7]} {number[7:]}"
        if roll < 0.2:
            return f"{number[:3]}-{number[3:7]}-{number[7:]}"
        if roll < 0.25:
            return "+86 " + number
        if roll < 0.28:
            return "+86-" + number
        return number

    def landline(self) -> str:
        area = self.r.choice(AREA_CODES)
        length = 8 if len(area) == 3 else self.r.choice((7, 8))  # 010-8位, 0311-7或8位
        local = str(self.r.randint(2, 8)) + "".join(
            self.r.choice("0123456789") for _ in range(length - 1)
        )
        roll = self.r.random()
        if roll < 0.5:
            text = f"{area}-{local}"
        elif roll < 0.7:
            text = f"({area}){local}" if self.r.random() < 0.5 else f"（{area}）{local}"
        elif roll < 0.85:
            text = f"{area} {local}"
        else:
            text = f"{area}{local}"
        if self.r.random() < 0.1:
            text += f"-{self.r.randint(1, 9999)}"
        return text

    def phone(self) -> str:
        return self.mobile() if self.r.random() < 0.8 else self.landline()

    def bank(self, corporate: bool = False) -> str:
        if corporate:
            length = self.r.choice((17, 19, 20, 21))
            digits = str(self.r.randint(1, 9)) + "".join(
                self.r.choice("0123456789") for _ in range(length - 1)
            )
        else:
            length = self.r.choice((16, 17, 18, 19))
            head = self.r.choice(("62", "4", "5"))
            digits = head + "".join(
                self.r.choice("0123456789") for _ in range(length - len(head))
            )
        if self.r.random() < 0.35:
            return " ".join(digits[i : i + 4] for i in range(0, len(digits), 4))
        return digits

    def plate(self) -> str:
        prov = self.r.choice(PLATE_PROVINCES)
        letter = self.r.choice(PLATE_LETTERS)
        if self.r.random() < 0.2:  # new energy
            tail = self.r.choice("DF") + "".join(
                self.r.choice("0123456789") for _ in range(5)
            )
        else:
            tail = "".join(self.r.choice("0123456789") for _ in range(5))
            if self.r.random() < 0.3:
                pos = self.r.randint(0, 4)
                tail = tail[:pos] + self.r.choice(PLATE_LETTERS) + tail[pos + 1 :]
        sep = self.r.choice(("", "", "", "·"))
        return prov + letter + sep + tail

    def email(self) -> str:
        user = (
            self.r.choice(PINYIN)
            + self.r.choice(("", ".", "_"))
            + self.r.choice(PINYIN)
            + str(self.r.randint(1, 9999))
        )
        return f"{user}@{self.r.choice(EMAIL_DOMAINS)}"

    def qq(self) -> str:
        return str(self.r.randint(10000, 3999999999))

    def wechat(self) -> str:
        return (
            self.r.choice(("wxid_", "", ""))
            + self.r.choice(PINYIN)
            + self.r.choice(("_", "-", ""))
            + str(self.r.randint(10, 99999))
        )

    def uscc(self, region: str, individual: bool = False) -> str:
        head = "92" if individual else self.r.choice(("91", "91", "93"))
        org = (
            "MA" + "".join(self.r.choice(USCC_CHARS) for _ in range(7))
            if self.r.random() < 0.6
            else "".join(self.r.choice("0123456789") for _ in range(9))
        )
        body = head + region + org
        total = sum(
            USCC_CHARS.index(c) * w for c, w in zip(body, USCC_WEIGHTS, strict=True)
        )
        return body + USCC_CHARS[(31 - total % 31) % 31]

    def certificate(self, region: str) -> str:
        roll = self.r.random()
        if roll < 0.45:  # shaped like a mobile number (河北: 13 + …)
            return "13" + "".join(self.r.choice("0123456789") for _ in range(9))
        if roll < 0.75:
            return region[:2] + "".join(self.r.choice("0123456789") for _ in range(6))
        return (
            "冀" + region[:4] + "".join(self.r.choice("0123456789") for _ in range(6))
        )

    # places ------------------------------------------------------------
    def place(self) -> tuple[str, str, str, str]:
        return self.r.choice(PLACES)

    def street_detail(self) -> str:
        r = self.r
        roll = r.random()
        if roll < 0.25:
            return f"{r.choice(TOWNS)}{r.choice(VILLAGES)}{r.randint(1, 12)}组{r.randint(1, 120)}号"
        if roll < 0.6:
            return f"{r.choice(ROADS)}{r.randint(1, 399)}号{r.choice(ESTATES)}{r.randint(1, 30)}号楼{r.randint(1, 6)}单元{r.randint(1, 30)}0{r.randint(1, 4)}室"
        if roll < 0.85:
            return f"{r.choice(ROADS)}{r.randint(1, 399)}号{r.randint(1, 12)}单元{r.randint(1, 30)}0{r.randint(1, 4)}"
        return f"{r.choice(ROADS)}{r.randint(1, 399)}号"

    def person(self, *, minor: bool = False, avoid: set[str] | None = None) -> _Person:
        name, surname = self.name(avoid=avoid)
        gender = self.r.choice("男女")
        year = self.r.randint(2008, 2011) if minor else self.r.randint(1950, 2003)
        birth = (year, self.r.randint(1, 12), self.r.randint(1, 28))
        place = self.place()
        number = self.id_number(place[3], birth, gender)
        return _Person(
            name=name,
            surname="" if minor else (surname if len(surname) == 2 else name[0]),
            gender=gender,
            birth=birth,
            place=place,
            id_number=number,
            id_display=self.id_display(number, birth),
            phone=self.phone(),
            address_detail=self.street_detail(),
            minor=minor,
        )

    def company(self, place: tuple[str, str, str, str]) -> str:
        industry, form = self.r.choice(INDUSTRIES)
        prefix = self.r.choice((place[1], place[1] + place[2], place[0] or place[1]))
        brand = self.r.choice(BRANDS)
        if self.r.random() < 0.2:  # a brand with a surname in it
            brand = self.r.choice(COMMON_SURNAMES) + self.r.choice(("氏", "记", "家"))
        return f"{prefix}{brand}{industry}{form}"

    def shop(self, place: tuple[str, str, str, str], operator: _Person | None) -> str:
        kind = self.r.choice(SHOP_KINDS)
        roll = self.r.random()
        if operator is not None and roll < 0.15:
            trade = operator.name  # 王建国小吃店: the operator's name is the trade name
        elif roll < 0.45:
            trade = self.r.choice(COMMON_SURNAMES) + self.r.choice(
                ("记", "家", "氏", "姐", "哥")
            )
        elif roll < 0.6:
            trade = "老" + self.r.choice(COMMON_SURNAMES)
        else:
            trade = self.r.choice(BRANDS)
        return f"{place[1]}{place[2]}{trade}{kind}"


def _date(r: random.Random, year: int | None = None) -> str:
    return f"{year or r.randint(2021, 2025)}年{r.randint(1, 12)}月{r.randint(1, 28)}日"


def _birth(p: _Person, r: random.Random) -> str:
    y, m, d = p.birth
    if r.random() < 0.15:
        return f"{y}.{m:02d}.{d:02d}出生"
    return f"{y}年{m}月{d}日出生"


# ---------------------------------------------------------------------------
# Pieces of a decision
# ---------------------------------------------------------------------------


def _address(b: _Builder, p: _Person, g: _Gen, label: str) -> None:
    province, city, county, _ = p.place
    prefix = g.r.choice(
        (province + city + county, city + county, province + city + county)
    )
    b.add(label).add(prefix).span(p.address_detail, "address")


def _natural_party(b: _Builder, p: _Person, g: _Gen, role: str, *, style: str) -> None:
    r = g.r
    if style == "samr":
        b.add(f"{role}：").span(p.name, "name", p.surname).add("\n")
        b.add(r.choice(("身份证件号码：", "身份证号码：", "公民身份号码："))).span(
            p.id_display, "id"
        ).add("\n")
        _address(b, p, g, r.choice(("住所（住址）：", "住址：", "家庭住址：")))
        b.add("\n").add(r.choice(("联系电话：", "电话：", "手机号码："))).span(
            p.phone, "phone"
        ).add("\n")
    elif style == "police":
        b.add(f"{role}").add(r.choice(("", "：")))
        b.span(p.name, "name", p.surname)
        b.add(f"，{p.gender}，{_birth(p, r)}，")
        if r.random() < 0.6:
            b.add(r.choice(("汉族，", "回族，", "满族，")))
        b.add(r.choice(("身份证号码", "公民身份号码", "身份证号"))).add(
            r.choice(("", "：", "为"))
        ).span(p.id_display, "id")
        b.add("，")
        _address(b, p, g, r.choice(("现住", "住", "户籍地", "家住", "现住址：")))
        if r.random() < 0.7:
            b.add("，").add(r.choice(("联系电话", "手机", "电话："))).span(
                p.phone, "phone"
            )
        b.add("。\n")
    else:  # reconsideration
        b.add(f"{role}：").span(p.name, "name", p.surname).add(
            f"，{p.gender}，{_birth(p, r)}，"
        )
        b.add("公民身份号码：").span(p.id_display, "id").add("，")
        _address(b, p, g, "住")
        b.add("。\n")


def _legal_party(
    b: _Builder,
    g: _Gen,
    role: str,
    place: tuple[str, str, str, str],
    *,
    shop: bool,
    avoid: set[str],
) -> tuple[str, _Person]:
    r = g.r
    rep = g.person(avoid=avoid)
    name = g.shop(place, rep) if shop else g.company(place)
    b.add(f"{role}：").span(name, "org").add("\n")
    b.add(r.choice(("统一社会信用代码：", "统一社会信用代码（注册号）："))).span(
        g.uscc(place[3], individual=shop), "uscc"
    ).add("\n")
    b.add(r.choice(("住所：", "住所（住址）：", "经营场所："))).span(
        f"{place[1]}{place[2]}{r.choice(ROADS)}{r.randint(1, 300)}号", "orgaddr"
    ).add("\n")
    role2 = (
        "经营者"
        if shop
        else r.choice(("法定代表人", "法定代表人（负责人）", "负责人", "主要负责人"))
    )
    b.add(f"{role2}：").span(rep.name, "name", rep.surname)
    if r.random() < 0.5:
        b.add("，").add(r.choice(("身份证号码：", "身份证件号码："))).span(
            rep.id_display, "id"
        )
    if r.random() < 0.6:
        b.add("，联系电话：").span(rep.phone, "phone")
    b.add("\n")
    return name, rep


def _officers(b: _Builder, g: _Gen, region: str, avoid: set[str]) -> list[str]:
    r = g.r
    names = [g.name(avoid=avoid)[0] for _ in range(2)]
    certs = [g.certificate(region) for _ in names]
    style = r.random()
    b.add(r.choice(("本局执法人员", "执法人员", "我局执法人员")))
    if style < 0.5:
        b.span(names[0], "officer").add("、").span(names[1], "officer").add(
            "（执法证号："
        )
        b.span(certs[0], "cert").add("、").span(certs[1], "cert").add("）")
    else:
        b.span(names[0], "officer").add("（执法证号").add(r.choice(("", "："))).span(
            certs[0], "cert"
        ).add("）")
        b.add(r.choice(("、", "和"))).span(names[1], "officer").add("（执法证号").add(
            r.choice(("", "："))
        ).span(certs[1], "cert").add("）")
    return names


def _witnesses(b: _Builder, g: _Gen, avoid: set[str]) -> list[_Person]:
    r = g.r
    people = [g.person(avoid=avoid) for _ in range(r.randint(1, 3))]
    b.add(r.choice(("证人", "经询问证人", "现场证人")))
    for i, p in enumerate(people):
        if i:
            b.add(r.choice(("、", "和")))
        b.span(p.name, "name", p.surname)
    b.add(r.choice(("证实", "均证实", "称", "的证言证实"))).add("，")
    return people


def _contact_extras(b: _Builder, g: _Gen, p: _Person) -> None:
    r = g.r
    roll = r.random()
    if roll < 0.3:
        b.add("当事人预留的电子邮箱为").span(g.email(), "email").add("。")
    elif roll < 0.45:
        b.add("当事人通过QQ（号码").span(g.qq(), "qq").add("）与买家联系。")
    elif roll < 0.6:
        b.add("当事人使用微信号").span(g.wechat(), "wechat").add("收取货款。")
    elif roll < 0.65:
        b.add("另查明，").span(p.name, "name", p.surname).add("持护照（号码").span(
            "E" + "".join(r.choice("0123456789") for _ in range(8)), "passport"
        ).add("）出境。")


def _payment(b: _Builder, g: _Gen) -> None:
    r = g.r
    b.add("当事人应当自收到本决定书之日起十五日内，将罚款缴至")
    b.add(r.choice(BANKS)).add("（户名：").add(
        r.choice(
            ("石家庄市财政局", "国家金库石家庄市中心支库", "河北省财政厅非税收入专户")
        )
    )
    b.add("，账号：").span(g.bank(corporate=True), "bank").add("）。")


def _remedy(b: _Builder, place: tuple[str, str, str, str]) -> None:
    b.add(
        f"当事人如不服本处罚决定，可以在收到本决定书之日起六十日内向{place[1]}人民政府申请行政复议，"
        f"也可以在六个月内依法向{place[1]}{place[2]}人民法院提起行政诉讼。\n"
    )


# ---------------------------------------------------------------------------
# Decisions
# ---------------------------------------------------------------------------


def _decision(g: _Gen, index: int) -> Decision:
    r = g.r
    kinds = (
        "market",
        "police",
        "traffic",
        "urban",
        "ecology",
        "health",
        "safety",
        "culture",
        "land",
        "reconsideration",
    )
    kind = kinds[index % len(kinds)]
    place = g.place()
    b = _Builder()
    parties: list[_Person] = []
    avoid: set[str] = set()
    agency = place[1] + place[2] + AGENCIES.get(kind, "人民政府")
    if kind == "reconsideration":
        agency = place[1] + "人民政府"
    b.span(agency, "org").add("\n")
    b.add("行政复议决定书\n" if kind == "reconsideration" else "行政处罚决定书\n")
    b.add(
        f"{place[2][:1]}{r.choice(('市监', '公', '城管', '环', '卫', '应急', '文旅', '自然资'))}罚〔{r.randint(2021, 2025)}〕{r.randint(1, 999)}号\n\n"
    )

    natural = kind in ("police", "traffic", "health", "land") or (
        kind in ("market", "urban", "culture") and r.random() < 0.4
    )
    subject_name = ""
    if kind == "reconsideration":
        applicant = g.person()
        parties.append(applicant)
        _natural_party(b, applicant, g, "申请人", style="reconsideration")
        if r.random() < 0.5:
            agent = g.person()
            b.add("委托代理人：").span(agent.name, "name", agent.surname).add("，").add(
                r.choice(
                    (
                        "河北正大律师事务所律师。\n",
                        "系申请人之子。\n",
                        "系申请人的妻子。\n",
                    )
                )
            )
        respondent = place[1] + place[2] + r.choice(tuple(AGENCIES.values()))
        b.add("被申请人：").span(respondent, "org").add("。\n")
        chief, _ = g.name()
        b.add("法定代表人：").span(
            chief, "name", chief[:2] if chief[:2] in COMPOUND_SURNAMES else chief[0]
        ).add("，局长。\n")
        if r.random() < 0.4:
            third = g.person()
            b.add("第三人：").span(third.name, "name", third.surname).add(
                f"，{third.gender}，{_birth(third, r)}，住"
            )
            b.add(third.place[1] + third.place[2]).span(
                third.address_detail, "address"
            ).add("。\n")
        b.add("\n申请人不服被申请人作出的行政处罚决定，于").add(_date(r)).add(
            "向本机关提出行政复议申请，本机关依法予以受理。\n"
        )
        b.add("申请人称：").span(applicant.name, "name", applicant.surname).add(
            "系合法经营，被申请人认定事实不清。申请人的联系电话为"
        ).span(applicant.phone, "phone").add("，请求撤销原决定。\n")
        b.add("被申请人称：").add("申请人").span(
            applicant.name, "name", applicant.surname
        ).add("存在违法行为，证据确凿。\n")
        b.add("本机关查明：").add(_date(r)).add("，").span(
            applicant.name, "name", applicant.surname
        ).add("驾驶车牌号为").span(g.plate(), "plate").add(
            "的车辆在辖区内运输建筑垃圾。"
        )
        b.add("以上事实有询问笔录（").span(
            applicant.name, "name", applicant.surname
        ).add("）、现场照片等证据证明。\n")
        b.add(
            "本机关认为，被申请人作出的行政处罚决定认定事实清楚，证据确凿，适用依据正确，程序合法，内容适当。根据《中华人民共和国行政复议法》第六十八条的规定，本机关决定：维持被申请人作出的行政处罚决定。\n"
        )
        b.add(
            "申请人如不服本决定，可以自收到本决定书之日起十五日内向人民法院提起行政诉讼。\n"
        )
        b.span(place[1] + "人民政府", "org").add("\n").add(_date(r) + "\n")
        return Decision(f"gen-{index:04d}", b.text(), b.spans, _parties(parties))

    if natural:
        subject = g.person()
        parties.append(subject)
        subject_name = subject.name
        _natural_party(
            b,
            subject,
            g,
            "违法行为人"
            if kind in ("police",)
            else r.choice(("当事人", "当事人", "被处罚人")),
            style="police" if kind in ("police", "traffic", "land") else "samr",
        )
        shop_name = ""
        if kind in ("market", "urban", "culture", "health") and r.random() < 0.4:
            shop_name = g.shop(place, subject)
            b.add("经营场所名称：").span(shop_name, "org").add("\n")
    else:
        subject = g.person()  # the representative, filled by _legal_party
        shop = kind in ("market", "urban", "culture") and r.random() < 0.5
        org_name, subject = _legal_party(b, g, "当事人", place, shop=shop, avoid=avoid)
        parties.append(subject)
        subject_name = org_name
    avoid.update(p.name for p in parties)
    b.add("\n")

    # Facts.
    b.add(_date(r)).add("，")
    officers = _officers(b, g, place[3], avoid)
    avoid.update(officers)
    b.add(r.choice(("依法对", "对")))
    if natural:
        b.add("当事人").span(subject.name, "name", subject.surname)
    else:
        b.add("当事人")
    b.add(r.choice(("的经营场所进行检查，", "位于", "进行现场检查，")))
    if b.parts[-1] == "位于":
        b.add(
            f"{place[1]}{place[2]}{r.choice(ROADS)}{r.randint(1, 300)}号的经营场所进行检查，"
        )
    facts = {
        "market": "发现当事人销售的部分预包装食品已超过保质期",
        "police": "发现当事人在公共场所殴打他人，致一人轻微伤",
        "traffic": "发现当事人驾驶机动车时未按规定系安全带并拨打手持电话",
        "urban": "发现当事人未经批准擅自占用城市道路经营",
        "ecology": "发现当事人在生产过程中未按规定使用污染防治设施",
        "health": "发现当事人未取得医疗机构执业许可证擅自执业",
        "safety": "发现当事人未按规定对从业人员进行安全生产教育和培训",
        "culture": "发现当事人接纳未成年人进入营业场所",
        "land": "发现当事人未经批准擅自占用集体土地建设住宅",
    }[kind]
    b.add(facts).add("。")
    if kind == "culture" and r.random() < 0.6:
        minor = g.person(minor=True)
        b.add("现场查获未成年人").span(minor.name, "minor").add(
            f"（{r.randint(13, 17)}周岁）正在上网。"
        )
    if kind in ("traffic", "land", "urban") or r.random() < 0.2:
        driver = subject if natural else g.person()
        b.add(
            r.choice(
                ("涉案车辆号牌为", "当事人驾驶的车牌号为", "现场扣押车辆（车牌号码：")
            )
        ).span(g.plate(), "plate")
        b.add("）。" if b.parts[-2].startswith("现场扣押") else "。")
        if driver is not subject:
            b.add("驾驶人").span(driver.name, "name", driver.surname).add(
                r.choice(("在现场", "承认", "称车辆系借用")) + "。"
            )
    b.add("\n")
    witnesses = _witnesses(b, g, avoid)
    avoid.update(w.name for w in witnesses)
    b.add(
        r.choice(
            ("上述行为持续约两个月。", "当事人上述行为属实。", "其所述与现场情况一致。")
        )
    )
    mention = subject if natural else parties[0]
    roll = r.random()
    if roll < 0.35:
        b.add("经查，").span(mention.name, "name", mention.surname).add("于").add(
            _date(r)
        ).add(
            r.choice(("开始从事上述经营活动", "起实施上述行为", "购进涉案物品")) + "。"
        )
    elif roll < 0.6:
        b.span(mention.name, "name", mention.surname).add(
            r.choice(("在询问中承认", "对上述事实供认不讳", "称对违法事实无异议"))
            + "。"
        )
    elif roll < 0.8:
        b.add("另查明，").span(mention.name, "name", mention.surname).add(
            "的家属"
        ).span(g.person(avoid=avoid).name, "name_placeholder").add(
            "曾代为缴纳部分款项。"
        )
    else:
        b.add("执法人员向").span(mention.name, "name", mention.surname).add(
            "送达了《行政处罚告知书》。"
        )
    if r.random() < 0.5:
        b.add("其亲属联系电话为").span(g.phone(), "phone").add("。")
    _contact_extras(b, g, mention)
    b.add("\n以上事实有下列证据证明：1.")
    if natural:
        b.span(subject.name, "name", subject.surname).add("身份证复印件；2.")
    else:
        b.add("当事人营业执照复印件、法定代表人").span(
            parties[0].name, "name", parties[0].surname
        ).add("身份证复印件；2.")
    b.add("现场检查笔录；3.询问笔录（").span(
        witnesses[0].name, "name", witnesses[0].surname
    ).add("）；4.现场照片。\n")
    b.add(
        f"{_date(r)}，本局向当事人送达了《行政处罚告知书》，当事人在法定期限内未提出陈述、申辩"
    )
    if natural and r.random() < 0.3:
        b.add("。").span(subject.name, "name", subject.surname).add("本人签字确认")
    b.add("。\n")
    b.add(
        "本局认为，当事人的上述行为违反了有关法律的规定，依法应予处罚。本局决定对当事人作出如下行政处罚："
    )
    b.add(f"罚款人民币{r.randint(1, 50) * 1000}元。\n")
    if r.random() < 0.8:
        _payment(b, g)
        if natural and r.random() < 0.3:
            b.add("当事人本人的退款账户为").span(g.bank(), "bank").add("。")
        b.add("\n")
    _remedy(b, place)
    b.add("联系人：").span(officers[0], "officer").add("，联系电话：").span(
        g.landline(), "phone"
    ).add("\n")
    b.span(agency, "org").add("\n").add(_date(r) + "\n")
    del subject_name
    return Decision(
        f"gen-{index:04d}", b.text(), _fix_placeholders(b.spans), _parties(parties)
    )


def _fix_placeholders(spans: list[Span]) -> list[Span]:
    """A relative named only once: a name without a known surname field."""
    out = []
    for s in spans:
        if s.kind == "name_placeholder":
            surname = s.text[:2] if s.text[:2] in COMPOUND_SURNAMES else s.text[0]
            out.append(Span(s.start, s.end, "name", s.text, surname))
        else:
            out.append(s)
    return out


def _parties(people: list[_Person]) -> list[Person]:
    out = []
    for p in people:
        province, city, county, _ = p.place
        out.append(
            Person(
                name=p.name,
                id_number=p.id_number,
                phone=p.phone,
                address=f"{province}{city}{county}{p.address_detail}",
                minor=p.minor,
            )
        )
    return out


def generate(count: int = 500, seed: int = 20240601) -> list[Decision]:
    """``count`` decisions, the same for the same ``seed``."""
    g = _Gen(seed)
    return [_decision(g, i) for i in range(count)]
