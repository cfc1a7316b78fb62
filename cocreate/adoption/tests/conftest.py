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
def delivered_project(admin_user, city, department):
    """A done project of a published challenge whose delivery stage runs with no end (and no adoption stage)."""
    from cocreate.challenges.actions import StageSpec, challenge_create, challenge_publish, challenge_set_stages
    from cocreate.conftest import days_from_now
    from cocreate.delivery.actions import project_create, project_set_status

    challenge = challenge_create(
        actor=admin_user,
        organisation=city,
        department=department,
        title="Library without queues",
        summary="Queues at the library desk.",
        problem_statement="People wait an hour for a card.",
        template="idea_challenge",
    ).challenge
    challenge_set_stages(
        actor=admin_user,
        challenge=challenge,
        stage_specs=[StageSpec(type="delivery", starts_at=days_from_now(-30), ends_at=None)],
    )
    challenge = challenge_publish(actor=admin_user, challenge=challenge)
    project = project_create(
        actor=admin_user,
        challenge=challenge,
        title="Online sign-up for library cards",
        description="A sign-up page on the library website.",
        district="North",
    )
    project_set_status(actor=admin_user, project=project, status="in_progress", answer="Building it.")
    project_set_status(actor=admin_user, project=project, status="done", answer="It is live.")
    project.refresh_from_db()
    return project


@pytest.fixture
def project_follower(make_user, delivered_project):
    from cocreate.engagement.actions import follow_without_check

    person = make_user(display_name="Fran Follower")
    follow_without_check(user=person, target=delivered_project)
    return person


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
