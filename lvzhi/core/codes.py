"""National code tables: 性别 (GB/T 2261.1), 民族 (GB/T 3304), 政治面貌 (GB/T 4762), 学历 (GB/T 4658), 界别.

Values are stored as the national codes; the labels are the forms offices write. The ``parse_*``
functions read what people actually type in a roster: the code, the full name or the usual short form.
"""

from __future__ import annotations

import re
from functools import cache

from django.db import models


class Gender(models.TextChoices):
    """GB/T 2261.1-2003. The first two are the ones a form offers."""

    MALE = "1", "男"
    FEMALE = "2", "女"
    UNKNOWN = "0", "未知的性别"
    UNSTATED = "9", "未说明的性别"


class Ethnicity(models.TextChoices):
    """GB/T 3304-1991, with the tail codes most registers use (97 其他, 98 外国血统中国籍人士)."""

    HAN = "01", "汉族"
    MONGOL = "02", "蒙古族"
    HUI = "03", "回族"
    ZANG = "04", "藏族"
    UYGHUR = "05", "维吾尔族"
    MIAO = "06", "苗族"
    YI = "07", "彝族"
    ZHUANG = "08", "壮族"
    BUYEI = "09", "布依族"
    KOREAN = "10", "朝鲜族"
    MANCHU = "11", "满族"
    DONG = "12", "侗族"
    YAO = "13", "瑶族"
    BAI = "14", "白族"
    TUJIA = "15", "土家族"
    HANI = "16", "哈尼族"
    KAZAKH = "17", "哈萨克族"
    DAI = "18", "傣族"
    LI = "19", "黎族"
    LISU = "20", "傈僳族"
    VA = "21", "佤族"
    SHE = "22", "畲族"
    GAOSHAN = "23", "高山族"
    LAHU = "24", "拉祜族"
    SUI = "25", "水族"
    DONGXIANG = "26", "东乡族"
    NAXI = "27", "纳西族"
    JINGPO = "28", "景颇族"
    KYRGYZ = "29", "柯尔克孜族"
    TU = "30", "土族"
    DAUR = "31", "达斡尔族"
    MULAO = "32", "仫佬族"
    QIANG = "33", "羌族"
    BLANG = "34", "布朗族"
    SALAR = "35", "撒拉族"
    MAONAN = "36", "毛南族"
    GELAO = "37", "仡佬族"
    XIBE = "38", "锡伯族"
    ACHANG = "39", "阿昌族"
    PUMI = "40", "普米族"
    TAJIK = "41", "塔吉克族"
    NU = "42", "怒族"
    UZBEK = "43", "乌孜别克族"
    RUSSIAN = "44", "俄罗斯族"
    EVENKI = "45", "鄂温克族"
    DEANG = "46", "德昂族"
    BONAN = "47", "保安族"
    YUGUR = "48", "裕固族"
    GIN = "49", "京族"
    TATAR = "50", "塔塔尔族"
    DERUNG = "51", "独龙族"
    OROQEN = "52", "鄂伦春族"
    HEZHEN = "53", "赫哲族"
    MONBA = "54", "门巴族"
    LHOBA = "55", "珞巴族"
    JINO = "56", "基诺族"
    OTHER = "97", "其他"
    NATURALIZED = "98", "外国血统中国籍人士"


class Political(models.TextChoices):
    """GB/T 4762-1984 政治面貌."""

    CPC = "01", "中共党员"
    CPC_PROBATIONARY = "02", "中共预备党员"
    CYL = "03", "共青团员"
    RCCK = "04", "民革党员"
    CDL = "05", "民盟盟员"
    CNDCA = "06", "民建会员"
    CAPD = "07", "民进会员"
    CPWDP = "08", "农工党党员"
    CZGP = "09", "致公党党员"
    JIUSAN = "10", "九三学社社员"
    TDSGL = "11", "台盟盟员"
    NON_PARTY = "12", "无党派人士"
    MASSES = "13", "群众"


#: 中共党员 and 中共预备党员: the members a party branch may hold.
CPC_CODES: tuple[str, ...] = (Political.CPC.value, Political.CPC_PROBATIONARY.value)


def is_cpc(political: str) -> bool:
    return political in CPC_CODES


class Education(models.TextChoices):
    """GB/T 4658-2006 学历, at the level a roster records."""

    DOCTOR = "11", "博士研究生"
    MASTER = "14", "硕士研究生"
    POSTGRADUATE_CLASS = "17", "研究生班"
    BACHELOR = "21", "大学本科"
    COLLEGE = "31", "大学专科"
    SECONDARY_VOCATIONAL = "41", "中等专科"
    VOCATIONAL_HIGH = "44", "职业高中"
    TECHNICAL = "47", "技工学校"
    HIGH_SCHOOL = "61", "普通高中"
    JUNIOR = "71", "初中"
    PRIMARY = "81", "小学"
    OTHER = "90", "其他"


