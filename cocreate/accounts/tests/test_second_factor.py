import pytest


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["official", "org_admin"])
def test_officials_and_admins_must_set_up_a_second_factor_first(client, request, who):
    person = request.getfixturevalue(who)
    client.force_login(person)
    response = client.get("/organisations/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/"
    # Setting up a factor first confirms the password (allauth's reauthentication), which stays reachable.
    reauthenticate = client.get("/accounts/2fa/totp/activate/")
    assert reauthenticate["Location"].startswith("/accounts/reauthenticate/")
    assert client.get(reauthenticate["Location"]).status_code == 200


@pytest.mark.django_db
def test_superusers_must_set_up_a_second_factor_first(client, make_user):
    client.force_login(make_user(is_superuser=True, is_staff=True))
    assert client.get("/admin/").status_code == 302


@pytest.mark.django_db
def test_with_a_second_factor_officials_go_on(client, official, with_second_factor):
    with_second_factor(official)
    client.force_login(official)
    assert client.get("/organisations/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["citizen", "moderator"])
def test_citizens_and_moderators_are_not_asked_for_a_second_factor(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get("/organisations/").status_code == 200


@pytest.mark.django_db
def test_sign_in_asks_for_the_code_when_a_second_factor_exists(client, official, with_second_factor):
    from ...conftest import PASSWORD

    with_second_factor(official)
    response = client.post("/accounts/login/", {"login": official.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session
