"""Signed reports from subordinates that run their own installation: export, key registration, import,
each refusal with nothing stored, and the reported values marked in the roll-up."""

from __future__ import annotations

import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from lvzhi.reports import signing
from lvzhi.reports.models import ReportedFigures
from lvzhi.reports.rollup import build_rollup
from lvzhi.reports.rollup_services import rollup_import, rollup_key_register
from tests.reports.conftest import PERIOD, YEAR

pytestmark = pytest.mark.django_db


def _payload(code: str, members: str = "50") -> dict:
    return {
        "committee": {"code": code, "name": "第二区政协"},
        "period": PERIOD.as_dict(),
        "signed_at": "2025-01-05T10:00:00+08:00",
        "figures": {
            "members": {"value": members, "label": "政协委员", "rollup": "sum"},
            "reading_members": {"value": "7", "label": "参加读书活动的委员", "rollup": "distinct"},
        },
    }


@pytest.fixture
def county2_key(city, county2):
    key = Ed25519PrivateKey.generate()
    rollup_key_register(committee=city, subordinate=county2, public_key=signing.public_key_text(key))
    return key


def test_the_signed_file_round_trips_through_the_commands(tmp_path, capsys, city, county2, city_data):
    call_command("rollup", "key", "show")
    public = capsys.readouterr().out.split("公钥：")[1].split()[0]
    call_command(
        "rollup",
        "key",
        "register",
        "--committee",
        city.code,
        "--subordinate",
        county2.code,
        "--public-key",
        public,
    )
    out = tmp_path / "county2.json"
    call_command("rollup", "export", "--committee", county2.code, "--year", str(YEAR), "-o", str(out))
    document = json.loads(out.read_text(encoding="utf-8"))
    assert signing.verify(document, public)
    assert document["payload"]["figures"]["members"]["value"] == "2"
    call_command("rollup", "import", str(out), "--into", city.code)
    report = ReportedFigures.objects.get(committee=city, subordinate=county2)
    assert report.figures["members"]["value"] == "2"
    assert (report.start, report.end) == (PERIOD.start, PERIOD.end)


def test_reported_values_replace_the_live_ones_and_are_marked(
    city, committee, county2, city_data, county2_key
):
    rollup_import(into=city, document=json.dumps(signing.sign(_payload(county2.code), county2_key)))
    rollup = build_rollup(city, PERIOD)
    column = rollup.columns[2]
    assert column.committee == county2
    assert column.is_reported
    members = next(r for r in rollup.rows if r.key == "members")
    assert members.cells[2].value == 50
    assert members.cells[2].reported
    assert members.total.value == 1 + 3 + 50
    reading = next(r for r in rollup.rows if r.key == "reading_members")
    assert reading.total.value == 1 + 7  # a reported count cannot be deduplicated: added, and marked
    assert not reading.deduplicated


def test_the_page_marks_reported_values(client, city_leader, city, county2, city_data, county2_key):
    rollup_import(into=city, document=json.dumps(signing.sign(_payload(county2.code), county2_key)))
    client.force_login(city_leader)
    html = client.get(
        reverse("reports:rollup", kwargs={"committee": city.code}) + f"?year={YEAR}"
    ).content.decode()
    assert "报送" in html
    assert "50" in html
    assert "按相加，未去重" in html


def _refused(city, document: dict | str, message: str) -> None:
    text = document if isinstance(document, str) else json.dumps(document)
    with pytest.raises(ValidationError) as exc:
        rollup_import(into=city, document=text)
    assert message in exc.value.message_dict["file"][0]
    assert not ReportedFigures.objects.exists()


def test_a_tampered_value_is_refused(city, county2, county2_key):
    document = signing.sign(_payload(county2.code), county2_key)
    document["payload"]["figures"]["members"]["value"] = "500"
    _refused(city, document, "签名校验失败")


def test_a_file_signed_with_another_key_is_refused(city, county2, county2_key):
    _refused(city, signing.sign(_payload(county2.code), Ed25519PrivateKey.generate()), "不一致")
    # Without the fingerprint the signature check still refuses it.
    document = signing.sign(_payload(county2.code), Ed25519PrivateKey.generate())
    del document["fingerprint"]
    _refused(city, document, "签名校验失败")


def test_an_unknown_committee_or_key_is_refused(city, committee, other_committee, county2_key):
    key = county2_key
    _refused(city, signing.sign(_payload("nowhere"), key), "没有代码为「nowhere」的政协")
    _refused(city, signing.sign(_payload(other_committee.code), key), "不是「测试市政协」的下级政协")
    _refused(city, signing.sign(_payload(committee.code), key), "尚未登记")
    _refused(city, "not json", "JSON 格式有误")


