import pytest

from fazhi.core.audit.models import AuditEntry
from fazhi.enforcement.models import PenaltyCase

from .test_dashboard import cases  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db


def spot(client, w, fine_fen):
    return client.post(
        "/api/v1/enforcement/on-the-spot",
        {
            "subject_id": w.subject.pk,
            "officer_id": w.officer1.pk,
            "party_kind": "natural_person",
            "party_name": "路人甲",
            "decided_on": "2025-06-02",
            "summary": "占道经营",
            "basis": "《某条例》第20条",
            "kinds": ["fine"],
            "fine_fen": fine_fen,
            "decision_number": "No.1",
            "place": "中山路",
        },
        content_type="application/json",
    )


def test_anyone_looks_up_an_officer_by_certificate_number(client, world):
    response = client.get("/api/v1/enforcement/officers/lookup/13010001")
    missing = client.get("/api/v1/enforcement/officers/lookup/nope")

    assert response.status_code == 200
    assert set(response.json()) == {
        "name",
        "certificate_number",
        "issuer",
        "valid_from",
        "valid_until",
        "subject",
        "status",
        "status_label",
        "valid_today",
    }
    assert missing.status_code == 404
    assert missing.json()["code"] == "officer_not_found"


def test_subjects_and_matters_are_public(client, world):
    response = client.get("/api/v1/enforcement/subjects")

    assert response.status_code == 200
    assert response.json()["items"][0]["organization_name"] == world.tree["A"].name
    assert client.get("/api/v1/enforcement/matters").status_code == 200


def test_staff_endpoints_need_a_login(client, world):
    assert client.get("/api/v1/enforcement/cases").status_code == 401


def test_a_refusal_is_a_problem_naming_the_article_and_changes_nothing(client, world):
    client.force_login(world.user1)
    audit = AuditEntry.objects.count()

    response = spot(client, world, 20_001)

    assert response.status_code == 409
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["code"] == "on_spot_not_allowed"
    assert "第51条" in response.json()["detail"] or "第51条" in str(response.json())
    assert PenaltyCase.objects.count() == 0
    assert AuditEntry.objects.count() == audit


def test_a_case_is_created_read_and_hidden_from_another_organization(client, world):
    client.force_login(world.user1)
    created = spot(client, world, 20_000)
    case_id = created.json()["id"]
    detail = client.get(f"/api/v1/enforcement/cases/{case_id}")
    timeline = client.get(f"/api/v1/enforcement/cases/{case_id}/timeline")
    client.force_login(world.stranger)
    hidden = client.get(f"/api/v1/enforcement/cases/{case_id}")
    listing = client.get("/api/v1/enforcement/cases")

    assert created.status_code == 201
    assert detail.json()["state"] == "served"
    assert [step["name"] for step in detail.json()["next_steps"]] == [
        "record_payment",
        "record_execution",
        "close",
    ]
    assert timeline.json()[0]["action"] == "enforcement.decide_on_the_spot"
    assert hidden.status_code == 404
    assert listing.json()["count"] == 0


def test_the_general_procedure_starts_through_the_api(client, world):
    client.force_login(world.user1)

    created = client.post(
        "/api/v1/enforcement/cases",
        {
            "subject_id": world.subject.pk,
            "summary": "无证经营",
            "party_kind": "legal_person",
            "party_name": "某公司",
            "received_on": "2025-05-05",
        },
        content_type="application/json",
    )
    filed = client.post(
        f"/api/v1/enforcement/cases/{created.json()['id']}/file",
        {"filed_on": "2025-05-06"},
        content_type="application/json",
    )
    assigned = client.post(
        f"/api/v1/enforcement/cases/{created.json()['id']}/officers",
        {"officer_id": world.officer1.pk},
        content_type="application/json",
    )

    assert created.status_code == 201
    assert filed.json()["decision_due_on"] == "2025-08-04"
    assert filed.json()["clocks"][0]["basis"].endswith("第60条")
    assert assigned.status_code == 200


def test_an_exam_score_beyond_its_field_is_a_clear_400(client, world):
    client.force_login(world.user1)

    response = client.post(
        f"/api/v1/enforcement/officers/{world.officer1.pk}/exams",
        {"taken_on": "2025-03-01", "passed": True, "score": 1e9},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json()["code"] == "exam_score_invalid"
    assert not world.officer1.exams.exists()


def test_a_value_the_database_cannot_hold_is_a_400_and_changes_nothing(client, world):
    """A text longer than its column that no check caught (on PostgreSQL the
    database refuses it; SQLite stores any length, so there it is simply kept)."""
    from django.db import connection

    client.force_login(world.user1)
    before = world.officer1.trainings.count()

    response = client.post(
        f"/api/v1/enforcement/officers/{world.officer1.pk}/trainings",
        {
            "attended_on": "2025-03-01",
            "hours": 2,
            "course": "培训",
            "provider": "单" * 300,
        },
        content_type="application/json",
    )

    if connection.vendor == "postgresql":
        assert response.status_code == 400
        assert response.json()["code"] == "value_out_of_range"
        assert world.officer1.trainings.count() == before
    else:
        assert response.status_code == 201
