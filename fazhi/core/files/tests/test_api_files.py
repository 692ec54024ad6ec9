import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.core.audit.models import AuditEntry
from fazhi.core.files import storage
from fazhi.core.files.models import StoredFile
from fazhi.core.files.services import store_file
from fazhi.core.files.tests.conftest import SAMPLES
from fazhi.core.models import Role
from fazhi.core.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

PDF = SAMPLES["application/pdf"]


@pytest.fixture
def officer(client):
    membership = MembershipFactory(role=Role.STAFF)
    client.force_login(membership.user)
    return membership


def upload(
    client, organization_id, content=PDF, name="决定书.pdf", kind="application/pdf"
):
    return client.post(
        "/api/v1/files/",
        {
            "file": SimpleUploadedFile(name, content, content_type=kind),
            "organization": organization_id,
        },
    )


def test_uploading_a_file_answers_its_metadata(client, officer):
    response = upload(client, officer.organization_id)

    assert response.status_code == 201
    body = response.json()
    assert body["original_name"] == "决定书.pdf"
    assert body["content_type"] == "application/pdf"
    assert body["organization_id"] == officer.organization_id
    assert StoredFile.objects.get().pk == body["id"]


def test_a_disallowed_upload_is_a_problem_and_writes_nothing(client, officer):
    response = upload(client, officer.organization_id, b"\x7fELF\x02", "a.exe", "x/y")

    assert response.status_code == 415
    assert response.json()["code"] == "file_type_not_allowed"
    assert StoredFile.objects.count() == 0
    assert AuditEntry.objects.count() == 0


def test_uploading_for_another_organization_is_forbidden(client, officer):
    other = MembershipFactory(role=Role.STAFF).organization

    response = upload(client, other.pk)

    assert response.status_code == 403
    assert StoredFile.objects.count() == 0


def test_uploading_without_logging_in_is_refused(client):
    organization = MembershipFactory(role=Role.STAFF).organization

    response = upload(client, organization.pk)

    assert response.status_code == 401
    assert StoredFile.objects.count() == 0


def test_list_count_metadata_and_content(client, officer):
    stored = store_file(
        actor=officer.user, organization=officer.organization, name="a.pdf", content=PDF
    )

    listing = client.get("/api/v1/files/").json()
    count = client.get("/api/v1/files/count").json()
    meta = client.get(f"/api/v1/files/{stored.pk}").json()
    content = client.get(f"/api/v1/files/{stored.pk}/content")

    assert [item["id"] for item in listing["items"]] == [stored.pk]
    assert count == {"count": 1}
    assert meta["sha256"] == stored.sha256
    assert content.status_code == 200
    assert b"".join(content.streaming_content) == PDF
    assert content["Content-Type"] == "application/pdf"
    assert "attachment" in content["Content-Disposition"]


def test_files_of_another_organization_answer_404_without_data(client, officer):
    neighbour = MembershipFactory(role=Role.STAFF)
    theirs = store_file(
        actor=neighbour.user,
        organization=neighbour.organization,
        name="b.pdf",
        content=PDF,
    )

    meta = client.get(f"/api/v1/files/{theirs.pk}")
    content = client.get(f"/api/v1/files/{theirs.pk}/content")
    listing = client.get("/api/v1/files/").json()
    count = client.get("/api/v1/files/count").json()

    assert meta.status_code == 404
    assert content.status_code == 404
    assert theirs.sha256 not in meta.content.decode() + content.content.decode()
    assert listing["count"] == 0
    assert count == {"count": 0}


def test_a_tampered_file_is_not_downloaded(client, officer):
    stored = store_file(
        actor=officer.user, organization=officer.organization, name="a.pdf", content=PDF
    )
    path = storage.blob_path(stored.sha256)
    path.chmod(0o640)
    path.write_bytes(b"%PDF-forged")

    response = client.get(f"/api/v1/files/{stored.pk}/content")

    assert response.status_code == 409
    assert response.json()["code"] == "file_integrity_failed"
