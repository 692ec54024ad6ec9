import pytest
from django.urls import reverse

from fazhi.core.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_home_page_is_in_chinese_by_default(client):
    response = client.get("/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "portal/home.html" in [t.name for t in response.templates]
    assert '<html lang="zh-hans">' in page
    assert "法治政府建设平台" in page
    assert 'action="/i18n/setlang/"' in page


def test_home_page_links_to_the_public_sections(client):
    page = client.get("/").content.decode()

    assert f'href="{reverse("portal:organizations")}"' in page
    assert f'href="{reverse("laws:search")}"' in page


def test_language_switch_sets_english_for_later_pages(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})

    page = client.get("/").content.decode()
    assert response.status_code == 302
    assert '<html lang="en">' in page
    assert "Rule-of-Law Government Platform" in page


def test_language_cookie_chooses_the_language(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    page = client.get(reverse("portal:organizations")).content.decode()

    assert "Directory of organizations" in page


def test_anonymous_visitor_sees_a_log_in_link_and_staff_a_log_out_form(
    client, django_user_model
):
    anonymous = client.get("/").content.decode()
    client.force_login(
        django_user_model.objects.create_user("clerk", password="x" * 12)
    )
    logged_in = client.get("/").content.decode()

    assert f'href="{reverse("login")}"' in anonymous
    assert f'action="{reverse("logout")}" method="post"' in logged_in


def test_organization_directory_lists_active_organizations_in_tree_order(client):
    parent = OrganizationFactory(name="某市人民政府")
    OrganizationFactory(name="某市司法局", parent=parent)
    OrganizationFactory(name="已撤销的局", is_active=False)

    page = client.get(reverse("portal:organizations")).content.decode()

    assert page.index("某市人民政府") < page.index("某市司法局")
    assert "已撤销的局" not in page


def test_search_page_keeps_the_query_and_escapes_it(client):
    page = client.get(
        reverse("laws:search"), {"q": "<b>行政复议法</b>"}
    ).content.decode()

    assert "&lt;b&gt;行政复议法&lt;/b&gt;" in page
    assert "<b>行政复议法</b>" not in page


def test_portal_pages_refuse_writes(client):
    response = client.post("/")

    assert response.status_code == 405
