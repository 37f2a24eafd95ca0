"""The setup wizard: every page sent to it while no committee exists, guarded by a one-time token, steps
that can be left and resumed, that change nothing when run again, and that write nothing when they fail."""

from __future__ import annotations

import stat
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from lvzhi.accounts.models import RoleAssignment, User
from lvzhi.core.roles import Role
from lvzhi.org.models import Committee, Sector, SpecialCommittee, Term, TermMembership
from lvzhi.party.models import PartyBranch, PartyMembership
from lvzhi.setup import services
from lvzhi.setup.models import SetupState
from lvzhi.setup.services import AdminInput, StaffInput
from tests import factories
from tests.org import sheets
from tests.org.test_roster_import import roster_rows

pytestmark = pytest.mark.django_db
PASSWORD = "Str0ng@Pass2026"


@pytest.fixture(autouse=True)
def wizard_on(settings, tmp_path):
    settings.LVZHI_SETUP_WIZARD = True
    settings.LVZHI_HOME = tmp_path
    return tmp_path


def token_from_file() -> str:
    return services.token_path().read_text().strip()


def authorized_client() -> Client:
    client = Client()
    client.get("/")
    response = client.post("/setup/", {"token": token_from_file()})
    assert response.status_code == 302
    return client


def admins(**names: str) -> dict[str, AdminInput]:
    given = {"sysadmin": "李系统", "secadmin": "王安全", "auditor": "赵审计", **names}
    return {role: AdminInput(given[role], f"{role}1", PASSWORD, PASSWORD) for role in services.ADMIN_ROLES}


def roster_sheet() -> bytes:
    rows = roster_rows()
    for r in rows:
        r[11] = ""  # branches come in their own step
    return sheets.xlsx(rows)


def first_steps() -> Committee:
    committee = services.setup_committee(
        name="测试区政协", code="testqu", level="county", parent_name="测试市政协", parent_code="testshi"
    )
    services.setup_term(number=15, start=date(2022, 1, 10), end=date(2027, 1, 9))
    services.setup_sectors(chosen=services.national_sectors())
    services.setup_special_committees(names=["经济委员会", "科教卫体委员会"])
    return committee


def test_it_sends_every_page_to_the_wizard_and_prints_the_token(capsys, wizard_on):
    client = Client()
    response = client.get("/accounts/login/")
    assert response.status_code == 302
    assert response["Location"] == "/setup/"
    assert client.get("/c/anything/members/")["Location"] == "/setup/"
    assert client.get("/api/v1/committees/").status_code == 503
    page = client.get("/setup/")
    assert page.status_code == 200
    assert "设置令牌" in page.content.decode()
    token = token_from_file()
    assert token in capsys.readouterr().err  # on the server's console
    assert stat.S_IMODE(services.token_path().stat().st_mode) == 0o600
    # Stored hashed, never in clear.
    assert SetupState.objects.get().token_digest != token
    assert token not in SetupState.objects.get().token_digest


def test_it_refuses_the_steps_without_the_token(client):
    client.get("/")
    assert client.get("/setup/committee/")["Location"] == "/setup/"
    response = client.post("/setup/", {"token": "guessed"})
    assert "设置令牌不正确" in response.content.decode()
    response = client.post("/setup/committee/", {"name": "抢先政协", "code": "grab", "level": "county"})
    assert response["Location"] == "/setup/"
    assert not Committee.objects.exists()


def test_it_walks_the_steps_on_the_pages_and_resumes_where_it_was_left():
    client = authorized_client()
    response = client.post(
        "/setup/committee/",
        {"name": "测试区政协", "code": "testqu", "level": "county", "parent_code": "", "parent_name": ""},
    )
    assert response["Location"] == "/setup/term/"
    # A field-named error in Chinese, nothing written.
    response = client.post("/setup/term/", {"number": "15", "start": "2027-01-10", "end": "2022-01-09"})
    assert "结束日期不能早于开始日期" in response.content.decode()
    assert not Term.objects.exists()
    assert (
        client.post("/setup/term/", {"number": "15", "start": "2022-01-10"})["Location"] == "/setup/sectors/"
    )

    # Leave, come back in another browser with the token: it resumes at the step not yet done.
    again = Client()
    again.get("/")
    assert again.post("/setup/", {"token": token_from_file()})["Location"] == "/setup/sectors/"
    # A step done shows what it made and changes nothing when posted again.
    page = again.get("/setup/committee/").content.decode()
    assert "本步骤已完成" in page
    assert "testqu" in page
    again.post("/setup/committee/", {"name": "改名", "code": "other", "level": "city"})
    assert list(Committee.objects.values_list("code", "name")) == [("testqu", "测试区政协")]

    form = {"keep_01": "on", "name_01": "中国共产党", "short_01": "中共", "keep_25": "on", "name_25": "经济界",
            "extra": "新的社会阶层人士,新阶层"}  # fmt: skip
    assert again.post("/setup/sectors/", form)["Location"] == "/setup/special_committees/"
    assert list(Sector.objects.values_list("name", flat=True)) == ["中国共产党", "经济界", "新的社会阶层人士"]


