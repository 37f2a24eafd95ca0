"""Demo ledger: the 作风建设专项行动 on the 十方面问题, about 30 items in every state, some overdue."""

from __future__ import annotations

from datetime import timedelta

from lvzhi.accounts.models import User
from lvzhi.core.demo import DemoContext
from lvzhi.org.choices import Position
from lvzhi.rectify import services
from lvzhi.rectify.choices import ItemStatus, OwnerKind

ORDER = 45

CATEGORIES = [
    "政治站位不够高",
    "责任担当不够强",
    "工作作风不够实",
    "调查研究不够深",
    "服务群众不够优",
    "履职能力不够强",
    "工作效率不够高",
    "纪律规矩不够严",
    "形式主义官僚主义",
    "廉洁自律不够严",
]
PROBLEMS = [
    "学习贯彻上级会议精神不够及时，专题学习研讨深度不够",
    "个别委员参加专委会活动积极性不高，履职记录不完整",
    "调研报告问题分析多、对策建议少，可操作性不强",
    "联系界别群众不够经常，收集社情民意渠道单一",
    "机关公文办理时限偏长，个别文件流转超过规定时间",
    "会议多、文件多，部分会议准备不充分",
    "委员履职档案更新不及时",
    "提案办理跟踪督办不够有力",
    "机关干部下基层调研次数偏少",
    "公务接待和用车管理制度执行不够严格",
]
# (status, how many, overdue among them)
PLAN = [
    (ItemStatus.REGISTERED, 3, 0),
    (ItemStatus.ASSIGNED, 4, 0),
    (ItemStatus.FIXED, 5, 1),
    (ItemStatus.RECTIFYING, 7, 2),
    (ItemStatus.AWAITING, 4, 1),
    (ItemStatus.CLOSED, 7, 0),
]


def seed(ctx: DemoContext) -> None:
    committee = ctx.objects["committee"]
    today = ctx.today
    staff_user = User.objects.get(username="demo-staff")
    leader_user = User.objects.get(username="demo-leader")
    memberships = ctx.objects["memberships"]
    vice_chairs = [m.person for m in memberships if m.position == Position.VICE_CHAIR] or [leader_user.person]
    responsibles = ctx.objects["staff_people"][4:10] or ctx.objects["staff_people"]
    start = today - timedelta(days=150)
    campaign = services.campaign_create(
        committee=committee, name="作风建设专项行动", started_on=start, categories=CATEGORIES, by=staff_user
    )
    categories = list(campaign.categories.all())
    n = 0
    for status, count, overdue in PLAN:
        for k in range(count):
            registered = start + timedelta(days=3 * n)
            late = k < overdue
            deadline = today - timedelta(days=5 + 4 * k) if late else today + timedelta(days=10 + 9 * n % 60)
            if status == ItemStatus.CLOSED:
                deadline = registered + timedelta(days=60)
            if not late and k == count - 1 and status in (ItemStatus.FIXED, ItemStatus.RECTIFYING):
                deadline = today + timedelta(days=3)  # 临期
            complete = status not in (ItemStatus.REGISTERED, ItemStatus.ASSIGNED) or k % 2 == 0
            data = {
                "category": categories[n % len(categories)],
                "source": "自查自纠" if n % 3 else "上级反馈",
                "description": PROBLEMS[n % len(PROBLEMS)],
                "owner_kind": [OwnerKind.TEAM, OwnerKind.PERSON, OwnerKind.BRANCH][n % 3],
                "lead_leader": vice_chairs[n % len(vice_chairs)],
                "unit": ["办公室", "研究室", "提案委", "经济委", "文史委"][n % 5],
                "responsible": responsibles[n % len(responsibles)],
                "acceptor": leader_user.person,
            }
            if complete:
                data |= {
                    "measures": "制定整改方案，明确时间节点，逐项推进落实。",
                    "goal": "问题得到根本解决，形成长效机制。",
                    "standard": "有制度、有记录、有成效，经验收人验收合格。",
                    "deadline": deadline,
                }
            item = services.ledger_item_register(campaign=campaign, data=data, on=registered, by=staff_user)
            n += 1
            if status == ItemStatus.REGISTERED:
                continue
            services.ledger_item_assign(item=item, by=staff_user)
            if status == ItemStatus.ASSIGNED:
                continue
            services.ledger_item_fix(item=item, by=staff_user)
            if status == ItemStatus.FIXED:
                continue
            services.ledger_item_start(item=item, by=staff_user)
            services.ledger_item_progress(
                item=item,
                text="已召开专题会议研究整改，正在逐项落实。",
                on=registered + timedelta(days=20),
                by=staff_user,
            )
            if status == ItemStatus.RECTIFYING:
                if k == 2:  # sent back once by its 验收人
                    services.ledger_item_submit(item=item, by=staff_user, opinion="已整改，申请验收。")
                    services.ledger_item_reject(
                        item=item, by=leader_user, opinion="佐证材料不全，请补充会议纪要后再申请验收。"
                    )
                if k == 3 and item.deadline is not None:  # 延期 approved by the office
                    services.ledger_item_extend(
                        item=item,
                        deadline=item.deadline + timedelta(days=30),
                        reason="涉及制度修订，需提交常委会审议。",
                        by=staff_user,
                    )
                continue
            services.ledger_item_submit(item=item, by=staff_user, opinion="整改措施已全部落实，申请验收。")
            if status == ItemStatus.AWAITING:
                continue
            services.ledger_item_accept(
                item=item,
                by=leader_user,
                opinion="经核查，整改到位，同意销号。",
                on=registered + timedelta(days=45),
            )
    ctx.objects["campaign"] = campaign
