"""`lvzhi summary --committee CODE [--year YYYY | --from DATE --to DATE] --format json|md|docx|pdf [-o FILE]`.

A .docx or PDF goes to FILE, or as bytes to standard output."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.dateparse import parse_date

from lvzhi.core.cli import committee_by_code, dumps
from lvzhi.core.figures import Period
from lvzhi.reports.summary import build_summary, default_period, year_period


class Command(BaseCommand):
    help = "由记录生成工作综述：每个数字都来自指标及其背后的记录。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--committee", required=True)
        parser.add_argument("--year", type=int)
        parser.add_argument("--from", dest="start")
        parser.add_argument("--to", dest="end")
        parser.add_argument("--format", choices=["json", "md", "docx", "pdf"], default="json")
        parser.add_argument("-o", "--output")

    def handle(self, *args: Any, **options: Any) -> None:
        committee = committee_by_code(options["committee"])
        period = self._period(committee, options)
        summary = build_summary(committee, period)
        if options["format"] in ("docx", "pdf"):
            from lvzhi.reports.documents import summary_docx, summary_pdf

            data = summary_docx(summary) if options["format"] == "docx" else summary_pdf(summary)
            if options["output"]:
                Path(options["output"]).write_bytes(data)
                self.stderr.write(self.style.SUCCESS(f"已写入 {options['output']}"))
            else:
                out: Any = getattr(self.stdout, "_out", sys.stdout)
                getattr(out, "buffer", out).write(data)
                out.flush()
            return
        text = dumps(summary.as_dict()) if options["format"] == "json" else summary.as_markdown()
        if options["output"]:
            Path(options["output"]).write_text(text, encoding="utf-8")
            self.stdout.write(self.style.SUCCESS(f"已写入 {options['output']}"))
        else:
            self.stdout.write(text)

    def _period(self, committee: Any, options: dict[str, Any]) -> Period:
        today = timezone.localdate()
        if options["year"]:
            if options["start"] or options["end"]:
                raise CommandError("--year 与 --from/--to 不能同时使用。")
            return year_period(options["year"])
        if options["start"] or options["end"]:
            try:
                start = parse_date(options["start"]) if options["start"] else None
                end = parse_date(options["end"]) if options["end"] else today
            except ValueError:
                start = end = None
            if start is None or end is None:
                raise CommandError("日期格式应为 YYYY-MM-DD，且须给出 --from。")
            if start > end:
                raise CommandError("开始日期不能晚于结束日期。")
            return Period(start, end)
        return default_period(committee, today)
