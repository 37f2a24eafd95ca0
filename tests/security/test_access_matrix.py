"""The access matrix: every named URL pattern × every role (plus anonymous, plus the same role in an unrelated
committee), each opened with committee A's objects. A pattern missing from POLICY fails the suite, so a new
view cannot arrive without a declared scope; no response may be a 5xx, anonymous users are sent to the login
page, and nobody from committee B ever gets a page of committee A's records."""

from __future__ import annotations

import copy
import functools
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from lvzhi.core.roles import Role
from lvzhi.org.services import unit_create
from lvzhi.party.services import branch_create
from tests import factories

# Kinds of access. PUBLIC: anyone, anonymous too. LOGIN: any signed-in user, not tied to a committee.
# COMMITTEE: the committee in the URL matters: only roles held in that committee (or above it) may read,
# an unrelated committee's user never gets a page. TOKEN: opened with a secret link token (a wrong token
# must be refused like an unknown record). ADMIN: one committee's administrators, still committee-scoped.
PUBLIC, LOGIN, COMMITTEE, TOKEN = "public", "login", "committee", "token"

POLICY: dict[str, str] = {
    "health": PUBLIC,
    "set_language": PUBLIC,
    "help:index": PUBLIC,
    "help:image": PUBLIC,
    "help:page": PUBLIC,
    "setup:start": LOGIN,
    "setup:finish": LOGIN,
    "setup:roster_template": LOGIN,
    "setup:step": LOGIN,
    "core:home": LOGIN,
    "core:notifications": LOGIN,
    "core:notification_settings": LOGIN,
    "core:attachment": LOGIN,
    "core:checkin": TOKEN,
    "accounts:login": PUBLIC,
    "accounts:logout": PUBLIC,
    "accounts:two_factor": LOGIN,
    "accounts:password_change": LOGIN,
    "portal:public_list": PUBLIC,
    "portal:feed": PUBLIC,
    "portal:public_article": PUBLIC,
    "portal:image": PUBLIC,
    "party:meeting_checkin": TOKEN,
    "meetings:reply_link": TOKEN,
    "api-schema": LOGIN,
    "api-docs": LOGIN,
    "api-token": PUBLIC,
    "api-committees": LOGIN,
    "core:checkin_manage": COMMITTEE,
    "accounts:two_factor_reset": COMMITTEE,
    "accounts:users": COMMITTEE,
    "accounts:user_create": COMMITTEE,
    "accounts:member_accounts": COMMITTEE,
    "accounts:user_detail": COMMITTEE,
    "accounts:password_reset": COMMITTEE,
    "accounts:user_active": COMMITTEE,
    "accounts:role_revoke": COMMITTEE,
    "accounts:audit": COMMITTEE,
    "reports:dashboard": COMMITTEE,
    "reports:dashboard_data": COMMITTEE,
    "reports:summary": COMMITTEE,
    "reports:rollup": COMMITTEE,
    "reports:rollup_import": COMMITTEE,
    "reports:rollup_keys": COMMITTEE,
    "reports:rollup_key_delete": COMMITTEE,
    "reports:summary_docx": COMMITTEE,
    "reports:summary_pdf": COMMITTEE,
    "reports:summary_template": COMMITTEE,
    "reports:summary_template_start": COMMITTEE,
    "reports:summary_template_reset": COMMITTEE,
    "reports:summary_heading_new": COMMITTEE,
    "reports:summary_heading_edit": COMMITTEE,
    "reports:summary_heading_delete": COMMITTEE,
    "reports:summary_paragraph_new": COMMITTEE,
    "reports:summary_paragraph_edit": COMMITTEE,
    "reports:summary_paragraph_delete": COMMITTEE,
    "org:members": COMMITTEE,
    "org:members_export": COMMITTEE,
    "org:member_create": COMMITTEE,
    "org:roster_import": COMMITTEE,
    "org:roster_template": COMMITTEE,
    "org:member_detail": COMMITTEE,
    "org:member_edit": COMMITTEE,
    "org:member_reveal": COMMITTEE,
    "org:sectors": COMMITTEE,
    "org:term_change": COMMITTEE,
    "org:special_committees": COMMITTEE,
    "party:structure": COMMITTEE,
    "party:branches": COMMITTEE,
    "party:branch_create": COMMITTEE,
    "party:branch_detail": COMMITTEE,
    "party:membership_leave": COMMITTEE,
    "party:coverage": COMMITTEE,
    "party:meetings": COMMITTEE,
    "party:meeting_create": COMMITTEE,
    "party:meetings_import": COMMITTEE,
    "party:meeting": COMMITTEE,
    "party:compliance": COMMITTEE,
    "party:leaders": COMMITTEE,
    "party:leader": COMMITTEE,
    "rules:list": COMMITTEE,
    "rules:create": COMMITTEE,
    "rules:detail": COMMITTEE,
    "rules:edit": COMMITTEE,
    "rules:revise": COMMITTEE,
    "rules:repeal": COMMITTEE,
    "rectify:ledger": COMMITTEE,
    "rectify:campaign_create": COMMITTEE,
    "rectify:item_create": COMMITTEE,
    "rectify:import": COMMITTEE,
    "rectify:weekly": COMMITTEE,
    "rectify:monthly": COMMITTEE,
    "rectify:item": COMMITTEE,
    "rectify:item_edit": COMMITTEE,
    "rectify:evidence": COMMITTEE,
    "study:groups": COMMITTEE,
    "study:group_create": COMMITTEE,
    "study:group": COMMITTEE,
    "study:group_edit": COMMITTEE,
    "study:sessions": COMMITTEE,
    "study:session_create": COMMITTEE,
    "study:session": COMMITTEE,
    "study:session_edit": COMMITTEE,
    "study:trainings": COMMITTEE,
    "study:training_create": COMMITTEE,
    "study:training_edit": COMMITTEE,
    "study:reading": COMMITTEE,
    "study:campaign_create": COMMITTEE,
    "study:campaign": COMMITTEE,
    "study:reading_logs": COMMITTEE,
    "study:log_create": COMMITTEE,
    "study:log_edit": COMMITTEE,
    "study:reading_mine": COMMITTEE,
    "study:sharing_create": COMMITTEE,
    "study:sharing_edit": COMMITTEE,
    "study:reading_report": COMMITTEE,
    "consult:consultations": COMMITTEE,
    "consult:consultation_create": COMMITTEE,
    "consult:consultation": COMMITTEE,
    "consult:consultation_edit": COMMITTEE,
    "consult:forms": COMMITTEE,
    "consult:form_create": COMMITTEE,
    "consult:form_edit": COMMITTEE,
    "consult:plans": COMMITTEE,
    "consult:plan_create": COMMITTEE,
    "consult:plan": COMMITTEE,
    "consult:suggestions": COMMITTEE,
    "consult:suggestion_create": COMMITTEE,
    "consult:suggestion_import": COMMITTEE,
    "consult:suggestion": COMMITTEE,
    "consult:suggestion_edit": COMMITTEE,
    "consult:studios": COMMITTEE,
    "consult:studio_create": COMMITTEE,
    "consult:studio": COMMITTEE,
    "consult:studio_edit": COMMITTEE,
    "proposals:list": COMMITTEE,
    "proposals:create": COMMITTEE,
    "proposals:similar": COMMITTEE,
    "proposals:settings": COMMITTEE,
    "proposals:import": COMMITTEE,
    "proposals:detail": COMMITTEE,
    "proposals:edit": COMMITTEE,
    "proposals:action": COMMITTEE,
    "opinions:list": COMMITTEE,
    "opinions:create": COMMITTEE,
    "opinions:tally": COMMITTEE,
    "opinions:detail": COMMITTEE,
    "opinions:edit": COMMITTEE,
    "opinions:action": COMMITTEE,
    "duty:mine": COMMITTEE,
    "duty:archive": COMMITTEE,
    "duty:archive_print": COMMITTEE,
    "duty:archive_docx": COMMITTEE,
    "duty:archive_pdf": COMMITTEE,
    "duty:report_edit": COMMITTEE,
    "duty:report_submit": COMMITTEE,
    "duty:record_confirm": COMMITTEE,
    "duty:record_appeal": COMMITTEE,
    "duty:appeals": COMMITTEE,
    "duty:appeal_resolve": COMMITTEE,
    "duty:scores": COMMITTEE,
    "duty:year_finalize": COMMITTEE,
    "duty:rules": COMMITTEE,
    "duty:rules_new": COMMITTEE,
    "service:campaigns": COMMITTEE,
    "service:campaign_create": COMMITTEE,
    "service:campaign": COMMITTEE,
    "service:campaign_edit": COMMITTEE,
    "service:deployment_create": COMMITTEE,
    "service:participation_create": COMMITTEE,
    "service:deployments": COMMITTEE,
    "service:deployment_edit": COMMITTEE,
    "service:participation_edit": COMMITTEE,
    "service:participants": COMMITTEE,
    "service:donations": COMMITTEE,
    "service:donation_create": COMMITTEE,
    "service:donation_import": COMMITTEE,
    "service:donation_edit": COMMITTEE,
    "service:activities": COMMITTEE,
    "service:activity_create": COMMITTEE,
    "service:activity": COMMITTEE,
    "service:activity_edit": COMMITTEE,
    "service:mine": COMMITTEE,
    "liaison:projects": COMMITTEE,
    "liaison:programme_create": COMMITTEE,
    "liaison:programme_edit": COMMITTEE,
    "liaison:project_create": COMMITTEE,
    "liaison:project": COMMITTEE,
    "liaison:project_edit": COMMITTEE,
    "liaison:assignment_create": COMMITTEE,
    "liaison:assignment_end": COMMITTEE,
    "liaison:visit_create": COMMITTEE,
    "liaison:leaders": COMMITTEE,
    "liaison:mine": COMMITTEE,
    "liaison:visits": COMMITTEE,
    "liaison:visit": COMMITTEE,
    "liaison:visit_edit": COMMITTEE,
    "liaison:problem_create": COMMITTEE,
    "liaison:problems": COMMITTEE,
    "liaison:problem": COMMITTEE,
    "liaison:problem_edit": COMMITTEE,
    "meetings:list": COMMITTEE,
    "meetings:create": COMMITTEE,
    "meetings:mine": COMMITTEE,
    "meetings:directory": COMMITTEE,
    "meetings:detail": COMMITTEE,
    "meetings:edit": COMMITTEE,
    "meetings:invitees": COMMITTEE,
    "meetings:notify": COMMITTEE,
    "meetings:held": COMMITTEE,
    "meetings:attendance": COMMITTEE,
    "meetings:minutes": COMMITTEE,
    "meetings:leave": COMMITTEE,
    "meetings:leave_decide": COMMITTEE,
    "meetings:reply": COMMITTEE,
    "meetings:notice": COMMITTEE,
    "meetings:signin": COMMITTEE,
    "meetings:meeting_directory": COMMITTEE,
    "portal:articles": COMMITTEE,
    "portal:article_create": COMMITTEE,
    "portal:from_summary": COMMITTEE,
    "portal:blocked_words": COMMITTEE,
    "portal:blocked_word_delete": COMMITTEE,
    "portal:article": COMMITTEE,
    "portal:article_edit": COMMITTEE,
    "portal:article_submit": COMMITTEE,
    "portal:article_review": COMMITTEE,
    "portal:article_unpublish": COMMITTEE,
    "portal:image_add": COMMITTEE,
    "portal:image_delete": COMMITTEE,
    "api-committee": COMMITTEE,
    "api-members": COMMITTEE,
    "api-member": COMMITTEE,
    "api-sectors": COMMITTEE,
    "api-special-committees": COMMITTEE,
    "api-branches": COMMITTEE,
    "api-coverage": COMMITTEE,
    "api-meetings": COMMITTEE,
    "api-orglife-compliance": COMMITTEE,
    "api-rules": COMMITTEE,
    "api-rule": COMMITTEE,
    "api-rule-revise": COMMITTEE,
    "api-rule-repeal": COMMITTEE,
    "api-ledger": COMMITTEE,
    "api-ledger-item": COMMITTEE,
    "api-ledger-action": COMMITTEE,
    "api-summary": COMMITTEE,
    "api-rollup": COMMITTEE,
    "api-rollup-reports": COMMITTEE,
    "api-study-sessions": COMMITTEE,
    "api-reading-logs": COMMITTEE,
    "api-consultations": COMMITTEE,
    "api-suggestions": COMMITTEE,
    "api-service-campaigns": COMMITTEE,
    "api-service-activities": COMMITTEE,
    "api-liaison-projects": COMMITTEE,
    "api-liaison-problems": COMMITTEE,
    "api-duty-archive": COMMITTEE,
    "api-duty-scores": COMMITTEE,
    "api-committee-meetings": COMMITTEE,
    "api-committee-meeting": COMMITTEE,
}

