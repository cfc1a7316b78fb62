import pytest

from cocreate.adoption.demo import seed_campaign
from cocreate.adoption.event_queries import upcoming_events
from cocreate.adoption.models import AdoptionReport, FunnelCount, MonthlyCount
from cocreate.adoption.queries import funnel

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_campaign(city, department, admin_user):
    return seed_campaign(city=city, admin=admin_user)


def test_the_demo_campaign_has_a_few_hundred_reports(demo_campaign):
    assert 300 <= AdoptionReport.objects.filter(campaign=demo_campaign).count() <= 900


def test_the_demo_campaign_has_two_segments(demo_campaign):
    assert demo_campaign.segments.count() == 2


def test_the_demo_counts_are_the_reports_counted(demo_campaign):
    kept = sum(FunnelCount.objects.filter(campaign=demo_campaign).values_list("count", flat=True))
    assert kept == AdoptionReport.objects.filter(campaign=demo_campaign).count()


def test_the_demo_reports_are_spread_over_months(demo_campaign):
    months = set(MonthlyCount.objects.filter(campaign=demo_campaign).values_list("month", flat=True))
    assert len(months) >= 8


def test_the_demo_regular_users_are_the_monthly_net_changes_added_up(demo_campaign):
    result = funnel(demo_campaign)
    assert result.months[-1].regular_users == result.everyone.regular_users


def test_the_demo_is_seeded_once(demo_campaign, city, admin_user):
    assert seed_campaign(city=city, admin=admin_user) is None


def test_the_demo_funnel_shows_a_bass_forecast(client, demo_campaign):
    page = client.get(f"/adoption/{demo_campaign.pk}/funnel/").content.decode()
    assert "If use keeps spreading as it has so far" in page


def test_the_demo_campaign_has_two_upcoming_information_events(demo_campaign):
    assert [e.capacity for e in upcoming_events(demo_campaign)] == [12, None]


def test_the_demo_residents_signed_up_for_the_library_session(city, department, admin_user, make_user):
    make_user(email="citizen@example.org")
    campaign = seed_campaign(city=city, admin=admin_user)
    assert [e.signup_count for e in upcoming_events(campaign)] == [1, 0]


@pytest.fixture
def demo_with_ambassadors(city, department, admin_user, make_user):
    people = [make_user() for _ in range(3)]
    return seed_campaign(city=city, admin=admin_user, ambassadors=people)


def test_the_demo_campaign_has_three_ambassadors(demo_with_ambassadors):
    assert demo_with_ambassadors.ambassadors.count() == 3


def test_the_demo_ambassadors_brought_some_reports(demo_with_ambassadors):
    attributed = AdoptionReport.objects.filter(campaign=demo_with_ambassadors, ambassador__isnull=False).count()
    assert 10 <= attributed <= 100


def test_the_demo_ambassadors_counts_are_their_reports_counted(demo_with_ambassadors):
    for ambassador in demo_with_ambassadors.ambassadors.all():
        counted = {
            step: AdoptionReport.objects.filter(ambassador=ambassador, step=step).count() for step in ambassador.counts
        }
        assert ambassador.counts == counted
