"""Demo study: the article's 5 study groups, a year of study at every level with attendance and a few
委员讲堂, trainings by the city committee and the party school, and a 书香政协 campaign with its book list,
about 120 members' reading logs and 4 sharing sessions. Every date lies in the past year."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from lvzhi.accounts.models import User
from lvzhi.core.demo import DemoContext
from lvzhi.org.choices import Position
from lvzhi.party.models import PartyMembership
from lvzhi.study import services
from lvzhi.study.choices import AttendanceStatus, Layer, Mode

ORDER = 50

TOPICS = [
    "学习习近平新时代中国特色社会主义思想",
    "学习党的二十大精神",
    "学习习近平总书记来陕考察重要讲话重要指示",
    "学习习近平总书记关于加强和改进人民政协工作的重要思想",
    "学习党史、新中国史",
    "学习改革开放史、社会主义发展史",
    "学习《中国人民政治协商会议章程》",
    "学习中央政协工作会议精神",
    "学习全国两会精神",
    "学习区委全会精神，助力“五区”建设",
    "学习《中国共产党纪律处分条例》",
    "学习政协委员履职规范",
]
BOOKS = [
    ("习近平谈治国理政（第四卷）", "习近平", "系统学习新时代党的创新理论"),
    ("习近平关于加强和改进人民政协工作的重要思想学习读本", "全国政协", "政协委员必读"),
    ("中国共产党简史", "本书编写组", "学党史、悟思想"),
    ("新中国70年", "中共中央党史和文献研究院", ""),
    ("人民政协重要文献选编", "全国政协办公厅", ""),
    ("之江新语", "习近平", ""),
    ("苦难辉煌", "金一南", ""),
    ("平凡的世界", "路遥", "陕西作家的经典之作"),
    ("乡土中国", "费孝通", "了解基层社会"),
    ("商洛文史资料选辑", "商州区政协", "区政协文史资料室藏书"),
]
EXPERTS = [("王立新", "市委党校教授"), ("刘文华", "市政协研究室主任"), ("陈静", "西北大学副教授")]


def _months(start: date, today: date) -> list[date]:
    """The first day of each month from ``start``'s month through today's."""
    months, on = [], start.replace(day=1)
    while on <= today:
        months.append(on)
        on = (on + timedelta(days=32)).replace(day=1)
    return months


def _marks(people: list[int], salt: int) -> dict[int, tuple[str, str]]:
    marks: dict[int, tuple[str, str]] = {}
    for n, pid in enumerate(people):
        if (n + salt) % 11 == 0:
            marks[pid] = (AttendanceStatus.EXCUSED, "外出调研" if n % 2 else "因公出差")
        elif (n + salt) % 23 == 0:
            marks[pid] = (AttendanceStatus.ABSENT, "")
        else:
            marks[pid] = (AttendanceStatus.PRESENT, "")
    return marks


def seed(ctx: DemoContext) -> None:
    start = max(ctx.today - timedelta(days=360), ctx.objects["term"].start)
    staff_user = User.objects.filter(username="demo-staff").first()
    groups = _seed_groups(ctx, start, staff_user)
    _seed_sessions(ctx, groups, start, staff_user)
    _seed_trainings(ctx, start)
    _seed_reading(ctx, start, staff_user)
    ctx.objects["study_groups"] = groups


def _seed_groups(ctx: DemoContext, start: date, by: Any) -> list[Any]:
    """One study group per special committee, led by a senior member of it."""
    groups = []
    for n, sc in enumerate(ctx.objects["special_committees"], 1):
        members = [m for m in ctx.objects["memberships"] if m.special_committee_id == sc.pk]
        members.sort(key=lambda m: (m.position == Position.MEMBER, m.person.stroke_key))
        groups.append(
            services.group_create(
                committee=ctx.objects["committee"],
                data={
                    "name": f"第{'一二三四五六七八九'[n - 1]}学习组",
                    "leader": members[0].person,
                    "special_committee": sc,
                    "established_on": start,
                    "note": f"{sc.name}委员",
                },
                members=[m.person for m in members],
                by=by,
            )
        )
    return groups


def _seed_sessions(ctx: DemoContext, groups: list[Any], start: date, by: Any) -> None:
    committee, today = ctx.objects["committee"], ctx.today
    memberships = ctx.objects["memberships"]
    standing = [m.person_id for m in memberships if m.position != Position.MEMBER]
    chairs = [
        m.person_id
        for m in memberships
        if m.position in (Position.CHAIR, Position.VICE_CHAIR, Position.SECRETARY_GENERAL)
    ]
    staff = [p.pk for p in ctx.objects["staff_people"]]
    branches = [*ctx.objects["branches"], ctx.objects["office_branch"]]
    branch_people = {
        b.pk: list(PartyMembership.objects.filter(branch=b).current().values_list("person_id", flat=True))
        for b in branches
    }
    group_people = {g.pk: list(g.memberships.values_list("person_id", flat=True)) for g in groups}
    speakers = [m.person for m in memberships if m.position == Position.STANDING]
    plan: list[tuple[dict[str, Any], list[int]]] = []
    for i, month in enumerate(_months(start, today)):
        topic = TOPICS[i % len(TOPICS)]
        if i % 3 == 1:  # 常委会专题学, about quarterly, a 委员讲堂 or an invited expert
            data: dict[str, Any] = {"layer": Layer.STANDING, "held_on": month.replace(day=15), "topic": topic}
            if i % 2:
                data["speaker"] = speakers[i % len(speakers)]
            else:
                data["expert_name"], data["expert_title"] = EXPERTS[i % len(EXPERTS)]
            plan.append((data, standing))
        if i % 6 != 4:  # 主席会重点学, most months
            plan.append(({"layer": Layer.CHAIRS, "held_on": month.replace(day=8), "topic": topic}, chairs))
        plan.append(({"layer": Layer.OFFICE, "held_on": month.replace(day=20), "topic": topic}, staff))
        for g, group in enumerate(groups):
            if i % (1 + g % 2):  # alternate groups meet monthly or every two months
                continue
            data = {
                "layer": Layer.GROUP,
                "held_on": month.replace(day=10 + g),
                "topic": topic,
                "group": group,
            }
            data["special_committee"] = group.special_committee
            if (i + g) % 4 == 0:
                data.update(mode=Mode.ONLINE, venue="学习强国")
                data["speaker"] = group.leader
            plan.append((data, group_people[group.pk]))
        if i % 2 == 0:
            for b, branch in enumerate(branches):
                data = {"layer": Layer.BRANCH, "held_on": month.replace(day=24 + b % 4), "topic": topic}
                data["branch"] = branch
                plan.append((data, branch_people[branch.pk]))
    for n, (data, people) in enumerate(plan):
        if data["held_on"] > today or data["held_on"] < start:
            continue
        data.setdefault("mode", Mode.OFFLINE)
        data.setdefault("venue", "区政协会议室" if data["mode"] == Mode.OFFLINE else "")
        session = services.session_create(committee=committee, data=data, by=by)
        services.attendance_set(session=session, marks=_marks(people, n), by=by)


def _seed_trainings(ctx: DemoContext, start: date) -> None:
    committee, today = ctx.objects["committee"], ctx.today
    members = [m.person for m in ctx.objects["memberships"]]
    trainings = [
        ("全体委员政治理论和业务知识培训", "市委党校", 300, 2, "16", members[:200]),
        ("新任委员履职能力培训", "市政协", 210, 1, "8", members[::3]),
        ("提案和社情民意信息撰写专题培训", "区政协提案委", 120, 1, "4", members[::4]),
        ("机关干部业务能力培训", "区委组织部", 45, 2, "12", ctx.objects["staff_people"]),
    ]
    for title, organizer, days_ago, days, hours, people in trainings:
        begin = max(today - timedelta(days=days_ago), start)
        services.training_create(
            committee=committee,
            data={
                "title": title,
                "organizer": organizer,
                "start_on": begin,
                "end_on": min(begin + timedelta(days=days - 1), today),
                "hours": Decimal(hours),
            },
            participants=list(people),
        )


def _seed_reading(ctx: DemoContext, start: date, by: Any) -> None:
    committee, today, rng = ctx.objects["committee"], ctx.today, ctx.rng
    campaign = services.campaign_create(
        committee=committee,
        data={
            "name": f"{start.year}年度“书香政协”委员读书活动",
            "year": start.year,
            "start_on": start,
            "end_on": today,
            "note": "依据《商州区“书香政协”建设暨委员读书活动实施方案（试行）》开展",
        },
        books=BOOKS,
        by=by,
    )
    books = list(campaign.books.all())
    members = [m.person for m in ctx.objects["memberships"]]
    readers = sorted(rng.sample(members, 119), key=lambda p: p.stroke_key)
    demo_member = User.objects.filter(username="demo-member").values_list("person_id", flat=True).first()
    if demo_member is not None and all(p.pk != demo_member for p in readers):
        readers.append(next(p for p in members if p.pk == demo_member))
    span = max((today - start).days - 10, 1)
    for n, person in enumerate(readers):
        for k in range(1 + n % 3):
            begun = start + timedelta(days=rng.randrange(span))
            finished = begun + timedelta(days=rng.randrange(10, 45))
            own_title = n % 9 == 0 and k == 1
            services.reading_log_create(
                campaign=campaign,
                person=person,
                data={
                    "book": None if own_title else books[(n + 3 * k) % len(books)],
                    "title": "长安的荔枝" if own_title else "",
                    "started_on": begun,
                    "finished_on": finished if finished <= today else None,
                    "hours": Decimal(rng.randrange(4, 40)) / 2,
                    "notes": "结合履职实际，体会深刻，收获很大。" if n % 4 == 0 else "",
                },
            )
    for s, days in enumerate((60, 150, 240, 320)):
        held = start + timedelta(days=days)
        if held > today:
            continue
        sharers = readers[s * 3 : s * 3 + 3]
        services.sharing_create(
            campaign=campaign,
            data={
                "held_on": held,
                "topic": [
                    "世界读书日委员读书分享会",
                    "“学党史、悟思想”读书分享会",
                    "政协书屋读书沙龙",
                    "年度读书成果分享会",
                ][s],
                "venue": "区政协书屋" if s % 2 == 0 else "区政协文史资料室",
            },
            sharers=sharers,
            attendees=readers[20 + s * 15 : 35 + s * 15],
            by=by,
        )
