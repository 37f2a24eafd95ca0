"""The summary as documents: a .docx in the GB/T 9704 layout (lvzhi.core.documents) and a PDF from the
print page by WeasyPrint (lvzhi.duty.documents.html_pdf), with the CJK fonts embedded.

Fonts: the .docx names the official fonts (方正小标宋简体, 仿宋_GB2312, 黑体, 楷体_GB2312), each declared
with its free fallback. The PDF asks for the official fonts first and, on a server without them, falls
back to Noto Serif CJK SC (title and body), Noto Sans CJK SC (黑体) and AR PL KaitiM GB (楷体,
fonts-arphic-gkai00mp): see reports/static/reports/summary-print.css and docs/summary.md.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from lvzhi.core.documents import DOCX, official_document
from lvzhi.duty.documents import html_pdf
from lvzhi.reports.summary import Summary

__all__ = ["DOCX", "summary_docx", "summary_filename", "summary_pdf"]


def _period_line(summary: Summary) -> str:
    start, end = summary.period.start, summary.period.end
    return f"（统计期间：{start.year}年{start.month}月{start.day}日至{end.year}年{end.month}月{end.day}日）"


def summary_filename(summary: Summary, extension: str) -> str:
    return f"{summary.committee.code}-summary-{summary.period.start}-{summary.period.end}.{extension}"


def summary_docx(summary: Summary) -> bytes:
    return official_document(
        title=summary.title,
        body=[_period_line(summary), *summary.as_lines()],
        issuer=summary.committee.name,
        date=min(summary.period.end, timezone.localdate()),
    )


def summary_pdf(summary: Summary) -> bytes:
    html = render_to_string(
        "reports/summary_print.html",
        {
            "summary": summary,
            "period_line": _period_line(summary),
            "issued": min(summary.period.end, timezone.localdate()),
            "for_pdf": True,
        },
    )
    return html_pdf(html, ("reports/summary-print.css",))
