"""The roll-up's business actions: registering a subordinate's public key and importing its signed
report. Views, commands and tests all call these."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.dateparse import parse_date, parse_datetime

from lvzhi.core.audit import audit_log
from lvzhi.org.models import Committee
from lvzhi.reports import signing
from lvzhi.reports.models import ReportedFigures, SubordinateKey
from lvzhi.reports.rollup import parse_number

MAX_FILE_BYTES = 2 * 1024 * 1024


def _is_subordinate(committee: Committee, other: Committee) -> bool:
    return other.pk != committee.pk and other.path.startswith(committee.path)


@transaction.atomic
def rollup_key_register(
    *, committee: Committee, subordinate: Committee, public_key: str, by: Any = None
) -> SubordinateKey:
    """Register (or replace) the public key a subordinate signs its reports with."""
    if not _is_subordinate(committee, subordinate):
        raise ValidationError({"subordinate": f"「{subordinate.name}」不是「{committee.name}」的下级政协。"})
    try:
        signing.parse_public_key(public_key)
    except ValueError:
        raise ValidationError(
            {"public_key": "公钥格式不对：应为对方“汇总设置”页上显示的一行 Base64 文本。"}
        ) from None
    key, _created = SubordinateKey.objects.update_or_create(
        committee=committee,
        subordinate=subordinate,
        defaults={"public_key": public_key.strip(), "fingerprint": signing.fingerprint(public_key)},
    )
    audit_log(
        "rollup_key_register",
        user=by,
        obj=key,
        detail={"subordinate": subordinate.code, "fingerprint": key.fingerprint},
    )
    return key


@transaction.atomic
def rollup_key_remove(*, key: SubordinateKey, by: Any = None) -> None:
    audit_log(
        "rollup_key_remove",
        user=by,
        obj=key,
        detail={"subordinate": key.subordinate.code, "fingerprint": key.fingerprint},
    )
    key.delete()


def _refuse(message: str) -> ValidationError:
    return ValidationError({"file": message})


def _parse(text: str | bytes) -> dict[str, Any]:
    if isinstance(text, bytes):
        if len(text) > MAX_FILE_BYTES:
            raise _refuse("文件太大，不是报送文件。")
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            raise _refuse("文件不是 UTF-8 编码的报送文件。") from None
    try:
        document = json.loads(text)
    except ValueError:
        raise _refuse("文件不是有效的报送文件（JSON 格式有误）。") from None
    if not isinstance(document, dict) or document.get("format") != signing.FORMAT:
        raise _refuse("文件不是 lvzhi 的报送文件（缺少或不认识格式标记）。")
    payload = document.get("payload")
    if not isinstance(payload, dict) or not isinstance(payload.get("committee"), dict):
        raise _refuse("报送文件缺少报送单位。")
    return document


@transaction.atomic
def rollup_import(*, into: Committee, document: str | bytes, by: Any = None) -> ReportedFigures:
    """Check a subordinate's signed report and store its values at ``into``; refuse, storing nothing,
    a file from a committee that is not a subordinate, without a registered key, signed with another key,
    or changed after signing."""
    text = document.decode("utf-8", "replace") if isinstance(document, bytes) else document
    data = _parse(document)
    payload = data["payload"]
    code = str(payload["committee"].get("code", ""))
    subordinate = Committee.objects.filter(code=code).first()
    if subordinate is None:
        raise _refuse(f"本系统中没有代码为「{code}」的政协，无法导入它的报送文件。")
    if not _is_subordinate(into, subordinate):
        raise _refuse(
            f"报送文件来自「{subordinate.name}」，它不是「{into.name}」的下级政协，不能导入到这里。"
        )
    key = SubordinateKey.objects.filter(committee=into, subordinate=subordinate).first()
    if key is None:
        raise _refuse(f"「{into.name}」尚未登记「{subordinate.name}」的公钥，无法核验签名，拒绝导入。")
    claimed = str(data.get("fingerprint", ""))
    if claimed and claimed != key.fingerprint:
        raise _refuse(
            f"文件的签名密钥（指纹 {claimed[:16]}）与登记的「{subordinate.name}」公钥"
            f"（指纹 {key.fingerprint[:16]}）不一致，拒绝导入。"
        )
    if not signing.verify(data, key.public_key):
        raise _refuse("签名校验失败：文件在签名后被改动过，或不是用登记的公钥对应的私钥签署的，拒绝导入。")
    start, end, signed_at, values = _contents(payload)
    report, _created = ReportedFigures.objects.update_or_create(
        committee=into,
        subordinate=subordinate,
        start=start,
        end=end,
        defaults={
            "figures": values,
            "signed_at": signed_at,
            "fingerprint": key.fingerprint,
            "document": text,
            "imported_by": by if getattr(by, "is_authenticated", False) else None,
        },
    )
    audit_log(
        "rollup_import",
        user=by,
        obj=report,
        detail={"subordinate": subordinate.code, "from": start.isoformat(), "to": end.isoformat()},
    )
    return report


def _contents(payload: dict[str, Any]) -> tuple[date, date, datetime, dict[str, Any]]:
    period = payload.get("period") or {}
    start = parse_date(str(period.get("from", ""))) if isinstance(period, dict) else None
    end = parse_date(str(period.get("to", ""))) if isinstance(period, dict) else None
    signed_at = parse_datetime(str(payload.get("signed_at", "")))
    if start is None or end is None or start > end or signed_at is None:
        raise _refuse("报送文件的统计期间或签署时间有误。")
    figures = payload.get("figures")
    if not isinstance(figures, dict):
        raise _refuse("报送文件缺少指标。")
    values: dict[str, Any] = {}
    for key, item in figures.items():
        try:
            parse_number(item["value"])
        except (ValueError, KeyError, TypeError):
            raise _refuse(f"报送文件中指标「{key}」的数值无效。") from None
        values[str(key)] = {
            "value": str(item["value"]),
            "label": str(item.get("label", key)),
            "rollup": "distinct" if item.get("rollup") == "distinct" else "sum",
        }
    return start, end, signed_at, values
