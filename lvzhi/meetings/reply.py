"""回执: an invitee answers a meeting notice (参加 / 请假 with a reason) in the app, or from the signed
link in the notice's e-mail or SMS, which opens after login for the person it names and no one else."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.core.views_helpers import committee_for
from lvzhi.meetings import services
from lvzhi.meetings.choices import LeaveStatus, ReplyChoice
from lvzhi.meetings.models import Invitee, Meeting
from lvzhi.meetings.reply_links import ReplyLinkError, reply_claim
from lvzhi.meetings.views import _meeting


def _refused(request: HttpRequest, message: str, status: int) -> HttpResponse:
    return render(request, "meetings/reply_refused.html", {"message": message}, status=status)


def _answer(request: HttpRequest, meeting: Meeting, invitee: Invitee) -> bool:
    """Apply the posted answer; True when it was accepted (a message says so), False with the error shown."""
    answer = request.POST.get("answer", "")
    try:
        services.invitee_reply(
            meeting=meeting,
            person=invitee.person,
            answer=answer,
            reason=request.POST.get("reason", ""),
            by=request.user,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return False
    except PermissionDenied as exc:
        messages.error(request, str(exc))
        return False
    if answer == ReplyChoice.LEAVE:
        messages.success(request, _("已提交请假申请，请等待审批。"))
    else:
        messages.success(request, _("已回复参加。"))
    return True


@login_required
def reply_link(request: HttpRequest, committee: str, token: str) -> HttpResponse:
    """The page a 回执链接 opens: the meeting, and the two answers; refused with a reason in Chinese."""
    try:
        claim = reply_claim(token)
    except ReplyLinkError as exc:
        return _refused(request, str(exc), 400)
    if getattr(request.user, "person_id", None) != claim.person_id:
        return _refused(
            request, _("该回执链接是发给其他参会人员的，您不能代为回复。请使用发给您本人的通知。"), 403
        )
    invitee = (
        Invitee.objects.filter(
            meeting_id=claim.meeting_id, person_id=claim.person_id, meeting__committee__code=committee
        )
        .select_related("meeting", "meeting__committee", "person")
        .first()
    )
    if invitee is None:
        return _refused(request, _("您已不在本次会议的参会人员名单中，该回执链接已失效。"), 410)
    meeting = invitee.meeting
    if meeting.has_started():
        return _refused(request, _("会议已开始，回执链接已失效；如需请假，请联系会务工作人员。"), 410)
    if request.method == "POST" and _answer(request, meeting, invitee):
        return redirect(meeting)
    leave = meeting.leaves.filter(person_id=claim.person_id).first()
    return render(
        request,
        "meetings/reply.html",
        {
            "meeting": meeting,
            "invitee": invitee,
            "leave": leave,
            "may_ask_leave": leave is None or leave.status == LeaveStatus.REJECTED,
        },
    )


@login_required
@require_POST
def reply_in_app(request: HttpRequest, committee: str, pk: int) -> HttpResponse:
    """The same answers from the meeting's page in the app."""
    c = committee_for(request, committee)
    meeting = _meeting(request, c, pk)
    invitee = meeting.invitees.filter(person_id=getattr(request.user, "person_id", None) or 0).first()
    if invitee is None:
        raise PermissionDenied
    _answer(request, meeting, invitee)
    return redirect(meeting)
