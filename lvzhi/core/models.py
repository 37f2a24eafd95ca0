"""The committee-scoped base model and the audit trail's event table."""

from __future__ import annotations

from typing import Any, Self, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lvzhi.core.scope import scope_of


class CommitteeScopedQuerySet(models.QuerySet):
    """Reads of committee-scoped rows. ``owner_lookup`` names the path to the owning Person, if any:
    a 委员 reads the rows that are their own and nothing else."""

    owner_lookup: str | None = None

    def visible_to(self, user: Any) -> Self:
        scope = scope_of(user)
        if not scope.roles:
            return self.none()
        committee_model = cast("type[models.Model]", self.model._meta.get_field("committee").related_model)
        q = Q(committee__in=committee_model._default_manager.filter(scope.committees_q()).values("pk"))
        if self.owner_lookup and scope.person_id:
            q |= Q(**{self.owner_lookup: scope.person_id})
        return self.filter(q)

    def in_committee(self, committee: Any) -> Self:
        return self.filter(committee=committee)


class CommitteeScoped(models.Model):
    """Every domain row belongs to a committee; reads go through ``objects.visible_to(user)``."""

    committee = models.ForeignKey(
        "org.Committee", on_delete=models.PROTECT, related_name="+", verbose_name=_("政协")
    )

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        abstract = True


class Versioned(models.Model):
    """A version column: an edit made on a stale copy is refused instead of silently overwriting."""

    version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        abstract = True

    def claim_version(self, expected: int | None) -> None:
        """Bump the stored version if it is still ``expected``; call inside the writing transaction."""
        if expected is None or self.pk is None:
            self.version = (self.version or 0) + (1 if self.pk else 0)
            return
        updated = (
            type(self)._default_manager.filter(pk=self.pk, version=expected).update(version=F("version") + 1)
        )
        if not updated:
            raise ValidationError(_("该记录已被他人修改，请刷新页面后重新编辑。"), code="stale")
        self.version = expected + 1


class AuditEvent(models.Model):
    """One entry of the audit trail (登录、导出、查看敏感信息、权限变更 …), readable by the 审计管理员 alone.

    Field changes are kept by django-simple-history; this table holds the events that are not a row's
    change. Append-only: rows are never updated, and deleted only by the retention rule.
    """

    class Result(models.TextChoices):
        SUCCESS = "success", _("成功")
        FAILURE = "failure", _("失败")

    at = models.DateTimeField(default=timezone.now, db_index=True, verbose_name=_("时间"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    username = models.CharField(max_length=150, blank=True, verbose_name=_("用户"))
    ip = models.GenericIPAddressField(null=True, blank=True, verbose_name=_("IP地址"))
    action = models.CharField(max_length=40, db_index=True, verbose_name=_("事件"))
    object_type = models.CharField(max_length=80, blank=True, verbose_name=_("对象类型"))
    object_id = models.CharField(max_length=64, blank=True, verbose_name=_("对象"))
    object_repr = models.CharField(max_length=200, blank=True, verbose_name=_("对象名称"))
    committee = models.ForeignKey(
        "org.Committee", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    result = models.CharField(max_length=10, choices=Result.choices, default=Result.SUCCESS)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("审计事件")
        indexes = [models.Index(fields=["committee", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValidationError("audit events are append-only")
        super().save(*args, **kwargs)


class Notification(models.Model):
    """An in-app message to one user (a reminder before a period closes, …). ``key`` makes sending
    idempotent: the same reminder is never sent twice to the same user."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    committee = models.ForeignKey("org.Committee", on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=120)
    text = models.CharField(max_length=300)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="notification_unique_key")]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.text


class NoticeDelivery(models.Model):
    """One copy of a notification sent outside the app (e-mail, SMS, 政务微信 …): what was sent to which
    address, and whether it went out (sent) or not (failed, with the reason). Rows are written pending by
    ``notify`` and sent by ``delivery_send``, which a background job can call again."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待发送")
        SENT = "sent", _("已发送")
        FAILED = "failed", _("发送失败")

    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(max_length=20, verbose_name=_("渠道"))
    address = models.CharField(max_length=200, blank=True, verbose_name=_("地址"))
    subject = models.CharField(max_length=200, blank=True)
    body = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    reason = models.CharField(max_length=300, blank=True, verbose_name=_("失败原因"))
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["notification", "channel"]
        constraints = [
            models.UniqueConstraint(fields=["notification", "channel"], name="notice_delivery_unique_channel")
        ]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.channel}:{self.status}"


class NoticePreference(models.Model):
    """A member's own channels for one kind of notice (``*``: every kind without its own row). Only
    channels the installation offers for that kind are used; the app is always one of them."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=30, default="*")
    channels = models.JSONField(default=list)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notice_preference_unique")]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.kind}"


class Attachment(models.Model):
    """A file attached to any committee-scoped record (a meeting's photos, a regulation's original text).
    Served only through ``core:attachment``, which asks the owner's ``visible_to`` first."""

    committee = models.ForeignKey("org.Committee", on_delete=models.CASCADE, related_name="+")
    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    file = models.FileField(upload_to="attachments/%Y/%m/")
    name = models.CharField(max_length=200, verbose_name=_("文件名"))
    size = models.PositiveBigIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return self.name


class SearchEntry(models.Model):
    """One record as the full-text index sees it (see ``lvzhi.core.search``): its committee, its kind and
    id, what a hit shows, and its words as space-joined tokens. The vendor's index (an FTS5 table on
    SQLite, a generated tsvector column with a GIN index on PostgreSQL) is kept in step by the database."""

    committee = models.ForeignKey("org.Committee", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=40)
    object_id = models.PositiveBigIntegerField()
    title = models.CharField(max_length=300)
    snippet = models.CharField(max_length=300, blank=True)
    date = models.DateField(null=True, blank=True)
    tokens = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="searchentry_unique_record")
        ]
        indexes = [models.Index(fields=["committee", "kind"])]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id} {self.title}"


class CheckIn(models.Model):
    """One person's check-in at an activity (a meeting, a study session, a consultation, a visit, a
    service activity): by scanning its QR code on a phone, or entered by staff with the reason why. One
    per person and activity; the activity's app records the attendance (and its DutyRecord) itself."""

    class Method(models.TextChoices):
        SCAN = "scan", _("扫码签到")
        STAFF = "staff", _("工作人员补登")

    committee = models.ForeignKey("org.Committee", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=40)  # the activity kind registered in lvzhi.core.checkin
    object_id = models.PositiveBigIntegerField()
    person = models.ForeignKey("org.Person", on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    method = models.CharField(max_length=8, choices=Method.choices, default=Method.SCAN)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.CharField(max_length=200, blank=True, verbose_name=_("补登原因"))

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id", "person"], name="checkin_once_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id} {self.person_id}"
