import pytest
from django.template.loader import render_to_string

pytestmark = pytest.mark.django_db


def test_unknown_page_is_a_friendly_404_in_the_site_layout(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()
    assert '<main id="main"' in response.content.decode()


def test_server_error_page_renders_without_a_request():
    html = render_to_string("500.html")

    assert "服务器内部错误" in html
    assert "Traceback" not in html
