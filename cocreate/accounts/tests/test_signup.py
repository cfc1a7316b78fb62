import re

import pytest
from django.core import mail

from cocreate.accounts.models import User

from ...conftest import PASSWORD


@pytest.mark.django_db
def test_sign_up_verify_email_and_sign_in(client):
    response = client.post(
        "/accounts/signup/",
        {"email": "New@Example.org", "display_name": "Nia New", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    user = User.objects.get(email="new@example.org")
    assert user.display_name == "Nia New"
    assert not user.emailaddress_set.get().verified
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/accounts/confirm-email/\S+/)", mail.outbox[0].body).group(1)

    client.post(link)
    assert user.emailaddress_set.get().verified

    client.post("/accounts/logout/")
    response = client.post("/accounts/login/", {"login": "new@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/account/").status_code == 200


@pytest.mark.django_db
def test_sign_up_with_bad_input_keeps_what_was_typed_and_says_what_is_wrong(client):
    response = client.post(
        "/accounts/signup/",
        {"email": "not-an-address", "display_name": "Nia New", "password1": "short", "password2": "other"},
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
