"""Summary templates: headings and paragraphs staff reword, numbers bound to figures, changes shown."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lvzhi.core.figures import Period
from lvzhi.reports import services
from lvzhi.reports.models import SummaryHeading, SummaryParagraph
from lvzhi.reports.summary import build_summary
from tests import factories

pytestmark = pytest.mark.django_db
PERIOD = Period(date(2024, 1, 1), date(2024, 12, 31))


def url(committee, name, *args):
    return reverse(f"reports:{name}", args=[committee.code, *args])


def test_the_default_template_has_the_articles_headings(committee):
    summary = build_summary(committee, PERIOD)
    headings = [s.heading for s in summary.sections]
    assert headings[:3] == ["加强组织建设", "深化理论学习", "优化融合发展"]
    assert [s.number for s in summary.sections[:3]] == ["一、", "二、", "三、"]
    assert not summary.customised


def test_a_reworded_paragraph_keeps_its_number_bound_and_flags_when_the_records_change(staff, committee):
    factories.make_member(committee)
    template = services.template_materialize(committee=committee, by=staff)
    heading = template.headings.first()
    paragraph = heading.paragraphs.first()
    services.paragraph_update(
        paragraph=paragraph,
        text="本届共有委员{members}名，分属{sectors}个界别。",
        period=PERIOD,
        expected_version=paragraph.version,
        by=staff,
    )
    summary = build_summary(committee, PERIOD)
    first = summary.sections[0].paragraphs[0]
    assert first.text == "本届共有委员1名，分属1个界别。"
    assert f'href="{summary.figures["members"].source.replace("&", "&amp;")}">1</a>' in first.html
    assert first.changed == []
    factories.make_member(committee)  # the records change: the text's number follows, and is flagged
    first = build_summary(committee, PERIOD).sections[0].paragraphs[0]
    assert first.text.startswith("本届共有委员2名")
    assert [(c.key, c.before, c.now) for c in first.changed] == [("members", "1", "2")]


def test_a_typed_number_or_an_unknown_figure_is_refused(staff, committee):
    heading = services.template_materialize(committee=committee, by=staff).headings.first()
    with pytest.raises(ValidationError, match="不能直接输入数字"):
        services.paragraph_create(heading=heading, text="共有委员209名。", period=PERIOD, by=staff)
    with pytest.raises(ValidationError, match="不能直接输入数字"):
        services.paragraph_create(heading=heading, text="共有委员２０９名。", period=PERIOD, by=staff)
    with pytest.raises(ValidationError, match="nonexistent"):
        services.paragraph_create(heading=heading, text="共有{nonexistent}名。", period=PERIOD, by=staff)


def test_a_stale_edit_is_refused(staff, committee):
    paragraph = (
        services.template_materialize(committee=committee, by=staff).headings.first().paragraphs.first()
    )
    opened = paragraph.version
    services.paragraph_update(
        paragraph=paragraph, text="委员{members}名。", period=PERIOD, expected_version=opened, by=staff
    )
    stale = SummaryParagraph.objects.get(pk=paragraph.pk)
    with pytest.raises(ValidationError, match="已被他人修改"):
        services.paragraph_update(
            paragraph=stale, text="委员{members}人。", period=PERIOD, expected_version=opened, by=staff
        )


def test_staff_rename_reorder_and_add_fixed_text(client, staff, committee):
    client.force_login(staff)
    assert client.post(url(committee, "summary_template_start")).status_code == 302
    study = SummaryHeading.objects.get(committee=committee, title="深化理论学习")
    response = client.post(
        url(committee, "summary_heading_edit", study.pk),
        {
            "title": "理论武装",
            "position": 1,
            "before": "坚持学习在前。",
            "after": "",
            "version": study.version,
        },
    )
    assert response.status_code == 302
    new = client.post(
        url(committee, "summary_heading_new"), {"title": "自身建设", "position": 99, "after": "持续推进。"}
    )
    assert new.status_code == 302
    added = SummaryHeading.objects.get(committee=committee, title="自身建设")
    client.post(url(committee, "summary_paragraph_new", added.pk), {"text": "共有委员{members}名。"})
    summary = build_summary(committee, PERIOD)
    assert summary.sections[0].heading == "理论武装"
    assert summary.sections[0].lines[0] == "坚持学习在前。"
    assert summary.sections[-1].heading == "自身建设"
    assert summary.sections[-1].lines == ["共有委员0名。", "持续推进。"]
    page = client.get(url(committee, "summary") + "?year=2024").content.decode()
    assert "一、理论武装" in page
    assert "坚持学习在前。" in page


def test_the_page_flags_changed_figures_and_offers_the_downloads(client, staff, committee):
    factories.make_member(committee)
    client.force_login(staff)
    client.post(url(committee, "summary_template_start"))
    paragraph = SummaryParagraph.objects.filter(committee=committee).first()
    edit = url(committee, "summary_paragraph_edit", paragraph.pk) + "?year=2024"
    form = client.get(edit)
    assert 'data-insert-figure="{members}"' in form.content.decode()
    response = client.post(edit, {"text": "委员{members}名。", "version": paragraph.version})
    assert response.status_code == 302
    factories.make_member(committee)
    page = client.get(url(committee, "summary") + "?year=2024").content.decode()
    assert "自上次编辑后有变化" in page
    assert url(committee, "summary_docx") + "?year=2024" in page
    assert url(committee, "summary_pdf") + "?year=2024" in page


def test_two_editors_the_second_is_told_and_loses_nothing(client, staff, committee):
    client.force_login(staff)
    client.post(url(committee, "summary_template_start"))
    paragraph = SummaryParagraph.objects.filter(committee=committee).first()
    edit = url(committee, "summary_paragraph_edit", paragraph.pk)
    opened = paragraph.version  # both editors open the page at this version
    assert client.post(edit, {"text": "甲：委员{members}名。", "version": opened}).status_code == 302
    stale = client.post(edit, {"text": "乙：委员{members}人。", "version": opened})
    page = stale.content.decode()
    assert stale.status_code == 200
    assert "已有他人修改" in page  # told, on the page
    assert "乙：委员{members}人。</textarea>" in page  # their own words kept in the box
    assert "甲：委员{members}名。" in page  # and the other editor's saved words shown
    saved = SummaryParagraph.objects.get(pk=paragraph.pk)
    assert saved.text == "甲：委员{members}名。"  # nothing overwritten
    saved_version = saved.version
    assert f'name="version" value="{saved_version}"' in page
    # Saving again, having compared, is a deliberate choice: it goes through.
    again = client.post(edit, {"text": "乙：委员{members}人。", "version": saved_version})
    assert again.status_code == 302
    assert SummaryParagraph.objects.get(pk=paragraph.pk).text == "乙：委员{members}人。"


def test_the_period_is_picked_by_dates(client, staff, committee):
    factories.make_member(committee, start=date(2023, 1, 1))
    client.force_login(staff)
    response = client.get(url(committee, "summary") + "?from=2024-01-01&to=2024-06-30")
    assert response.context["summary"].period == Period(date(2024, 1, 1), date(2024, 6, 30))


def test_text_is_escaped(client, staff, committee):
    client.force_login(staff)
    client.post(url(committee, "summary_template_start"))
    heading = SummaryHeading.objects.filter(committee=committee).first()
    services.heading_update(
        heading=heading,
        data={"title": "<b>标题</b>", "before": "<script>x</script>"},
        expected_version=None,
        by=staff,
    )
    page = client.get(url(committee, "summary")).content.decode()
    assert "<script>x</script>" not in page
    assert "&lt;script&gt;x&lt;/script&gt;" in page


def test_members_may_not_edit_and_outsiders_see_nothing(client, staff, member_user, outsider, committee):
    services.template_materialize(committee=committee, by=staff)
    paragraph = SummaryParagraph.objects.filter(committee=committee).first()
    client.force_login(member_user)
    assert client.post(url(committee, "summary_template_start")).status_code == 403
    assert client.get(url(committee, "summary_paragraph_edit", paragraph.pk)).status_code == 403
    assert client.get(url(committee, "summary_docx")).status_code == 403
    client.force_login(outsider)
    assert client.get(url(committee, "summary_template")).status_code == 404
    assert client.get(url(committee, "summary_paragraph_edit", paragraph.pk)).status_code == 404
    assert client.get(url(committee, "summary_pdf")).status_code == 404


def test_a_leader_reads_but_does_not_edit(client, leader, committee):
    client.force_login(leader)
    assert client.get(url(committee, "summary")).status_code == 200
    assert client.get(url(committee, "summary_template")).status_code == 403


def test_reset_returns_to_the_default(staff, committee):
    services.template_materialize(committee=committee, by=staff)
    assert build_summary(committee, PERIOD).customised
    services.template_reset(committee=committee, by=staff)
    assert not build_summary(committee, PERIOD).customised
