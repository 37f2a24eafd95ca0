"""Demo liaison: the article's "三百四千" 工程 — 6 leaders (the 主席会议: 主席, 4 副主席, 秘书长) on 11 key
projects, about 100 site visits over the past year and about 40 problems coordinated, most of them
resolved and a few overdue. Every date lies in the past year."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from lvzhi.accounts.models import User
from lvzhi.core.demo import DemoContext
from lvzhi.liaison import services
from lvzhi.liaison.choices import LEADER_POSITIONS, Stage

ORDER = 55
VISITS_PER_PROJECT = (10, 9, 10, 9, 10, 9, 10, 9, 9, 10, 9)  # 104 in all
PROBLEMS = 42
OVERDUE = 4

# (name, owner unit, place, investment in 万元, stage, months since it started or None)
PROJECTS = [
    ("商丹园区新型储能电池生产线项目", "商洛某新能源科技有限公司", "商丹循环工业经济园区", "150000", Stage.BUILDING, 14),
    ("商州城区集中供热扩容改造项目", "商州区供热公司", "城关街道、陈塬街道", "32000", Stage.BUILDING, 10),
    ("江南新区棚户区改造安置小区项目", "商州区城市建设投资有限公司", "陈塬街道", "68000", Stage.BUILDING, 20),
    ("杨峪河镇现代农业产业园项目", "商州区某农业开发有限公司", "杨峪河镇", "18500", Stage.BUILDING, 8),
    ("大赵峪智慧物流园项目", "陕西某物流集团有限公司", "大赵峪街道", "46000", Stage.PREPARING, None),
    ("牧护关秦岭生态旅游综合开发项目", "商州区文化旅游投资有限公司", "牧护关镇", "52000", Stage.BUILDING, 12),
    ("金陵寺中药材精深加工产业园项目", "商洛某药业有限公司", "金陵寺镇", "26000", Stage.COMPLETED, 18),
    ("商州区医院门诊医技综合楼建设项目", "商州区人民医院", "城关街道", "21000", Stage.BUILDING, 9),
    ("北宽坪镇乡村振兴示范村建设项目", "北宽坪镇人民政府", "北宽坪镇", "6800", Stage.OPERATING, 16),
    ("刘湾商贸物流城项目", "商洛某置业有限公司", "刘湾街道", "85000", Stage.SIGNED, None),
    ("二龙山水库片区生态保护与文旅融合项目", "商州区水务投资有限公司", "刘湾街道、大荆镇", "38000", Stage.PREPARING, None),
]  # fmt: skip

PURPOSES = [
    "督促项目建设进度",
    "协调解决项目推进中的困难",
    "检查施工安全和工程质量",
    "调研项目融资和资金到位情况",
    "督导项目手续办理",
    "了解企业用工和生产经营情况",
    "督促落实上次督导提出的问题",
    "检查扬尘治理和文明施工",
]
FINDINGS = [
    "项目建设总体有序，主体工程按计划推进。",
    "施工现场管理规范，形象进度达到年度计划的六成以上。",
    "项目前期手续正在办理，部分环节进展偏慢。",
    "企业生产经营正常，产能逐步释放。",
    "上次督导提出的问题已基本落实，个别事项仍需跟进。",
]
# (problem, index of the responsible unit in the demo's units, what was done)
PROBLEM_TEXTS = [
    ("施工用电负荷不足，需协调电力增容", 4, "协调供电部门增设临时变压器，施工用电已满足需要。"),
    ("项目周边道路未打通，施工车辆通行困难", 8, "住建部门组织打通临时施工便道，车辆通行恢复正常。"),
    ("部分群众对征迁补偿标准有异议", 8, "召开群众座谈会逐户解释政策，补偿协议已全部签订。"),
    ("项目配套资金拨付滞后", 6, "财政部门按进度拨付配套资金，资金已到位。"),
    ("企业用工短缺，技术工人招聘困难", 7, "人社部门举办专场招聘会，招录技术工人八十余名。"),
    ("施工现场扬尘治理措施不到位", 9, "督促施工单位增设喷淋和围挡，扬尘治理达标。"),
    ("园区农田灌溉设施配套不完善", 10, "农业农村部门安排高标准农田项目资金，灌溉设施已配套。"),
    ("招商引资企业入驻进度偏慢", 11, "商务部门建立专班跟进，三家企业已签约入驻。"),
    ("施工安全隐患整改不彻底", 13, "应急管理部门联合检查复查，隐患已全部整改销号。"),
    ("旅游服务设施审批手续办理慢", 15, "文旅部门开通绿色通道，审批手续已办结。"),
    ("企业产品质量认证办理周期长", 14, "市场监管部门上门指导，认证已取得。"),
    ("供热管网接入方案审批环节多", 17, "供热公司优化接入方案，管网已接入。"),
    ("项目立项变更手续需协调上级部门", 4, "发改部门向市级部门汇报衔接，变更手续已批复。"),
]


def _leaders(ctx: DemoContext) -> list[Any]:
    """The 主席会议成员 of the demo roster: 主席, 副主席 and 秘书长, in that order."""
    rank = {p: i for i, p in enumerate(LEADER_POSITIONS)}
    members = [m for m in ctx.objects["memberships"] if m.position in rank]
    members.sort(key=lambda m: (rank[m.position], m.person.stroke_key))
    return [m.person for m in members]


def seed(ctx: DemoContext) -> None:
    committee, today, rng = ctx.objects["committee"], ctx.today, ctx.rng
    staff_user = User.objects.filter(username="demo-staff").first()
    leaders = _leaders(ctx)
    assert len(leaders) == 6  # the article's six leaders: the whole 主席会议
    year_start = today - timedelta(days=365)
    began = max(ctx.objects["term"].start, today - timedelta(days=420))
    programme = services.programme_create(
        committee=committee,
        data={
            "name": "“三百四千”工程",
            "year": year_start.year,
            "description": "市委部署的“三百四千”工程。区政协领导联系包抓重点项目，赴项目现场督促指导，"
            "协调解决项目建设中的困难和问题。",
        },
        by=staff_user,
    )
    projects = []
    for name, owner, place, investment, stage, months in PROJECTS:
        projects.append(
            services.project_create(
                committee=committee,
                data={
                    "programme": programme,
                    "name": name,
                    "owner_unit": owner,
                    "place": place,
                    "investment": Decimal(investment),
                    "stage": stage,
                    "started_on": today - timedelta(days=30 * months) if months else None,
                },
                by=staff_user,
            )
        )
    # The 主席 and the 副主席 take on two projects each, the 秘书长 one; two projects have a second leader.
    lead_of = [0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5]
    for project, n in zip(projects, lead_of, strict=True):
        services.assignment_create(project=project, person=leaders[n], started_on=began, by=staff_user)
    services.assignment_create(project=projects[0], person=leaders[5], started_on=began, by=staff_user)
    services.assignment_create(project=projects[2], person=leaders[3], started_on=began, by=staff_user)

    visits = []
    for p, (project, count) in enumerate(zip(projects, VISITS_PER_PROJECT, strict=True)):
        own = [a.person for a in project.assignments.all()]
        step = 355 // count
        for k in range(count):
            on = year_start + timedelta(days=5 + k * step + rng.randrange(step - 2))
            people = list(own)
            if (p + k) % 6 == 0:  # now and then another leader joins
                people.append(leaders[(lead_of[p] + 1 + k) % 6])
            visits.append(
                services.visit_create(
                    project=project,
                    data={
                        "visited_on": min(on, today),
                        "purpose": PURPOSES[(p + k) % len(PURPOSES)],
                        "findings": FINDINGS[(p * 3 + k) % len(FINDINGS)],
                    },
                    leaders=people,
                    by=staff_user,
                )
            )
    _seed_problems(ctx, visits, staff_user)
    ctx.objects["liaison_projects"] = projects


def _seed_problems(ctx: DemoContext, visits: list[Any], by: Any) -> None:
    """About 40 problems on the visits: most resolved, the latest pending or in coordination, and a few
    older ones past their deadline (逾期)."""
    today, rng, units = ctx.today, ctx.rng, ctx.objects["units"]
    chosen = sorted(rng.sample(visits, PROBLEMS), key=lambda v: (v.visited_on, v.pk))
    overdue = {PROBLEMS - 12, PROBLEMS - 15, PROBLEMS - 19, PROBLEMS - 24}
    for i, visit in enumerate(chosen):
        text, unit, outcome = PROBLEM_TEXTS[i % len(PROBLEM_TEXTS)]
        raised = visit.visited_on
        late = i in overdue and (today - raised).days > 45
        deadline = raised + timedelta(days=30) if late else raised + timedelta(days=45)
        recent = i >= PROBLEMS - 6
        if recent:
            deadline = max(deadline, today + timedelta(days=15))
        problem = services.problem_raise(
            visit=visit,
            data={"description": text, "unit": units[unit], "raised_on": raised, "deadline": deadline},
            by=by,
        )
        if late or (recent and i % 2 == 0):
            services.problem_start(
                problem=problem, on=min(raised + timedelta(days=3), today), note="已交责任单位办理", by=by
            )
        elif not recent:
            resolved = min(raised + timedelta(days=rng.randrange(7, 40)), today)
            services.problem_resolve(problem=problem, resolved_on=resolved, outcome=outcome, by=by)
