import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings

from fazhi.testing.po import compiled_catalog, read_po

PACKAGE_DIR = Path(__file__).resolve().parents[2]

# The project catalogue (settings.LOCALE_PATHS) and every app's own ``locale/``.
CATALOGS = sorted(
    {
        po
        for folder in settings.LOCALE_PATHS
        for po in Path(folder).glob("*/LC_MESSAGES/*.po")
    }
    | set(PACKAGE_DIR.glob("*/locale/*/LC_MESSAGES/*.po"))
)


def test_there_is_an_english_catalog():
    assert any(po.parts[-3] == "en" for po in CATALOGS)


@pytest.mark.parametrize("po", CATALOGS, ids=lambda p: f"{p.parts[-3]}/{p.name}")
def test_every_message_is_translated_and_none_is_fuzzy(po):
    entries = [e for e in read_po(po) if e.msgid]

    untranslated = [e.msgid for e in entries if not e.is_translated]
    fuzzy = [e.msgid for e in entries if "fuzzy" in e.flags]
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize("po", CATALOGS, ids=lambda p: f"{p.parts[-3]}/{p.name}")
def test_committed_mo_matches_the_po(po):
    mo = po.with_suffix(".mo")

    with mo.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)._catalog

    expected = compiled_catalog(read_po(po))
    header = expected.pop("")
    compiled_header = compiled.pop("")
    assert compiled == expected, (
        "run `msgfmt -o django.mo django.po` (or make messages)"
    )
    assert "charset=UTF-8" in header
    assert "charset=UTF-8" in compiled_header


@pytest.mark.parametrize("po", CATALOGS, ids=lambda p: f"{p.parts[-3]}/{p.name}")
def test_placeholders_survive_translation(po):
    placeholder = re.compile(r"%\(\w+\)[sd]")
    for entry in read_po(po):
        if not entry.msgid:
            continue
        for text in entry.msgstr.values():
            assert set(placeholder.findall(text)) == set(
                placeholder.findall(entry.msgid)
            ), entry.msgid
