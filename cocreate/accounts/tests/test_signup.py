import re

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from cocreate.accounts.models import User

from ...conftest import PASSWORD

SIGN_UP = {
    "email": "New@Example.org",
    "display_name": "Nia New",
    "password1": PASSWORD,
    "password2": PASSWORD,
    "accept_terms": "on",
}


@pytest.mark.django_db
@override_settings(SITE_NAME="Northbridge Together", COCREATE_BASE_URL="https://together.example.org")
def test_sign_up_accepts_the_terms_confirms_by_a_link_in_the_sites_own_words_and_signs_in(client):
    before = timezone.now()
    response = client.post("/accounts/signup/", SIGN_UP)
    assert response.status_code == 302
    user = User.objects.get(email="new@example.org")
    assert user.display_name == "Nia New"
    assert user.terms_version == "2026-01"
    assert user.terms_accepted_at >= before
    assert not user.emailaddress_set.get().verified
    assert "_auth_user_id" not in client.session

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "[Northbridge Together] Confirm your e-mail address"
    assert message.body.startswith("Hello,\n\nSomeone, probably you, signed up to Northbridge Together")
    assert "— Northbridge Together\nhttps://together.example.org" in message.body
    assert "testserver" not in message.body.replace("http://testserver/accounts/confirm-email/", "")
    assert "Hello from" not in message.body
    link = re.search(r"http://testserver(/accounts/confirm-email/\S+/)", message.body).group(1)

    assert client.get(link).status_code == 200
    response = client.post(link)
    assert user.emailaddress_set.get().verified
    # Confirming in the browser that signed up signs the person in.
    assert client.session["_auth_user_id"] == str(user.pk)
    assert response.status_code == 302
    assert client.get("/account/").status_code == 200


@pytest.mark.django_db
def test_a_confirmed_person_signs_in_with_their_password(client):
    client.post("/accounts/signup/", SIGN_UP)
    link = re.search(r"http://testserver(/accounts/confirm-email/\S+/)", mail.outbox[0].body).group(1)
    client.post(link)
    client.post("/accounts/logout/")
    response = client.post("/accounts/login/", {"login": "new@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/account/").status_code == 200


@pytest.mark.django_db
def test_sign_up_without_accepting_the_terms_is_refused_and_keeps_what_was_typed(client):
    response = client.post("/accounts/signup/", {**SIGN_UP, "accept_terms": ""})
    body = response.content.decode()
    assert response.status_code == 200
    assert User.objects.count() == 0
    assert mail.outbox == []
    assert "To take part, accept the terms of use." in body
    assert 'value="Nia New"' in body
    assert 'value="New@Example.org"' in body or 'value="new@example.org"' in body


@pytest.mark.django_db
def test_sign_up_refuses_a_display_name_of_spaces(client):
    response = client.post("/accounts/signup/", {**SIGN_UP, "display_name": "   "})
    assert response.status_code == 200
    assert 'id="id_display_name_error"' in response.content.decode()
    assert User.objects.count() == 0


@pytest.mark.django_db
def test_the_sign_in_and_sign_up_pages_are_the_platforms_own(client, city):
    sign_in = client.get("/accounts/login/").content.decode()
    assert "<title>Sign in · City of Testbridge · Cocreate</title>" in sign_in
    assert "<h1>Sign in to City of Testbridge</h1>" in sign_in
    assert "Keep me signed in on this device" in sign_in
    assert "Remember Me" not in sign_in
    assert 'href="/accounts/password/reset/"' in sign_in
    sign_up = client.get("/accounts/signup/").content.decode()
    assert "<title>Create an account · City of Testbridge · Cocreate</title>" in sign_up
    assert "Signup" not in sign_up
    assert 'href="/legal/terms/"' in sign_up
    assert 'name="accept_terms"' in sign_up


@pytest.mark.django_db
@override_settings(SITE_NAME="Northbridge Together")
def test_a_password_reset_e_mail_names_the_site_not_the_host(client, citizen):
    client.post("/accounts/password/reset/", {"email": citizen.email})
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "[Northbridge Together] Choose a new password"
    assert "of your Northbridge Together account" in mail.outbox[0].body
    assert re.search(r"http://testserver/accounts/password/reset/key/\S+/", mail.outbox[0].body)


@pytest.mark.django_db
def test_the_personal_data_export_holds_the_acceptance_of_the_terms(client):
    client.post("/accounts/signup/", SIGN_UP)
    link = re.search(r"http://testserver(/accounts/confirm-email/\S+/)", mail.outbox[0].body).group(1)
    client.post(link)
    data = client.get("/account/data/export/").json()
    assert data["account"]["terms_version"] == "2026-01"
    assert data["account"]["terms_accepted_at"] is not None


@pytest.mark.django_db
def test_sign_up_with_bad_input_keeps_what_was_typed_and_says_what_is_wrong(client):
    response = client.post(
        "/accounts/signup/",
        {**SIGN_UP, "email": "not-an-address", "password1": "short", "password2": "other"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in body
    assert 'value="Nia New"' in body
    assert 'aria-invalid="true"' in body
    assert User.objects.count() == 0


@pytest.mark.django_db
def test_sign_in_with_a_wrong_password_is_refused(client, citizen):
    response = client.post("/accounts/login/", {"login": citizen.email, "password": "wrong password"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
