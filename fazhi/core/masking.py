"""Mask personal information before anything is published (个人信息脱敏) — one function.

Every public output (decision pages, API, exports, search snippets) passes its text
through :func:`mask`. The default profile follows the Supreme People's Court rule on
publishing judgments online (《最高人民法院关于人民法院在互联网公布裁判文书的规定》,
法释〔2016〕19号, 第8至11条; not in the corpus): a natural person's name becomes the
surname + 某 (a compound surname is kept whole: 欧阳某; a minority or foreign name keeps
its first character or letter), persons whose masked names collide are told apart
(张某甲, 张某乙), identity-card, telephone, bank-account, passport, plate numbers,
e-mail, QQ and WeChat ids are removed and replaced by a labelled token, home
addresses keep their part down to the county or district (住河北省石家庄市长安区) and
lose the rest, minors become 某某. Names of legal persons and other organizations,
their unified social credit codes and the certificates of the officers acting for
the agency are kept.

Why: 《个人信息保护法》(2021-08-20) 第34条 confines a state organ's processing to what
its statutory duty needs, 第28条 names financial accounts and minors' information
as sensitive; 《政府信息公开条例》(2019-04-03) 第15条 and 第37条 (区分处理);
《市场监督管理行政处罚信息公示规定》(2021-07-30) 第6条 “对信息进行必要的处理”.

The function is pure (no database, no Django), deterministic, idempotent
(``mask(mask(t).text).text == mask(t).text``) and never raises on any string.
Rules, limits and measured figures: docs/masking.md; decisions: ADR 0043.
"""

from __future__ import annotations

import enum
import functools
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "TOKENS",
    "Kind",
    "MaskResult",
    "Person",
    "Replacement",
    "id_checksum_ok",
    "mask",
    "mask_text",
    "masked_name",
    "uscc_checksum_ok",
]

DATA_DIR = Path(__file__).resolve().parent / "masking_data"


class Kind(enum.StrEnum):
    """What a replacement hid."""

    NAME = "name"
    ID_NUMBER = "id_number"
    PHONE = "phone"
    BANK_ACCOUNT = "bank_account"
    ADDRESS = "address"
    PLATE = "plate"
    EMAIL = "email"
    PASSPORT = "passport"
    QQ = "qq"
    WECHAT = "wechat"
    CERTIFICATE = "certificate"
    OTHER = "other"


# The SPC rule (第10条) deletes these items; a labelled token shows the reader that
# something was deleted and what it was, without its length (ADR 0043).
TOKENS: Mapping[Kind, str] = {
    Kind.ID_NUMBER: "[身份证号码已隐去]",
    Kind.PHONE: "[电话号码已隐去]",
    Kind.BANK_ACCOUNT: "[银行账号已隐去]",
    Kind.ADDRESS: "[住址已隐去]",
    Kind.PLATE: "[车牌号码已隐去]",
    Kind.EMAIL: "[电子邮箱已隐去]",
    Kind.PASSPORT: "[证件号码已隐去]",
    Kind.QQ: "[QQ号已隐去]",
    Kind.WECHAT: "[微信号已隐去]",
    Kind.CERTIFICATE: "[证书编号已隐去]",
    Kind.OTHER: "[个人信息已隐去]",
}


@dataclass(frozen=True, slots=True)
class Person:
    """A natural person recorded in the case: always masked wherever they appear.

    ``identifiers`` are any further strings that identify the person (a second
    telephone, a plate number, a nickname's account); ``aliases`` are other names
    (曾用名) masked like the name. ``minor`` hides the surname too (某某).
    """

    name: str
    id_number: str = ""
    phone: str = ""
    address: str = ""
    bank_account: str = ""
    aliases: tuple[str, ...] = ()
    identifiers: tuple[str, ...] = ()
    minor: bool = False


@dataclass(frozen=True, slots=True)
class Replacement:
    """One masked span of the input (``start``/``end`` index the input text).

    ``original`` is personal information: for the audit and debugging of the staff
    who already see the original, never for publication.
    """

    start: int
    end: int
    kind: Kind
    original: str
    replacement: str
    rule: str


@dataclass(frozen=True, slots=True)
class MaskResult:
    """The masked text and the replacements made, in the order of the input."""

    text: str
    replacements: tuple[Replacement, ...]

    @property
    def changed(self) -> bool:
        return bool(self.replacements)

    def count(self, kind: Kind) -> int:
        return sum(1 for r in self.replacements if r.kind is kind)

    def __str__(self) -> str:
        return self.text


# ---------------------------------------------------------------------------
# Character classes and normalisation
# ---------------------------------------------------------------------------

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3007"
_ASCII_LETTER = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_DIGITS = frozenset("0123456789")


def _normalisation_table() -> dict[int, int]:
    """Full-width forms to ASCII, odd spaces to a space, dashes to '-', dots to '·'.

    One character for one character, so spans found in the normalised copy index
    the original text.
    """
    table = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
    for code in (0x3000, 0xA0, 0x09, 0x200B, 0x202F, 0x205F, 0xFEFF):
        table[code] = 0x20
    for code in range(0x2000, 0x200B):
        table[code] = 0x20
    for code in (*range(0x2010, 0x2016), 0x2212, 0xFE63):
        table[code] = 0x2D
    for code in (0x2022, 0x30FB, 0x2027, 0x2219, 0x22C5, 0xFF65):
        table[code] = 0xB7
    return table


_NORMALISE = _normalisation_table()


def _is_han(char: str) -> bool:
    code = ord(char)
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0xF900 <= code <= 0xFAFF
        or code == 0x3007
    )


# ---------------------------------------------------------------------------
# Surnames (data) and the words around names
# ---------------------------------------------------------------------------


