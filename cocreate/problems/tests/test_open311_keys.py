"""API keys for Open311 applications: issued once, stored hashed, revoked by the public body's administrators."""

import hashlib

import pytest

from cocreate.accounts.models import User
from cocreate.activity.models import Activity
from cocreate.core.errors import NotPermitted
from cocreate.engagement.models import NotificationSettings
from cocreate.problems.api_keys import api_key_authenticate, api_key_issue, api_key_revoke
from cocreate.problems.models import ApiKey


@pytest.fixture
def admin_client(client, org_admin, with_second_factor):
    with_second_factor(org_admin)
    client.force_login(org_admin)
    return client


@pytest.mark.django_db
def test_a_key_is_stored_hashed_with_a_service_account(org_admin, city):
    api_key, raw = api_key_issue(actor=org_admin, organisation=city, name="  Fix-It App ", contact="dev@fixit.example")
    stored = ApiKey.objects.get()
    assert stored == api_key and len(raw) == 43
    assert stored.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert stored.prefix == raw[:8] and len(stored.prefix) == 8
    assert raw not in {stored.key_hash, stored.prefix, stored.name, stored.contact}
    assert (stored.name, stored.contact, stored.organisation, stored.created_by) == (
        "Fix-It App",
        "dev@fixit.example",
        city,
        org_admin,
    )
    service = stored.user
    assert (service.display_name, service.has_usable_password(), service.is_active) == ("Fix-It App", False, True)
    assert service.email.endswith("@open311.invalid")
    assert NotificationSettings.objects.get(user=service).email == "never"
    entry = Activity.objects.get(verb="api_key.issued")
    assert (entry.actor, entry.target_id, entry.organisation, entry.is_public) == (org_admin, stored.pk, city, False)


@pytest.mark.django_db
def test_authenticate_notes_the_use_and_refuses_revoked_or_unknown_keys(org_admin, city):
    api_key, raw = api_key_issue(actor=org_admin, organisation=city, name="Fix-It App")
    assert api_key_authenticate(raw) == api_key
    assert ApiKey.objects.get().last_used_at is not None
    for wrong in (None, "", raw[:-1], raw.upper()):
        assert api_key_authenticate(wrong) is None
    api_key_revoke(actor=org_admin, api_key=api_key)
    first_revocation = ApiKey.objects.get().revoked_at
    api_key_revoke(actor=org_admin, api_key=api_key)  # twice changes nothing
    assert ApiKey.objects.get().revoked_at == first_revocation
    assert api_key_authenticate(raw) is None
    assert User.objects.get(pk=api_key.user_id).is_active is False
    assert Activity.objects.filter(verb="api_key.revoked").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["citizen", "official", "moderator"])
def test_only_administrators_issue_and_revoke_keys(request, org_admin, city, who):
    person = request.getfixturevalue(who)
    users = User.objects.count()
    with pytest.raises(NotPermitted):
        api_key_issue(actor=person, organisation=city, name="Sneaky")
    assert (ApiKey.objects.count(), User.objects.count()) == (0, users)
    api_key, _ = api_key_issue(actor=org_admin, organisation=city, name="Fix-It App")
    with pytest.raises(NotPermitted):
        api_key_revoke(actor=person, api_key=api_key)
    assert ApiKey.objects.get().revoked_at is None


@pytest.mark.django_db
def test_the_page_issues_a_key_shown_once_and_revokes_it(admin_client, city):
    response = admin_client.get("/manage/api-keys/")
    assert response.status_code == 200
    assert "No keys have been issued yet." in response.content.decode()
    response = admin_client.post(
        "/manage/api-keys/", {"organisation": city.pk, "name": "Fix-It App", "contact": "dev@fixit.example"}
    )
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    api_key = ApiKey.objects.get()
    raw = response.context["raw_key"]
    assert api_key_authenticate(raw) == api_key
    page = response.content.decode()
    assert f'<code id="new-key">{raw}</code>' in page and f"<code>{api_key.prefix}…</code>" in page
    assert raw not in admin_client.get("/manage/api-keys/").content.decode()  # shown once only
    response = admin_client.post(f"/manage/api-keys/{api_key.pk}/revoke/")
    assert response.status_code == 302 and response["Location"] == "/manage/api-keys/"
    assert ApiKey.objects.get().revoked_at is not None
    assert "Revoked on" in admin_client.get("/manage/api-keys/").content.decode()


@pytest.mark.django_db
def test_the_page_shows_form_errors_and_issues_nothing(admin_client, city):
    response = admin_client.post("/manage/api-keys/", {"organisation": city.pk, "name": "", "contact": "nope"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"name", "contact"}
    assert 'class="error-summary"' in response.content.decode()
    assert ApiKey.objects.count() == 0


@pytest.mark.django_db
def test_others_cannot_reach_the_page(client, citizen, org_admin, city, other_city, make_user, with_second_factor):
    assert client.get("/manage/api-keys/").status_code == 302  # sign in first
    client.force_login(citizen)
    assert client.get("/manage/api-keys/").status_code == 403
    assert client.post("/manage/api-keys/", {"organisation": city.pk, "name": "X"}).status_code == 403
    api_key, _ = api_key_issue(actor=org_admin, organisation=city, name="Fix-It App")
    assert client.post(f"/manage/api-keys/{api_key.pk}/revoke/").status_code == 403
    # An administrator of another public body neither sees nor revokes this key, nor issues keys for it.
    from cocreate.organisations.actions import membership_grant
    from cocreate.organisations.models import Membership

    elsewhere_admin = make_user()
    membership_grant(user=elsewhere_admin, organisation=other_city, role=Membership.Role.ADMIN)
    with_second_factor(elsewhere_admin)
    client.force_login(elsewhere_admin)
    assert "Fix-It App" not in client.get("/manage/api-keys/").content.decode()
    assert client.post(f"/manage/api-keys/{api_key.pk}/revoke/").status_code == 404
    response = client.post("/manage/api-keys/", {"organisation": city.pk, "name": "X"})
    assert set(response.context["form"].errors) == {"organisation"}
    assert ApiKey.objects.count() == 1 and ApiKey.objects.get().revoked_at is None
