"""The CSV export of published decisions: the JSON Lines rows, masked, for Excel."""

import csv
import io
import json

import pytest
from django.urls import reverse

from fazhi.enforcement import public_selectors
from fazhi.enforcement.tests.test_publicity import decided, publish

pytestmark = pytest.mark.django_db

CSV_URL = "/api/v1/enforcement/decisions/export.csv"
JSONL_URL = "/api/v1/enforcement/decisions/export.jsonl"


def body(response):
    return b"".join(response.streaming_content)


def test_the_csv_has_the_same_masked_rows_as_the_json_lines(client, world):
    publish(world, decided(world))

    response = client.get(CSV_URL)
    raw = body(response)
    lines = body(client.get(JSONL_URL)).decode().splitlines()

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="decisions.csv"' in response["Content-Disposition"]
    assert raw.startswith(b"\xef\xbb\xbf")  # the byte-order mark Excel needs
    text = raw.decode("utf-8-sig")
    assert "张建国" not in text
    assert "13912345678" not in text
    rows = list(csv.DictReader(io.StringIO(text)))
    expected = [json.loads(line) for line in lines]
    assert [list(r) for r in rows] == [list(public_selectors.EXPORT_FIELDS)]
    assert rows == [{k: str(v) for k, v in e.items()} for e in expected]
    assert rows[0]["party"] == "张某"


def test_the_csv_of_nothing_is_a_header(client, world):
    raw = body(client.get(CSV_URL)).decode("utf-8-sig")

    assert raw == ",".join(public_selectors.EXPORT_FIELDS) + "\r\n"


def test_a_cell_a_spreadsheet_would_run_is_defused(client, world):
    case = decided(world)
    case.summary = '=HYPERLINK("http://x")'
    case.save()
    publish(world, case)

    text = body(client.get(CSV_URL)).decode("utf-8-sig")
    row = next(csv.DictReader(io.StringIO(text)))

    assert row["summary"] == '\'=HYPERLINK("http://x")'


def test_the_decisions_page_links_both_exports(client, world):
    page = client.get(reverse("enforcement:decisions")).content.decode()

    assert f'href="{CSV_URL}"' in page
    assert f'href="{JSONL_URL}"' in page
