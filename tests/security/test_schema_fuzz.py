"""schemathesis over the OpenAPI schema (/api/v1/schema/), a bounded number of cases per operation,
as a staff user of one committee: no 5xx, responses as the schema describes them."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from rest_framework.authtoken.models import Token
from schemathesis import checks

from lvzhi.config.wsgi import application
from lvzhi.core.roles import Role
from tests import factories

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]
# No 5xx; status codes, content types, bodies and headers as documented.
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
    checks.response_headers_conformance,
]
CASES = 8  # per operation: 38 operations, a few hundred requests in all


@pytest.fixture
def token(committee, other_committee, member, economy):
    """A staff token of the committee, with a member, a branch and a special committee on the roster."""
    factories.make_member(committee, name="李四", political="13", sc=economy)
    factories.make_member(other_committee, name="外人")
    staff = factories.user_with_role(committee, Role.STAFF, username="fuzz-staff")
    return Token.objects.create(user=staff).key


def test_the_api_answers_as_its_schema_says(token, committee):
    headers = {"Authorization": f"Token {token}"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application, headers=headers)
    failures: list[str] = []
    # The token endpoint turns away schema-valid credentials by design (tests/security/test_limits.py).
    operations = [op for r in schema.get_all_operations() if (op := r.ok()).path != "/api/v1/auth/token/"]
    assert len(operations) >= 30

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=CASES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True
        )
        def run(case):
            if "committee" in (case.path_parameters or {}):
                case.path_parameters["committee"] = committee.code  # its own committee; the rest is fuzzed
            case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            run()
        except BaseExceptionGroup as group:  # schemathesis's failures, all of them reported
            failures.append(f"{operation.label}: {str(group)[:3000]}")
        except AssertionError as exc:
            failures.append(f"{operation.label}: {str(exc)[:3000]}")
    assert not failures, "\n\n".join(failures)
