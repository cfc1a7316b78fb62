"""The organisation administrators' back office: departments, partners and memberships, every role against every
action, and refused requests that change nothing."""

import pytest
from django.contrib.auth.models import AnonymousUser

from cocreate.activity.models import Activity
from cocreate.organisations.actions import department_create, membership_grant, organisation_create, partner_add
from cocreate.organisations.models import Department, Membership, Organisation
from cocreate.problems.models import Category

ROLES = ["anonymous", "citizen", "moderator", "official", "org_admin", "other_admin", "superuser"]
MAY_MANAGE = {"org_admin", "superuser"}


@pytest.fixture
def ngo(db):
    return organisation_create(name="Cycling Club", kind=Organisation.Kind.PARTNER, partner_type="ngo")


@pytest.fixture
def university(db):
    return organisation_create(name="Tech University", kind=Organisation.Kind.PARTNER, partner_type="university")


@pytest.fixture
def other_admin(make_user, other_city):
    user = make_user(display_name="Olga Otheradmin")
    membership_grant(user=user, organisation=other_city, role=Membership.Role.ADMIN)
    return user


@pytest.fixture
def as_role(request, client, with_second_factor):
    def sign_in(role):
        if role == "anonymous":
            return client
        user = request.getfixturevalue("admin_user" if role == "superuser" else role)
        if role in {"official", "org_admin", "other_admin", "superuser"}:
            with_second_factor(user)
        client.force_login(user)
        return client

    return sign_in


def state():
    """Everything the back office can change."""
    return (
        sorted(Department.objects.values_list("name", "parent_id", "description")),
        sorted(Membership.objects.values_list("user_id", "organisation_id", "role", "department_id")),
        sorted(Organisation.partners.through.objects.values_list("from_organisation_id", "to_organisation_id")),
    )


def refused(response, role):
    expected = 302 if role == "anonymous" else 403
    return response.status_code == expected


@pytest.fixture
def scene(city, department, ngo, university, official, make_user):
    roads = department_create(organisation=city, name="Roads", parent=department)
    partner_add(organisation=city, partner=university)
    newcomer = make_user(email="nina@example.org", display_name="Nina Newcomer")
    return {"roads": roads, "newcomer": newcomer, "official_membership": official.memberships.get()}


def requests_of(city, department, ngo, university, scene):
    slug = city.slug
    return {
        "overview": ("get", f"/manage/organisations/{slug}/", {}),
        "add_department": ("post", f"/manage/organisations/{slug}/departments/add/", {"name": "Parks"}),
        "edit_department": (
            "post",
            f"/manage/organisations/{slug}/departments/{scene['roads'].pk}/",
            {"name": "Streets", "parent": "", "description": "All streets"},
        ),
        "remove_department": ("post", f"/manage/organisations/{slug}/departments/{scene['roads'].pk}/remove/", {}),
        "add_partner": ("post", f"/manage/organisations/{slug}/partners/add/", {"partner": ngo.pk}),
        "remove_partner": ("post", f"/manage/organisations/{slug}/partners/{university.slug}/remove/", {}),
        "add_member": (
            "post",
            f"/manage/organisations/{slug}/members/add/",
            {"email": "nina@example.org", "role": "official", "department": department.pk},
        ),
        "remove_member": (
            "post",
            f"/manage/organisations/{slug}/members/{scene['official_membership'].pk}/remove/",
            {},
        ),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "action",
    [
        "overview",
        "add_department",
        "edit_department",
        "remove_department",
        "add_partner",
        "remove_partner",
        "add_member",
        "remove_member",
    ],
)
def test_role_by_action(as_role, role, action, city, department, ngo, university, scene, org_admin, other_admin):
    client = as_role(role)
    method, url, data = requests_of(city, department, ngo, university, scene)[action]
    before = state()

    response = getattr(client, method)(url, data)

    if role in MAY_MANAGE:
        assert response.status_code in {200, 302}
        if method == "post":
            assert state() != before
    else:
        assert refused(response, role)
        assert state() == before


@pytest.mark.django_db
def test_an_administrator_adds_a_sub_department_and_the_change_is_logged(as_role, city, department, org_admin):
    client = as_role("org_admin")

    response = client.post(
        f"/manage/organisations/{city.slug}/departments/add/", {"name": "Cycle paths", "parent": department.pk}
    )

    assert response.status_code == 302
    added = Department.objects.get(name="Cycle paths")
    assert added.parent == department
    assert Activity.objects.filter(verb="department.added", actor=org_admin, is_public=False).count() == 1