# Which model a URL's ``pk`` names (committee A's first row of it is used); any other ``pk`` gets a number
# no row has, so those views are exercised for their 404 only.
PK_MODEL: dict[str, str] = {
    "accounts:user_detail": "accounts.user",
    "accounts:password_reset": "accounts.user",
    "accounts:user_active": "accounts.user",
    "accounts:two_factor_reset": "accounts.user",
    "org:member_detail": "org.termmembership",
    "org:member_edit": "org.termmembership",
    "org:member_reveal": "org.termmembership",
    "party:branch_detail": "party.partybranch",
    "rules:detail": "rules.regulation",
    "rules:edit": "rules.regulation",
    "rules:revise": "rules.regulation",
    "rules:repeal": "rules.regulation",
    "rectify:item": "rectify.ledgeritem",
    "rectify:item_edit": "rectify.ledgeritem",
    "study:session": "study.studysession",
    "study:session_edit": "study.studysession",
    "consult:consultation": "consult.consultation",
    "consult:consultation_edit": "consult.consultation",
    "consult:suggestion": "consult.suggestion",
    "consult:suggestion_edit": "consult.suggestion",
    "opinions:detail": "opinions.opinion",
    "opinions:edit": "opinions.opinion",
    "opinions:action": "opinions.opinion",
    "liaison:programme_edit": "liaison.programme",
    "liaison:project": "liaison.keyproject",
    "liaison:project_edit": "liaison.keyproject",
    "liaison:assignment_create": "liaison.keyproject",
    "liaison:visit_create": "liaison.keyproject",
    "meetings:detail": "meetings.meeting",
    "meetings:edit": "meetings.meeting",
    "meetings:invitees": "meetings.meeting",
    "meetings:notify": "meetings.meeting",
    "meetings:held": "meetings.meeting",
    "meetings:attendance": "meetings.meeting",
    "meetings:minutes": "meetings.meeting",
    "meetings:leave": "meetings.meeting",
    "meetings:reply": "meetings.meeting",
    "meetings:notice": "meetings.meeting",
    "meetings:signin": "meetings.meeting",
    "meetings:meeting_directory": "meetings.meeting",
    "portal:article": "portal.article",
    "portal:article_edit": "portal.article",
    "portal:article_submit": "portal.article",
    "portal:article_review": "portal.article",
    "portal:article_unpublish": "portal.article",
    "portal:image_add": "portal.article",
    "portal:public_article": "portal.article",
    "api-rule": "rules.regulation",
    "api-rule-revise": "rules.regulation",
    "api-rule-repeal": "rules.regulation",
    "api-ledger-item": "rectify.ledgeritem",
    "api-ledger-action": "rectify.ledgeritem",
    "api-committee-meeting": "meetings.meeting",
    "api-member": "org.termmembership",
    "duty:archive": "org.person",
    "duty:archive_print": "org.person",
    "duty:report_edit": "org.person",
    "duty:report_submit": "org.person",
    "api-duty-archive": "org.person",
}
# Pages that name their parent record in the query string (the campaign a problem is registered under).
QUERY: dict[str, tuple[str, str]] = {"rectify:item_create": ("campaign", "rectify.campaign")}
NO_ROW = 999_999
OTHER_ARGS = {
    "kind": "study",
    "token": "not-a-token",
    "year": 2026,
    "action": "submit",
    "leave": NO_ROW,
    "step": "committee",
    "doc": "index",
    "name": "none.png",
}

