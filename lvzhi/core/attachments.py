"""Attach files to records: checked type and size, a clean name, an audit entry; listed per record."""

from __future__ import annotations

import re
from pathlib import PurePath
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils.translation import gettext as _

from lvzhi.core.audit import audit_log
from lvzhi.core.models import Attachment

MAX_BYTES = 20 * 1024 * 1024
ALLOWED = {
    ".pdf",
    ".jpg",
    ".jpeg",
    ".png",
    ".gif",
    ".webp",
    ".doc",
    ".docx",
    ".xls",
    ".xlsx",
    ".wps",
    ".ofd",
    ".txt",
    ".zip",
}
_UNSAFE = re.compile(r"[\x00-\x1f/\\:*?\"<>|]+")


def clean_name(name: str) -> str:
    base = _UNSAFE.sub("_", PurePath(name.replace("\\", "/")).name).strip(" .") or "file"
    return base[-120:]


@transaction.atomic
def attachment_add(*, obj: models.Model, upload: UploadedFile, by: Any = None) -> Attachment:
    name = clean_name(upload.name or "")
    suffix = PurePath(name).suffix.lower()
    if suffix not in ALLOWED:
        raise ValidationError(
            _("不支持的文件类型「%(suffix)s」；可上传 %(allowed)s。")
            % {"suffix": suffix or "无扩展名", "allowed": "、".join(sorted(ALLOWED))}
        )
    if (upload.size or 0) > MAX_BYTES:
        raise ValidationError(_("文件过大（上限 20 MB）。"))
    attachment = Attachment(
        committee_id=obj.committee_id,  # type: ignore[attr-defined]
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        name=name,
        size=upload.size or 0,
        uploaded_by=by if getattr(by, "pk", None) else None,
    )
    attachment.file.save(name, upload, save=False)
    attachment.save()
    audit_log("attachment_add", user=by, obj=obj, detail={"file": name})
    return attachment


def attachments_of(obj: models.Model) -> list[Attachment]:
    return list(
        Attachment.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)
    )
