"""Summary figure of the committee's own meetings: how many were held in the period, by type. It links to
the meeting list filtered to exactly those meetings."""

from __future__ import annotations

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from lvzhi.core.figures import Figure, Measured, Period, by_committee, list_url, register
from lvzhi.meetings.choices import MeetingStatus, MeetingType
from lvzhi.meetings.models import Meeting
from lvzhi.org.models import Committee

SECTION = "加强组织建设"


def _committee_meetings(committee: Committee, period: Period) -> Measured:
    by_type = dict(
        Meeting.objects.filter(committee=committee)
        .held_within(period.start, period.end)
        .order_by()
        .values_list("type")
        .annotate(n=Count("id"))
    )
    detail = {t: by_type.get(t, 0) for t in MeetingType.values}
    return Measured(sum(detail.values()), detail)


register(
    Figure(
        key="committee_meetings",
        label=_("政协会议"),
        kind="event",
        compute=_committee_meetings,
        grouped=lambda cs, p: by_committee(
            Meeting.objects.held_within(p.start, p.end).filter(type__in=MeetingType.values), cs
        ),
        sentence=_(
            "召开政协会议{value}次，其中全体会议{plenary}次、常委会议{standing}次、专题议政性常委会议{topical}次、"
            "主席会议{chairs}次、专委会会议{special}次"
        ),
        evidence=lambda c, p: list_url("meetings:list", c, status=MeetingStatus.HELD, **p.as_dict()),
        unit=_("次"),
        section=SECTION,
        order=15,
    ),
)
