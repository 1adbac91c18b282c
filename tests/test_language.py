import pytest
from django.conf import settings
from django.urls import reverse


@pytest.mark.django_db
def test_an_english_browser_still_gets_the_vietnamese_interface(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.headers["Content-Language"] == "vi"
    assert "Đăng nhập" in response.text


@pytest.mark.django_db
def test_the_language_switcher_turns_the_interface_english(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    response = client.get(reverse("login"))
    assert response.headers["Content-Language"] == "en"
