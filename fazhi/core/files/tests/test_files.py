import io

import pytest

from fazhi.core.audit.models import AuditEntry
from fazhi.core.errors import DomainError, NotFoundError, PermissionDeniedError
from fazhi.core.files import selectors, storage
from fazhi.core.files.models import StoredFile
from fazhi.core.files.services import store_file
from fazhi.core.files.sniff import sniff
from fazhi.core.files.tests.conftest import SAMPLES, zip_with
from fazhi.core.models import Role
from fazhi.core.tests.factories import MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

PDF = SAMPLES["application/pdf"]


@pytest.fixture
def officer():
    return MembershipFactory(role=Role.STAFF)


def blobs(root):
    return sorted(
        p.name for p in root.rglob("*") if p.is_file() and p.parent.name != "incoming"
    )


def assert_nothing_written(root):
    assert StoredFile.objects.count() == 0
    assert AuditEntry.objects.count() == 0
    assert blobs(root) == []
    assert list((root / "incoming").glob("*")) == []


@pytest.mark.parametrize("expected", sorted(SAMPLES))
def test_each_allowed_type_is_recognised_from_its_bytes(expected):
    assert sniff(io.BytesIO(SAMPLES[expected])) == expected


@pytest.mark.parametrize(
    "content",
    [
        b"\x7fELF\x02\x01\x01\x00",
        b"MZ\x90\x00\x03\x00",
        zip_with("payload.exe"),
        b"PK\x03\x04 not really a zip",
        b"text with a NUL \x00 byte",
        b"\xc3\x28 invalid utf-8",
    ],
    ids=["elf", "exe", "plain_zip", "broken_zip", "nul", "bad_utf8"],
)
def test_other_content_is_not_recognised(content):
    assert sniff(io.BytesIO(content)) is None


def test_storing_a_file_keeps_its_content_and_records_the_act(officer, files_root):
    stored = store_file(
        actor=officer.user,
        organization=officer.organization,
        name="现场照片.pdf",
        content=PDF,
    )

    assert stored.content_type == "application/pdf"
    assert stored.size == len(PDF)
    assert storage.blob_path(stored.sha256).read_bytes() == PDF
    entry = AuditEntry.objects.get()
    assert entry.action == "files.store"
    assert entry.organization == officer.organization
    assert entry.object_id == str(stored.pk)
    assert entry.after["sha256"] == stored.sha256


def test_identical_content_is_stored_once(officer, files_root):
    first = store_file(
        actor=officer.user, organization=officer.organization, name="a.pdf", content=PDF
    )

    second = store_file(
        actor=officer.user,
        organization=officer.organization,
        name="b.pdf",
        content=io.BytesIO(PDF),
    )

    assert first.pk != second.pk
    assert first.sha256 == second.sha256
    assert blobs(files_root) == [first.sha256]


def test_the_client_cannot_choose_the_type(officer, files_root):
    stored = store_file(
        actor=officer.user,
        organization=officer.organization,
        name="note.pdf",
        content=SAMPLES["text/plain"],
        declared_type="application/octet-stream",
    )

    assert stored.content_type == "text/plain"


def test_a_type_that_contradicts_the_declared_one_is_refused(officer, files_root):
    with pytest.raises(DomainError) as excinfo:
        store_file(
            actor=officer.user,
            organization=officer.organization,
            name="photo.jpg",
            content=PDF,
            declared_type="image/jpeg",
        )

    assert excinfo.value.code == "file_type_mismatch"
    assert_nothing_written(files_root)


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "file_empty"),
        (b"\x7fELF\x02\x01\x01\x00", "file_type_not_allowed"),
        (PDF + b"x" * 100, "file_too_large"),
    ],
)
def test_bad_files_are_refused_and_nothing_is_written(
    officer, files_root, settings, content, code
):
    settings.FILES_MAX_BYTES = 64

    with pytest.raises(DomainError) as excinfo:
        store_file(
            actor=officer.user,
            organization=officer.organization,
            name="x.bin",
            content=io.BytesIO(content),
        )

    assert excinfo.value.code == code
    assert excinfo.value.zh
    assert excinfo.value.en
    assert_nothing_written(files_root)


def test_the_name_loses_any_folder(officer):
    stored = store_file(
        actor=officer.user,
        organization=officer.organization,
        name="..\\..\\windows/../etc/笔录.txt",
        content=SAMPLES["text/plain"],
    )

    assert stored.original_name == "笔录.txt"


def test_a_file_for_another_organization_is_refused(officer, files_root):
    other = OrganizationFactory()

    with pytest.raises(PermissionDeniedError):
        store_file(actor=officer.user, organization=other, name="a.pdf", content=PDF)

    assert_nothing_written(files_root)


def test_the_audit_administrator_cannot_store_files(files_root):
    auditor = MembershipFactory(role=Role.AUDIT_ADMIN)

    with pytest.raises(PermissionDeniedError):
        store_file(
            actor=auditor.user,
            organization=auditor.organization,
            name="a.pdf",
            content=PDF,
        )

    assert_nothing_written(files_root)


def test_a_failed_transaction_removes_the_new_blob(officer, files_root, monkeypatch):
    def fail(**kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr("fazhi.core.files.services.record", fail)

    with pytest.raises(RuntimeError):
        store_file(
            actor=officer.user,
            organization=officer.organization,
            name="a.pdf",
            content=PDF,
        )

    assert_nothing_written(files_root)


def test_files_of_other_organizations_are_invisible(officer):
    mine = store_file(
        actor=officer.user, organization=officer.organization, name="a.pdf", content=PDF
    )
    neighbour = MembershipFactory(role=Role.STAFF)
    theirs = store_file(
        actor=neighbour.user,
        organization=neighbour.organization,
        name="b.pdf",
        content=PDF,
    )

    visible = list(selectors.list_files(user=officer.user))

    assert visible == [mine]
    assert selectors.count_files(user=officer.user) == 1
    with pytest.raises(NotFoundError):
        selectors.get_file(user=officer.user, file_id=theirs.pk)


def test_reading_rechecks_the_content(officer):
    stored = store_file(
        actor=officer.user, organization=officer.organization, name="a.pdf", content=PDF
    )

    assert b"".join(selectors.read_content(stored)) == PDF


def test_a_tampered_blob_is_refused_not_served(officer):
    stored = store_file(
        actor=officer.user, organization=officer.organization, name="a.pdf", content=PDF
    )
    path = storage.blob_path(stored.sha256)
    path.chmod(0o640)
    path.write_bytes(PDF.replace(b"1.7", b"1.4"))

    with pytest.raises(DomainError) as excinfo:
        selectors.read_content(stored)

    assert excinfo.value.code == "file_integrity_failed"


def test_a_missing_blob_is_reported(officer):
    stored = store_file(
        actor=officer.user, organization=officer.organization, name="a.pdf", content=PDF
    )
    storage.blob_path(stored.sha256).unlink()

    with pytest.raises(DomainError) as excinfo:
        selectors.read_content(stored)

    assert excinfo.value.code == "file_integrity_failed"