def test_the_command_refuses_with_the_reason(tmp_path, city, county2, county2_key):
    document = signing.sign(_payload(county2.code), county2_key)
    document["payload"]["figures"]["members"]["value"] = "500"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(CommandError, match="签名校验失败"):
        call_command("rollup", "import", str(path), "--into", city.code)
    assert not ReportedFigures.objects.exists()


def test_city_staff_upload_a_report_on_the_page(client, city_staff, city, county2, county2_key):
    client.force_login(city_staff)
    url = reverse("reports:rollup_import", kwargs={"committee": city.code})
    data = json.dumps(signing.sign(_payload(county2.code), county2_key)).encode()
    response = client.post(url, {"file": SimpleUploadedFile("r.json", data)})
    assert response.status_code == 302
    assert ReportedFigures.objects.get(subordinate=county2).figures["members"]["value"] == "50"
    tampered = data.replace(b'"50"', b'"51"')
    response = client.post(url, {"file": SimpleUploadedFile("r.json", tampered)})
    assert "签名校验失败" in response.content.decode()
    assert ReportedFigures.objects.get(subordinate=county2).figures["members"]["value"] == "50"


def test_keys_page_shows_the_own_key_and_registers_one(client, city_staff, city, county2):
    client.force_login(city_staff)
    url = reverse("reports:rollup_keys", kwargs={"committee": city.code})
    assert signing.own_public_key() in client.get(url).content.decode()
    public = signing.public_key_text(Ed25519PrivateKey.generate())
    assert client.post(url, {"subordinate": county2.pk, "public_key": public}).status_code == 302
    response = client.post(url, {"subordinate": county2.pk, "public_key": "bad"})
    assert "公钥格式不对" in response.content.decode()


def test_only_the_committees_staff_import_or_register(client, city_leader, staff, outsider, city):
    for name in ("reports:rollup_import", "reports:rollup_keys"):
        url = reverse(name, kwargs={"committee": city.code})
        client.force_login(city_leader)
        assert client.get(url).status_code == 403
        client.force_login(staff)  # the county's staff: the city is not theirs to read
        assert client.get(url).status_code == 404
        client.force_login(outsider)
        assert client.get(url).status_code == 404


def test_a_subordinate_sends_its_signed_report_over_the_api(
    client, city_staff, city_leader, staff, outsider, city, committee, county2, city_data, county2_key
):
    url = f"/api/v1/committees/{city.code}/rollup/reports/"
    document = signing.sign(_payload(county2.code), county2_key)
    for user, refused in ((city_leader, 403), (staff, 404), (outsider, 404)):  # only the city's staff
        client.force_login(user)
        assert client.post(url, document, content_type="application/json").status_code == refused
    client.force_login(city_staff)
    tampered = json.loads(json.dumps(document))
    tampered["payload"]["figures"]["members"]["value"] = "500"
    response = client.post(url, tampered, content_type="application/json")
    assert response.status_code == 400
    assert "签名校验失败" in response.json()["detail"]  # the reason, and nothing stored
    assert not ReportedFigures.objects.exists()

    # The subordinate's installation posts with a token of the city's staff (no session, no CSRF token).
    token = Token.objects.create(user=city_staff)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = api.post(url, document, format="json")
    assert response.status_code == 201
    assert response.json() == {
        "subordinate": county2.code,
        "period": PERIOD.as_dict(),
        "figures": 2,
        "reported": True,
    }
    rollup = client.get(f"/api/v1/committees/{city.code}/rollup/?year={YEAR}").json()
    members = rollup["figures"]["members"]
    assert members["subordinates"][county2.code] == {
        **members["subordinates"][county2.code],
        "value": 50,
        "reported": True,
    }
    assert members["total"] == 1 + 3 + 50  # the city's own, the county live, county2 as reported


def test_the_rollup_opens_a_subordinates_summary_only_where_the_role_allows(
    client, city_leader, city, committee, county2, city_data
):
    from lvzhi.core.roles import Role
    from tests import factories

    rollup_url = reverse("reports:rollup", kwargs={"committee": city.code}) + f"?year={YEAR}"
    summary_url = reverse("reports:summary", kwargs={"committee": committee.code}) + f"?year={YEAR}"
    client.force_login(city_leader)
    assert summary_url in client.get(rollup_url).content.decode().replace("&amp;", "&")
    summary = client.get(summary_url)
    assert summary.status_code == 200
    assert summary.context["summary"].committee == committee
    # A city member reads neither the roll-up nor, through it, the county's summary.
    city_member = factories.user_with_role(city, Role.MEMBER, username="citymember")
    client.force_login(city_member)
    assert client.get(rollup_url).status_code == 403
    assert client.get(summary_url).status_code in (403, 404)
