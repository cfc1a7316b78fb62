import pytest

from cocreate.adoption.actions import campaign_create, segment_add


@pytest.fixture
def adoption_challenge(make_challenge_in):
    return make_challenge_in(stage="adoption", start=-40, end=300, title="Library cards online")


@pytest.fixture
def campaign(adoption_challenge, official):
    return campaign_create(
        actor=official,
        stage=adoption_challenge.stages.get(),
        title="Library card online",
        service="Get a library card without queuing.",
        how_to_use="Sign up on the library website with your ID.",
        where="Online, and at the front desk of every branch.",
        languages="English, Polish",
    )


@pytest.fixture
def parents(campaign, official):
    return segment_add(
        actor=official, campaign=campaign, name="Parents in the north", goal=200, estimated_size=4000, area="North"
    )


@pytest.fixture
def seniors(campaign, official):
    return segment_add(actor=official, campaign=campaign, name="Seniors", goal=100)


@pytest.fixture
def partner(city):
    """A partner organisation of the campaign's public body."""
    from cocreate.organisations.models import Organisation

    partner = Organisation.objects.create(
        name="Readers' Circle", slug="readers-circle", kind=Organisation.Kind.PARTNER, partner_type="ngo"
    )
    city.partners.add(partner)
    return partner


@pytest.fixture
def partner_member(make_user, partner):
    from cocreate.organisations.models import Membership

    user = make_user(display_name="Rita Reader")
    Membership.objects.create(user=user, organisation=partner, role=Membership.Role.ADMIN)
    return user


@pytest.fixture
def ambassador(campaign, make_user):
    from cocreate.adoption.ambassadors import ambassador_start

    return ambassador_start(actor=make_user(display_name="Amira Ambassador"), campaign=campaign)
