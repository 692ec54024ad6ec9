import datetime as dt

import pytest
from django.core.management import call_command

from fazhi.core.errors import DomainError
from fazhi.laws import importer
from fazhi.laws.models import Instrument, Provision, Version
from fazhi.laws.services import repeal_version
from fazhi.laws.tests.conftest import CORPUS, DATA

pytestmark = pytest.mark.django_db(transaction=True)


def test_corpus_import_creates_instruments_versions_and_articles(corpus_dir):
    report = importer.import_corpus(corpus_dir, processes=1)

    assert (report.created, report.failed) == (3, 0)
    assert Instrument.objects.count() == 2
    assert Version.objects.count() == 3
    assert Provision.objects.filter(kind="article").count() == 10


def test_reimporting_the_same_corpus_changes_nothing(corpus_dir):
    importer.import_corpus(corpus_dir, processes=1)
    before = list(Provision.objects.order_by("id").values_list("id", "text"))

    report = importer.import_corpus(corpus_dir, processes=1)

    assert (report.created, report.updated, report.unchanged) == (0, 0, 3)
    assert list(Provision.objects.order_by("id").values_list("id", "text")) == before


def test_an_edited_file_updates_its_version_in_place(corpus_dir):
    importer.import_corpus(corpus_dir, processes=1)
    path = corpus_dir / "行政法" / "示例复议法(2021-05-01).md"
    path.write_text(path.read_text().replace("六十日", "九十日"))

    report = importer.import_corpus(corpus_dir, processes=1)

    assert (report.created, report.updated) == (0, 1)
    assert Version.objects.count() == 3
    art5 = Provision.objects.get(
        version__source_path__contains="示例复议法", eid="art_5"
    )
    assert "九十日" in art5.text


def test_a_version_is_superseded_when_its_successor_takes_effect(corpus_dir):
    importer.import_corpus(corpus_dir, processes=1)

    old, new = Version.objects.filter(instrument__short_title="示例处罚法").order_by(
        "promulgated_on"
    )

    assert old.superseded_on == dt.date(2023, 6, 1)
    assert new.superseded_on is None
    assert old.status_on(dt.date(2023, 6, 1)) == "amended"
    assert new.status_on(dt.date(2023, 5, 31)) == "not_yet_in_force"


def test_permalinks_name_instrument_version_and_article(corpus_dir):
    importer.import_corpus(corpus_dir, processes=1)

    article = Provision.objects.get(
        version__promulgated_on=dt.date(2020, 1, 1), eid="art_3_1"
    )

    assert article.get_absolute_url() == "/laws/示例处罚法/2020-01-01/art/3-1/"
    assert article.version.instrument.get_absolute_url() == "/laws/示例处罚法/"


def test_a_plain_text_document_is_imported_on_its_own():
    outcome = importer.import_file(DATA / "single.txt", kind="normative_document")

    assert outcome.created == 1
    version = Version.objects.get()
    assert version.title == "某市养犬管理办法"
    assert version.article_count == 2


def test_repealing_before_the_effective_date_is_refused_and_changes_nothing(
    corpus_dir,
):
    importer.import_corpus(corpus_dir, processes=1)
    version = Version.objects.get(promulgated_on=dt.date(2023, 1, 1))

    with pytest.raises(DomainError) as caught:
        repeal_version(version=version, repealed_on=dt.date(2022, 1, 1))

    assert caught.value.code == "laws_repeal_before_effective"
    version.refresh_from_db()
    assert version.repealed_on is None


def test_the_import_command_reports_its_figures(corpus_dir, capsys):
    call_command("laws", "import-lawrefbook", str(corpus_dir), "--processes", "2")

    out = capsys.readouterr().out
    assert "instruments 2, versions 3, articles 10" in out


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.exists(), reason="the lawrefbook corpus is absent")
def test_a_hundred_corpus_files_import_with_their_articles():
    report = importer.import_corpus(CORPUS, limit=100, processes=2)

    assert report.failed == 0
    assert report.versions == 100
    assert report.articles > 1000
