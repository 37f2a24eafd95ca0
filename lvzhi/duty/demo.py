"""Demo duty: after every other app has filled the archives, a few appeals (one pending, one approved,
one rejected), a 常委's annual report for last year and a draft for this one, and last year finalized."""

from __future__ import annotations

from lvzhi.accounts.models import User
from lvzhi.core.demo import DemoContext
from lvzhi.duty import services
from lvzhi.duty.models import DutyRecord

ORDER = 90

REPORT = """一、履职成效
一年来，本人认真参加常委会议和专委会活动，围绕全区中心工作开展调研，提交提案并参与协商议政。
二、存在的问题
深入界别群众还不够经常，调研成果转化不够充分。
三、改进建议
坚持联系界别群众，提高提案质量，积极反映社情民意。"""


def seed(ctx: DemoContext) -> None:
    committee = ctx.objects["committee"]
    staff = User.objects.get(username="demo-staff")
    member = User.objects.get(username="demo-member")
    director = User.objects.get(username="demo-director")
    today = ctx.today
    records = list(
        DutyRecord.objects.filter(
            committee=committee,
            person_id=member.person_id or 0,
            kind__in=["study.absent", "study.attended", "orglife.absent", "orglife.attended"],
        )
        .select_related("committee")
        .order_by("date", "id")
    )
    # the approved one: an absence shown to have been excused (or an excused one attended), else a
    # presence that was in fact an excused absence
    absent = [r for r in records if r.kind.endswith(".absent")]
    first = (absent or records)[:1]
    if first:
        record = first[0]
        claim, reason = "excused", "当天在外地出差，已向组织方电话请假。"
        if record.kind.endswith(".absent") and record.state == "excused":
            claim, reason = "present", "当天按时到会，会后补签。"
        approved = services.appeal_file(record=record, claim=claim, reason=reason, by=member)
        services.appeal_resolve(appeal=approved, approve=True, note="经核实属实，予以更正。", by=staff)
    others = [r for r in records if r not in first]
    if len(others) >= 2:
        rejected = services.appeal_file(
            record=others[0], claim="not_mine", reason="记不清是否参加。", by=member
        )
        services.appeal_resolve(
            appeal=rejected, approve=False, note="签到表有本人签名，维持原记录。", by=staff
        )
        services.appeal_file(record=others[-1], claim="excused", reason="当天因病请假，有病假条。", by=member)
        for other in others[1:4]:
            services.record_confirm(record=other, by=member)
    person = director.person
    if person is not None:
        last = services.report_save(person=person, year=today.year - 1, text=REPORT, by=director)
        services.report_mark_submitted(report=last, by=staff)
        services.report_save(
            person=person, year=today.year, text="（草稿）" + REPORT.splitlines()[1], by=director
        )
    services.year_finalize(committee=committee, year=today.year - 1, by=staff, today=today)
