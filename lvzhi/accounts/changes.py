"""The field-change half of the audit trail: simple-history rows of one committee, as who/when/what."""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import models

from lvzhi.core.audit import history_models
from lvzhi.core.masking import mask_phone

#: Fields whose values never appear in the trail, only the fact that they changed.
SECRET_FIELDS = {"id_number_encrypted", "id_number_digest", "password", "encoded"}
HIDDEN_FIELDS = {"version", "stroke_key", "pinyin_key", "path"}
KINDS = {"+": "新增", "~": "修改", "-": "删除"}


@dataclass
class FieldChange:
    field: str
    old: str
    new: str


@dataclass
class Change:
    at: datetime
    user: str
    kind: str
    model: str
    object_repr: str
    fields: list[FieldChange]


def committee_history_models() -> list[type[models.Model]]:
    """History tables of models that belong to a committee (the rows an auditor of that committee sees)."""
    return [m for m in history_models() if any(f.name == "committee" for f in m._meta.fields)]


def model_choices() -> list[tuple[str, str]]:
    models_: list[Any] = committee_history_models()
    return [(m._meta.label_lower, str(m.instance_type._meta.verbose_name)) for m in models_]


def _display(field: models.Field[Any, Any], value: Any, names: dict[Any, str]) -> str:
    if field.name in SECRET_FIELDS:
        return "（已加密）" if value else ""
    if value is None or value == "":
        return ""
    if field.name == "mobile":
        return mask_phone(str(value))
    if field.is_relation:
        return names.get(value, f"#{value}")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def _history(committee: Any, label: str) -> Any:
    model = next(m for m in committee_history_models() if m._meta.label_lower == label)
    return model._default_manager.filter(committee=committee)


def field_change_count(committee: Any, label: str) -> int:
    return int(_history(committee, label).count())


def field_changes(committee: Any, label: str, *, limit: int = 50, offset: int = 0) -> list[Change]:
    """One page of one model's changes in a committee, newest first, each with what changed from what."""
    rows = _history(committee, label)
    model: Any = rows.model
    page = list(
        rows.select_related("history_user").order_by("-history_date", "-history_id")[offset : offset + limit]
    )
    if not page:
        return []
    # Every version of the rows on the page, in one query, to find each change's previous version.
    versions: dict[Any, list[Any]] = defaultdict(list)
    for r in model._default_manager.filter(id__in={r.id for r in page}).order_by(
        "history_date", "history_id"
    ):
        versions[r.id].append(r)
    previous = {}
    for chain in versions.values():
        for before, after in itertools.pairwise(chain):
            previous[after.history_id] = before
    fields = [f for f in model.instance_type._meta.concrete_fields if f.name not in HIDDEN_FIELDS | {"id"}]
    # Names of the rows foreign keys point to, one query per key.
    names: dict[str, dict[Any, str]] = {}
    for f in fields:
        if f.is_relation and f.name != "committee":
            ids = {getattr(r, f.attname) for chain in versions.values() for r in chain} - {None}
            names[f.name] = {
                pk: str(obj) for pk, obj in f.related_model._default_manager.in_bulk(ids).items()
            }
    changes = []
    for record in page:
        before = previous.get(record.history_id)
        diffs = []
        for f in fields:
            if f.name == "committee":
                continue
            new = getattr(record, f.attname)
            old = getattr(before, f.attname) if before is not None else None
            if record.history_type == "~" and old == new:
                continue
            if record.history_type == "-":
                old, new = new, None
            shown = names.get(f.name, {})
            diff = FieldChange(str(f.verbose_name), _display(f, old, shown), _display(f, new, shown))
            if diff.old or diff.new:
                diffs.append(diff)
        changes.append(
            Change(
                at=record.history_date,
                user=record.history_user.get_username() if record.history_user else "",
                kind=KINDS.get(record.history_type, record.history_type),
                model=str(model.instance_type._meta.verbose_name),
                object_repr=_repr(record, fields, names),
                fields=diffs,
            )
        )
    return changes


def _repr(record: Any, fields: list[Any], names: dict[str, dict[Any, str]]) -> str:
    """A row's name without a query per row: its name field, else its person's name, else its id."""
    for name in ("name", "title"):
        if any(f.name == name for f in fields):
            return str(getattr(record, name))
    if "person" in names:
        return names["person"].get(record.person_id, f"#{record.id}")
    return f"#{record.id}"