A, B = "mxa", "mxb"
ANON = "anonymous"
PERSONAS = [ANON] + [f"{r.value}@A" for r in Role] + [f"{r.value}@B" for r in Role]


def _walk(
    resolver: URLResolver, ns: str = "", params: tuple[str, ...] = ()
) -> Iterator[tuple[str, list[str]]]:
    for p in resolver.url_patterns:
        found = (*params, *p.pattern.converters)
        if isinstance(p, URLResolver):
            inner = f"{ns}:{p.namespace}" if ns and p.namespace else (p.namespace or ns)
            yield from _walk(p, inner, found)
        elif p.name:
            yield (f"{ns}:{p.name}" if ns else p.name), list(found)


@functools.cache
def url_names() -> dict[str, list[str]]:
    """Every named URL pattern with the names of its parameters."""
    return dict(_walk(get_resolver()))


def test_every_url_pattern_has_a_declared_policy() -> None:
    names = url_names()
    missing = sorted(set(names) - set(POLICY))
    stale = sorted(set(POLICY) - set(names))
    assert not missing, f"URL patterns without an access policy in {__name__}.POLICY: {missing}"
    assert not stale, f"POLICY entries for URLs that no longer exist: {stale}"
    assert set(PK_MODEL) <= set(names), sorted(set(PK_MODEL) - set(names))