#: The 34 sectors (界别) of the 14th National Committee: (code, full name, short name).
NATIONAL_SECTORS: tuple[tuple[str, str, str], ...] = (
    ("01", "中国共产党", "中共"),
    ("02", "中国国民党革命委员会", "民革"),
    ("03", "中国民主同盟", "民盟"),
    ("04", "中国民主建国会", "民建"),
    ("05", "中国民主促进会", "民进"),
    ("06", "中国农工民主党", "农工党"),
    ("07", "中国致公党", "致公党"),
    ("08", "九三学社", "九三学社"),
    ("09", "台湾民主自治同盟", "台盟"),
    ("10", "无党派民主人士", "无党派"),
    ("11", "中国共产主义青年团和中华全国青年联合会", "共青团和青联"),
    ("12", "中华全国总工会", "工会"),
    ("13", "中华全国妇女联合会", "妇联"),
    ("14", "中华全国工商业联合会", "工商联"),
    ("15", "中国科学技术协会", "科协"),
    ("16", "中华全国台湾同胞联谊会", "台联"),
    ("17", "中华全国归国华侨联合会", "侨联"),
    ("18", "文化艺术界", "文艺界"),
    ("19", "科学技术界", "科技界"),
    ("20", "社会科学界", "社科界"),
    ("21", "经济界", "经济界"),
    ("22", "农业界", "农业界"),
    ("23", "教育界", "教育界"),
    ("24", "体育界", "体育界"),
    ("25", "新闻出版界", "新闻出版界"),
    ("26", "医药卫生界", "医卫界"),
    ("27", "对外友好界", "对外友好界"),
    ("28", "社会福利和社会保障界", "社会福利和社会保障界"),
    ("29", "少数民族界", "少数民族界"),
    ("30", "宗教界", "宗教界"),
    ("31", "特邀香港人士", "特邀香港人士"),
    ("32", "特邀澳门人士", "特邀澳门人士"),
    ("33", "特别邀请人士", "特别邀请人士"),
    ("34", "环境资源界", "环境资源界"),
)


def _clean(text: str) -> str:
    return "".join(text.split())


MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")  # an 11-digit mainland mobile number

_GENDER_NAMES = {"男": "1", "男性": "1", "1": "1", "女": "2", "女性": "2", "2": "2"}


def parse_gender(text: str) -> str | None:
    """ "男"/"女", the GB/T 2261.1 words or codes → "1"/"2"; anything else is None."""
    return _GENDER_NAMES.get(_clean(text))


def parse_ethnicity(text: str) -> str | None:
    """ "汉族", "汉", "01" or "1" → "01"."""
    text = _clean(text)
    if not text:
        return None
    if text.isdigit():
        code = text.zfill(2)
        return code if code in Ethnicity.values else None
    return _ethnicity_names().get(text)


@cache
def _ethnicity_names() -> dict[str, str]:
    """Every name an ethnicity is written by (汉族, 汉, the former names) → its code; built once."""
    names = {"其它": "97", "其他族": "97", "外国人入籍": "98", "崩龙族": "46", "毛难族": "36"}
    for code, label in reversed(Ethnicity.choices):  # the first code wins, as a scan in order would
        names[str(label)] = names[str(label).removesuffix("族")] = code
    return names


_POLITICAL_FULL = {
    "01": ("中国共产党党员", "共产党员", "中共", "党员"),
    "02": ("中国共产党预备党员", "预备党员", "中共预备"),
    "03": ("中国共产主义青年团团员", "共青团", "团员"),
    "04": ("中国国民党革命委员会会员", "民革会员", "民革"),
    "05": ("中国民主同盟盟员", "民盟"),
    "06": ("中国民主建国会会员", "民建"),
    "07": ("中国民主促进会会员", "民进"),
    "08": ("中国农工民主党党员", "农工党", "农工"),
    "09": ("中国致公党党员", "致公党", "致公"),
    "10": ("九三学社", "九三"),
    "11": ("台湾民主自治同盟盟员", "台盟"),
    "12": ("无党派民主人士", "无党派", "无党派人士"),
    "13": ("普通群众",),
}
_POLITICAL_NAMES: dict[str, str] = {label: code for code, label in Political.choices}
_POLITICAL_NAMES.update({name: code for code, names in _POLITICAL_FULL.items() for name in names})


def parse_political(text: str) -> str | None:
    """A GB/T 4762 name, code ("01" or "1") or the usual short form (中共, 民盟, 无党派人士 …) → the code."""
    text = _clean(text)
    if text.isdigit():
        code = text.zfill(2)
        return code if code in Political.values else None
    return _POLITICAL_NAMES.get(text)
