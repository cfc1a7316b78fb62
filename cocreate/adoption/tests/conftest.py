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