@pytest.mark.django_db
def test_a_department_without_a_name_comes_back_with_what_was_typed(as_role, city, department):
    client = as_role("org_admin")
    before = state()

    response = client.post(
        f"/manage/organisations/{city.slug}/departments/add/",
        {"name": "   ", "parent": department.pk, "description": "Looks after the bike lanes"},
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "Give the department a name." in page
    assert "Looks after the bike lanes</textarea>" in page
    assert state() == before


@pytest.mark.django_db
def test_a_department_cannot_be_moved_under_its_own_sub_department(as_role, city, department, scene):
    client = as_role("org_admin")
    before = state()

    response = client.post(
        f"/manage/organisations/{city.slug}/departments/{department.pk}/",
        {"name": "Mobility", "parent": scene["roads"].pk},
    )

    assert response.status_code == 400
    assert state() == before


@pytest.mark.django_db
def test_a_department_of_another_organisation_is_not_found(as_role, city, other_city):
    elsewhere = department_create(organisation=other_city, name="Harbour")
    client = as_role("org_admin")

    response = client.post(f"/manage/organisations/{city.slug}/departments/{elsewhere.pk}/remove/")

    assert response.status_code == 404
    assert Department.objects.filter(pk=elsewhere.pk).exists()


@pytest.mark.django_db
def test_a_department_with_sub_departments_or_categories_is_not_removed(as_role, city, department, scene):
    Category.objects.create(organisation=city, department=scene["roads"], name="Kerbs", code="kerbs")
    client = as_role("org_admin")
    before = state()

    parent = client.post(f"/manage/organisations/{city.slug}/departments/{department.pk}/remove/")
    routed = client.post(f"/manage/organisations/{city.slug}/departments/{scene['roads'].pk}/remove/")

    assert parent.status_code == 409
    assert routed.status_code == 409
    assert "Move them to another department first." in routed.content.decode()
    assert state() == before


@pytest.mark.django_db
def test_an_official_needs_a_department_and_the_form_says_so_beside_the_field(as_role, city, scene):
    client = as_role("org_admin")
    before = state()

    response = client.post(
        f"/manage/organisations/{city.slug}/members/add/", {"email": "nina@example.org", "role": "official"}
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="member-department_error"' in page
    assert 'value="nina@example.org"' in page
    assert state() == before


@pytest.mark.django_db
def test_an_unknown_e_mail_address_is_refused_beside_the_field(as_role, city):
    client = as_role("org_admin")
    before = state()

    response = client.post(
        f"/manage/organisations/{city.slug}/members/add/", {"email": "nobody@example.org", "role": "moderator"}
    )

    assert response.status_code == 400
    assert "Nobody has an account with this e-mail address." in response.content.decode()
    assert state() == before


@pytest.mark.django_db
def test_the_last_administrator_is_not_removed(as_role, city, org_admin):
    client = as_role("org_admin")
    membership = org_admin.memberships.get()
    before = state()

    response = client.post(f"/manage/organisations/{city.slug}/members/{membership.pk}/remove/")

    assert response.status_code == 409
    assert state() == before


@pytest.mark.django_db
def test_a_public_body_cannot_take_another_public_body_as_partner(as_role, city, other_city):
    client = as_role("org_admin")
    before = state()

    response = client.post(f"/manage/organisations/{city.slug}/partners/add/", {"partner": other_city.pk})

    assert response.status_code == 400
    assert state() == before


@pytest.mark.django_db
def test_an_administrator_lists_only_their_organisations(as_role, city, other_city):
    page = as_role("org_admin").get("/manage/organisations/").content.decode()

    assert city.name in page
    assert other_city.name not in page


@pytest.mark.django_db
def test_the_public_page_links_administrators_to_the_back_office(as_role, client, city):
    link = f'href="/manage/organisations/{city.slug}/"'
    assert link not in client.get(city.get_absolute_url()).content.decode()

    assert link in as_role("org_admin").get(city.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_the_permissions_match_for_everyone_without_a_role(city):
    assert not AnonymousUser().has_perm("organisations.change_organisation", city)
