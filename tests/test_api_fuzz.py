"""Schemathesis against our own OpenAPI schema: no generated request may give a server error.

Each operation gets a small budget of generated requests (FUZZ_EXAMPLES, 8 by default; raise it
locally to search harder). The requests run in-process through the WSGI application, as an
officer, against a database holding one submitted application, so both the 404 paths and the
real ones are exercised. The schema comes from drf-spectacular's generator (what
/api/v1/schema/ serves), so loading it needs no request at collection time.
"""

import json
import os

import pytest
import schemathesis
from django.core.serializers.json import DjangoJSONEncoder
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token

from config.wsgi import application
from tests.applications.factories import ready_application

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "8"))

_spec = json.loads(
    json.dumps(SchemaGenerator().get_schema(request=None, public=True), cls=DjangoJSONEncoder)
)
schema = schemathesis.openapi.from_dict(_spec)
schema.app = application


@pytest.fixture
def officer_token(officer, applicant, settings):
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]  # schemathesis' WSGI client's host
    ready_application(applicant)
    # As Django's test client does: a request must not close the test's open transaction.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield Token.objects.create(user=officer).key
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_no_generated_request_gives_a_server_error(case, officer_token):
    response = case.call(headers={"Authorization": f"Token {officer_token}"})
    if os.environ.get("FUZZ_TRACE"):
        print("FUZZ", case.method, case.formatted_path, case.query, response.status_code)
    assert response.status_code < 500, (
        f"{case.method} {case.formatted_path} → {response.status_code}\n"
        f"{case.as_curl_command()}\n{response.text[:500]}"
    )
