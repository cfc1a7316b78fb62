import pytest

from cocreate.accounts.models import User
from cocreate.accounts.registry import ROLES, register_contributions


@pytest.mark.django_db
def test_profile_groups_contributions_by_the_four_roles(client, citizen):
    body = client.get(f"/people/{citizen.pk}/").content.decode()
    assert "Cleo Citizen" in body
    for role in ROLES:
        assert f'id="role-{role}"' in body
    assert body.count("Nothing yet.") == 4


@pytest.mark.django_db
def test_profile_lists_what_apps_register(client, citizen, monkeypatch):
    from cocreate.accounts import registry

    monkeypatch.setattr(registry, "contribution_sources", [])
    monkeypatch.setattr("cocreate.accounts.queries.contribution_sources", registry.contribution_sources)

    class Item:
        def __str__(self):
            return "Broken street light on Elm Road"

        def get_absolute_url(self):
            return "/problems/1/"

    register_contributions(role="explorer", label="Problems", items=lambda user, viewer, limit: [Item()])
    body = client.get(f"/people/{citizen.pk}/").content.decode()
    assert '<a href="/problems/1/">Broken street light on Elm Road</a>' in body
    assert body.count("Nothing yet.") == 3


@pytest.mark.django_db
def test_unknown_profile_is_404(client):
    assert client.get("/people/999/").status_code == 404


@pytest.mark.django_db
def test_settings_save_the_profile(client, citizen):
    client.force_login(citizen)
    response = client.post("/account/", {"display_name": "  Cleo C.  ", "preferred_language": "de"})
    assert response.status_code == 302
    citizen.refresh_from_db()
    assert (citizen.display_name, citizen.preferred_language) == ("Cleo C.", "de")


@pytest.mark.django_db
def test_settings_with_bad_input_keep_what_was_typed_and_change_nothing(client, citizen):
    client.force_login(citizen)
    response = client.post("/account/", {"display_name": "x" * 81, "preferred_language": "klingon"})
    body = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in body
    assert 'value="' + "x" * 81 + '"' in body
    assert User.objects.get(pk=citizen.pk).display_name == "Cleo Citizen"


@pytest.mark.django_db
def test_settings_need_sign_in(client):
    assert client.get("/account/")["Location"].startswith("/accounts/login/")