def _world() -> dict[str, Any]:
    """Two unrelated committees, each with one account per role, and committee A's records of every kind."""
    from lvzhi.consult import services as consult
    from lvzhi.liaison import services as liaison
    from lvzhi.portal import services as portal
    from lvzhi.rectify.services import campaign_create, ledger_item_register
    from lvzhi.rules.services import regulation_create
    from lvzhi.study.choices import Layer
    from lvzhi.study.services import session_create
    from tests.consult.conftest import make_consultation
    from tests.liaison.conftest import make_project
    from tests.meetings.conftest import make_meeting
    from tests.opinions.conftest import draft
    from tests.portal.conftest import publish

    users: dict[str, Any] = {}
    for code in (A, B):
        c = factories.make_committee(code, name=f"矩阵{code}政协")
        sc = factories.special_committee(c, "经济委员会")
        unit = unit_create(committee=c, name="区发展和改革局")
        people = {r: factories.make_member(c, political="01", sc=sc).person for r in Role}
        branch_create(committee=c, name="经济委员会党支部", kind="functional", special_committee=sc,
                      secretary=people[Role.BRANCH_SECRETARY])  # fmt: skip
        for r in Role:
            users[f"{r.value}@{code[-1].upper()}"] = factories.user_with_role(
                c, r, person=people[r], unit=unit if r == Role.UNIT else None, username=f"mx-{r.value}-{code}"
            )
        if code == A:
            a, sc_a, staff, member = c, sc, users["staff@A"], people[Role.MEMBER]
    regulation_create(
        committee=a, data={"title": "矩阵测试制度", "kind": "rule", "issued_on": date(2026, 1, 5)}, by=staff
    )
    campaign = campaign_create(
        committee=a, name="作风建设专项行动", started_on=date(2026, 3, 1), categories=["工作作风"], by=staff
    )
    ledger_item_register(campaign=campaign, data={"category": campaign.categories.first(), "description": "公文办理时限偏长",
                         "responsible": member, "measures": "压缩流转环节", "deadline": date(2099, 12, 31)}, on=date(2026, 4, 1), by=staff)  # fmt: skip
    session_create(
        committee=a, data={"layer": Layer.STANDING, "held_on": date(2026, 3, 1), "topic": "专题学习"}
    )
    consultation = make_consultation(a, staff, participants=[member], special_committee=sc_a)
    consult.suggestion_create(committee=a, title="推进供暖进小区", text="建议改造管网。", submitted_on=date(2026, 5, 20),
                              consultation=consultation, proposers=[member], category="urban_rural", by=staff)  # fmt: skip
    draft(a, member, staff)
    programme = liaison.programme_create(committee=a, data={"name": "重点项目", "year": 2026}, by=staff)
    make_project(programme)
    make_meeting(a, by=staff)
    article = portal.article_create(committee=a, data={"title": "区政协召开常委会议", "summary": "会议。", "body": "<p>正文</p>",
                                    "source": "矩阵", "author": "张", "editor": "李", "tags": "会议"}, by=staff)  # fmt: skip
    first, second = (factories.user_with_role(a, Role.STAFF, username=f"mx-review-{i}") for i in (1, 2))
    publish(article, first=first, second=second, final=users["leader@A"])
    return users


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module inside a transaction that is rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        users = _world()
        clients = {ANON: Client()}
        for persona, user in users.items():
            clients[persona] = Client()
            clients[persona].force_login(user)
        yield clients
        transaction.set_rollback(True)


