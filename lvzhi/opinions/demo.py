"""Demo 社情民意信息: a year of pieces from members, joint and from participating bodies, in every state —
drafts, waiting, being edited, adopted into the committee's issues, not adopted, referred, reported to
the district party committee, the government and the city CPPCC, some adopted there and some instructed
by leaders — plus the demo member's own. All through the services, so timelines, DutyRecords and the
search index are what real use leaves."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from lvzhi.accounts.models import User
from lvzhi.core.demo import DemoContext
from lvzhi.opinions import services
from lvzhi.opinions.choices import Level, SourceKind, Target
from lvzhi.org.choices import Position
from lvzhi.proposals.choices import Category

ORDER = 62

# (title, category, the situation in a sentence)
TOPICS: list[tuple[str, str, str]] = [
    ("关于农村留守儿童心理健康问题的调查与建议", Category.EDUCATION, "部分农村留守儿童缺少陪伴，心理问题发现晚、干预难。"),
    ("城区电动自行车充电安全隐患亟待治理", Category.URBAN, "老旧小区电动自行车飞线充电、楼道充电现象普遍，火灾隐患突出。"),
    ("关于规范校外培训机构收费的建议", Category.EDUCATION, "部分校外培训机构预收费用过高，退费难。"),
    ("山区群众就医交通不便问题应引起重视", Category.LIVELIHOOD, "偏远山区到镇卫生院路途远、班车少。"),
    ("关于加强核桃产业链建设的建议", Category.AGRICULTURE, "核桃种植面积大但深加工不足，价格波动大。"),
    ("关于解决新就业形态劳动者权益保障的建议", Category.LAW, "外卖骑手、网约车司机等参保率低、维权难。"),
    ("丹江沿岸生态保护存在的问题及对策", Category.ECOLOGY, "部分河段存在乱倒垃圾、非法采砂现象。"),
    ("关于盘活闲置农房发展乡村民宿的建议", Category.AGRICULTURE, "大量农房闲置，乡村民宿缺少规范引导。"),
    ("关于提升城区公厕管理水平的建议", Category.URBAN, "城区公厕数量不足、开放时间短、保洁不到位。"),
    ("老年人使用智能技术困难问题亟待解决", Category.LIVELIHOOD, "老年人就医挂号、出行扫码等遇到“数字鸿沟”。"),
    ("关于加强中小学校园周边交通安全的建议", Category.EDUCATION, "上下学时段校门口拥堵，接送车辆乱停乱放。"),
    ("关于扶持非物质文化遗产传承人的建议", Category.CULTURE, "非遗传承人老龄化，后继乏人。"),
    ("关于促进中小微企业融资的建议", Category.ECONOMY, "小微企业抵押物不足，贷款难、贷款贵。"),
    ("城乡结合部垃圾收运体系有待完善", Category.ECOLOGY, "城乡结合部垃圾收运频次低，存在积存。"),
    ("关于做好汛期地质灾害防范的建议", Category.LAW, "部分地质灾害隐患点监测预警设施不足。"),
    ("关于推进社区嵌入式托育服务的建议", Category.LIVELIHOOD, "婴幼儿托育服务供给不足，双职工家庭带娃难。"),
    ("关于提升农村客运班线运营质量的建议", Category.URBAN, "部分农村客运班线停运、班次减少。"),
    ("关于加快数字乡村建设的建议", Category.AGRICULTURE, "农村电商物流“最后一公里”成本高。"),
    ("关于加强预制菜食品安全监管的建议", Category.LIVELIHOOD, "预制菜进校园、进餐馆缺少标识和监管。"),
    ("关于打造秦岭生态旅游品牌的建议", Category.CULTURE, "秦岭生态旅游资源丰富但品牌影响力不足。"),
]  # fmt: skip
BODIES = ["民革商州区支部", "民盟商州区总支", "区工商业联合会", "农业和农村界别"]
LEADERS = [
    (Level.COUNTY, "区委书记"),
    (Level.COUNTY, "区长"),
    (Level.COUNTY, "区委副书记"),
    (Level.MUNICIPAL, "市委常委、副市长"),
    (Level.PROVINCIAL, "省政协副主席"),
]


def _content(situation: str) -> str:
    return (
        f"一、基本情况\n{situation}\n二、原因分析\n相关制度不够健全，部门之间协调不够，投入保障不足。\n"
        "三、意见建议\n一是摸清底数、建立台账；二是完善制度、压实责任；三是加大投入、强化督查。"
    )


def seed(ctx: DemoContext) -> None:
    committee = ctx.objects["committee"]
    staff = User.objects.get(username="demo-staff")
    members = [m.person for m in ctx.objects["memberships"] if m.position != Position.CHAIR]
    demo_member = ctx.objects["demo_member"]
    today, rng = ctx.today, ctx.rng
    start = today - timedelta(days=330)
    for n, (title, category, situation) in enumerate(TOPICS * 2):
        lead = members[(n * 7) % len(members)]
        kind = SourceKind.MEMBER
        coauthors: list[Any] = []
        body = ""
        if n % 5 == 3:
            kind, coauthors = SourceKind.JOINT, [members[(n * 7 + 3) % len(members)]]
        elif n % 9 == 4:
            kind, body = SourceKind.BODY, BODIES[n % len(BODIES)]
        on = start + timedelta(days=n * 8 + rng.randint(0, 5))
        if on > today - timedelta(days=3):
            on = today - timedelta(days=3 + n % 3)
        o = services.opinion_create(
            committee=committee,
            lead=lead,
            data={
                "kind": kind,
                "title": title if n < len(TOPICS) else title.replace("关于", "再谈"),
                "content": _content(situation),
                "category": category,
                "body": body,
            },
            coauthors=coauthors,
            by=staff,
        )
        if n % 13 == 12:  # a draft left for later
            continue
        services.opinion_submit(opinion=o, on=on, by=staff)
        _handle(o, n, on, today, staff)
    _member_side(committee, demo_member, today, staff)


def _handle(o: Any, n: int, on: date, today: date, staff: Any) -> None:
    """Most pieces are adopted and reported; some are left waiting, not adopted or referred."""
    if on > today - timedelta(days=12) or n % 11 == 5:
        return  # still waiting for the office
    services.opinion_accept(opinion=o, by=staff)
    if n % 17 == 15:
        return  # still being edited
    if n % 7 == 6:
        services.opinion_decline(
            opinion=o, refer=False, note="反映的问题已有部门专项整治，暂不编发。", by=staff
        )
        return
    if n % 10 == 8:
        services.opinion_decline(opinion=o, refer=True, note="已转区住房和城乡建设局参考办理。", by=staff)
        return
    adopted = min(on + timedelta(days=5), today)
    services.opinion_adopt(
        opinion=o, issue=f"《商州政协·社情民意》{adopted.year}年第{n // 2 + 1}期", on=adopted, by=staff
    )
    if n % 19 == 10:
        return  # adopted, not yet reported
    reported = min(adopted + timedelta(days=3), today)
    services.opinion_report(
        opinion=o, target=Target.PARTY_COMMITTEE, recipient="中共商洛市商州区委办公室", on=reported, by=staff
    )
    if n % 3 == 0:
        services.opinion_report(
            opinion=o, target=Target.GOVERNMENT, recipient="商州区人民政府办公室", on=reported, by=staff
        )
    if n % 4 == 1:
        report = services.opinion_report(
            opinion=o, target=Target.UPPER_CPPCC, recipient="商洛市政协", on=reported, by=staff
        )
        if n % 8 == 1:
            services.opinion_upper_adopt(
                report=report,
                issue=f"《商洛政协信息》第{n + 3}期",
                on=min(reported + timedelta(days=10), today),
                by=staff,
            )
    if n % 3 == 0:
        level, leader = LEADERS[n % len(LEADERS)]
        services.opinion_instruct(
            opinion=o,
            level=level,
            leader=leader,
            content="请相关部门认真研究，提出切实可行的解决办法。",
            on=min(reported + timedelta(days=7), today),
            by=staff,
        )


def _member_side(committee: Any, member: Any, today: date, staff: Any) -> None:
    """The demo member's own: one adopted and instructed, one waiting, one draft."""
    by = User.objects.filter(person=member).first() or staff
    data = {"kind": SourceKind.MEMBER, "category": Category.LIVELIHOOD, "body": ""}
    done = services.opinion_create(
        committee=committee,
        lead=member,
        data={
            **data,
            "title": "关于城区早餐摊点规范管理的建议",
            "content": _content("城区早餐摊点占道经营、卫生条件差。"),
        },
        by=by,
    )
    services.opinion_submit(opinion=done, on=today - timedelta(days=60), by=by)
    services.opinion_accept(opinion=done, by=staff)
    services.opinion_adopt(
        opinion=done,
        issue=f"《商州政协·社情民意》{today.year}年第30期",
        on=today - timedelta(days=55),
        by=staff,
    )
    services.opinion_report(
        opinion=done,
        target=Target.GOVERNMENT,
        recipient="商州区人民政府办公室",
        on=today - timedelta(days=54),
        by=staff,
    )
    services.opinion_instruct(
        opinion=done,
        level=Level.COUNTY,
        leader="区长",
        content="请区城市管理执法局会同市场监管局研究落实。",
        on=today - timedelta(days=45),
        by=staff,
    )
    waiting = services.opinion_create(
        committee=committee,
        lead=member,
        data={
            **data,
            "title": "关于增设城区口袋公园的建议",
            "content": _content("城区老旧街区缺少休闲活动空间。"),
        },
        by=by,
    )
    services.opinion_submit(opinion=waiting, on=today - timedelta(days=2), by=by)
    services.opinion_create(
        committee=committee,
        lead=member,
        data={**data, "title": "关于规范小区物业收费的建议（草稿）", "content": ""},
        by=by,
    )
