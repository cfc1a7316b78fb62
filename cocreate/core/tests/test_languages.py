import pytest
from django.urls import reverse

from cocreate.accounts.models import User


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "heading"),
    [("en", "Privacy notice"), ("de", "Datenschutzerklärung"), ("es", "Aviso de privacidad")],
)
def test_pages_speak_three_languages(client, language, heading):
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    body = client.get(reverse("legal", args=["privacy"])).content.decode()
    assert f'<html lang="{language}"' in body
    assert f"<h1>{heading}</h1>" in body


@pytest.mark.django_db
def test_switching_language_remembers_the_preference_of_a_signed_in_person(client, citizen):
    client.force_login(citizen)
    response = client.post(reverse("set_language"), {"language": "es", "next": "/organisations/"})
    assert response.status_code == 302
    assert response["Location"] == "/organisations/"
    assert User.objects.get(pk=citizen.pk).preferred_language == "es"


@pytest.mark.django_db
def test_unknown_language_changes_nothing_and_never_redirects_off_site(client, citizen):
    client.force_login(citizen)
    response = client.post(reverse("set_language"), {"language": "xx", "next": "https://evil.example/"})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert User.objects.get(pk=citizen.pk).preferred_language == "en"


@pytest.mark.django_db
def test_signed_in_person_gets_their_preferred_language_without_a_cookie(client, make_user):
    person = make_user(preferred_language="de")
    client.force_login(person)
    body = client.get("/").content.decode()
    assert '<html lang="de"' in body