@functools.cache
def _surnames() -> tuple[frozenset[str], frozenset[str]]:
    """(single surnames, compound surnames) from masking_data/surnames.txt."""
    singles: set[str] = set()
    compounds: set[str] = set()
    text = (DATA_DIR / "surnames.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        word = line.split("#", 1)[0].strip()
        if len(word) == 1:
            singles.add(word)
        elif len(word) == 2:
            compounds.add(word)
    return frozenset(singles), frozenset(compounds)


@functools.cache
def _common_words() -> frozenset[str]:
    """Han bigrams that are words (masking_data/common_words.txt: frequent in statutes)."""
    text = (DATA_DIR / "common_words.txt").read_text(encoding="utf-8")
    return frozenset(
        w for w in (line.split("#", 1)[0].strip() for line in text.splitlines()) if w
    )


def _looks_like_words(name: str, surname_length: int) -> bool:
    """The name reads as words: its surname and first given character, or its given
    name, is a frequent bigram (任职, 储备, 部门) — 贾丽, 海涛 and 红梅 are not."""
    common = _common_words()
    head = name[surname_length - 1 : surname_length + 1]
    given = name[surname_length:]
    return head in common or (len(given) == 2 and given in common)


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Roles that introduce a natural person's name (当事人：张三 / 证人李四证实).
_PERSON_CUES = _words(
    """
    当事人 被处罚人 违法行为人 违法嫌疑人 行为人 申请人 被申请人 第三人 原告 被告 上诉人
    被上诉人 申诉人 再审申请人 法定代表人 负责人 主要负责人 经营者 实际经营者 投资人 出资人
    股东 实际控制人 户主 房东 房主 租户 承租人 出租人 承包人 发包人 证人 见证人 举报人 投诉人
    检举人 控告人 信访人 来信人 来访人 来电人 反映人 被投诉人 被举报人 委托代理人 代理人
    委托人 受托人 法定代理人 监护人 受害人 被害人 被侵害人 驾驶人 驾驶员 车主 司机 联系人
    签收人 收件人 受送达人 被询问人 被调查人 被检查人 在场人 厨师 店员 员工 雇员 职工 工人
    从业人员 收银员 营业员 销售员 服务员 老板 店主 摊主 船主 矿主 村民 居民 公民 农民 患者
    病人 消费者 顾客 购买者 购买人 买受人 乘客 学生 儿子 女儿 妻子 丈夫 之妻 之夫 之子 之女
    其妻 其夫 其子 其女 其父 其母 父亲 母亲 哥哥 弟弟 姐姐 妹妹 配偶 亲属 朋友 同事 邻居
    男子 女子 嫌疑人 犯罪嫌疑人 姓名 签名 签字 本人 个体工商户 个体户 经营户 养殖户 种植户
    农户 意见人 提议人 建议人 留言人 评论人 提交人 业主 担保人 保证人 借款人 出借人 债务人
    债权人 继承人 死者 伤者 遇难者 未成年人 家属 近亲属 之父 之母 其父亲 其母亲 其妻子 其丈夫
    其儿子 其女儿 其弟 其兄 其姐 其妹 之弟 之兄 之姐 之妹 其弟弟 其哥哥 其姐姐 其妹妹 表妹 表弟
    表哥 表姐 堂弟 堂妹 堂哥 堂姐 侄子 侄女 外甥 孙子 孙女 女婿 儿媳 岳父 岳母 公公 婆婆 嫂子
    姐夫 妹夫 群众 市民 网友 游客 住户 租客 家长 劳动者 务工人员 纳税人 扣缴义务人 参保人
    购药人 就诊人 缴款人 付款人 收款人 领款人 主任 副主任 书记 村长 组长 会计 出纳 经理 总经理
    副总经理 董事长 董事 监事 厂长 店长 站长 校长 园长 院长 队长 主管 网管 保安 业务员 统计员
    保洁员 安全员 质检员 仓管员 记账员 操作员 学徒 徒弟 护士 医生 教师 老师 船员 船长 机手
    技术员 操作工 电工 焊工 装卸工 搬运工 快递员 外卖员 骑手 车主 货主 卖家 买家 商户 摊贩
    村干部 干部 管理员 安全管理员 工友 同学 同伴 同乡 室友 战友 养犬户 承包户 五保户 低保户
    困难户 业户 租赁户 散户 律师 法律顾问 供货人 供应人 送货人 进货人 收货人 发货人 销售人
    介绍人 证明人 保管人 承运人 接收人 交给 卖给 售给 转给 转交给
    导游 领队 向导 保姆 月嫂 帮厨 学徒工 实习生
    """
)
_MINOR_CUES = frozenset({"未成年人"})

# Role nouns are productive: 库管员, 驻店药师, 维修工, 合伙人, 分店店长, 经销商, 承包户…
# A word ending in one of these suffixes, right before a name that is bounded on its
# right (a punctuation mark, a verb, a function word), introduces that name, even
# when the word is not in the list above. Words that end so but name no person
# (延长, 施工, 个人…) are listed below; officers' titles stay with the officers.
_ROLE_SUFFIXES = frozenset("员师工长主商户人")
_NOT_ROLES = frozenset(
    _words(
        """
        延长 增长 成长 生长 助长 擅长 漫长 较长 过长 最长 很长 特长 专长 见长 消长 长长 冗长
        施工 开工 竣工 停工 复工 加工 手工 用工 务工 做工 分工 罢工 化工 招工 完工 动工 旷工
        误工 人工 怠工 赶工 返工 收工 上工 员工 职工 民工 童工 义工 木工 社工 轻工 军工 石油化工
        裁员 减员 满员 扩员 全员 动员 冗员 定员 超员 随员 增员 缺员
        出师 誓师 会师 京师 兴师 班师
        个人 本人 他人 某人 其人 别人 众人 每人 一人 二人 两人 三人 四人 五人 几人 多人 等人
        人人 路人 世人 前人 后人 外人 成人 老人 新人 真人 商人 工人 法人 私人 行人 自然人
        犯人 夫人 为人 做人 用人 动人 惊人 感人 诱人 害人 杀人 救人 伤人 打人 骂人 认人 丢人
        无人 有人 本单位人 主人
        自主 民主 为主 君主 天主 买主 卖主 宗主 物主 做主 作主 地主 财主 雇主
        厂商 工商 通商 招商 协商 会商 磋商 洽商 外商 电商 客商 经商 智商 情商 营商
        住户 账户 帐户 用户 开户 落户 入户 门户 窗户 客户 银行账户 过户 销户 立户 农户
        """
    )
)
# Words that start with a suffix character: in 主管部门, 工程质量, 人员, the character
# begins the next word and ends no role noun.
_SUFFIX_STARTS_WORD = frozenset(
    _words(
        """
        员工 员额 师傅 师范 师生 师资 师徒
        工程 工作 工资 工人 工商 工具 工业 工期 工地 工厂 工伤 工会 工时 工艺 工种 工序
        工段 工区 工位 工龄 工钱 工价 工效 工农 工矿 工务 工学 工信 工装 工棚 工况 工量
        长期 长度 长江 长安 长城 长远 长时 长效 长途 长久 长者 长辈 长官 长沙 长春 长治
        长宁 长大 长年 长达 长租 长臂 长假 长跑
        主管 主任 主席 主体 主要 主动 主张 主办 主持 主题 主导 主审 主营 主干 主城 主权
        主流 主观 主义 主人 主治 主编 主修 主播 主讲 主页 主机 主线 主演 主食 主打 主犯
        主体 主因 主业 主旨 主次 主副 主厨 主力 主角 主材 主控 主件 主频
        商品 商业 商户 商标 商场 商务 商贸 商会 商铺 商店 商人 商家 商行 商报 商城 商誉
        商事 商定 商请 商量 商洽 商号 商检 商住 商超 商圈 商用 商砼 商混
        户籍 户口 户主 户外 户型 户数 户内 户头 户名 户别 户均 户用
        人员 人民 人大 人身 人数 人口 人事 人力 人群 人体 人类 人格 人工 人才 人均 人次
        人手 人道 人寿 人防 人保 人社 人文 人为 人情 人和 人行 人证 人像 人权 人性 人造
        人心 人生 人间 人家 人士 人们 人物 人选 人头 人气 人流 人际 人命 人海 人居 人脸
        人参 人畜 人车 人财 人机 人工 人户 人犬 人货
        """
    )
)
_LONGEST_NOT_ROLE = max(len(w) for w in _NOT_ROLES)
_ROLE_SUFFIX_RE = re.compile(
    f"(?<=[{HAN}])[{''.join(sorted(_ROLE_SUFFIXES))}](?=[{HAN}])"
)
# Officers' titles end so too, and the officers are kept (第55条): not role nouns here.
_OFFICER_ROLE_STEMS = ("执法", "稽查", "检查", "监督", "调查", "办案", "承办", "警")

# Officers acting for the agency (行政执法公示制度): kept with their certificates.
_OFFICER_CUES = _words(
    """
    执法人员 执法检查人员 执法人 办案人员 承办人员 承办人 检查人员 调查人员 执法队员
    稽查人员 监督检查人员 经办人员 执法监督人员 卫生监督员 监督员 执法队员 交通警察 民警
    警官 辅警 税务人员 检查员 承办人 审核人 审批人 送达人
    """
)

# Characters that end a name when they follow it in a running clause.
_POST_STRICT = frozenset("于在称说等的了们将对向与及到把被系因未已无从并均")
_POST_LOOSE = frozenset(
    "和为以同持驾骑开用拿带去来出进回抗阻殴打骂偷盗抢卖买租借欠挪冒伪谎找叫让给替跟请要会能可应须需再先仍尚也都又曾还则就即且或非私擅违涉拒不没"
)
_POST_WORDS = frozenset(
    _words(
        """
        证实 陈述 承认 供述 辩称 交代 表示 反映 介绍 提供 签字 签名 确认 驾驶 经营 涉嫌 违反
        身份 证言 笔录 询问 名下 户口 家庭 个人 手机 电话 住宅 住所 住址 车辆 所有 所述 所称
        未经 擅自 拒绝 拒不 同意 认为 声称 出具 持有 使用 销售 购买 租用 承包 雇佣 聘用 负责
        居住 现住 住在 户籍 先生 女士 同志 本人 夫妇 一家 父子 母子 兄弟 姐妹 作为 作出 进行
        实施 明知 私自 非法 无证 采用 利用 通过 主动 当场 当即 曾经 多次 长期 一直 共计 驾车
        骑车 酒后 醉酒 携带 存放 收取 支付 缴纳 开设 开办 设立 注册 申请 提出 要求 请求 投诉
        举报 来电 来信 来访 出租 承租 占用 建设 搭建 堆放 排放 倾倒 砍伐 捕捞 收购 运输 生产
        加工 储存 存在 具有 属于 系该 系本 是该 为该 等人 一行 二人 两人 三人 分别 均系 到场
        在场 陪同 委托 签收 拒签 无法 不服 不予 已经 现场 家中 家属 名下 所有 所在 经查 随后
        目击 目睹 看见 看到 听到 帮助 协助 参与 参加 组织 指使 建议 提议 反对 支持 认可 知道
        知晓 得知 前往 来到 回到 离开 进入 报警 报案 联系 告知 通知 代为 代其 代表 作证 指认
        辨认 核实 提交 递交 邮寄 收到 领取 购得 购进 借用 借给 租给 转让 出售 经手 各自
        共同 途中 当天 当日 次日 事后 事前 此前 此后 说明 负责 一起 亲自 独自 擅自 所为 所做 所说
        """
    )
)
# Words after a cue that start with a surname character but are not names.
_NOT_NAMES = frozenset(
    _words(
        """
        经营 经过 经济 于是 和解 时间 时候 时任 高度 高于 方面 方式 方可 明知 明确 明显 全部 全面 全体 向其 向本 应当 应该 应予 同意 同时 安全 安装 平台
        平时 常年 成立 文件 万元 严重 严格 单位 包括 包装 车辆 车牌 车间 石料 石材 林地 林木 山林 水源 水质 金额 金融 路段 路面 田地 房屋 房产 房间 关于
        关系 相关 相应 查处 查明 查获 查封 查验 查看 查询 尚未 项目 黄金 白天 白色 许可 许多 章程 程序 管理 管道 卫生 苗木 花卉 任何 任意 余额 余款 左右
        齐全 陆续 柴油 甘肃 广告 广州 广场 广东 广西 东西 东侧 南侧 西侧 北侧 易燃 云南 苏州 宁夏 吉林 江苏 江西 山东 山西 河北 河南 海南 贵州 四川 青海
        安徽 福建 浙江 辽宁 陕西 西藏 新疆 天津 北京 上海 重庆 香港 澳门 台湾 石家 张家 唐山 秦皇 邯郸 邢台 保定 承德 沧州 廊坊 衡水 华北 华东 华南 东北
        西北 西南 国家 国务 国有 国际 国内 曾用 高新 高速 高铁 高级 高等 高中 林业 农业 农村 农民 武装 江河 云端 米面 毛利 贾汪 龙头 龙岗 龙华 鲁迅 谭家
        任丘 邓州 马路 马上 马匹 牛羊 牛肉 羊肉 鱼塘 鱼类 易拉 简易 简称 简要 单独 宁可 宁愿 甘心 冷库 冷冻 冷藏 冷链 沙土 沙石 关闭 关停 关联 相互 相同
        红色 游戏 游客 权利 权益 盖章 师傅 干部 干线 解除 解释 应急 宗地 丁香 宣传 洪水 诸多 左侧 石头 吉利 井口 段落 富裕 巴士 谷物 车站 车库 全国 全市
        全县 全区 全省 秋季 宁静 武警 符合 景区 景点 龙门 叶片 司法 黎明 印章 白酒 白条 蒲公 索要 池塘 乔木 双方 双倍 闻讯 党组 党委 党员 申请 申报 申明
        申辩 申诉 申领 桑拿 牛奶 边界 燕麦 尚需 农药 农资 农机 温度 庄园 连续 连锁 习惯 容器 容量 古树 易爆 戈壁 衡量 步行 耿直 满足 满意 弘扬 国土 文化
        文物 文明 文书 广播 东方 利用 利息 利润 越野 隆重 师生 巩固 冷静 辛苦 那里 简单 曾经 沙发 巢湖 关键 相当 查实 游泳 权属 盖住 桓台 成本 成员 成品
        成交 成年 明天 明年 明细 时段 时效 时限 时至 于此 和睦 和谐 安排 安置 安检 常住 常规 平方 平米 平均 平整 方便 方向 方法 方案 高温 高压 高处 高空
        高层 万余 文字 康复 元旦 卜算 顾及 顾客 孟春 黄色 穆斯 萧条 米粉 贝壳 成都 戴帽 宋体 熊猫 纪律 舒适 屈服 项下 祝福 董事 梁上 杜绝 阮囊 蓝色 席位
        季度 麻醉 强制 强行 路边 路口 危险 危害 江边 童装 颜色 郭外 梅花 盛装 林场 钟表 徐徐 骆驼 夏天 田间 樊笼 胡乱 凌晨 霍乱 虞美 支付 支持 支出 柯尔
        管辖 管控 卢沟 莫非 房租 干燥 解决 应有 宗教 丁字 宣布 单价 包含 诸如 左边 石灰 崔嵬 吉祥 程度 滑坡 陆地 荣誉 羊毛 惠民 甄别 曲线 封存 封闭 井下
        段内 富民 巫山 焦炭 巴中 弓箭 牧草 山上 山下 谷底 车内 侯车 全额 秋收 伊始 宫殿 宁都 仇恨 甘草 厉行 戎装 祖传 武器 符号 景观 束缚 龙虾 叶菜 司机
        薄弱 印刷 宿舍 白菜 怀疑 蒲扇 鄂尔 索取 咸菜 籍贯 赖账 卓越 屠宰 蒙古 池边 乔迁 阴暗 胥吏 双人 闻到 党政 贡品 劳动 扶贫 堵塞 冉冉 宰杀 雍正 桑树
        桂花 牛棚 寿命 边缘 燕子 冀中 浦东 尚可 农产 温室 庄稼 柴火 慕名 连带 茹素 习近 宦官 艾滋 鱼苗 容留 向前 古董 易发 慎重 步骤 满员 匡正 国营 文艺
        广泛 东部 欧洲 沃土 蔚蓝 越过 隆冬 师范 勾结 敖包 融资 冷却 辛勤 那些 简化 饶恕 沙子 鞠躬 丰富 巢穴 关注 荆州 红旗 游览 权限 盖因 揭露 迟到 迟延
        岳父 岳母 帅气 付款 付清 练习 植物 商品 商户 商业 商铺 栗子 粟米 麦子 肖像 兰花 续签 续期 晋升 晋级 矫正 朴素 亢奋 出生 车费 车款 车钱 同上 不详
        暂无 本人 未知 其他 见上 如上 待定 无 空 略 详见 见附件 另附
        """
    )
)
# Characters never found in a given name.
_BAD_GIVEN = frozenset(
    "某的了们这那该此每各省市县区镇乡村路街巷号局厅司厂店院所个吗呢吧啊呀把被及与等称说族×"
)
_ADMIN_SUFFIX = frozenset("省市区县镇乡村路街道巷旗州")
# Prepositions and conjunctions that are also surnames: at the start of a run they
# are read as the function word when a surname follows (和张三 → 张三).
_FUNCTION_SURNAMES = frozenset("和向同与及对为将把被从由")
# Surname characters that are more often modals or adverbs right after a role word.
_FUNCTIONISH = frozenset(
    "应曾于时向全同和为将由对与及把被只也还又便就才仍尚均亦即并且或不没未已无所自在当是有要会可须需该请让给叫跟往到"
)
_LEAD_WORDS = _words(
    """
    经查明 经查 查明 另查明 另查 经核实 核实 据查 现查明 发现 其中 另有 另 经 据 由 且 并 后 但
    因 与 和 及 同 向 对 让 被 请 将 系 为 是 即 现 又 故 遂 其 该 并由 当时 随后 同时 以及
    """
)

# ---------------------------------------------------------------------------
# Organizations (kept)
# ---------------------------------------------------------------------------

_ORG_SUFFIXES = _words(
    """
    有限责任公司 股份有限公司 有限公司 分公司 子公司 公司 集团 总厂 分厂 工厂 厂 总店 分店
    商店 店 超市 商场 商行 商城 市场 经营部 门市部 批发部 服务部 营业部 销售部 经销部 工作室
    餐馆 饭馆 菜馆 面馆 酒馆 茶馆 宾馆 旅馆 照相馆 图书馆 博物馆 体育馆 餐厅 饭店 酒店 酒楼
    饭庄 食堂 招待所 诊所 医院 卫生院 卫生室 卫生所 门诊部 药店 药房 大药房 合作社 信用社
    旅行社 出版社 报社 委员会 居委会 村委会 管委会 分局 局 厅 委 办公室 人民政府 政府 法院
    检察院 学校 中学 小学 大学 学院 幼儿园 中心 加油站 加气站 服务站 收费站 检查站 回收站
    工作站 银行 支行 分行 营业所 事务所 研究所 研究院 设计院 派出所 司法所 财政所 检测所
    管理所 协会 学会 商会 基金会 联合会 促进会 工会 农场 林场 养殖场 屠宰场 停车场 洗车场
    采石场 游乐场 俱乐部 网吧 会所 美容院 浴池 作坊 加工坊 农家乐 民宿 大队 中队 支队 总队
    执法队
    """
)
# Role words that are also part of organizations' names.
_ORG_INNER_CUES = frozenset(
    _words(
        "律师 法律顾问 农民 村民 居民 消费者 业主 学生 老师 教师 职工 工人 患者 股东 个体户"
    )
)
_ORG_STOP = frozenset(
    "的在于向与和及对将把被由从到为是系即并且或其该本此这那各每给让至往去来跟称说等了着过又也都还但而因故所"
)
_ORG_BAD_NEXT: Mapping[str, frozenset[str]] = {
    "委": frozenset("托员会屈派任"),
    "店": frozenset("员主面铺内外里门长区"),
    "厂": frozenset("长区房内外里"),
    "局": frozenset("长面部势限"),
    "厅": frozenset("长内"),
}


# ---------------------------------------------------------------------------
# Identifiers
# ---------------------------------------------------------------------------

_PROVINCE_CODES = frozenset(
    [
        "11",
        "12",
        "13",
        "14",
        "15",
        "21",
        "22",
        "23",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "37",
        "41",
        "42",
        "43",
        "44",
        "45",
        "46",
        "50",
        "51",
        "52",
        "53",
        "54",
        "61",
        "62",
        "63",
        "64",
        "65",
        "71",
        "81",
        "82",
        "83",
    ]
)
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def id_checksum_ok(number: str) -> bool:
    """The GB 11643-1999 check character of an 18-character identity number."""
    if len(number) != 18 or not number[:17].isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(number[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == number[17].upper()


def uscc_checksum_ok(code: str) -> bool:
    """The GB 32100-2015 check character of a unified social credit code."""
    if len(code) != 18 or any(c not in _USCC_CHARS for c in code):
        return False
    total = sum(
        _USCC_CHARS.index(c) * w for c, w in zip(code[:17], _USCC_WEIGHTS, strict=True)
    )
    return _USCC_CHARS[(31 - total % 31) % 31] == code[17]


def _valid_date(year: int, month: int, day: int) -> bool:
    if not 1 <= month <= 12 or day < 1:
        return False
    if month == 2:
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        return day <= (29 if leap else 28)
    return day <= (30 if month in (4, 6, 9, 11) else 31)


def _id18_shape(digits: str) -> bool:
    """Province code, a real birth date 1850 to 2099 and digits (last may be X)."""
    if len(digits) != 18 or not digits[:17].isdigit():
        return False
    if not (digits[17].isdigit() or digits[17] in "Xx"):
        return False
    if digits[:2] not in _PROVINCE_CODES:
        return False
    year = int(digits[6:10])
    return 1850 <= year <= 2099 and _valid_date(
        year, int(digits[10:12]), int(digits[12:14])
    )


def _id15_shape(digits: str) -> bool:
    if len(digits) != 15 or not digits.isdigit() or digits[:2] not in _PROVINCE_CODES:
        return False
    return _valid_date(1900 + int(digits[6:8]), int(digits[8:10]), int(digits[10:12]))


_SEP = r"[ \-]"
_AREA_CODE_PHONE_RE = re.compile(
    rf"\(0[0-9]{{2,3}}\){_SEP}?[2-9][0-9]{{2,3}}{_SEP}?[0-9]{{4}}(?:(?:-|转|分机)[0-9]{{1,5}})?(?![0-9])"
)
_EXTENSION_RE = re.compile(r"(?:转|分机|ext\.?|-)[0-9]{1,5}(?![0-9])")
_CHUNK_RE = re.compile(rf"(?<![0-9])[0-9](?:{_SEP}?[0-9])*(?:{_SEP}?[Xx](?![A-Za-z]))?")
_USCC_RE = re.compile(
    r"(?<![0-9A-Za-z])[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}(?![0-9A-Za-z])"
)
_PLATE_RE = re.compile(
    r"(?<![A-Za-z0-9])[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼使领]"
    r"[A-HJ-NP-Z](?:[ ·.\-]?[A-HJ-NP-Z0-9]){4,6}[挂学警港澳]?(?![A-Za-z0-9])"
)
_EMAIL_RE = re.compile(
    # No look-behind: the leftmost match is the whole address, and the next one
    # may follow it directly (a@b.comc@d.com) — as it will after masking.
    r"[A-Za-z0-9][A-Za-z0-9._%+\-]*@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}"
)
_PASSPORT_RE = re.compile(r"(?<![A-Za-z0-9])E[A-HJ-NP-Z0-9][0-9]{7}(?![A-Za-z0-9])")

# Labels that say what the value after them is. KEEP: public codes of
# organizations and of officers acting for the agency.
KEEP = "keep"
_LABELS: Mapping[str, Kind | str] = {
    **dict.fromkeys(
        _words(
            """
            公民身份号码 公民身份证号码 公民身份证号 居民身份证号码 居民身份证号 居民身份证
            身份证件号码 身份证件号 身份证号码 身份证号 身份证 身份号码 证件号码 证件号 有效证件号码
            驾驶证号码 驾驶证号 驾驶证 社会保障号码 社会保障卡号 社保卡号 证件编号
            """
        ),
        Kind.ID_NUMBER,
    ),
    **dict.fromkeys(
        _words(
            """
            联系电话 电话号码 电话 手机号码 手机号 手机 移动电话 固定电话 固话 座机 联系方式
            联系号码 传真 通讯方式 通信方式 Tel tel TEL
            """
        ),
        Kind.PHONE,
    ),
    **dict.fromkeys(
        _words(
            """
            银行账号 银行账户 银行卡号 账号 帐号 账户 帐户 卡号 收款账号 开户账号 对公账号 账户号码
            结算账户 基本账户
            """
        ),
        Kind.BANK_ACCOUNT,
    ),
    **dict.fromkeys(
        _words(
            """
            护照号码 护照号 护照 通行证号码 通行证号 通行证 港澳通行证 台胞证号 台胞证 回乡证
            军官证号 军官证 士兵证 居留证
            """
        ),
        Kind.PASSPORT,
    ),
    **dict.fromkeys(_words("车牌号码 车牌号 车牌 号牌号码"), Kind.PLATE),
    **dict.fromkeys(
        _words("电子邮箱 邮箱 电子邮件 Email E-mail email e-mail"), Kind.EMAIL
    ),
    **dict.fromkeys(_words("QQ号码 QQ号 QQ qq"), Kind.QQ),
    **dict.fromkeys(_words("微信号 微信账号 微信ID 微信"), Kind.WECHAT),
    **dict.fromkeys(
        _words(
            """
            不动产权证书号 不动产权证号 不动产权证 房产证号 房屋所有权证号 土地使用权证号
            机动车登记证书编号 行驶证号 车架号 车辆识别代号 发动机号
            """
        ),
        Kind.CERTIFICATE,
    ),
    **dict.fromkeys(
        _words(
            """
            统一社会信用代码 社会信用代码 信用代码 组织机构代码 营业执照注册号 营业执照号码
            营业执照号 注册号 执法证号 执法证件号码 执法证件号 执法证编号 执法证件编号 执法证
            执法证件 证号 编号 决定书编号 文书编号 执业证号 执业证书号 执业证书编号 律师执业证号 许可证号 许可证编号
            许可证 登记证号 备案号 文号 案号 邮政编码 邮编 发票号码 批准文号 工号 检查证号
            稽查证号 监督检查证号 执法检查证号
            """
        ),
        KEEP,
    ),
}
_LABEL_RE = re.compile(
    "|".join(re.escape(k) for k in sorted(_LABELS, key=len, reverse=True))
)
_LABEL_FILLER_RE = re.compile(
    r"(?:\([^()\n0-9]{0,12}\))?[ :(]*(?:分别为|分别是|号码为|号码是|号码|为|是|号)?[ :(]*"
)
# A value may start with a province's abbreviation (冀4201310998).
_VALUE_RE = re.compile(
    rf"(?:[{HAN}](?=[0-9A-Za-z]))?[0-9A-Za-z_](?:[0-9A-Za-z_]|[ \-.](?=[0-9A-Za-z_]))*"
)
_VALUE_LIST_SEP_RE = re.compile(r"[ ]*(?:[、,/;]|和|及|或)[ ]*")
_CERT_VALUE_RE = re.compile(rf"[0-9A-Za-z{HAN}()\-第号]+")
_MIN_VALUE_LEN: Mapping[Kind, int] = {
    Kind.ID_NUMBER: 6,
    Kind.PHONE: 5,
    Kind.BANK_ACCOUNT: 6,
    Kind.PASSPORT: 6,
    Kind.PLATE: 5,
    Kind.EMAIL: 5,
    Kind.QQ: 5,
    Kind.WECHAT: 5,
    Kind.CERTIFICATE: 5,
}

# ---------------------------------------------------------------------------
# Addresses
# ---------------------------------------------------------------------------

_PERSONAL_ADDRESS_LABELS = _words(
    """
    家庭住址 家庭地址 家庭住所 现住址 现住所 现住 现居住地 现居住 居住地址 经常居住地 居住地 住址
    家住 户籍所在地 户籍地址 户籍地 户口所在地 户籍 身份证住址 身份证地址 暂住地 暂住 联系地址
    通讯地址 通信地址 送达地址 住处 住在 居住在 住于 坐落于 坐落在 坐落
    """
)
_OWNED_ADDRESS_LABELS = _words(
    """
    住所地 住所 地址 经营场所 经营地址 营业场所 注册地址 注册地 办公地址 生产地址 生产经营场所 所在地
    """
)
_ORG_ADDRESS_LABELS = frozenset(
    _words(
        "经营场所 经营地址 营业场所 注册地址 注册地 办公地址 生产地址 生产经营场所 所在地"
    )
)
_ADDRESS_LABEL_RE = re.compile(
    "|".join(
        re.escape(k)
        for k in sorted(
            (*_PERSONAL_ADDRESS_LABELS, *_OWNED_ADDRESS_LABELS), key=len, reverse=True
        )
    )
    + r"|(?:^|(?<=[\n,(、;: ]))住(?![所址宿院房户宅])"
)
_LABEL_WORDS_RE = re.compile(
    "|".join(
        re.escape(k)
        for k in (*_LABELS, *_PERSONAL_ADDRESS_LABELS, *_OWNED_ADDRESS_LABELS)
        if len(k) >= 2 and not k.isascii()
    )
)
_ADDRESS_FILLER_RE = re.compile(r"(?:\([^()\n]{0,10}\))?[ :：(]*(?:为|是|在)?[ :：]*")
_H = f"[{HAN}]"
_ADMIN_RE = re.compile(
    "(?:北京市|天津市|上海市|重庆市|内蒙古自治区|广西壮族自治区|西藏自治区|宁夏回族自治区|"
    f"新疆维吾尔自治区|香港特别行政区|澳门特别行政区|{_H}{{2,3}}省)?"
    f"(?:{_H}{{1,6}}?(?:自治州|地区|盟)|{_H}{{1,4}}?市)?"
    f"(?:{_H}{{1,8}}?(?:自治县|自治旗)|{_H}{{1,4}}?(?:区|县|市|旗))?"
)
_ADMIN_NO_COUNTY_RE = re.compile(
    "(?:北京市|天津市|上海市|重庆市|内蒙古自治区|广西壮族自治区|西藏自治区|宁夏回族自治区|"
    f"新疆维吾尔自治区|{_H}{{2,3}}省)?(?:{_H}{{1,6}}?(?:自治州|地区|盟)|{_H}{{1,4}}?市)?"
)
_NOT_COUNTY_ENDINGS = _words(
    "小区 社区 园区 校区 景区 片区 街区 辖区 该区 本区 城区 新区 矿区 厂区 营区"
)
_REPRESENTATIVE_RE = re.compile(
    r"(?:法定代表人|负责人|经营者|投资人|联系人|代理人|股东|董事长|总经理|经理)[^\n]{0,8}$"
)
_ADDRESS_MARKERS = frozenset("省市区县镇乡村路街道巷号室楼栋组屯弄胡同院舍")
_ADDRESS_STOP_RE = re.compile(
    r"[\n,;。、!?]| |的|联系|电话|手机|身份|邮编|邮政|统一社会|法定代表|负责人|经营者|邮箱|电子邮|QQ|微信|证件|性别|出生|民族|职业|工作单位"
)

# ---------------------------------------------------------------------------
# Context markers for names
# ---------------------------------------------------------------------------

_CUES = "|".join(
    # 业主 but not 物业主管
    re.escape(c) if c != "业主" else "(?<!物)业主"
    for c in sorted(_PERSON_CUES, key=len, reverse=True)
)
_CUE_RE = re.compile(f"(?:{_CUES})")
_FORWARD_CUE_RE = re.compile(
    f"(?P<cue>{_CUES})"
    + r"(?:\([^()\n]{0,20}\))?(?:为|是|系)?[ :：]*"
    # The name is looked at, not consumed: a role word inside it (当事人之妻…) is
    # matched again on its own.
    + rf"(?=(?P<run>[{HAN}·]{{1,24}})|(?P<latin>[A-Z][a-zA-Z]+(?:[ .\-][A-Z][a-zA-Z]+){{0,3}}))"
)
_OFFICER_RE = re.compile(
    "(?:"
    + "|".join(re.escape(c) for c in sorted(_OFFICER_CUES, key=len, reverse=True))
    + r")(?:\([^()\n]{0,20}\))?(?:为|是)?[ :：]*"
)
_OFFICER_AFTER_RE = re.compile(
    r"\((?:执法证|执法证件|证件号|证号|检查证|稽查证|执法检查证)"
)
# Markers after a name: gender, nationality, birth, identity number, residence…
_STRONG_AFTER_RE = re.compile(
    rf"[,(、 ]\s*(?:性别[: ]*)?[男女](?:性)?(?=[,)、;.。 \n]|$)"
    rf"|[,(]\s*{_H}{{1,4}}族(?=[,)、])"
    r"|[,(]\s*(?:19|20)[0-9]{2}\s*[年.\-/]\s*[0-9]{1,2}\s*[月.\-/]?\s*(?:[0-9]{1,2}\s*日?)?\s*(?:出生|生)"
    r"|[,(]\s*(?:公民|居民)?(?:身份证|证件号|身份号码|纳税人识别号|社会保障号)"
    r"|[,(]\s*(?:现住|住址|家住|住|户籍|现居住)"
    r"|[,(]\s*(?:联系)?(?:电话|手机)"
    rf"|[,(]\s*(?:系|是){_H}{{0,10}}?(?:法定代表人|负责人|经营者|员工|店员|股东|业主|户主|厨师|职工|妻子|丈夫|父亲|母亲|儿子|女儿)"
)
_HAN_RUN_RE = re.compile(f"[{HAN}·]{{2,24}}")
_DOTTED_START_RE = re.compile(f"{_H}{{1,5}}(?:·{_H}{{1,10}})+")
_DOTTED_END_RE = re.compile(f"{_H}{{1,10}}(?:·{_H}{{1,10}})+$")
_PAREN_RE = re.compile(r"\([^()\n]{0,40}\)")
_OFFICER_SEP_RE = re.compile(r"[ ]*(?:[、,]|和|及|与)[ ]*")
_NAME_SEP_RE = re.compile(r"[ ]*(?:[、]|和|及|与|,)[ ]*")
_JOIN_RE = re.compile(r"[ ]*(?:[、]|和|及|与)[ ]*")  # no comma: 张三，公民身份号码…
_ORG_TAIL_RE = re.compile(r"\((?:普通合伙|有限合伙|特殊普通合伙|个人独资|个体工商户)\)")
_GROUP_RE = re.compile(r"[0-9]+(?:[Xx](?![A-Za-z]))?")
_SEP_RE = re.compile(r"[ \-.]")
_MINOR_AGE_RE = re.compile(
    r"\((?:(?P<n>[0-9]{1,2})|(?P<z>[一二三四五六七八九十]{1,3}))周?岁"
    r"|\((?:未满|不满)(?:十八|18|十四|14|十六|16)周?岁"
    r"|\((?:系)?(?:小学|初中|高中|幼儿园|初[一二三]|高[一二三]|中学生|小学生|在校学生)"
)
_LIST_END_RE = re.compile(
    r"等(?:[0-9]{1,4}|[一二三四五六七八九十两几多百]{1,4})?(?:人|位|名)"
)
_AMOUNT_AFTER_RE = re.compile(r"[0-9][0-9,.]*\s*(?:万元|元)")
_SALUTATION_RE = re.compile(f"(?m)^[ ]*([{HAN}·]{{2,8}})[:][ ]*$")
_WEAK_AFTER_RE = re.compile(
    r"(?:先生|女士|证实|陈述|承认|供述|辩称|交代|表示|反映|签字|签名|确认"
    r"|(?<![名简声自辩号俗统堪对职宣并据昵人])称|于(?=[0-9]{4}年))"
)


# ---------------------------------------------------------------------------
# The public functions
# ---------------------------------------------------------------------------


def mask(
    text: str,
    *,
    known_persons: Sequence[Person | str] = (),
    keep: Sequence[str] = (),
) -> MaskResult:
    """Mask the personal information in ``text`` for publication.

    ``known_persons``: the natural persons recorded in the case (a :class:`Person`
    or just a name); they are masked wherever they appear, including their given
    name alone (two characters or more), their identity number, telephone, bank
    account and address. ``keep``: strings that are public and must stay (the
    names of the officers acting for the agency, for instance); a known person's
    own name is masked even when listed there.
    """
    if not text:
        return MaskResult(text, ())
    persons = tuple(
        p if isinstance(p, Person) else Person(name=p)
        for p in known_persons
        if (p.name if isinstance(p, Person) else p).strip()
    )
    return _Masking(text, persons, tuple(k for k in keep if k.strip())).run()


def mask_text(
    text: str,
    *,
    known_persons: Sequence[Person | str] = (),
    keep: Sequence[str] = (),
) -> str:
    """:func:`mask` for callers that only need the text."""
    return mask(text, known_persons=known_persons, keep=keep).text


def masked_name(name: str, *, minor: bool = False) -> str:
    """The published form of one natural person's name (SPC 法释〔2016〕19号 第9条).

    Surname + 某 (a compound surname kept whole: 欧阳某); a minority or transliterated
    name (with ·) or a name whose surname is not recognised keeps its first
    character; a name in Latin letters keeps its first letter; a minor is 某某.
    """
    name = name.strip().translate(_NORMALISE)
    if minor:
        return "某某"
    if not name:
        return ""
    if name[0] in _ASCII_LETTER:
        return name[0].upper()
    compounds = _surnames()[1]
    if "·" not in name and len(name) >= 3 and name[:2] in compounds:
        return name[:2] + "某"
    return name[0] + "某"


# ---------------------------------------------------------------------------
# The work
# ---------------------------------------------------------------------------

_SUFFIXES = "甲乙丙丁戊己庚辛壬癸"


def _ordinal(index: int) -> str:
    """甲, 乙, … 癸, 甲甲, 甲乙 … — no digits, so a number never fuses with the name."""
    if index < len(_SUFFIXES):
        return _SUFFIXES[index]
    return _ordinal(index // len(_SUFFIXES) - 1) + _SUFFIXES[index % len(_SUFFIXES)]


@dataclass(slots=True)
class _Candidate:
    start: int
    end: int
    kind: Kind
    replacement: str
    rule: str
    person: str = ""  # the key of the person a name belongs to


@dataclass(slots=True)
class _NameInfo:
    key: str  # the full name the masked form is derived from
    minor: bool
    known: bool


def _mark(array: bytearray, start: int, end: int) -> None:
    array[start:end] = b"\x01" * (end - start)


def _hit(array: bytearray, start: int, end: int) -> bool:
    return array.find(1, start, end) >= 0


class _Masking:
    """One masking run over one text (see :func:`mask`)."""

    def __init__(self, text: str, persons: tuple[Person, ...], keep: tuple[str, ...]):
        self.text = text
        self.norm = text.translate(_NORMALISE)
        self.persons = persons
        self.keep = keep
        size = len(text)
        self.taken = bytearray(size)  # accepted masks
        self.kept = bytearray(size)  # caller's keep strings
        self.codes = bytearray(size)  # credit codes, officers' certificates …
        self.orgs = bytearray(size)  # organization names
        self.officers = bytearray(size)  # officers' names
        self.tokens = bytearray(size)  # tokens of an earlier masking: never touched
        for token in TOKENS.values():
            for at in _find_all(self.norm, token):
                _mark(self.tokens, at, at + len(token))
        self.accepted: list[_Candidate] = []
        self.names: dict[str, _NameInfo] = {}
        self.given_names: set[str] = set()
        self.anchors: list[tuple[int, str]] = []
        self.singles, self.compounds = _surnames()

    # -- helpers ---------------------------------------------------------

    def _accept(self, cand: _Candidate, *blocked_by: bytearray) -> bool:
        if cand.end <= cand.start or _hit(self.taken, cand.start, cand.end):
            return False
        if _hit(self.tokens, cand.start, cand.end):
            return False
        if any(_hit(b, cand.start, cand.end) for b in blocked_by):
            return False
        _mark(self.taken, cand.start, cand.end)
        self.accepted.append(cand)
        return True

    def _free(self, start: int, end: int) -> bool:
        return not (
            _hit(self.taken, start, end)
            or _hit(self.kept, start, end)
            or _hit(self.codes, start, end)
        )

    def _blocked(self, pos: int) -> bool:
        return bool(
            self.taken[pos] or self.kept[pos] or self.codes[pos] or self.tokens[pos]
        )

    def _token(self, kind: Kind, start: int, end: int, rule: str) -> None:
        self._accept(
            _Candidate(start, end, kind, TOKENS[kind], rule), self.kept, self.codes
        )

    # -- the run -------------------------------------------------------------

    def run(self) -> MaskResult:
        """Protections first, then numbers (the surest), then organizations and
        names (which must not swallow a number or a label), then addresses (whose
        owner is the party named before them), then every occurrence of each name."""
        self._protect_keep()
        self._protect_codes()
        self._known_identifiers()
        self._labelled_values(keep=True)
        self._patterns()
        self._labelled_values(keep=False)
        self._known_identifiers(late=True)
        self._organizations()
        self._known_names()
        self._officers()
        self._detect_names()
        self._coordinated_names()
        self._addresses()
        self._place_names()
        return self._build()

    # -- protection ------------------------------------------------------------

    def _protect_keep(self) -> None:
        own = {p.name.strip() for p in self.persons} | {
            a.strip() for p in self.persons for a in p.aliases
        }
        for item in self.keep:
            needle = item.strip().translate(_NORMALISE)
            if not needle or needle in own:
                continue
            for at in _find_all(self.norm, needle):
                _mark(self.kept, at, at + len(needle))

    def _protect_codes(self) -> None:
        """Unified social credit codes (GB 32100-2015) stay: they identify legal persons."""
        for m in _USCC_RE.finditer(self.norm):
            code = m.group()
            if code.isdigit() and not self._label_is_keep(m.start()):
                continue  # eighteen bare digits: an account number until a label says otherwise
            if uscc_checksum_ok(code) and not (
                _id18_shape(code)
                and id_checksum_ok(code)
                and not self._label_is_keep(m.start())
            ):
                _mark(self.codes, m.start(), m.end())

    def _label_is_keep(self, start: int) -> bool:
        window = self.norm[max(0, start - 16) : start]
        found = list(_LABEL_RE.finditer(window))
        return bool(found) and _LABELS[found[-1].group()] == KEEP

    # -- identifiers -----------------------------------------------------------

    def _known_identifiers(self, *, late: bool = False) -> None:
        """A party's numbers, however they are spaced or hyphenated in the text.

        Run first, then ``late`` again once the patterns have masked their numbers:
        a number glued to one masked since (…5678130102…) is then found too, as it
        would be in the masked text.
        """
        if not self.persons:
            return
        norm = self.norm
        index = [i for i, c in enumerate(norm) if c not in " -"]
        squeezed = "".join(norm[i] for i in index).lower()
        for person in self.persons:
            fields = (
                (person.id_number, Kind.ID_NUMBER),
                (person.phone, Kind.PHONE),
                (person.bank_account, Kind.BANK_ACCOUNT),
                *((value, Kind.OTHER) for value in person.identifiers),
            )
            for value, kind in fields:
                plain = "".join(
                    c for c in value.translate(_NORMALISE) if c not in " -"
                ).lower()
                if len(plain) < 5:
                    continue
                for at in _find_all(squeezed, plain):
                    start, end = index[at], index[at + len(plain) - 1] + 1
                    if (plain[0].isalnum() and self._solid(start - 1, late=late)) or (
                        plain[-1].isalnum() and self._solid(end, late=late)
                    ):
                        continue  # part of a longer code or number
                    self._accept(_Candidate(start, end, kind, TOKENS[kind], "known"))

    def _solid(self, pos: int, *, late: bool) -> bool:
        """A letter or digit at ``pos`` (that is not already masked, when ``late``)."""
        if not 0 <= pos < len(self.norm):
            return False
        char = self.norm[pos]
        return char.isascii() and char.isalnum() and not (late and self.taken[pos])

    def _labelled_values(self, *, keep: bool) -> None:
        """Values after a label: kept (``keep``: codes, certificates) or masked.

        The kept ones are protected before the patterns run; the masked ones are
        taken after them, to catch what the patterns could not (电话：8765432).
        """
        norm = self.norm
        for m in _LABEL_RE.finditer(norm):
            kind = _LABELS[m.group()]
            if keep != (kind == KEEP) or self.tokens[m.start()]:
                continue
            pos = m.end()
            # A Latin label inside a longer word (hotel, Telegram) is no label.
            if m.group()[0] in _ASCII_LETTER and (
                (m.start() > 0 and norm[m.start() - 1] in _ASCII_LETTER)
                or (pos < len(norm) and norm[pos] in _ASCII_LETTER)
            ):
                continue
            filler = _LABEL_FILLER_RE.match(norm, pos)
            pos = filler.end() if filler else pos
            if kind is Kind.CERTIFICATE:
                value = _CERT_VALUE_RE.match(norm, pos)
                if value and len(value.group()) >= _MIN_VALUE_LEN[Kind.CERTIFICATE]:
                    self._token(Kind.CERTIFICATE, value.start(), value.end(), "label")
                continue
            for start, end in self._value_chain(pos):
                value_text = norm[start:end]
                plain = _SEP_RE.sub("", value_text)
                if not isinstance(kind, Kind):
                    # KEEP; but a checksummed identity number is never kept.
                    if not (_id18_shape(plain) and id_checksum_ok(plain)):
                        _mark(self.codes, start, end)
                    continue
                if kind is Kind.EMAIL or len(plain) < _MIN_VALUE_LEN[kind]:
                    continue  # e-mail addresses are found by their own pattern
                if kind is not Kind.WECHAT and not any(c in _DIGITS for c in plain):
                    continue  # words, not numbers (账户名称, 手机APP)
                self._accept_pieces(start, end, kind, TOKENS[kind], "label")

    def _value_chain(self, pos: int) -> Iterator[tuple[int, int]]:
        """The values after a label: ``13800000000、0311-1234567`` → two spans."""
        norm = self.norm
        while True:  # ends: every value moves ``pos`` forward
            value = _VALUE_RE.match(norm, pos)
            if value is None:
                return
            yield value.start(), value.end()
            sep = _VALUE_LIST_SEP_RE.match(norm, value.end())
            if sep is None:
                return
            pos = sep.end()

    def _patterns(self) -> None:
        norm = self.norm
        for m in _EMAIL_RE.finditer(norm):  # first: its digits are not a number
            self._token(Kind.EMAIL, m.start(), m.end(), "pattern")
        for m in _AREA_CODE_PHONE_RE.finditer(norm):
            self._token(Kind.PHONE, m.start(), m.end(), "pattern")
        for m in _CHUNK_RE.finditer(norm):
            self._chunk(m.start(), m.end())
        for m in _PLATE_RE.finditer(norm):
            plate = m.group()
            body = [c for c in plate[2:] if c.isascii() and c.isalnum()]
            separators = sum(1 for c in plate[2:] if c in " ·.-")
            suffix = plate[-1] in "挂学警港澳"
            if (
                separators <= 1
                and (len(body) in (5, 6) or (suffix and len(body) == 4))
                and sum(c in _DIGITS for c in body) >= 3
            ):
                self._token(Kind.PLATE, m.start(), m.end(), "pattern")
        for m in _PASSPORT_RE.finditer(norm):
            self._token(Kind.PASSPORT, m.start(), m.end(), "pattern")

    def _chunk(self, start: int, end: int) -> None:
        """A run of digits (single spaces or hyphens allowed): what number is it?

        The whole run is classified first (an identity number written 6-8-4, a
        mobile 3-4-4, an account in groups of four); when it is not one number,
        consecutive groups are: two telephones side by side, a telephone and its
        extension.
        """
        norm = self.norm
        if not self._free(start, end) or _hit(self.tokens, start, end):
            # Part of it is taken (an e-mail, a kept code): classify what is left.
            pos = start
            while pos < end:
                if self._blocked(pos):
                    pos += 1
                    continue
                stop = pos
                while stop < end and not self._blocked(stop):
                    stop += 1
                piece = _CHUNK_RE.search(norm, pos, stop)
                while piece is not None:
                    self._chunk(piece.start(), piece.end())
                    piece = _CHUNK_RE.search(norm, piece.end(), stop)
                pos = stop
            return
        glued = (
            start > 0 and norm[start - 1] in _ASCII_LETTER and not self.taken[start - 1]
        )
        groups = [(g.start(), g.end()) for g in _GROUP_RE.finditer(norm, start, end)]
        whole = _classify_digits(_SEP_RE.sub("", norm[start:end]))
        if glued and len(groups) == 1:
            # Part of a code with letters (JY11301020012345, SN…): only an unmistakable
            # identity or mobile number is masked.
            if whole in (Kind.ID_NUMBER, Kind.PHONE):
                self._number(start, end, whole)
            return
        if whole in (Kind.ID_NUMBER, Kind.PHONE):
            self._number(start, end, whole)
            return
        parts = _split_groups(norm, groups) if len(groups) > 1 else []
        covered = sum(
            1 for s, e in groups if any(ps <= s and e <= pe for ps, pe, _ in parts)
        )
        if parts and covered < len(groups):
            # A number inside a longer one (5722 0283 6308 039): the whole run goes,
            # rather than leave a fragment of an account behind.
            digits = sum(e - s for s, e in groups)
            self._number(
                start,
                end,
                whole or (Kind.BANK_ACCOUNT if digits >= 12 else parts[0][2]),
            )
            return
        if whole is Kind.BANK_ACCOUNT and not parts:
            self._number(start, end, whole)
            return
        for part_start, part_end, kind in parts:
            self._number(part_start, part_end, kind)

    def _number(self, start: int, end: int, kind: Kind) -> None:
        if start > 0 and self.norm[start - 1] == "+":
            start -= 1  # +86 …
        if kind is Kind.PHONE:
            extension = _EXTENSION_RE.match(self.norm, end)
            if extension and not _classify_digits(
                extension.group().lstrip("转分机ext.-")
            ):
                end = extension.end()
        self._token(kind, start, end, "pattern")

    # -- organizations ---------------------------------------------------------

    def _organizations(self) -> None:
        """Names of organizations are kept (SPC 第11条); a person's name inside one stays."""
        norm = self.norm
        pattern = _org_suffix_re()
        for m in pattern.finditer(norm):
            suffix = m.group()
            end = m.end()
            # One-character suffixes (店厂局厅委) not followed by a word they begin:
            # 店员, 厂长, 局长, 委托.
            if end < len(norm) and norm[end] in _ORG_BAD_NEXT.get(suffix, frozenset()):
                continue
            start = self._org_start(m.start())
            if m.start() - start < 2:
                continue
            # "(普通合伙)", "(个人独资)" after the name belong to it.
            tail = _ORG_TAIL_RE.match(norm, end)
            if tail:
                end = tail.end()
            _mark(self.orgs, start, end)

    def _org_start(self, suffix_start: int) -> int:
        norm = self.norm
        pos = suffix_start
        limit = max(0, suffix_start - 40)
        while pos > limit:
            char = norm[pos - 1]
            if char == ")":
                opening = norm.rfind("(", max(limit, pos - 12), pos - 1)
                inner = norm[opening + 1 : pos - 1] if opening >= 0 else ""
                if (
                    opening > limit
                    and inner
                    and all(_is_han(c) for c in inner)
                    and not _CUE_RE.search(inner)
                    and _is_han(norm[opening - 1])
                ):
                    pos = opening
                    continue
                break
            if not (_is_han(char) or char in "0123456789·") or (
                self.taken[pos - 1] or self.codes[pos - 1] or self.tokens[pos - 1]
            ):
                break  # punctuation, or a number masked already (a kept string is
                # no stop: the caller's keep=["某某有限公司"] is still an organization)
            if char in _ORG_STOP and not (
                # 住房和城乡建设局, 文化广电和旅游局: 和 joins two fields, not two names.
                char == "和" and pos < suffix_start and norm[pos] not in self.singles
            ):
                break
            pos -= 1
        start = pos
        # A role word before the name is not part of it (当事人石家庄市…公司).
        for cue in _CUE_RE.finditer(norm, start, suffix_start):
            if cue.group() not in _ORG_INNER_CUES:  # 律师事务所, 村民委员会
                start = max(start, cue.end())
        for word in _LEAD_WORDS:
            if norm.startswith(word, start) and suffix_start - start - len(word) >= 2:
                start += len(word)
                break
        return start

    # -- names -----------------------------------------------------------------

    def _add_name(
        self, name: str, *, at: int = -1, minor: bool = False, known: bool = False
    ) -> None:
        """Remember a name (``at``: where its context found it, placed first)."""
        if at >= 0 and self.norm.startswith(name, at):
            self.anchors.append((at, name))
        info = self.names.get(name)
        if info is None:
            self.names[name] = _NameInfo(key=name, minor=minor, known=known)
        else:
            info.minor = info.minor or minor
            info.known = info.known or known

    def _known_names(self) -> None:
        for person in self.persons:
            name = person.name.strip().translate(_NORMALISE)
            if not _maskable_name(name):
                if person.address:
                    self._known_address(person.address)
                continue
            self._add_name(name, minor=person.minor, known=True)
            for alias in person.aliases:
                alias = alias.strip().translate(_NORMALISE)
                if _maskable_name(alias):
                    self.names[alias] = _NameInfo(
                        key=name, minor=person.minor, known=True
                    )
            # The given name alone (建国 for 张建国), when it is two characters or more.
            surname = masked_name(name)[:-1]
            given = name[len(surname) :] if surname and name.startswith(surname) else ""
            if len(given) >= 2 and all(_is_han(c) for c in given):
                self.names.setdefault(
                    given, _NameInfo(key=name, minor=person.minor, known=True)
                )
                self.given_names.add(given)
            if person.address:
                self._known_address(person.address)

    def _surname_length(self, run: str, *, strong: bool) -> int:
        if len(run) >= 3 and run[:2] in self.compounds:
            return 2
        if run[:1] in self.singles or (strong and run[:1] and _is_han(run[0])):
            return 1
        return 0

    def _valid_name(
        self,
        name: str,
        surname_length: int,
        max_given: int = 2,
        *,
        strong: bool = False,
    ) -> bool:
        given = name[surname_length:]
        if not given or len(given) > max_given or "某" in name:
            return False
        if any(c in _BAD_GIVEN or not _is_han(c) for c in given):
            return False
        if name in _NOT_NAMES or name[0] == "某" or _LABEL_WORDS_RE.search(name):
            return (
                False  # a word, or a label (微信, 电话): masking never rewrites labels
            )
        if surname_length == 1 and name[:2] in _NOT_NAMES and not strong:
            return False
        return not (len(name) == 2 and name[1] in _ADMIN_SUFFIX)

    def _forward_name(self, run: str, *, strong: bool) -> str | None:
        """The name at the start of ``run`` (the Han characters after a role word)."""
        dotted = _DOTTED_START_RE.match(run)
        if dotted:
            return _trim_dotted(dotted.group())
        run = run.split("·", 1)[0]
        if (
            not strong
            and len(run) >= 3
            and run[0] in _FUNCTION_SURNAMES
            and run[:2] not in self.compounds
            and self._surname_length(run[1:], strong=False)
        ):
            return self._forward_name(run[1:], strong=False)  # 向张三借款 → 张三
        sl = self._surname_length(run, strong=strong)
        if not sl:
            return None
        if strong and 2 <= len(run) <= 4 and self._valid_name(run, sl, 3, strong=True):
            return run  # 当事人：扎西多吉， — the whole run, whatever its surname
        rest = run[sl:]
        if not rest or (rest[0] in _POST_STRICT and run[0] in _FUNCTIONISH):
            return None  # 应将罚款, 曾于: a modal or an adverb, not a surname
        if len(rest) == 1 or rest[1] in _POST_STRICT or rest[1:3] in _POST_WORDS:
            g = 1
        elif len(rest) == 2:
            g = 2
        elif rest[1] in "和与及" and (
            rest[2] in self.singles or _CUE_RE.match(rest, 2) is not None
        ):
            g = 1  # 乔国和向煜慧, 贾丽和会计申某: a conjunction, the next name or role
        elif (
            rest[2] in _POST_STRICT
            or rest[2] in _POST_LOOSE
            or rest[2:4] in _POST_WORDS
        ):
            g = 2
        elif rest[1] in _POST_LOOSE:
            g = 1
        else:
            g = 2
        name = run[: sl + g]
        return name if self._valid_name(name, sl) else None

    def _backward_name(self, run: str, *, strong: bool) -> str | None:
        """The name at the end of ``run`` (the Han characters before 、男 / 称 …)."""
        last_cue = None
        for last_cue in _CUE_RE.finditer(run):  # noqa: B007 — the last one counts
            pass
        if last_cue is not None:
            if last_cue.end() >= len(run):
                return None  # 当事人，男 — a role word, no name
            run = run[last_cue.end() :]
        changed = True
        while changed and len(run) > 2:
            changed = False
            for word in _LEAD_WORDS:
                rest = run[len(word) :]
                if (
                    run.startswith(word)
                    and len(rest) >= 2
                    and self._surname_length(rest, strong=False)
                ):
                    run = rest
                    changed = True
                    break
        dotted = _DOTTED_END_RE.search(run)
        if dotted:
            return _trim_dotted(dotted.group())
        if len(run) < 2:
            return None
        if strong and len(run) <= 4:
            sl = self._surname_length(run, strong=True)
            if (
                sl
                and self._valid_name(run, sl, 3, strong=True)
                and not (run[0] in _FUNCTION_SURNAMES and run[1:2] in self.singles)
            ):
                return run
        choices: list[str] = []
        if len(run) <= 3 or (len(run) == 4 and run[:2] in self.compounds):
            if (
                len(run) == 3
                and run[0] in _FUNCTION_SURNAMES
                and run[1] in self.singles
                and run[:2] not in self.compounds
            ):
                choices.append(run[1:])
            choices.append(run)
            if len(run) == 3:
                choices.append(run[1:])
        else:
            if run[-4:-2] in self.compounds:
                choices.append(run[-4:])
            if run[-3] in self.singles and run[-3] not in _FUNCTION_SURNAMES:
                choices.append(run[-3:])
            if run[-2] in self.singles:
                choices.append(run[-2:])
            if run[-3] in self.singles:
                choices.append(run[-3:])
        for name in choices:
            sl = self._surname_length(name, strong=strong and name == run)
            if sl and self._valid_name(name, sl):
                return name
        return None

    def _run_before(self, pos: int) -> tuple[int, str]:
        start = pos
        while (
            start > 0
            and pos - start < 24
            and (_is_han(self.norm[start - 1]) or self.norm[start - 1] == "·")
        ):
            start -= 1
        return start, self.norm[start:pos]

    def _officers(self) -> None:
        """Officers acting for the agency keep their names (行政执法公示制度)."""
        norm = self.norm
        found: set[str] = set()
        for m in _OFFICER_RE.finditer(norm):
            pos = m.end()
            while True:  # ends: every name moves ``pos`` forward
                run_match = _HAN_RUN_RE.match(norm, pos)
                if run_match is None:
                    break
                run = run_match.group()
                if run[0] in _FUNCTION_SURNAMES and len(run) > 3:
                    break
                name = self._forward_name(run, strong=False)
                if name is None:
                    break
                found.add(name)
                pos += len(name)
                paren = _PAREN_RE.match(norm, pos)
                if paren:
                    pos = paren.end()
                sep = _OFFICER_SEP_RE.match(norm, pos)
                if sep is None:
                    break
                pos = sep.end()
        for m in _OFFICER_AFTER_RE.finditer(norm):
            _, run = self._run_before(m.start())
            name = self._backward_name(run, strong=False)
            if name:
                found.add(name)
        for name in found:
            if name in self.names and self.names[name].known:
                continue
            for at in _find_all(norm, name):
                _mark(self.officers, at, at + len(name))

    def _existing_prefix(self, run: str) -> str | None:
        """The longest name already found that ``run`` starts with."""
        best = None
        for length in (4, 3, 2):
            if len(run) >= length and run[:length] in self.names:
                best = run[:length]
                break
        return best

    def _detect_names(self) -> None:
        """Names from their context; the surest first, so later cuts can reuse them."""
        norm = self.norm
        for m in _STRONG_AFTER_RE.finditer(norm):
            start, run = self._run_before(m.start())
            if start > 0 and norm[start - 1] in _DIGITS and not self.taken[start - 1]:
                continue  # 1990年1月1日出生，… — a date, not a name
            if run:
                name = self._backward_name(run, strong=True)
                if name:
                    self._add_name(name, at=m.start() - len(name))
        for m in _MINOR_AGE_RE.finditer(norm):
            start, run = self._run_before(m.start())
            age = m.group("n") or m.group("z")
            if not run or (age is not None and _age(age) >= 18):
                continue
            name = self._backward_name(run, strong=False)
            if name:
                self._add_name(name, at=m.start() - len(name), minor=True)
        for m in _SALUTATION_RE.finditer(norm):  # 邓小雨： — the addressee of a letter
            run = m.group(1)
            sl = self._surname_length(run, strong=False)
            if (
                sl
                and len(run) <= 4
                and self._valid_name(run, sl, 3)
                and not self.orgs[m.start(1)]
            ):
                self._add_name(run, at=m.start(1))
        for m in _LIST_END_RE.finditer(norm):  # 严文静、严冬、尚可心等11位市民
            pos = m.start()
            while True:  # ends: every name moves ``pos`` back
                start, run = self._run_before(pos)
                sl = (
                    self._surname_length(run, strong=False) if 2 <= len(run) <= 4 else 0
                )
                if not sl or not self._valid_name(run, sl, 3, strong=True):
                    break
                self._add_name(run, at=start)
                if start == 0 or norm[start - 1] != "、":
                    break
                pos = start - 1
        for m in _AMOUNT_AFTER_RE.finditer(norm):  # 计小军8400元、丁芳芳7950元
            start, run = self._run_before(m.start())
            if start > 0 and norm[start - 1] in ":、,;" and 2 <= len(run) <= 3:
                sl = self._surname_length(run, strong=False)
                if sl and self._valid_name(run, sl):
                    self._add_name(run, at=start)
        cues = list(_FORWARD_CUE_RE.finditer(norm))
        for sure in (True, False):
            for m in cues:
                self._forward_cue(m, sure=sure)
        self._role_nouns()
        for m in _WEAK_AFTER_RE.finditer(norm):
            _, run = self._run_before(m.start())
            if not run:
                continue
            # Only a whole run (bounded on the left) or one after a role word.
            stripped = run
            for cue in _CUE_RE.finditer(run):
                stripped = run[cue.end() :]
            if len(stripped) > 4 or (len(run) >= 24 and stripped == run):
                continue
            name = self._backward_name(stripped, strong=False)
            if name and name == stripped:
                self._add_name(name, at=m.start() - len(name))

    def _role_nouns(self) -> None:
        """库管员贾丽, 驻店药师宗慧敏说明, 维修工顾海涛所为: a word ending in a role
        suffix (员师工长主商户人), then a name whose end is marked — by punctuation,
        a function word or a verb (说明, 称, 的…) — or a name already found."""
        norm = self.norm
        for m in _ROLE_SUFFIX_RE.finditer(norm):
            at = m.start()
            if norm[at : at + 2] in _SUFFIX_STARTS_WORD:
                continue
            if any(
                norm[at - k : at + 1] in _NOT_ROLES for k in range(1, _LONGEST_NOT_ROLE)
            ):
                continue
            if any(
                norm[at - len(stem) : at] == stem
                or norm[at - 1 - len(stem) : at - 1] == stem
                for stem in _OFFICER_ROLE_STEMS
            ):
                continue  # 执法人员, 稽查员, 民警: the officers are kept
            start = at + 1
            run_match = _HAN_RUN_RE.match(norm, start)
            if run_match is None or self.orgs[start] or self.orgs[at]:
                continue
            run = run_match.group()
            name = self._existing_prefix(run)
            if name is None:
                if run[0] in _FUNCTIONISH or run[0] in _FUNCTION_SURNAMES:
                    continue  # 人员向社会, 员和专业: a function word, not a surname
                name = self._forward_name(run, strong=False)
                if name is None or not _marked_end(run, len(name)):
                    continue
                if _place_follows(run, len(name)) or _looks_like_words(
                    name, self._surname_length(name, strong=False)
                ):
                    continue
            self._add_name(name, at=start)

    def _coordinated_names(self) -> None:
        """张三与李四 / 张三和李四、王五: a name joined to a name already found (a
        party, or one a context found) is a person too. Each round may find a name
        that joins the next; the rounds end when none is new."""
        norm = self.norm
        for _ in range(4):
            found = False
            for name in [n for n in self.names if n not in self.given_names]:
                for at in _find_all(norm, name):
                    if _hit(self.orgs, at, at + len(name)):
                        continue
                    sep = _JOIN_RE.match(norm, at + len(name))
                    if sep is None:
                        continue
                    nxt = _HAN_RUN_RE.match(norm, sep.end())
                    if nxt is None or self.orgs[sep.end()]:
                        continue
                    other = self._existing_prefix(nxt.group()) or self._forward_name(
                        nxt.group(), strong=False
                    )
                    if other is None or other in self.names:
                        continue
                    if _place_follows(nxt.group(), len(other)):
                        continue
                    self._add_name(other, at=sep.end() + nxt.group().find(other))
                    found = True
            if not found:
                return

    def _forward_cue(self, m: re.Match[str], *, sure: bool) -> None:
        """当事人：张三 / 证人李四证实 / 证人李四、王五 — ``sure``: whole runs only."""
        norm = self.norm
        minor = m.group("cue") in _MINOR_CUES
        value_start = m.start("run") if m.group("run") else m.start("latin")
        colon = ":" in norm[m.end("cue") : value_start]
        if m.group("latin"):
            if colon and sure:
                self._add_name(m.group("latin"), minor=minor)
            return
        run = m.group("run")
        run_end = m.end("run")
        bounded = run_end >= len(norm) or not _is_han(norm[run_end])
        whole = bounded and len(run) <= 4
        if sure and not whole:
            return  # read in the second pass
        if self.orgs[m.start("run")]:
            return  # 当事人：某某有限公司
        name = self._existing_prefix(run) if not sure else None
        if name is None:
            name = self._forward_name(
                run, strong=(colon and whole) or m.group("cue") == "姓名"
            )
            if name is not None and not whole and _place_follows(run, len(name)):
                return  # 乌鲁木齐市…, 张家口市…: a place, not a name
        if name is None:
            return
        at = m.start("run") + run.find(name)
        self._add_name(name, at=at, minor=minor)
        pos = at + len(name)
        while True:  # 证人李四、王五 / 李四和王五; every name moves ``pos`` forward
            sep = _NAME_SEP_RE.match(norm, pos)
            if sep is None:
                return
            pos = sep.end()
            nxt = _HAN_RUN_RE.match(norm, pos)
            if nxt is None:
                return
            other = self._existing_prefix(nxt.group()) or self._forward_name(
                nxt.group(), strong=False
            )
            if other is None:
                return
            at = pos + nxt.group().find(other)
            self._add_name(other, at=at, minor=minor)
            pos = at + len(other)

    # -- addresses -------------------------------------------------------------

    def _address_prefix(self, pos: int) -> int:
        """End of the province/city/county part of an address starting at ``pos``."""
        m = _ADMIN_RE.match(self.norm, pos)  # all optional: always matches
        if m is not None and m.group().endswith(_NOT_COUNTY_ENDINGS):
            # …市建华小区: the "county" was a neighbourhood; keep province and city only.
            m = _ADMIN_NO_COUNTY_RE.match(self.norm, pos)
        return m.end() if m is not None else pos

    def _address_end(self, pos: int) -> int:
        norm = self.norm
        end = pos
        depth = 0
        limit = min(len(norm), pos + 80)
        while end < limit:
            if _ADDRESS_STOP_RE.match(norm, end) and depth == 0:
                break
            if _LABEL_RE.match(norm, end):
                break  # 执法证号, 电话…: the label of the next value, not the address
            char = norm[end]
            if char == "(":
                depth += 1
            elif char == ")":
                if depth == 0:
                    break
                depth -= 1
            elif char == "[":
                break  # a token of an earlier masking, or no address
            end += 1
        # Trailing punctuation or an open parenthesis is not part of it.
        while end > pos and norm[end - 1] in "(.-":
            end -= 1
        return end

    def _addresses(self) -> None:
        norm = self.norm
        for m in _ADDRESS_LABEL_RE.finditer(norm):
            label = m.group()
            if self.tokens[m.start()]:
                continue  # the word 住址 inside [住址已隐去]
            if norm.startswith(("名称", "类型", "性质", "面积"), m.end()):
                continue  # 经营场所名称：…, not an address
            filler = _ADDRESS_FILLER_RE.match(norm, m.end())
            body = filler.end() if filler else m.end()
            if norm.startswith(TOKENS[Kind.ADDRESS], body):
                continue
            prefix_end = self._address_prefix(body)
            end = self._address_end(prefix_end)
            if end <= prefix_end:
                continue
            whole = norm[body:end]
            if (label == "住" or label in _OWNED_ADDRESS_LABELS) and not any(
                c in _ADDRESS_MARKERS for c in whole
            ):
                continue  # 住院, 地址不详: no address follows
            if label in _OWNED_ADDRESS_LABELS and not self._owned_by_person(
                m.start(), label
            ):
                continue
            if (
                label not in _OWNED_ADDRESS_LABELS
                and label != "住"
                and end - prefix_end < 2
            ):
                continue
            replacement = "" if prefix_end > body else TOKENS[Kind.ADDRESS]
            self._accept_pieces(prefix_end, end, Kind.ADDRESS, replacement, "label")

    def _owned_by_person(self, label_start: int, label: str) -> bool:
        """Whose address: the nearest organization or person named before the label."""
        norm = self.norm
        window_start = max(0, label_start - 200)
        blank = norm.rfind("\n\n", window_start, label_start)
        if blank >= 0:
            window_start = blank
        last_org = -1
        pos = self.orgs.rfind(1, window_start, label_start)
        if pos >= 0:
            last_org = pos
        last_person = -1
        for name in self.names:
            found = norm.rfind(name, window_start, label_start)
            if found < 0 or _hit(self.orgs, found, found + len(name)):
                continue
            if last_org >= 0 and _REPRESENTATIVE_RE.search(
                norm, max(0, found - 12), found
            ):
                continue  # the legal representative of the organization named above
            last_person = max(last_person, found + len(name) - 1)
        if last_person < 0 and last_org < 0:
            return label not in _ORG_ADDRESS_LABELS
        return last_person > last_org

    def _known_address(self, address: str) -> None:
        """A recorded home address: its street part is removed wherever it appears."""
        value = address.strip().translate(_NORMALISE)
        prefix = _ADMIN_RE.match(value)
        cut = prefix.end() if prefix else 0
        for needle, offset in ((value, cut), (value[cut:], 0)):
            if len(needle) - offset < 4:
                continue
            for at in _find_all(self.norm, needle):
                start = at + offset
                kept_part = offset > 0 or (
                    start > 0 and self.norm[start - 1] in "省市区县旗"
                )
                replacement = "" if kept_part else TOKENS[Kind.ADDRESS]
                self._accept_pieces(
                    start, at + len(needle), Kind.ADDRESS, replacement, "known"
                )

    def _accept_pieces(
        self, start: int, end: int, kind: Kind, replacement: str, rule: str
    ) -> None:
        """Accept the parts of [start, end) that nothing else holds (an address
        around a number already masked, a value around a kept code)."""
        pos = start
        first = True
        while pos < end:
            if self._blocked(pos):
                pos += 1
                continue
            stop = pos
            while stop < end and not self._blocked(stop):
                stop += 1
            if any(c.isalnum() for c in self.norm[pos:stop]):  # not a lone separator
                self._accept(
                    _Candidate(pos, stop, kind, replacement if first else "", rule)
                )
                first = False
            pos = stop

    # -- names in the text -----------------------------------------------------

    def _place_names(self) -> None:
        """Find every occurrence of every name found, and accept it unless protected."""
        if not self.names:
            return
        norm = self.norm
        # Where a context found a name first, then every other occurrence; longest
        # names first, so 张三丰 is placed before 张三 could cut it.
        anchors = sorted((at, -len(name), name) for at, name in self.anchors)
        hits = sorted(
            (
                (at, -len(name), name)
                for name in self.names
                for at in _find_all(norm, name)
            ),
        )
        for start, negative_length, name in [*anchors, *hits]:
            end = start - negative_length
            info = self.names[name]
            full_known = info.known and name == info.key
            if end < len(norm) and norm[end] in _ADMIN_SUFFIX and not full_known:
                continue  # a place (张庄村, 建国路), not the person
            if (
                name in self.given_names
                and start > 0
                and _is_han(norm[start - 1])
                and norm[start - 1] not in "与和及同对向把被让叫给称说"
            ):
                continue  # 建国 inside 新中国建国以来
            if name[0] in _ASCII_LETTER and (
                (start > 0 and norm[start - 1] in _ASCII_LETTER)
                or (end < len(norm) and norm[end] in _ASCII_LETTER)
            ):
                continue
            blockers = (
                (self.orgs,)
                if info.known
                else (self.orgs, self.kept, self.officers, self.codes)
            )
            self._accept(
                _Candidate(
                    start,
                    end,
                    Kind.NAME,
                    "",
                    "known" if info.known else "context",
                    info.key,
                ),
                *blockers,
            )

    # -- output ------------------------------------------------------------------

    def _build(self) -> MaskResult:
        self._number_names()
        parts: list[str] = []
        replacements: list[Replacement] = []
        pos = 0
        for cand in sorted(self.accepted, key=lambda c: c.start):
            parts.append(self.text[pos : cand.start])
            parts.append(cand.replacement)
            replacements.append(
                Replacement(
                    start=cand.start,
                    end=cand.end,
                    kind=cand.kind,
                    original=self.text[cand.start : cand.end],
                    replacement=cand.replacement,
                    rule=cand.rule,
                )
            )
            pos = cand.end
        parts.append(self.text[pos:])
        return MaskResult("".join(parts), tuple(replacements))

    def _number_names(self) -> None:
        """张某甲 / 张某乙 when two different names mask to the same form (SPC 第9条)."""
        names = [c for c in self.accepted if c.kind is Kind.NAME]
        if not names:
            return
        base: dict[str, str] = {}
        for cand in names:
            if cand.person not in base:
                info = self.names.get(cand.person)
                base[cand.person] = masked_name(
                    cand.person, minor=bool(info and info.minor)
                )
        # A two-character name that begins a longer one is the same person, cut short.
        keys = sorted(base, key=len, reverse=True)
        alias: dict[str, str] = {}
        for key in keys:
            for longer in keys:
                if (
                    len(longer) > len(key)
                    and longer.startswith(key)
                    and base[longer] == base[key]
                ):
                    alias[key] = alias.get(longer, longer)
                    break
        groups: dict[str, list[str]] = {}
        for cand in sorted(names, key=lambda c: c.start):
            person = alias.get(cand.person, cand.person)
            members = groups.setdefault(base[person], [])
            if person not in members:
                members.append(person)
        label: dict[str, str] = {}
        for form, members in groups.items():
            for index, person in enumerate(members):
                label[person] = form + (_ordinal(index) if len(members) > 1 else "")
        for cand in names:
            cand.replacement = label[alias.get(cand.person, cand.person)]


def _classify_digits(digits: str) -> Kind | None:
    """What a bare number is, from its length and shape alone."""
    count = len(digits)
    if count == 18 and _id18_shape(digits):
        return Kind.ID_NUMBER
    if count > 1 and digits[-1] in "Xx" and digits[:-1].isdigit():
        return _classify_digits(digits[:-1])  # 130102…1238X: a stray letter after
    if not digits.isdigit():
        return None
    if count == 15 and _id15_shape(digits):
        return Kind.ID_NUMBER
    mobile = digits[2:] if count == 13 and digits.startswith("86") else digits
    mobile = digits[4:] if count == 15 and digits.startswith("0086") else mobile
    if len(mobile) == 11 and mobile[0] == "1" and mobile[1] in "3456789":
        return Kind.PHONE
    if 10 <= count <= 12 and digits[0] == "0" and digits[1] != "0":
        return Kind.PHONE  # area code + local number (0311 87654321)
    if 16 <= count <= 30:
        return Kind.BANK_ACCOUNT
    return None


def _split_groups(
    norm: str, groups: list[tuple[int, int]]
) -> list[tuple[int, int, Kind]]:
    """Consecutive groups that make numbers: the longest first, from the left."""
    parts: list[tuple[int, int, Kind]] = []
    i = 0
    while i < len(groups):
        for j in range(len(groups), i, -1):
            start, end = groups[i][0], groups[j - 1][1]
            if j - i == len(groups):
                continue  # the whole run was classified already
            kind = _classify_digits(_SEP_RE.sub("", norm[start:end]))
            if kind is not None:
                parts.append((start, end, kind))
                i = j
                break
        else:
            i += 1
    return parts


def _age(text: str) -> int:
    """An age in Arabic or Chinese numerals (15, 十五, 九); 99 when it is not one."""
    if text.isdigit():
        return int(text)
    units = {c: i + 1 for i, c in enumerate("一二三四五六七八九")}
    tens, ten, ones = text.partition("十")
    if not ten:
        return units.get(text, 99)
    if len(tens) > 1 or len(ones) > 1 or (tens and tens not in units):
        return 99
    if ones and ones not in units:
        return 99
    return units.get(tens, 1) * 10 + units.get(ones, 0)


def _find_all(haystack: str, needle: str) -> Iterator[int]:
    """Start of every occurrence of ``needle`` (non-overlapping, left to right)."""
    if not needle:
        return
    at = haystack.find(needle)
    while at >= 0:
        yield at
        at = haystack.find(needle, at + len(needle))


def _maskable_name(name: str) -> bool:
    """A name that can be looked for: two characters or more, with a letter in it,
    and nothing the masking itself writes (某, 甲乙…, the tokens)."""
    if len(name) < 2 or not any(_is_han(c) or c in _ASCII_LETTER for c in name):
        return False
    if all(c in "某" + _SUFFIXES for c in name):
        return False
    return not any(name in token for token in TOKENS.values())


def _marked_end(run: str, end: int) -> bool:
    """Whether something marks the end of a name at ``run[end]``: the run ends, or a
    function word, a verb or a word that follows names starts there."""
    if end >= len(run):
        return True
    nxt = run[end]
    return (
        nxt in _POST_STRICT
        or nxt in _POST_LOOSE
        or run[end : end + 2] in _POST_WORDS
        or _WEAK_AFTER_RE.match(run, end) is not None
    )


def _place_follows(run: str, end: int) -> bool:
    """An administrative suffix right after the candidate (or one character later)."""
    return run[end : end + 1] in _ADMIN_SUFFIX or (
        run[end + 1 : end + 2] in _ADMIN_SUFFIX and run[end + 1 : end + 2] != ""
    )


def _trim_dotted(name: str) -> str | None:
    """阿卜杜拉·买买提的证言 → 阿卜杜拉·买买提: the last part ends before a function word."""
    if "某" in name:
        return None
    head, _, last = name.rpartition("·")
    for i in range(1, len(last)):
        if last[i] in _POST_STRICT or last[i : i + 2] in _POST_WORDS:
            last = last[:i]
            break
    return f"{head}·{last}"


@functools.cache
def _org_suffix_re() -> re.Pattern[str]:
    return re.compile(
        "|".join(re.escape(s) for s in sorted(_ORG_SUFFIXES, key=len, reverse=True))
    )
