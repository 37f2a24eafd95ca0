"""Demo consultations of the source article: the 专题调研协商 on 加快现代服务业发展 (17 suggestions), two
微协商 hosted by 委员工作室 (23 between them), the sectors' research consultations on "人盯人"基层治理,
防汛应急管理, 普惠性幼儿园 and 企业用工难 (153 between them); suggestions in every status; this year's
plan with most items done; three 委员工作室 with members, 五上墙 checklists and logs."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from lvzhi.accounts.models import User
from lvzhi.consult import services
from lvzhi.consult.choices import SuggestionStatus
from lvzhi.consult.models import ConsultationForm
from lvzhi.core.demo import DemoContext
from lvzhi.org.models import Sector

ORDER = 50

# (form, topic, organizer, fraction of the year so far, plan?, suggestion stems, category, units)
CONSULTATIONS: list[dict[str, Any]] = [
    {
        "form": "zhuanti_diaoyan",
        "topic": "加快现代服务业发展",
        "sc": 1,
        "at": 0.35,
        "plan": True,
        "n": 17,
        "category": "economy",
        "units": ["区发展和改革局", "区商务局", "区文化和旅游广电局"],
        "stems": [
            "培育壮大现代物流业",
            "推动电子商务进农村",
            "发展全域旅游",
            "提升商贸服务业水平",
            "加快金融服务创新",
            "培育养老托育服务",
            "引进服务业龙头企业",
            "建设夜间经济街区",
            "完善服务业统计监测",
        ],
    },
    {
        "form": "wei_xieshang",
        "topic": "后疫情时代民营经济发展",
        "studio": 1,
        "at": 0.45,
        "plan": False,
        "n": 11,
        "category": "economy",
        "units": ["区工商业联合会", "区市场监督管理局", "区财政局"],
        "stems": [
            "落实减税降费政策",
            "缓解民营企业融资难",
            "优化营商环境",
            "帮助中小微企业稳岗",
            "畅通政企沟通渠道",
            "扶持个体工商户恢复经营",
        ],
    },
    {
        "form": "wei_xieshang",
        "topic": "《关于进一步推进市政供暖进小区的建议》",
        "studio": 0,
        "at": 0.6,
        "plan": False,
        "n": 12,
        "category": "urban_rural",
        "units": ["区住房和城乡建设局", "区供热公司", "区城市管理执法局"],
        "stems": [
            "加快老旧小区供暖管网改造",
            "扩大市政供暖覆盖范围",
            "公开供暖收费标准",
            "建立供暖投诉快速处置机制",
            "推进供暖进小区试点",
            "做好冬季供暖保障",
        ],
    },
    {
        "form": "jiebie",
        "topic": "\u201c人盯人\u201d+基层社会治理",
        "sector": "农业界",
        "at": 0.2,
        "plan": True,
        "n": 40,
        "category": "governance",
        "units": ["区委组织部", "区委办公室", "区农业农村局"],
        "stems": [
            "完善网格员\u201c人盯人\u201d责任机制",
            "加强村（社区）干部队伍建设",
            "推进矛盾纠纷就地化解",
            "发挥新乡贤在基层治理中的作用",
            "提升基层治理信息化水平",
            "健全群防群治力量",
        ],
    },
    {
        "form": "jiebie",
        "topic": "防汛应急管理机制建设",
        "sector": "科协",
        "at": 0.3,
        "plan": True,
        "n": 37,
        "category": "governance",
        "units": ["区应急管理局", "区住房和城乡建设局", "区农业农村局"],
        "stems": [
            "完善防汛应急预案",
            "加强山洪地质灾害监测预警",
            "开展防汛应急演练",
            "储备防汛应急物资",
            "加固病险水库和河堤",
            "提高群众避险自救能力",
        ],
    },
    {
        "form": "jiebie",
        "topic": "普惠性幼儿园建设",
        "sector": "教育界",
        "at": 0.5,
        "plan": True,
        "n": 38,
        "category": "culture",
        "units": ["区教育局", "区财政局"],
        "stems": [
            "扩大普惠性学前教育资源",
            "落实普惠性民办幼儿园扶持资金",
            "补齐农村幼儿园短板",
            "加强幼儿园教师队伍建设",
            "规范小区配套幼儿园移交",
        ],
    },
    {
        "form": "jiebie",
        "topic": "企业用工难",
        "sector": "工商联",
        "at": 0.7,
        "plan": True,
        "n": 38,
        "category": "livelihood",
        "units": ["区人力资源和社会保障局", "区工商业联合会"],
        "stems": [
            "搭建企业用工对接平台",
            "加强职业技能培训",
            "吸引返乡青年就近就业",
            "完善企业用工服务保障",
            "推进校企合作订单式培养",
        ],
    },
]
ASPECTS = ["的建议", "的对策建议", "的意见", "的几点建议"]
# Not carried out yet: the plan's open items.
OPEN_ITEMS = [("zhuanti_yizheng", "推进乡村振兴战略实施", 11), ("shuangzhou", "缓解城区停车难", 12)]
STUDIOS = [
    ("area", "城关街道委员工作室", "商州区城关街道某社区", ["logo", "people", "duties", "process", "rules"]),
    ("sector", "工商联界委员工作室", "商州区某商会会所", ["logo", "people", "duties", "process"]),
    ("personal", "", "商州区某律师事务所", ["logo", "people", "duties"]),
]
STUDIO_LOGS = [
    ("study", "组织工作室委员集中学习政协章程和履职知识"),
    ("opinion", "接待群众来访，收集社情民意"),
    ("serve", "开展政策咨询和法律服务进社区活动"),
    ("liaison", "走访联系界别群众"),
]
REPLIES = {
    SuggestionStatus.REPLIED: "已收悉，正在研究办理。",
    SuggestionStatus.ADOPTED: "建议已采纳，已列入年度重点工作并组织实施。",
    SuggestionStatus.PARTLY: "建议部分采纳，相关措施已纳入工作方案，其余事项将结合实际逐步推进。",
    SuggestionStatus.REFERENCE: "建议留作参考，将在今后工作中统筹考虑。",
}
# How a consultation's suggestions spread over the states (weights).
STATUS_WEIGHTS = [
    (SuggestionStatus.SUBMITTED, 1), (SuggestionStatus.ASSIGNED, 2), (SuggestionStatus.REPLIED, 2),
    (SuggestionStatus.ADOPTED, 5), (SuggestionStatus.PARTLY, 2), (SuggestionStatus.REFERENCE, 1),
]  # fmt: skip


def seed(ctx: DemoContext) -> None:
    committee = ctx.objects["committee"]
    today = ctx.today
    start = date(today.year, 1, 1)
    span = (today - start).days

    def day(fraction: float, plus: int = 0) -> date:
        return min(start + timedelta(days=int(span * fraction) + plus), today)

    staff = User.objects.get(username="demo-staff")
    memberships = ctx.objects["memberships"]
    units = {u.name: u for u in ctx.objects["units"]}
    forms = {f.code: f for f in ConsultationForm.objects.filter(committee=committee)}
    sectors = {s.short_name: s for s in Sector.objects.filter(committee=committee)}
    special_committees = ctx.objects["special_committees"]

    studios = []
    for i, (kind, name, address, checklist) in enumerate(STUDIOS):
        pool = [m.person for m in memberships[i * 40 : i * 40 + 40]]
        members = ctx.rng.sample(pool, 7)
        studio = services.studio_create(
            committee=committee,
            data={
                "kind": kind,
                "name": name or f"{members[0].name}委员工作室",
                "address": address,
                "convenor": members[0],
                "checklist": checklist,
                "established_on": date(today.year - 1, 3 + i, 15),
            },
            members=members,
            by=staff,
        )
        for j, (log_kind, text) in enumerate(STUDIO_LOGS):
            services.studio_log_add(
                studio=studio, on=day(0.15 + 0.2 * j, i), kind=log_kind, text=text, by=staff
            )
        studios.append(studio)

    plan = services.plan_create(
        committee=committee, year=today.year, approved_by="区委常委会会议", approved_on=day(0.05), by=staff
    )
    statuses = [s for s, w in STATUS_WEIGHTS for _ in range(w)]
    for spec in CONSULTATIONS:
        organizer: dict[str, Any] = {}
        if "sc" in spec:
            sc = special_committees[spec["sc"]]
            organizer["special_committee"] = sc
            pool = [m.person for m in memberships if m.special_committee_id == sc.pk]
        elif "sector" in spec:
            sector = sectors[spec["sector"]]
            organizer["sector"] = sector
            pool = [m.person for m in memberships if m.sector_id == sector.pk]
        else:
            studio = studios[spec["studio"]]
            organizer["studio"] = studio
            pool = list(studio.members.all())
        item = None
        if spec["plan"]:
            month = day(spec["at"]).month
            item = services.plan_item_add(
                plan=plan, form=forms[spec["form"]], topic=spec["topic"], organizer=str(next(iter(organizer.values()))),
                planned_month=month, by=staff,
            )  # fmt: skip
        on = day(spec["at"])
        participants = ctx.rng.sample(pool, min(len(pool), 12))
        consultation = services.consultation_create(
            committee=committee,
            data={
                "form": forms[spec["form"]], "topic": spec["topic"], "start_on": on, "end_on": day(spec["at"], 1),
                "venue": "区政协会议室" if "studio" not in organizer else organizer["studio"].address,
                "officials_count": ctx.rng.randint(2, 6), "public_count": ctx.rng.randint(0, 12),
                "experts_count": ctx.rng.randint(0, 3), "plan_item": item, **organizer,
                "summary": f"围绕{spec['topic']}深入调研、协商议政，形成意见建议{spec['n']}条，报送区委、区政府参阅。",
            },
            participants=participants,
            by=staff,
        )  # fmt: skip
        if spec["form"] in ("zhuanti_diaoyan", "jiebie"):
            for k, place in enumerate(["某镇", "某街道办事处", "某产业园区"]):
                services.research_visit_add(
                    consultation=consultation, on=day(spec["at"] * (0.7 + 0.1 * k)), place=place,
                    note="实地察看，召开座谈会听取意见。", by=staff,
                )  # fmt: skip
        for n in range(spec["n"]):
            stem = spec["stems"][n % len(spec["stems"])]
            title = f"关于{stem}{ASPECTS[(n // len(spec['stems'])) % len(ASPECTS)]}"
            submitted = day(spec["at"], 2)
            suggestion = services.suggestion_create(
                committee=committee, title=title, submitted_on=submitted, consultation=consultation,
                text=f"针对{spec['topic']}中{stem}的问题，建议明确责任单位，细化工作措施，加强督促落实。",
                proposers=ctx.rng.sample(participants, min(len(participants), ctx.rng.choice([1, 1, 2, 3]))),
                category=spec["category"], by=staff,
            )  # fmt: skip
            _advance(
                suggestion,
                ctx.rng.choice(statuses),
                [units[u] for u in spec["units"]],
                submitted,
                today,
                staff,
                ctx,
            )
    for code, topic, month in OPEN_ITEMS:
        services.plan_item_add(plan=plan, form=forms[code], topic=topic, organizer="区政协办公室", planned_month=month,
                               by=staff)  # fmt: skip
    ctx.objects.update(consult_plan=plan, studios=studios)


def _advance(suggestion: Any, status: str, units: list[Any], submitted: date, today: date, by: Any,
             ctx: DemoContext) -> None:  # fmt: skip
    if status == SuggestionStatus.SUBMITTED:
        return
    chosen = ctx.rng.sample(units, ctx.rng.choice([1, 1, 2]))
    services.suggestion_assign(
        suggestion=suggestion, units=chosen, on=min(submitted + timedelta(days=3), today), by=by
    )
    if status == SuggestionStatus.ASSIGNED:
        return
    replied = min(submitted + timedelta(days=ctx.rng.randint(15, 40)), today)
    reply_text = REPLIES.get(SuggestionStatus(status), REPLIES[SuggestionStatus.REPLIED])
    services.suggestion_reply(suggestion=suggestion, reply=reply_text, replied_on=replied, by=by)
    if status != SuggestionStatus.REPLIED:
        services.suggestion_conclude(
            suggestion=suggestion, outcome=status, on=min(replied + timedelta(days=5), today), by=by
        )