def test_it_refuses_one_person_for_two_admin_roles_and_writes_nothing():
    first_steps()
    with pytest.raises(ValidationError) as exc:
        services.setup_admins(admins=admins(secadmin="李系统"))
    assert "secadmin_name" in exc.value.message_dict
    assert "同一人" in exc.value.message_dict["secadmin_name"][0]
    weak = admins()
    weak["auditor"] = AdminInput("赵审计", "auditor1", "password", "password")
    with pytest.raises(ValidationError) as exc:
        services.setup_admins(admins=weak)
    assert "auditor_password" in exc.value.message_dict
    assert not User.objects.exists()
    assert not RoleAssignment.objects.exists()

    users = services.setup_admins(admins=admins())
    roles = dict(RoleAssignment.objects.values_list("user__username", "role"))
    assert roles == {"sysadmin1": Role.SYSADMIN, "secadmin1": Role.SECADMIN, "auditor1": Role.AUDITOR}
    assert all(u.check_password(PASSWORD) for u in users)
    # Run again: nothing new.
    services.setup_admins(admins=admins(sysadmin="别人"))
    assert User.objects.count() == 3


def test_it_shows_the_admin_error_next_to_its_field_on_the_page():
    first_steps()
    client = authorized_client()
    data = {}
    for role, given in admins(auditor="王安全").items():
        data |= {f"{role}_name": given.name, f"{role}_username": given.username,
                 f"{role}_password": PASSWORD, f"{role}_password_again": PASSWORD}  # fmt: skip
    page = client.post("/setup/admins/", data).content.decode()
    assert 'id="id_auditor_name_error"' in page
    assert "三员分立" in page
    assert 'value="王安全"' in page  # what was typed is kept
    assert not User.objects.exists()


def test_it_imports_the_roster_organizes_branches_creates_staff_and_completes(
    client, django_capture_on_commit_callbacks
):
    token = services.token_issue()
    committee = first_steps()
    services.setup_admins(admins=admins())
    bad = roster_rows()
    bad[3][4] = ""
    report = services.setup_roster(data=sheets.xlsx(bad), filename="名册.xlsx")
    assert not report.applied
    assert any("政治面貌" in e for e in report.errors)
    assert not TermMembership.objects.exists()
    report = services.setup_roster(data=roster_sheet(), filename="名册.xlsx")
    assert report.applied
    assert report.created == 5

    services.setup_branches(others=["机关党支部"])
    names = set(PartyBranch.objects.values_list("name", flat=True))
    assert names == {"经济委员会党支部", "科教卫体委员会党支部", "机关党支部"}
    organized = set(PartyMembership.objects.values_list("person__name", flat=True))
    assert organized == {"张伟", "李娜"}  # the CPC members of a special committee (欧阳明 has none)

    created = services.setup_staff(accounts=[StaffInput("张敏", "zhangmin", Role.STAFF)])
    ((user, password),) = created
    assert user.check_password(password)
    assert user.must_change_password
    assert services.token_check(token)

    with django_capture_on_commit_callbacks(execute=True):
        services.setup_complete()
    assert not services.token_path().exists()
    assert not services.setup_needed()
    assert SetupState.objects.get().token_digest == ""
    assert not services.token_check("anything")
    # The server lets everything through again, and the wizard is closed.
    assert client.get("/accounts/login/").status_code == 200
    assert client.get("/setup/")["Location"] == "/accounts/login/"
    assert committee.parent.code == "testshi"


def test_it_cannot_complete_before_every_step(client):
    first_steps()
    with pytest.raises(ValidationError, match="三员"):
        services.setup_complete()
    with pytest.raises(ValidationError):
        services.setup_skip(step="admins")


def test_it_leaves_an_installation_with_committees_alone(client):
    factories.make_committee("existing", name="已有政协")
    assert client.get("/accounts/login/").status_code == 200
    assert client.get("/setup/")["Location"] == "/accounts/login/"
    assert not SetupState.objects.exists()


def test_it_hides_the_wizard_from_an_outsider_once_set_up(client, outsider):
    client.force_login(outsider)
    assert client.get("/setup/admins/")["Location"] == "/accounts/login/"
    assert SpecialCommittee.objects.filter(committee__code="testqu").count() == 0
