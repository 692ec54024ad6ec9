"""The portal's home page lists the public enforcement pages (执法公示)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_home_page_links_the_enforcement_publicity(client):
    page = client.get("/").content.decode()
    english = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert f'href="{reverse("enforcement:index")}"' in page
    assert "行政执法公示" in page
    assert "Administrative enforcement publicity" in english
