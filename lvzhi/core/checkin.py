"""Check-in at any activity with a QR code (issue: meetings, study sessions, consultations, site visits,
service activities). Each app registers its activities in its ``checkin.py`` with the window a check-in
is open in and the service that records the attendance (which writes the DutyRecord); core keeps the
one check-in per person and activity, the signed token in the QR code, and staff corrections with reasons.

A check-in is refused when the token is wrong, outside the window, for a person of another committee or
not expected at the activity, and a second time; a person checks in only themselves (the person of the
logged-in account, never one named in the request)."""

from __future__ import annotations

import hmac
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from lvzhi.core.audit import audit_log
from lvzhi.core.models import CheckIn


@dataclass(frozen=True)
class Checkable:
    kind: str  # e.g. "study.session": in URLs and on each CheckIn
    label: str  # e.g. "学习活动"
    model: str  # the activity's model label, e.g. "study.studysession"
    window: Callable[[Any], tuple[datetime, datetime]]  # when check-in is open (aware datetimes)
    attend: Callable[[Any, Any, Any], object]  # (activity, person, by): the app records the attendance
    withdraw: Callable[[Any, Any, Any], object]  # (activity, person, by): undo it (a staff correction)
    title: Callable[[Any], str]
    manage: str  # the permission (on the activity) to show its QR code and correct check-ins
    expected: Callable[[Any, Any], bool] = lambda activity, person: True  # may this person attend?

    def get(self, committee: Any, pk: int) -> Any:
        model: type[models.Model] = apps.get_model(self.model)
        return model._default_manager.filter(committee=committee).get(pk=pk)


_registry: dict[str, Checkable] = {}


def register(checkable: Checkable) -> None:
    if checkable.kind in _registry and _registry[checkable.kind] != checkable:
        raise ImproperlyConfigured(f"check-in kind {checkable.kind!r} registered twice")
    _registry[checkable.kind] = checkable


def get(kind: str) -> Checkable | None:
    return _registry.get(kind)


def day_window(
    day: date, *, start: time = time(0, 0), end: time = time(23, 59, 59)
) -> tuple[datetime, datetime]:
    """The window of an activity known only by its day: that whole day, local time."""
    tz = timezone.get_current_timezone()
    return datetime.combine(day, start, tzinfo=tz), datetime.combine(day, end, tzinfo=tz)


def around(
    starts: datetime, ends: datetime, *, before: timedelta = timedelta(minutes=60)
) -> tuple[datetime, datetime]:
    """The window of a timed activity: from an hour before it starts until it ends."""
    return starts - before, ends


def token(kind: str, pk: int) -> str:
    """The secret in the activity's QR code: an HMAC of its kind and id under the site's key."""
    return salted_hmac(
        "lvzhi.checkin", f"{kind}:{pk}", secret=settings.SECRET_KEY, algorithm="sha256"
    ).hexdigest()[:20]


def url(committee: Any, kind: str, pk: int) -> str:
    return reverse(
        "core:checkin", kwargs={"committee": committee.code, "kind": kind, "pk": pk, "token": token(kind, pk)}
    )


def is_open(checkable: Checkable, activity: Any, now: datetime) -> bool:
    start, end = checkable.window(activity)
    return start <= now <= end


@transaction.atomic
def check_in(
    *, checkable: Checkable, activity: Any, given_token: str, by: Any, now: datetime | None = None
) -> CheckIn:
    """The logged-in person checks in, once, inside the window, with the activity's token."""
    if not hmac.compare_digest(given_token, token(checkable.kind, activity.pk)):
        raise PermissionDenied
    person = getattr(by, "person", None)
    if person is None or person.committee_id != activity.committee_id:
        raise ValidationError(_("只有本会的委员和工作人员可以签到。"))
    if not checkable.expected(activity, person):
        raise ValidationError(_("您不在本次活动的参加人员名单中，请联系工作人员。"))
    now = now or timezone.now()
    start, end = checkable.window(activity)
    if now < start:
        raise ValidationError(
            _("签到尚未开始（%(at)s 开始）。") % {"at": timezone.localtime(start).strftime("%Y-%m-%d %H:%M")}
        )
    if now > end:
        raise ValidationError(
            _("签到已结束（%(at)s 截止）。") % {"at": timezone.localtime(end).strftime("%Y-%m-%d %H:%M")}
        )
    record = _create(checkable, activity, person, by, CheckIn.Method.SCAN, "")
    audit_log("checkin", user=by, obj=activity, detail={"kind": checkable.kind})
    return record


def _create(checkable: Checkable, activity: Any, person: Any, by: Any, method: str, reason: str) -> CheckIn:
    try:
        with transaction.atomic():
            record = CheckIn.objects.create(
                committee_id=activity.committee_id,
                kind=checkable.kind,
                object_id=activity.pk,
                person=person,
                method=method,
                by=by if getattr(by, "pk", None) else None,
                reason=reason,
            )
    except IntegrityError:
        raise ValidationError(_("%(name)s已签到，无需重复签到。") % {"name": person.name}) from None
    checkable.attend(activity, person, by)
    return record


@transaction.atomic
def checkin_correct(
    *, checkable: Checkable, activity: Any, person: Any, present: bool, reason: str, by: Any
) -> None:
    """Staff enter a check-in someone could not make, or strike a wrong one; the reason is kept and logged."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("请填写更正原因。")})
    if person.committee_id != activity.committee_id:
        raise ValidationError({"person": _("只能登记本政协的人员。")})
    if present:
        _create(checkable, activity, person, by, CheckIn.Method.STAFF, reason[:200])
    else:
        deleted, _rows = CheckIn.objects.filter(
            kind=checkable.kind, object_id=activity.pk, person=person
        ).delete()
        if not deleted:
            raise ValidationError({"person": _("%(name)s没有签到记录。") % {"name": person.name}})
        checkable.withdraw(activity, person, by)
    audit_log(
        "checkin_correct",
        user=by,
        obj=activity,
        detail={"kind": checkable.kind, "person": person.pk, "present": present, "reason": reason[:200]},
    )


def check_ins(checkable: Checkable, activity: Any) -> models.QuerySet[CheckIn]:
    return CheckIn.objects.filter(kind=checkable.kind, object_id=activity.pk).select_related("person", "by")
