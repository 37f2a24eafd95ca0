"""The archive as documents: a .docx in the GB/T 9704 layout (lvzhi.core.documents) and a PDF rendered
from the print page by WeasyPrint, with the CJK fonts of fonts-noto-cjk embedded."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.staticfiles import finders
from django.utils.translation import gettext as _

from lvzhi.core.documents import DOCX, DocTable, official_document
from lvzhi.duty.selectors import ArchiveTerm
from lvzhi.org.models import Committee, Person

__all__ = ["DOCX", "archive_docx", "html_pdf"]

CN_NUMBERS = "一二三四五六七八九十"


def archive_docx(
    committee: Committee, person: Person, memberships: list[Any], archive: list[ArchiveTerm], today: date
) -> bytes:
    body: list[str | DocTable] = [_("一、基本信息")]
    body.append(
        _("姓名：%(name)s；性别：%(gender)s；政治面貌：%(political)s。")
        % {
            "name": person.name,
            "gender": person.get_gender_display(),
            "political": person.get_political_display(),
        }
    )
    for m in memberships:
        body.append(
            _("%(term)s %(position)s，界别：%(sector)s，专委会：%(sc)s。")
            % {
                "term": m.term.name,
                "position": m.get_position_display(),
                "sector": m.sector or "—",
                "sc": m.special_committee or "—",
            }
        )
    body.append(_("二、履职情况"))
    reports: list[str] = []
    n = 0
    for t in archive:
        for y in t.years:
            heading = f"{t.term.name if t.term else ''}{y.year}年"
            body.append(f"（{CN_NUMBERS[n % 10]}）{heading}")
            n += 1
            if y.score is not None:
                body.append(
                    _("年度得分：%(score)s分%(grade)s。")
                    % {"score": y.score.score, "grade": f"，等次：{y.score.grade}" if y.score.grade else ""}
                )
            rows = [
                [r.record.date.isoformat(), k.label, r.text, str(r.record.get_state_display())]
                for k in y.kinds
                for r in k.rows
            ]
            if rows:
                body.append(
                    DocTable([_("日期"), _("类型"), _("内容"), _("状态")], rows, widths_cm=[2.8, 3.2, 7, 2.6])
                )
            if y.report is not None and y.report.text:
                reports.append(f"（{CN_NUMBERS[len(reports) % 10]}）" + _("%(year)s年度") % {"year": y.year})
                reports.extend(y.report.text.splitlines())
    if reports:
        body.append(_("三、常委年度履职报告"))
        body.extend(reports)
    return official_document(
        title=_("%(name)s履职档案") % {"name": person.name}, body=body, issuer=committee.name, date=today
    )


def html_pdf(html: str, extra_stylesheets: tuple[str, ...] = ()) -> bytes:
    """A PDF of the print page; its stylesheet names the Noto CJK fonts that fontconfig finds. Further
    static stylesheets (e.g. the summary's) come after it."""
    from weasyprint import CSS, HTML

    found = [finders.find(name) for name in ("lvzhi/print.css", *extra_stylesheets)]
    sheets = [CSS(filename=path) for path in found if isinstance(path, str)]
    return bytes(HTML(string=html).write_pdf(stylesheets=sheets))
