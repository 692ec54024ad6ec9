"""``import-lawrefbook --once``: the first ``make run`` imports, later ones start at once."""

import pytest
from django.core.management import call_command

from fazhi.laws.models import Instrument, Kind

pytestmark = pytest.mark.django_db(transaction=True)


def test_once_imports_into_an_empty_library_and_skips_afterwards(corpus_dir, capsys):
    call_command("laws", "import-lawrefbook", str(corpus_dir), "--once", "--no-index")
    first = capsys.readouterr().out
    for path in corpus_dir.rglob("*.md"):
        path.write_text("改过的文本\n", encoding="utf-8")  # would update if imported
    call_command("laws", "import-lawrefbook", str(corpus_dir), "--once", "--no-index")
    second = capsys.readouterr().out

    assert "instruments 2" in first
    assert "skipped" in second
    assert "updated" not in second
    assert Instrument.objects.count() == 2


def test_normative_documents_alone_do_not_count_as_an_imported_library(
    corpus_dir, capsys
):
    Instrument.objects.create(
        title="关于规范某事项的通知",
        short_title="某通知",
        slug="某通知",
        kind=Kind.NORMATIVE_DOCUMENT,
    )

    call_command("laws", "import-lawrefbook", str(corpus_dir), "--once", "--no-index")

    assert "skipped" not in capsys.readouterr().out
    assert Instrument.objects.exclude(kind=Kind.NORMATIVE_DOCUMENT).count() == 2
