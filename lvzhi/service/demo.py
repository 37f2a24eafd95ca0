"""Demo service: the article's 8·15 epidemic response — 16 office staff deployed to communities, every
member taking part, over ¥300,000 donated in money and goods — and 19 service activities of the 科技,
医卫, 文艺 and 特邀 sectors serving over 20,000 people. Every date lies in the past year."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from lvzhi.accounts.models import User
from lvzhi.core.demo import DemoContext
from lvzhi.org.models import Sector
from lvzhi.service import services
from lvzhi.service.choices import ActivityKind

ORDER = 55

COMMUNITIES = [
    "城关街道东店子社区金凤小区",
    "城关街道西后街社区惠民小区",
    "城关街道东关社区丹江花园",
    "大赵峪街道大赵峪社区龙腾小区",
    "大赵峪街道刘湾社区欣苑小区",
    "刘湾街道江滨社区江滨花园",
    "陈塬街道陈塬社区阳光小区",
    "城关街道北新街社区北苑小区",
]
DUTIES = ["小区值守、测温验码", "核酸检测秩序维护", "居家隔离人员生活保障", "政策宣传和入户排查"]
MEMBER_DUTIES = ["捐款捐物", "宣传引导“外防输入、内防反弹”", "所在单位疫情防控", "志愿服务、物资保障"]
COMPANIES = [
    ("商州区某医药公司", "医用口罩2万只、消毒液500箱", "48000"),
    ("某商贸公司", "方便面、矿泉水等生活物资", "26000"),
    ("某农业专业合作社", "新鲜蔬菜15吨", "30000"),
    ("某建筑公司", "防护服800套", "24000"),
    ("某科技公司", "红外测温枪60台", "18000"),
    ("区人民医院", "N95口罩3000只", "12000"),
]
# (sector short name, title, kind, place, beneficiaries)
ACTIVITIES = [
    ("医卫界", "医卫界委员进社区义诊", ActivityKind.FREE_CLINIC, "城关街道东店子社区", 1260),
    ("医卫界", "关爱留守老人健康体检", ActivityKind.ELDERLY_CARE, "北宽坪镇敬老院", 860),
    ("医卫界", "送医下乡义诊活动", ActivityKind.FREE_CLINIC, "夜村镇卫生院", 1530),
    ("医卫界", "留守老人关爱行动", ActivityKind.ELDERLY_CARE, "杨峪河镇中心敬老院", 640),
    ("医卫界", "健康知识讲座和义诊", ActivityKind.FREE_CLINIC, "沙河子镇", 1180),
    ("文艺界", "“政协委员进社区”文艺汇演", ActivityKind.PERFORMANCE, "江滨公园广场", 3200),
    ("文艺界", "送文化下乡文艺汇演", ActivityKind.PERFORMANCE, "麻街镇", 2100),
    ("文艺界", "新春送春联送祝福", ActivityKind.OTHER, "城关街道西后街社区", 1450),
    ("文艺界", "重阳节义务理发", ActivityKind.HAIRCUT, "大赵峪街道养老服务中心", 320),
    ("文艺界", "社区文艺汇演", ActivityKind.PERFORMANCE, "刘湾街道江滨社区", 1800),
    ("科技界", "科技下乡助农增收", ActivityKind.SCIENCE, "牧护关镇", 960),
    ("科技界", "农业实用技术培训", ActivityKind.SCIENCE, "腰市镇", 740),
    ("科技界", "资助困难大学生", ActivityKind.STUDENT_AID, "区政协会议室", 36),
    ("科技界", "科普进校园", ActivityKind.SCIENCE, "商州区某中学", 1350),
    ("特别邀请人士", "普法宣传进社区", ActivityKind.LEGAL_AWARENESS, "陈塬街道陈塬社区", 980),
    ("特别邀请人士", "“法律明白人”普法宣传", ActivityKind.LEGAL_AWARENESS, "板桥镇", 1120),
    ("特别邀请人士", "留守儿童和老人关爱", ActivityKind.ELDERLY_CARE, "三岔河镇", 410),
    ("特别邀请人士", "义务理发进敬老院", ActivityKind.HAIRCUT, "砚池河镇敬老院", 180),
    ("特别邀请人士", "资助困难大学生圆梦行动", ActivityKind.STUDENT_AID, "区政协会议室", 24),
]
# Members of other sectors who serve with a sector that has few or no members of its own.
HELPERS = {"科技界": "科协", "特别邀请人士": "无党派"}


def _outbreak_start(today: date) -> date:
    """The latest 15 August at least three weeks ago (the 8·15 outbreak), within the past year."""
    start = date(today.year, 8, 15)
    if start > today - timedelta(days=21):
        start = date(today.year - 1, 8, 15)
    return max(start, today - timedelta(days=360))


def seed(ctx: DemoContext) -> None:
    committee, today = ctx.objects["committee"], ctx.today
    by = User.objects.filter(username="demo-staff").first()
    start = _outbreak_start(today)
    end = min(start + timedelta(days=40), today)
    campaign = services.campaign_create(
        committee=committee,
        data={
            "name": "8·15疫情防控",
            "start_on": start,
            "end_on": end,
            "description": "围绕8·15突发疫情，机关干部下沉小区，全体委员参与“外防输入、内防反弹”，组织委员捐款捐物。",
        },
        by=by,
    )
    for n, person in enumerate(ctx.objects["staff_people"]):
        services.deployment_create(
            campaign=campaign,
            data={
                "person": person,
                "place": COMMUNITIES[n % len(COMMUNITIES)],
                "start_on": start + timedelta(days=n % 3),
                "end_on": end,
                "role": DUTIES[n % len(DUTIES)],
            },
            by=by,
        )
    memberships = ctx.objects["memberships"]
    for n, m in enumerate(memberships):
        services.campaign_join(
            campaign=campaign,
            person=m.person,
            did=MEMBER_DUTIES[n % len(MEMBER_DUTIES)],
            start_on=start + timedelta(days=n % 5),
            end_on=end,
            by=by,
        )
    _seed_donations(ctx, campaign, start, end)
    _seed_activities(ctx, start)


def _seed_donations(ctx: DemoContext, campaign: object, start: date, end: date) -> None:
    """Money from 150 members (¥500–¥1,900) and goods (with some money) from companies led by members."""
    memberships = ctx.objects["memberships"]
    span = max((end - start).days, 1)
    receipt = 0
    for n, m in enumerate(memberships[:150]):
        receipt += 1
        services.donation_create(
            campaign=campaign,  # type: ignore[arg-type]
            data={
                "donor_person": m.person,
                "donated_on": start + timedelta(days=n % span),
                "money": Decimal(500 + 100 * ctx.rng.randrange(15)),
                "receipt_no": f"SZZX{start.year}-{receipt:04d}",
            },
        )
    leaders = [m for m in memberships if m.sector.short_name in ("经济界", "工商联")]
    for n, (name, goods, value) in enumerate(COMPANIES):
        receipt += 1
        services.donation_create(
            campaign=campaign,  # type: ignore[arg-type]
            data={
                "donor_person": leaders[n % len(leaders)].person,
                "donor_name": name,
                "donated_on": start + timedelta(days=(2 * n) % span),
                "money": Decimal(10000 if n % 2 == 0 else 0),
                "goods": goods,
                "goods_value": Decimal(value),
                "receipt_no": f"SZZX{start.year}-{receipt:04d}",
            },
        )


def _seed_activities(ctx: DemoContext, start: date) -> None:
    committee, today, rng = ctx.objects["committee"], ctx.today, ctx.rng
    sectors = {s.short_name: s for s in Sector.objects.filter(committee=committee)}
    memberships = ctx.objects["memberships"]
    by_sector: dict[str, list[object]] = {}
    for m in memberships:
        by_sector.setdefault(m.sector.short_name, []).append(m.person)
    first = today - timedelta(days=350)
    for n, (short, title, kind, place, served) in enumerate(ACTIVITIES):
        held = first + timedelta(days=n * 18 + 3)
        if abs((held - start).days) < 10:  # not in the middle of the outbreak
            held += timedelta(days=12)
        held = min(held, today)
        pool = by_sector.get(short) or []
        pool = pool + by_sector.get(HELPERS.get(short, ""), [])
        people = rng.sample(pool, min(len(pool), 4 + n % 4))
        services.activity_create(
            committee=committee,
            data={
                "title": title,
                "sector": sectors[short],
                "kind": kind,
                "held_on": held,
                "place": place,
                "beneficiaries": served,
                "description": f"组织{sectors[short].short_name or sectors[short].name}委员开展{title}。",
            },
            participants=people,  # type: ignore[arg-type]
        )
