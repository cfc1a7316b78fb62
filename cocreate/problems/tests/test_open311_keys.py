"""API keys for Open311 applications: issued once, stored hashed, revoked by the public body's administrators."""

import hashlib

import pytest

from cocreate.accounts.models import User
from cocreate.activity.models import Activity
from cocreate.core.errors import NotPermitted
from cocreate.engagement.models import NotificationSettings
from cocreate.problems.api_keys import api_key_authenticate, api_key_issue, api_key_revoke, reporter_contact_erase
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


@pytest.fixture
def contact_reports(org_admin, city, other_city, department):
    """Reports from an application with their reporters' contacts, in the city and in another public body."""
    from cocreate.organisations.actions import department_create
    from cocreate.problems.api_keys import problem_report_by_api_key
    from cocreate.problems.models import Category

    def reports_to(organisation, dept, admin):
        category = Category.objects.create(organisation=organisation, department=dept, name="Lights", code="lights")
        api_key, _ = api_key_issue(actor=admin, organisation=organisation, name="Fix-It App")
        return [
            problem_report_by_api_key(
                api_key=api_key, category=category, title="Dark", description="d", address="Elm Road 3",
                reporter_contact=contact,
            )
            for contact in (
                {"email": "Rita@Example.org", "first_name": "Rita", "phone": "+49 30 1234567"},
                {"first_name": "Rita", "last_name": "Reporter", "phone": "030/123 4567"},
                {"email": "sam@example.org", "first_name": "Sam", "phone": "+49 30 7654321"},
            )
        ]  # fmt: skip

    from cocreate.organisations.actions import membership_grant
    from cocreate.organisations.models import Membership
    from cocreate.problems.models import Problem

    elsewhere_admin = User.objects.create_user(email="elsewhere-admin@example.org", display_name="Elsa")
    membership_grant(user=elsewhere_admin, organisation=other_city, role=Membership.Role.ADMIN)
    here = reports_to(city, department, org_admin)
    there = reports_to(other_city, department_create(organisation=other_city, name="Streets"), elsewhere_admin)
    return [Problem.objects.get(pk=p.pk) for p in here], [Problem.objects.get(pk=p.pk) for p in there]


def contacts(problems):
    from cocreate.problems.models import Problem

    return [Problem.objects.get(pk=p.pk).reporter_contact for p in problems]


@pytest.mark.django_db
def test_an_administrator_erases_a_reporter_without_an_account_by_address_or_phone(admin_client, city, contact_reports):
    here, there = contact_reports
    response = admin_client.post(
        "/manage/api-keys/reporter-contact/", {"contact-organisation": city.pk, "contact-email": "rita@example.org"}
    )
    assert response.status_code == 302 and response["Location"] == "/manage/api-keys/"
    assert contacts(here) == [{}, here[1].reporter_contact, here[2].reporter_contact]
    # By phone number: its digits, however it is written (the area code's leading 0 is not guessed).
    response = admin_client.post(
        "/manage/api-keys/reporter-contact/", {"contact-organisation": city.pk, "contact-phone": "030 123-4567"}
    )
    assert response.status_code == 302
    assert contacts(here) == [{}, {}, here[2].reporter_contact]
    assert contacts(there) == [p.reporter_contact for p in there]  # another public body's reports are not touched
    assert "was removed from 1 report." in admin_client.get("/manage/api-keys/").content.decode()
    entries = Activity.objects.filter(verb="problem.reporter_contact_erased").order_by("pk")
    assert [(e.actor, e.organisation, e.data, e.is_public) for e in entries] == [
        (entries[0].actor, city, {"reports": 1}, False),
        (entries[0].actor, city, {"reports": 1}, False),
    ]
    assert "rita" not in str([e.__dict__ for e in entries]).lower()


@pytest.mark.django_db
def test_erasing_a_reporter_needs_an_address_or_a_long_enough_number_and_an_administrator(
    admin_client, client, city, contact_reports, official, with_second_factor
):
    here, there = contact_reports
    before = contacts(here) + contacts(there)
    for data in ({}, {"contact-phone": "12345"}, {"contact-email": "not an address"}):
        response = admin_client.post("/manage/api-keys/reporter-contact/", {"contact-organisation": city.pk, **data})
        assert response.status_code == 400
        assert 'class="error-summary"' in response.content.decode()
    with_second_factor(official)
    client.force_login(official)
    response = client.post(
        "/manage/api-keys/reporter-contact/", {"contact-organisation": city.pk, "contact-email": "rita@example.org"}
    )
    assert response.status_code == 403
    with pytest.raises(NotPermitted):
        reporter_contact_erase(actor=official, organisation=city, email="rita@example.org")
    assert contacts(here) + contacts(there) == before
    assert not Activity.objects.filter(verb="problem.reporter_contact_erased").exists()
