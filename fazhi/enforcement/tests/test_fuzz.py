"""Schemathesis over every enforcement endpoint of the OpenAPI schema: no 5xx.

Requests generated from the schema (valid by the schema and, for a share,
invalid) are sent in-process through Django's test client as an enforcement
officer (a staff session), so the endpoints do real work on real objects:
half of the generated ids are replaced by ids that exist (a case, the
subject, an officer…). Bad input must come back as a 4xx problem, never as a
server error. Bounded: a few examples per operation, no shrinking.
"""

import os
import random
from urllib.parse import urlencode

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from schemathesis.generation.modes import GenerationMode

from fazhi.enforcement.services import import_cases

pytestmark = pytest.mark.django_db(transaction=False)

#: More examples, or another seed, for a longer hunt (the suite keeps it short).
EXAMPLES = int(os.environ.get("FAZHI_FUZZ_EXAMPLES", "3"))
SEED = os.environ.get("FAZHI_FUZZ_SEED", "")
PREFIX = "/api/v1/enforcement/"


def _existing_ids(world):
    imported = import_cases(
        actor=world.user1,
        records=[
            {
                "subject_id": world.subject.pk,
                "number": "F-1",
                "summary": "无证经营",
                "party_kind": "legal_person",
                "party_name": "某某有限公司",
                "received_on": "2025-05-05",
                "filed_on": "2025-05-06",
            },
            {
                "subject_id": world.subject.pk,
                "number": "F-2",
                "summary": "占道经营",
                "party_kind": "natural_person",
                "party_name": "张三",
                "received_on": "2025-05-05",
            },
        ],
    )
    assert imported.created == 2
    from fazhi.enforcement.models import PenaltyCase

    cases = list(PenaltyCase.objects.values_list("pk", flat=True))
    return {
        "case_id": cases,
        "subject_id": [world.subject.pk],
        "officer_id": [world.officer1.pk, world.officer2.pk],
        "organization_id": [world.tree["A"].pk],
    }


def _operations(client):
    schema = schemathesis.openapi.from_dict(client.get("/api/v1/openapi.json").json())
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.path.startswith(PREFIX):
            yield operation


def test_no_enforcement_endpoint_answers_with_a_server_error(client, world):
    client.force_login(world.user1)
    known = _existing_ids(world)
    chooser = random.Random(20261202)
    failures: list[str] = []
    operations = list(_operations(client))
    assert len(operations) > 40  # the whole enforcement API, not a handful

    for operation in operations:
        strategy = st.one_of(
            operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
            operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
        )

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=not SEED,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @seed(int(SEED or 0))
        @given(case=strategy)
        def send(case):
            for name in list(case.path_parameters or {}):
                if name in known and chooser.random() < 0.5:
                    case.path_parameters[name] = chooser.choice(known[name])
            path = case.formatted_path
            if not path.startswith("/api/v1"):
                path = "/api/v1" + path
            kwargs = {
                "data": case.body if case.body is not None else None,
                "content_type": case.media_type or "application/json",
                "QUERY_STRING": urlencode(case.query or {}, doseq=True),
            }
            if not isinstance(kwargs["data"], dict | list | str | bytes):
                kwargs.pop("data")
            if kwargs.get("data") is None:
                kwargs.pop("data", None)
            try:
                response = client.generic(
                    case.method.upper(),
                    path,
                    **_encoded(kwargs),
                )
            except Exception as error:  # an exception escaping the API is a bug
                failures.append(f"{case.method} {path}: raised {error!r}")
                return
            if response.status_code >= 500:
                failures.append(
                    f"{case.method} {path} query={case.query} body={case.body!r}: "
                    f"{response.status_code} {response.content[:300]!r}"
                )

        send()

    assert failures == [], "\n".join(failures)


def _encoded(kwargs):
    """Django's generic() wants the body as bytes or str."""
    import json

    data = kwargs.pop("data", None)
    if data is None:
        return {**kwargs, "data": b""}
    if isinstance(data, dict | list):
        return {**kwargs, "data": json.dumps(data, default=str)}
    return {**kwargs, "data": data}


# --- what the fuzzing found, kept as plain regression tests -----------------------------------


def test_training_hours_that_round_to_nothing_are_refused_not_a_server_error(
    client, world
):
    client.force_login(world.user1)

    response = client.post(
        f"/api/v1/enforcement/officers/{world.officer1.pk}/trainings",
        {"attended_on": "2025-05-06", "hours": 1.5e-52, "course": "行政处罚法"},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json()["code"] == "training_hours_invalid"


@pytest.mark.parametrize(
    "query",
    [
        {"page": 226699300029145344, "page_size": 69},
        {"organization_id": 36340417225619128983748608},
    ],
)
def test_numbers_beyond_the_database_are_a_validation_error(client, world, query):
    client.force_login(world.user1)

    response = client.get("/api/v1/enforcement/dashboard/overdue", query)

    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"
