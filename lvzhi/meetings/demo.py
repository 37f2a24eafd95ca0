"""Demo meetings: a year of the committee's own meetings — 1 全体会议, 5 常委会议 (the last the article's
第十八次), 10 主席会议, a meeting of each special committee and 2 专题议政性常委会议 — with attendance, a few
leave requests (most approved, one rejected) and a few unexcused absences; and one meeting ahead, notified,
with a leave request waiting for its answer."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from lvzhi.accounts.models import User
from lvzhi.core.demo import DemoContext
from lvzhi.meetings import services
from lvzhi.meetings.choices import AttendanceStatus, MeetingType
from lvzhi.org.numerals import chinese_number

ORDER = 35  # after org, party and the demo accounts

PLACE = "区政协机关三楼会议室"
STANDING_AGENDA = [
    "传达学习习近平总书记重要讲话精神和中央、省、市、区委有关会议精神",
    "听取区人民政府关于有关工作情况的通报",
    "协商讨论并通过有关事项",
]
TOPICAL = ["推动县域经济高质量发展", "加快乡村全面振兴、建设宜居宜业和美乡村"]
REASONS = ["因公出差", "参加市委党校培训", "身体不适住院治疗", "参加上级重要会议", "单位有紧急任务"]


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def seed(ctx: DemoContext) -> None:
    committee, today = ctx.objects["committee"], ctx.today
    term = ctx.objects["term"]
    start = max(today - timedelta(days=350), term.start + timedelta(days=1))
    staff = User.objects.filter(username="demo-staff").first()
    prefix = f"政协商州区第{chinese_number(term.number)}届委员会"
    span = (today - start).days
    plan: list[tuple[str, str, date, list[str], Any]] = []
    plan.append(
        (MeetingType.PLENARY, f"{prefix}第{chinese_number(3)}次全体会议", start + timedelta(days=10),
         ["开幕会", "听取和审议常务委员会工作报告、提案工作情况报告", "大会发言", "分组讨论", "闭幕会"], None)
    )  # fmt: skip
    for n in range(5):
        plan.append(
            (MeetingType.STANDING, f"{prefix}第{chinese_number(14 + n)}次常委会议",
             start + timedelta(days=25 + n * span // 5), STANDING_AGENDA, None)
        )  # fmt: skip
    for n, topic in enumerate(TOPICAL):
        plan.append(
            (MeetingType.TOPICAL, f"{prefix}专题议政性常委会议（{topic}）",
             start + timedelta(days=100 + n * 120), [f"围绕“{topic}”开展专题议政", "常委发言"], None)
        )  # fmt: skip
    for n in range(10):
        plan.append(
            (MeetingType.CHAIRS, f"{prefix}主席会议（{n + 1}）", start + timedelta(days=15 + n * span // 10),
             ["研究近期重点工作", "审议有关事项"], None)
        )  # fmt: skip
    for n, sc in enumerate(ctx.objects["special_committees"]):
        plan.append(
            (MeetingType.SPECIAL, f"{sc.name}全体委员会议", start + timedelta(days=60 + n * 50),
             ["学习有关文件精神", "研究本委年度重点工作"], sc)
        )  # fmt: skip
    plan = [(k, t, min(d, today - timedelta(days=1)), a, sc) for k, t, d, a, sc in plan]
    warned = _warned_standing(ctx, [d for k, _t, d, _a, _sc in plan if k == MeetingType.STANDING])
    for made, (kind, title, day, agenda, sc) in enumerate(plan):
        meeting = services.meeting_create(
            committee=committee,
            data={
                "type": kind,
                "title": title,
                "special_committee": sc,
                "starts_at": _at(day, 9),
                "ends_at": _at(day, 12 if kind != MeetingType.PLENARY else 17),
                "place": PLACE,
                "notice": "经研究，定于近期召开会议。现将有关事项通知如下：",
            },
            agenda=agenda,
            by=staff,
        )
        services.meeting_notify(meeting=meeting, by=staff)
        _attendance(ctx, meeting, made, staff, warned.get(day) if kind == MeetingType.STANDING else None)
        services.meeting_mark_held(meeting=meeting, by=staff)
    _ahead(ctx, prefix, staff)


def _warned_standing(ctx: DemoContext, days: list[date]) -> dict[date, int]:
    """One 常委 (no demo account behind them) stays away unexcused from two 常委会议 of the same year, one
    short of the 劝辞 threshold (three in a year): the ranking's warning has someone to show. Five
    meetings fall in at most two years, so one year holds two: the latest such year is taken."""
    accounts = set(User.objects.filter(username__startswith="demo-").values_list("person_id", flat=True))
    standing = sorted(
        (m for m in ctx.objects["memberships"] if m.position == "standing" and m.person_id not in accounts),
        key=lambda m: (m.person.stroke_key, m.person_id),
    )
    by_year: dict[int, list[date]] = {}
    for day in sorted(days):
        by_year.setdefault(day.year, []).append(day)
    years = [y for y, ds in by_year.items() if len(ds) >= 2]
    if not standing or not years:
        return {}
    return dict.fromkeys(by_year[max(years)][-2:], standing[0].person_id)


def _attendance(ctx: DemoContext, meeting: Any, n: int, staff: Any, away: int | None = None) -> None:
    """Most attend; every few meetings someone asks for leave (approved, once rejected), and now and then
    someone stays away unexcused (``away``: this person, whatever the draw)."""
    people = list(meeting.invitees.values_list("person_id", flat=True))
    rng = ctx.rng
    on_leave = rng.sample(people, min(len(people) // 15 + (1 if n % 3 == 0 else 0), len(people)))
    unexcused = rng.sample([p for p in people if p not in on_leave], 1 if n % 4 == 1 else 0)
    if away in people:
        on_leave = [p for p in on_leave if p != away]
        unexcused.append(away)
    persons = {i.person_id: i.person for i in meeting.invitees.select_related("person")}
    for k, pid in enumerate(on_leave):
        leave = services.leave_request(
            meeting=meeting, person=persons[pid], reason=REASONS[(n + k) % len(REASONS)], by=staff
        )
        if n == 3 and k == 0:
            services.leave_reject(leave=leave, note="会议议题重要，请克服困难准时参会。", by=staff)
        else:
            services.leave_approve(leave=leave, note="同意。", by=staff)
    rejected = {lv.person_id for lv in meeting.leaves.filter(status="rejected")}
    marks: dict[int, str] = {
        pid: AttendanceStatus.ABSENT
        if (pid in on_leave and pid not in rejected) or pid in unexcused
        else AttendanceStatus.PRESENT
        for pid in people
    }
    services.attendance_set_many(meeting=meeting, marks=marks, by=staff)


def _ahead(ctx: DemoContext, prefix: str, staff: Any) -> None:
    """A special committee's meeting next week: notified, the demo member invited, a leave request open."""
    member = ctx.objects.get("demo_member")
    memberships = ctx.objects["memberships"]
    sc_id = next((m.special_committee_id for m in memberships if member and m.person_id == member.pk), None)
    sc = next(
        (s for s in ctx.objects["special_committees"] if s.pk == sc_id), ctx.objects["special_committees"][0]
    )
    day = ctx.today + timedelta(days=7)
    meeting = services.meeting_create(
        committee=ctx.objects["committee"],
        data={
            "type": MeetingType.SPECIAL,
            "title": f"{sc.name}专题调研工作会议",
            "special_committee": sc,
            "starts_at": _at(day, 15),
            "ends_at": _at(day, 17),
            "place": PLACE,
            "notice": "为做好年度专题调研工作，经研究，定于下周召开会议。现将有关事项通知如下：",
        },
        agenda=["研究年度专题调研方案", "分配调研任务"],
        by=staff,
    )
    services.meeting_notify(meeting=meeting, by=staff)
    asker = next(
        i.person
        for i in meeting.invitees.select_related("person").order_by("person__stroke_key")
        if member is None or i.person_id != member.pk
    )
    services.leave_request(meeting=meeting, person=asker, reason="赴省城参加业务培训", by=staff)
