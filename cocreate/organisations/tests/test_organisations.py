import pytest
from django.db import IntegrityError

from cocreate.organisations.actions import (
    department_create,
    membership_grant,
    organisation_create,
    partner_add,
)
from cocreate.organisations.errors import DepartmentOutsideOrganisation, NotAPartner, OfficialNeedsDepartment
from cocreate.organisations.models import Membership, Organisation
from cocreate.organisations.queries import department_tree, host_organisation


@pytest.fixture
def ngo(db):
    return organisation_create(
        name="Cycling Association", kind=Organisation.Kind.PARTNER, partner_type=Organisation.PartnerType.NGO
    )


@pytest.mark.django_db
def test_departments_form_a_tree(city):
    mobility = department_create(organisation=city, name="Mobility")
    department_create(organisation=city, name="Road Maintenance", parent=mobility)
    department_create(organisation=city, name="Finance")
    tree = department_tree(city)
    assert [(n.department.name, [c.department.name for c in n.children]) for n in tree] == [
        ("Finance", []),
        ("Mobility", ["Road Maintenance"]),
    ]


@pytest.mark.django_db
def test_a_department_cannot_hang_under_another_organisations_department(city, other_city):
    elsewhere = department_create(organisation=other_city, name="Mobility")
    with pytest.raises(DepartmentOutsideOrganisation):
        department_create(organisation=city, name="Streets", parent=elsewhere)
    assert city.departments.count() == 0


@pytest.mark.django_db
def test_officials_belong_to_a_department_of_their_organisation(city, other_city, make_user):
    person = make_user()
    with pytest.raises(OfficialNeedsDepartment):
        membership_grant(user=person, organisation=city, role=Membership.Role.OFFICIAL)
    with pytest.raises(DepartmentOutsideOrganisation):
        membership_grant(
            user=person,
            organisation=city,
            role=Membership.Role.OFFICIAL,
            department=department_create(organisation=other_city, name="Finance"),
        )
    assert not Membership.objects.exists()


@pytest.mark.django_db
def test_the_database_refuses_an_official_without_department(city, make_user):
    with pytest.raises(IntegrityError):
        Membership.objects.create(user=make_user(), organisation=city, role=Membership.Role.OFFICIAL)


@pytest.mark.django_db
def test_only_partner_organisations_can_be_partners(city, other_city, ngo):
    partner_add(organisation=city, partner=ngo)
    with pytest.raises(NotAPartner):
        partner_add(organisation=city, partner=other_city)
    assert list(city.partners.all()) == [ngo]


@pytest.mark.django_db
def test_one_host_at_a_time(city):
    newer = organisation_create(name="Region", is_host=True)
    assert host_organisation() == newer
    city.refresh_from_db()
    assert not city.is_host


@pytest.mark.django_db
def test_organisation_pages(client, city, ngo, department):
    partner_add(organisation=city, partner=ngo)
    listing = client.get("/organisations/").content.decode()
    assert "City of Testbridge" in listing and "Cycling Association" in listing
    detail = client.get(f"/organisations/{city.slug}/").content.decode()
    assert "Mobility" in detail and "Cycling Association" in detail
    partner_page = client.get(f"/organisations/{ngo.slug}/").content.decode()
    assert "City of Testbridge" in partner_page
    assert client.get("/organisations/no-such-place/").status_code == 404


@pytest.mark.django_db
def test_organisation_api(client, city, ngo, department):
    partner_add(organisation=city, partner=ngo)
    listing = client.get("/api/v1/organisations/?kind=partner").json()
    assert [o["slug"] for o in listing] == [ngo.slug]
    detail = client.get(f"/api/v1/organisations/{city.slug}").json()
    assert detail["name"] == "City of Testbridge"
    assert [d["name"] for d in detail["departments"]] == ["Mobility"]
    assert [p["slug"] for p in detail["partners"]] == [ngo.slug]
    assert client.get("/api/v1/organisations/nowhere").status_code == 404
    assert client.get("/api/v1/organisations/?kind=bogus").status_code == 422
