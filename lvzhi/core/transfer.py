"""The kinds of records `lvzhi import KIND FILE` and `lvzhi export KIND` know; each app registers its own."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Importer:
    kind: str
    label: str
    run: Callable[
        ..., Any
    ]  # (committee, data, filename, by, dry_run, create_missing) -> report with .ok/.as_dict()


@dataclass(frozen=True)
class Exporter:
    kind: str
    label: str
    run: Callable[..., bytes]  # (committee, by, full) -> .xlsx bytes


importers: dict[str, Importer] = {}
exporters: dict[str, Exporter] = {}


def register_importer(importer: Importer) -> None:
    importers[importer.kind] = importer


def register_exporter(exporter: Exporter) -> None:
    exporters[exporter.kind] = exporter
