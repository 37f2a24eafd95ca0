"""Demo roster: 商洛市商州区政协（示例）, 第十五届, 5 special committees, 209 members, 86 of them CPC members
(the source article's figures), with synthetic names and valid synthetic ID numbers."""

from __future__ import annotations

from datetime import date

from simple_history.utils import bulk_create_with_history

from lvzhi.core.codes import Ethnicity, Gender, Political
from lvzhi.core.demo import DEMO_CODE, DemoContext
from lvzhi.core.idnumber import synthetic_id_number
from lvzhi.org.choices import Level, Position
from lvzhi.org.models import Committee, Person, Sector, Staff, TermMembership
from lvzhi.org.services import committee_create, special_committee_create, term_create, unit_create

ORDER = 10
MEMBERS = 209
CPC_MEMBERS = 86
SPECIAL_COMMITTEES = ["提案委员会", "经济委员会", "社会和法制委员会", "科教卫体委员会", "文史和学习委员会"]
# Sectors of the demo roster (short names of the national list) and how many members each has.
SECTOR_SIZES = {
    "中共": 40, "民革": 6, "民盟": 8, "民建": 7, "民进": 6, "农工党": 6, "九三学社": 5, "无党派": 6,
    "共青团和青联": 8, "工会": 8, "妇联": 9, "工商联": 16, "科协": 8, "经济界": 25, "农业界": 14,
    "教育界": 17, "医卫界": 12, "文艺界": 8,
}  # fmt: skip
PARTY_SECTOR_POLITICAL = {
    "民革": "04", "民盟": "05", "民建": "06", "民进": "07", "农工党": "08", "九三学社": "10", "无党派": "12",
}  # fmt: skip
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = "建国华明军平志强伟芳秀英敏静丽红玉兰海波涛斌宏刚辉杰文博宇晨浩然欣怡雪梅晓东春燕永刚立新卫东淑珍振华国庆学军"
# Handling units (承办单位) that suggestions and proposals go to.
UNITS = [
    ("区委办公室", "party"), ("区委组织部", "party"), ("区委宣传部", "party"), ("区政府办公室", "government"),
    ("区发展和改革局", "government"), ("区教育局", "government"), ("区财政局", "government"),
    ("区人力资源和社会保障局", "government"), ("区住房和城乡建设局", "government"),
    ("区城市管理执法局", "government"), ("区农业农村局", "government"), ("区商务局", "government"),
    ("区卫生健康局", "government"), ("区应急管理局", "government"), ("区市场监督管理局", "government"),
    ("区文化和旅游广电局", "government"), ("区工商业联合会", "peoples"), ("区供热公司", "enterprise"),
]  # fmt: skip
WORKPLACES = [
    "商州区某中学校长",
    "某医院副院长",
    "某农业专业合作社理事长",
    "某建筑公司董事长",
    "区某局副局长",
    "某街道办事处主任",
    "某律师事务所主任",
    "某小学教师",
    "某科技公司总经理",
    "某镇党委书记",
    "区人民医院主任医师",
    "某文化传媒公司经理",
    "某商贸公司董事长",
    "区某协会会长",
    "某村党支部书记",
]


def _names(ctx: DemoContext, count: int) -> list[str]:
    seen: set[str] = set()
    names: list[str] = []
    while len(names) < count:
        surname = ctx.rng.choice(SURNAMES)
        given = ctx.rng.choice(GIVEN) + (ctx.rng.choice(GIVEN) if ctx.rng.random() < 0.7 else "")
        if (name := surname + given) not in seen:
            seen.add(name)
            names.append(name)
    return names


def _person(ctx: DemoContext, committee: Committee, name: str, political: str, seq: int) -> Person:
    birth = date(ctx.rng.randint(1962, 1990), ctx.rng.randint(1, 12), ctx.rng.randint(1, 28))
    gender = Gender("1") if ctx.rng.random() < 0.68 else Gender("2")
    # The sequence code's last digit is odd for men and even for women (GB 11643).
    sequence = (seq * 2 + (1 if gender == "1" else 0)) % 1000
    person = Person(
        committee=committee,
        name=name,
        gender=gender,
        ethnicity=Ethnicity("01") if ctx.rng.random() < 0.97 else Ethnicity("03"),  # 汉族, 回族
        birth_month=birth.replace(day=1),
        political=political,
        mobile=f"139{ctx.rng.randint(0, 99999999):08d}",
    )
    person.id_number = synthetic_id_number(region="611002", birth=birth, sequence=sequence)
    person.refresh_sort_keys()
    return person