def _url(name: str, params: list[str]) -> str:
    kwargs: dict[str, Any] = {}
    for p in params:
        if p == "committee":
            kwargs[p] = A
        elif p == "pk":
            label = PK_MODEL.get(name)
            if label is None:
                kwargs[p] = NO_ROW
            else:
                model = apps.get_model(label)
                qs = model.objects.all()
                if label == "accounts.user":
                    qs = qs.filter(username="mx-member-mxa")
                elif label == "org.person":
                    qs = qs.filter(committee__code=A, memberships__isnull=False)
                elif label != "accounts.user":
                    qs = qs.filter(committee__code=A)
                kwargs[p] = qs.order_by("pk").values_list("pk", flat=True)[0]
        else:
            kwargs[p] = OTHER_ARGS[p]
    url = reverse(name, kwargs=kwargs)
    if name in QUERY:
        param, label = QUERY[name]
        row = (
            apps.get_model(label)
            .objects.filter(committee__code=A)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        url += f"?{param}={row[0]}"
    return url


def _request(client: Client, method: str, url: str) -> Any:
    """One request whose writes are rolled back, so every cell sees the same world."""
    cache.clear()  # login lockouts and API throttles count across cells otherwise
    cookies = copy.deepcopy(client.cookies)  # a POST to the logout or password page ends the session
    with transaction.atomic():
        response = client.get(url) if method == "GET" else client.post(url, {"garbage": "x"})
        transaction.set_rollback(True)
    client.cookies = cookies  # the session row's deletion was rolled back with the rest
    return response


LOGIN_URL = "/accounts/login/"
CELLS = [(name, persona) for name in sorted(POLICY) for persona in PERSONAS]


@pytest.mark.parametrize(("name", "persona"), CELLS, ids=[f"{n}|{p}" for n, p in CELLS])
@pytest.mark.django_db
def test_access(world, name, persona):
    params = url_names()[name]
    url = _url(name, params)
    policy = POLICY[name]
    client = world[persona]
    for method in ("GET", "POST"):
        response = _request(client, method, url)
        status = response.status_code
        where = f"{method} {url} as {persona}: {status}"
        assert status < 500, where
        if persona == ANON and policy != PUBLIC:
            # JSON API answers 401/403; pages send to the login page; a bad link token is a 404.
            if status == 302:
                assert response["Location"].startswith(LOGIN_URL), where
            else:
                assert status in {401, 403, 404, 405}, where
        if persona.endswith("@B") and policy == COMMITTEE:
            assert status not in {200, 201, 204}, f"cross-committee leak: {where}"
            if status == 302:
                assert not response["Location"].startswith(f"/c/{A}/"), f"cross-committee leak: {where}"


REAL = [
    name
    for name in sorted(POLICY)
    if POLICY[name] == COMMITTEE
    and all(p == "committee" or (p == "pk" and name in PK_MODEL) for p in url_names()[name])
]


@pytest.mark.django_db
def test_the_matrix_reaches_real_pages(world):
    """The cells are not vacuous: each committee page built from real rows opens for some role of committee
    A (a 405 is a POST-only address), so the refusals above are refusals, not addresses that do not exist."""
    closed = []
    for name in REAL:
        url = _url(name, url_names()[name])
        statuses = {_request(world[f"{r.value}@A"], "GET", url).status_code for r in Role}
        if not statuses & {200, 302, 405}:
            closed.append(f"{name} {url}: {sorted(statuses)}")
    assert len(REAL) > 150
    assert not closed, "\n".join(closed)
