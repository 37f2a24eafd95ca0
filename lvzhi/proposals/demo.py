"""Demo proposals: last year's session, all handled and closed, and this year's session with proposals in
every state — drafts, 附议 under way, awaiting review, not registered, converted, assigned (some late),
answered and waiting for the member, sent back for 重新办理, closed, merged into another (并案) — plus two
重点提案. Everything goes through the services, so timelines, DutyRecords and the search index are what
real use would leave."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from lvzhi.accounts.models import User
from lvzhi.core.demo import DemoContext
from lvzhi.org.choices import Position
from lvzhi.proposals import services
from lvzhi.proposals.choices import Category, HandlingRole, ProposerKind, ReplyClass, ReviewDecision, Status
from lvzhi.proposals.models import Proposal, ProposalSession

ORDER = 60

# (案由, category, the units it goes to by name with 主办 first, the problem in a sentence)
TOPICS: list[tuple[str, str, list[str], str]] = [
    ("关于进一步推进市政供暖进小区的建议", Category.URBAN, ["区住房和城乡建设局", "区供热公司"],
     "城区仍有部分小区未接入市政集中供暖，居民冬季取暖依赖燃煤和电暖器，安全隐患大、费用高。"),
    ("关于加快老旧小区供暖管网改造的建议", Category.URBAN, ["区住房和城乡建设局", "区财政局"],
     "老旧小区供暖管网锈蚀老化，跑冒滴漏严重，室温长期不达标。"),
    ("关于增加普惠性幼儿园学位供给的建议", Category.EDUCATION, ["区教育局", "区财政局"],
     "城区普惠性幼儿园学位紧张，民办园收费偏高，适龄儿童入园难。"),
    ("关于缓解城区停车难问题的建议", Category.URBAN, ["区城市管理执法局", "区住房和城乡建设局"],
     "城区停车位缺口大，占道停车现象突出，影响交通秩序。"),
    ("关于破解企业用工难的建议", Category.ECONOMY, ["区人力资源和社会保障局", "区商务局"],
     "部分企业季节性用工短缺，技能人才招不来、留不住。"),
    ("关于提升农村饮水安全保障水平的建议", Category.AGRICULTURE, ["区农业农村局"],
     "部分山区村组供水设施老化，旱季供水不稳定。"),
    ("关于推进居家养老服务全覆盖的建议", Category.LIVELIHOOD, ["区卫生健康局"],
     "城乡老年人居家养老服务供给不足，助餐、助医等服务覆盖面窄。"),
    ("关于加快现代服务业发展的建议", Category.ECONOMY, ["区发展和改革局", "区商务局"],
     "现代服务业占比偏低，生产性服务业发展滞后。"),
    ("关于完善防汛应急管理体系的建议", Category.LAW, ["区应急管理局"],
     "部分镇办防汛预案针对性不强，应急物资储备不足。"),
    ("关于促进后疫情时代民营经济发展的建议", Category.ECONOMY, ["区工商业联合会", "区市场监督管理局"],
     "民营企业融资难、订单少，稳预期信心不足。"),
    ("关于加强农产品品牌建设的建议", Category.AGRICULTURE, ["区农业农村局", "区市场监督管理局"],
     "特色农产品品牌多而散，市场竞争力弱。"),
    ("关于推动全域旅游提质增效的建议", Category.CULTURE, ["区文化和旅游广电局"],
     "旅游景点同质化，配套服务滞后，游客停留时间短。"),
    ("关于加强食品安全监管的建议", Category.LIVELIHOOD, ["区市场监督管理局"],
     "校园周边和农村集市食品安全监管存在薄弱环节。"),
    ("关于推进基层“人盯人”网格化治理的建议", Category.LAW, ["区委组织部", "区政府办公室"],
     "基层网格员力量不足，职责不清，联系群众不够紧密。"),
    ("关于加快城区背街小巷改造的建议", Category.URBAN, ["区住房和城乡建设局"],
     "背街小巷路面破损、排水不畅，群众出行不便。"),
    ("关于提升基层医疗服务能力的建议", Category.LIVELIHOOD, ["区卫生健康局"],
     "镇村医疗机构人才短缺、设备陈旧，群众看病仍往城区跑。"),
]  # fmt: skip
MEASURES = (
    "一是摸清底数、建立台账；二是制定分年度实施计划；三是落实资金保障和部门责任；四是建立跟踪问效机制。"
)


def _on(day: date, today: date) -> date:
    return min(day, today)


def _session(ctx: DemoContext, number: int, year: int) -> ProposalSession | None:
    opened = date(year, 1, 10)
    if opened > ctx.today - timedelta(days=20):
        return None
    return ProposalSession.objects.create(
        committee=ctx.objects["committee"], term=ctx.objects["term"], number=number, opened_on=opened
    )


def seed(ctx: DemoContext) -> None:
    committee = ctx.objects["committee"]
    staff = User.objects.get(username="demo-staff")
    units = {u.name: u for u in ctx.objects["units"]}
    members = [m.person for m in ctx.objects["memberships"] if m.position != Position.CHAIR]
    leaders = [
        m.person for m in ctx.objects["memberships"] if m.position in (Position.CHAIR, Position.VICE_CHAIR)
    ]
    demo_member = ctx.objects["demo_member"]
    today = ctx.today
    year = today.year
    last = _session(ctx, 2, year - 1)
    current = _session(ctx, 3, year) or last
    if last is None or current is None:
        return
    # Last year's session: every proposal handled and closed, a few 不予立案.
    _run(ctx, committee, last, members, units, leaders, staff, count=24, everything_closed=True, today=today)
    # This year's: every state, and the demo member's own proposals to show a member's side.
    _run(
        ctx,
        committee,
        current,
        members,
        units,
        leaders,
        staff,
        count=40,
        everything_closed=False,
        today=today,
    )
    _member_side(committee, current, demo_member, members, units, staff, today)
    _duplicate(committee, current, members, staff, today)


def _draft(
    committee: Any, session: ProposalSession, lead: Any, topic: tuple, by: Any, on: date, **extra: Any
) -> Proposal:
    title, category, _units, problem = topic
    cosigners = extra.pop("cosigners", ())
    p = services.proposal_create(
        committee=committee,
        lead=lead,
        data={
            "kind": extra.pop("kind", ProposerKind.MEMBER),
            "title": title,
            "reasons": f"{problem}群众反映强烈，亟需解决。",
            "measures": MEASURES,
            "category": category,
            **extra,
        },
        cosigners=cosigners,
        by=by,
        on=on,
    )
    p.session = session  # the session the demo files it under, whatever today's is
    p.save(update_fields=["session"])
    return p


def _assign(p: Proposal, topic: tuple, units: dict[str, Any], by: Any, on: date) -> None:
    names = topic[2]
    chosen = [(units[names[0]], HandlingRole.LEAD)] + [(units[n], HandlingRole.ASSIST) for n in names[1:]]
    services.proposal_assign(proposal=p, units=chosen, by=by, on=on)


def _reply_all(p: Proposal, by: Any, on: date, result: str) -> None:
    for a in p.assignments.filter(round=p.handling_round).order_by("role"):  # 会办 (assist) first, then 主办
        services.proposal_reply(
            assignment=a,
            result=result if a.answers else "",
            text="经研究，已将该建议纳入年度重点工作，明确责任单位和完成时限，分步推进落实。",
            contact="张科长 0914-2311234",
            by=by,
            on=on,
        )


def _run(
    ctx: DemoContext,
    committee: Any,
    session: ProposalSession,
    members: list[Any],
    units: dict[str, Any],
    leaders: list[Any],
    by: Any,
    *,
    count: int,
    everything_closed: bool,
    today: date,
) -> None:
    rng = ctx.rng
    start = session.opened_on
    classes = [ReplyClass.A] * 5 + [ReplyClass.B] * 3 + [ReplyClass.C, ReplyClass.D]
    for i in range(count):
        topic = TOPICS[i % len(TOPICS)]
        if i >= len(TOPICS):
            topic = (topic[0].replace("的建议", "的再建议"), *topic[1:])
        lead = members[rng.randrange(len(members))]
        submitted = start + timedelta(days=rng.randrange(0, 4))
        p = _draft(committee, session, lead, topic, by, submitted)
        services.proposal_submit(proposal=p, by=by, on=submitted)
        open_ = not everything_closed  # this year's session: leave proposals at every step
        reviewed = submitted + timedelta(days=10)
        if open_ and i % 8 == 6:
            continue  # awaiting review
        if i % 11 == 5:
            reason = "属个人诉求，不符合立案要求。"
            services.proposal_review(
                proposal=p, decision=ReviewDecision.REJECT, reason=reason, by=by, on=reviewed
            )
            continue
        if i % 13 == 7:
            reason = "经提案人同意，转为意见建议。"
            services.proposal_review(
                proposal=p, decision=ReviewDecision.CONVERT, reason=reason, by=by, on=reviewed
            )
            continue
        services.proposal_review(proposal=p, decision=ReviewDecision.REGISTER, by=by, on=reviewed)
        if i in (0, 3):
            services.proposal_mark_key(proposal=p, supervisor=leaders[i % len(leaders)], by=by, on=reviewed)
        if open_ and i % 10 == 9:
            continue  # registered, not yet 交办
        recent = open_ and i >= count * 0.85
        assigned = today - timedelta(days=20) if recent else reviewed + timedelta(days=15)
        _assign(p, topic, units, by, assigned)
        p.refresh_from_db()
        if recent or (open_ and i % 7 == 2):
            continue  # being handled (the older ones now past their deadline: 逾期)
        replied = assigned + timedelta(days=rng.randrange(40, 85))
        _reply_all(p, by, replied, classes[i % len(classes)])
        p.refresh_from_db()
        answered = replied + timedelta(days=rng.randrange(5, 20))
        if open_ and i >= count * 0.65:
            continue  # answered, waiting for the proposer
        if i % 9 == 4:
            comment = "答复未提出具体时间表。"
            services.proposal_feedback(
                proposal=p, person=p.lead, satisfaction="unsatisfied", comment=comment, by=by, on=answered
            )
            p.refresh_from_db()
            if open_:
                continue  # 重新办理 under way
            again = answered + timedelta(days=50)
            _reply_all(p, by, again, ReplyClass.B)
            p.refresh_from_db()
            answered = again + timedelta(days=7)
        services.proposal_feedback(
            proposal=p, person=p.lead, satisfaction="satisfied" if i % 3 else "basic", by=by, on=answered
        )


def _duplicate(committee: Any, session: ProposalSession, members: list[Any], by: Any, today: date) -> None:
    """A later proposal on the same matter as one awaiting review, merged into it (并案)."""
    primary = (
        Proposal.objects.filter(session=session, status=Status.SUBMITTED, kind=ProposerKind.MEMBER)
        .order_by("submitted_on", "id")
        .first()
    )
    if primary is None:
        return
    topic = next(t for t in TOPICS if t[0] == primary.title.replace("的再建议", "的建议"))
    assert primary.submitted_on is not None
    on = _on(primary.submitted_on + timedelta(days=2), today)
    lead = next(m for m in members if m.pk != primary.lead_id)
    other = _draft(committee, session, lead, (topic[0].replace("关于", "关于尽快", 1), *topic[1:]), by, on)
    services.proposal_submit(proposal=other, by=by, on=on)
    services.proposal_merge(primary=primary, others=[other], by=by, on=on)


def _member_side(
    committee: Any,
    session: ProposalSession,
    member: Any,
    members: list[Any],
    units: dict[str, Any],
    by: Any,
    today: date,
) -> None:
    """The demo member's own: a draft, a joint proposal collecting 附议, and one answered by the housing
    bureau (the demo 承办单位 account) that waits for their feedback."""
    member_user = User.objects.filter(person=member).first()
    _draft(
        committee,
        session,
        member,
        ("关于城区集中供暖收费标准公开的建议", Category.LIVELIHOOD, [], "供暖收费标准不够透明。"),
        member_user,
        today,
    )
    cosigners = [p for p in members if p.pk != member.pk][:2]
    joint = _draft(
        committee, session, member, ("关于推广小区电动自行车集中充电设施的建议", Category.URBAN, [], "电动自行车入户充电隐患多。"),
        member_user, today, kind=ProposerKind.JOINT, cosigners=cosigners,
    )  # fmt: skip
    services.proposal_submit(proposal=joint, by=member_user, on=today)
    start = max(session.opened_on, today - timedelta(days=120))
    p = _draft(committee, session, member, TOPICS[1], by, start)
    services.proposal_submit(proposal=p, by=by, on=start)
    services.proposal_review(
        proposal=p, decision=ReviewDecision.REGISTER, by=by, on=_on(start + timedelta(days=3), today)
    )
    services.proposal_assign(
        proposal=p,
        units=[(units["区住房和城乡建设局"], HandlingRole.LEAD)],
        by=by,
        on=_on(start + timedelta(days=5), today),
    )
    p.refresh_from_db()
    _reply_all(p, by, _on(start + timedelta(days=60), today), ReplyClass.B)
    # And two assigned to the housing bureau that it has not answered yet.
    for topic in (TOPICS[0], TOPICS[14]):
        q = _draft(committee, session, members[len(members) // 2], topic, by, start)
        services.proposal_submit(proposal=q, by=by, on=start)
        services.proposal_review(proposal=q, decision=ReviewDecision.REGISTER, by=by, on=start)
        services.proposal_assign(
            proposal=q, units=[(units["区住房和城乡建设局"], HandlingRole.LEAD)], by=by, on=start
        )