def seed(ctx: DemoContext) -> None:
    city = committee_create(code="shangluo", name="商洛市政协（示例）", level=Level.CITY)
    committee = committee_create(
        code=DEMO_CODE, name="商洛市商州区政协（示例）", level=Level.COUNTY, parent=city
    )
    # The term began about two years ago, so the calendars look like a term in progress.
    start = date(ctx.today.year - 2, 1, 12)
    term_create(committee=city, number=5, start=date(ctx.today.year - 2, 1, 8))
    term = term_create(committee=committee, number=15, start=start, end=date(start.year + 5, 1, 11))
    special_committees = [special_committee_create(committee=committee, name=n) for n in SPECIAL_COMMITTEES]
    sectors = {s.short_name: s for s in Sector.objects.filter(committee=committee)}

    # Who is a CPC member: all of the 中共 sector, plus some in other non-party sectors (86 in all).
    slots: list[tuple[str, str]] = []  # (sector short name, political code)
    for short, size in SECTOR_SIZES.items():
        code = "01" if short == "中共" else PARTY_SECTOR_POLITICAL.get(short, "13")
        slots += [(short, code)] * size
    assert len(slots) == MEMBERS
    others = [i for i, (short, code) in enumerate(slots) if code == "13"]
    for i in ctx.rng.sample(others, CPC_MEMBERS - SECTOR_SIZES["中共"]):
        slots[i] = (slots[i][0], "01")
    cpc_slots = [i for i, (_s, code) in enumerate(slots) if code == "01"]
    for i in ctx.rng.sample(cpc_slots, 3):
        slots[i] = (slots[i][0], "02")  # three 预备党员

    names = _names(ctx, MEMBERS + 16)
    people = [_person(ctx, committee, names[i], Political(code), i) for i, (_s, code) in enumerate(slots)]
    bulk_create_with_history(people, Person)
    # 主席 and 秘书长 from the CPC members, 副主席 two CPC and two others, 30 常委 from the rest.
    cpc = [i for i in range(MEMBERS) if slots[i][1] == "01"]
    non_cpc = [i for i in range(MEMBERS) if slots[i][1] != "01"]
    ctx.rng.shuffle(cpc)
    ctx.rng.shuffle(non_cpc)
    position_of = dict.fromkeys(range(MEMBERS), Position.MEMBER)
    position_of[cpc[0]] = Position.CHAIR
    position_of[cpc[1]] = Position.SECRETARY_GENERAL
    for i in [cpc[2], cpc[3], non_cpc[0], non_cpc[1]]:
        position_of[i] = Position.VICE_CHAIR
    for i in ctx.rng.sample(cpc[4:] + non_cpc[2:], 30):
        position_of[i] = Position.STANDING
    memberships = [
        TermMembership(
            committee=committee,
            term=term,
            person=people[i],
            sector=sectors[short],
            special_committee=special_committees[i % len(special_committees)],
            position=position_of[i],
            workplace=ctx.rng.choice(WORKPLACES),
            start=start,
        )
        for i, (short, _code) in enumerate(slots)
    ]
    bulk_create_with_history(memberships, TermMembership)

    # Office staff (机关干部): persons too, not members.
    staff_people = [
        _person(ctx, committee, names[MEMBERS + j], Political("01" if j < 12 else "13"), 500 + j)
        for j in range(16)
    ]
    bulk_create_with_history(staff_people, Person)
    departments = ["办公室", "研究室", "提案委员会办公室", "委员联络室"]
    Staff.objects.bulk_create(
        Staff(committee=committee, person=p, department=departments[j % 4], post="干部")
        for j, p in enumerate(staff_people)
    )
    units = [unit_create(committee=committee, name=n, kind=k) for n, k in UNITS]
    ctx.objects.update(
        units=units,
        city=city,
        committee=committee,
        term=term,
        special_committees=special_committees,
        memberships=memberships,
        staff_people=staff_people,
    )
