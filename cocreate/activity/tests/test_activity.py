import datetime as dt

import pytest

from cocreate.accounts.actions import user_erase
from cocreate.activity.actions import activity_record, link_create
from cocreate.activity.errors import ActivityIsAppendOnly, LinkKindNotRegistered, LinkToItself
from cocreate.activity.link_kinds import LinkKind, register_link_kinds, unregister_link_kind
from cocreate.activity.models import Activity, Link
from cocreate.activity.queries import journey, upstream
from cocreate.challenges.actions import challenge_create, challenge_publish
from cocreate.organisations.actions import department_create, organisation_create
from cocreate.organisations.models import PublicHoliday
from cocreate.organisations.queries import working_days_after


@pytest.fixture
def superuser(make_user):
    return make_user(is_superuser=True, is_staff=True)


@pytest.fixture
def test_kinds():
    """Two kinds of link registered by the tests only: one read from source to target, one the other way."""
    register_link_kinds(
        {
            "test_became": LinkKind("became (test)", "came from (test)"),
            "test_answers": LinkKind("answers (test)", "is answered by (test)", source_came_first=False),
        }
    )
    yield
    unregister_link_kind("test_became")
    unregister_link_kind("test_answers")


def new_challenge(actor, organisation, department, title, publish=True):
    challenge = challenge_create(
        actor=actor,
        organisation=organisation,
        department=department,
        title=title,
        summary="s",
        problem_statement="p",
        template="idea_challenge",
    ).challenge
    if publish:
        challenge = challenge_publish(actor=actor, challenge=challenge)
    return challenge


@pytest.mark.django_db
def test_the_log_is_append_only(city, citizen):
    entry = activity_record(actor=citizen, verb="test.did", target=city)
    entry.verb = "test.rewritten"
    with pytest.raises(ActivityIsAppendOnly):
        entry.save()
    with pytest.raises(ActivityIsAppendOnly):
        entry.delete()
    assert Activity.objects.get().verb == "test.did"


@pytest.mark.django_db
def test_actions_write_the_log(superuser, city, department):
    challenge = new_challenge(superuser, city, department, "Cleaner parks")
    entries = list(Activity.objects.order_by("pk").values_list("verb", "is_public", "organisation_id", "actor_id"))
    assert entries == [
        ("challenge.created", False, city.pk, superuser.pk),
        ("challenge.published", True, city.pk, superuser.pk),
    ]
    assert Activity.objects.first().target == challenge


@pytest.mark.django_db
def test_erasure_pseudonymises_the_log(client, make_user, city):
    person = make_user(display_name="Erin Erase")
    activity_record(actor=person, verb="challenge.published", target=city)
    user_erase(user=person)
    entry = Activity.objects.get()
    assert str(entry.actor) == f"Former participant {person.pk}"
    assert "Erin" not in str(entry)


@pytest.mark.django_db
def test_the_full_log_is_for_superusers_and_organisation_admins(
    client, superuser, org_admin, official, citizen, city, other_city, department, with_second_factor
):
    new_challenge(superuser, city, department, "Ours")
    new_challenge(superuser, other_city, department_create(organisation=other_city, name="X"), "Theirs")
    for user in (superuser, org_admin, official):
        with_second_factor(user)

    client.force_login(superuser)
    assert client.get("/manage/activity/").context["page"].paginator.count == 4

    client.force_login(org_admin)
    page = client.get("/manage/activity/").context["page"]
    assert {e.target_label for e in page.object_list} == {"Ours"}

    for user in (official, citizen):
        client.force_login(user)
        assert client.get("/manage/activity/").status_code == 403
    client.logout()
    assert client.get("/manage/activity/").status_code == 302


@pytest.mark.django_db
def test_public_activity_appears_on_the_challenge_page_but_not_internal_entries(client, superuser, city, department):
    challenge = new_challenge(superuser, city, department, "Cleaner parks")
    body = client.get(challenge.get_absolute_url()).content.decode()
    assert "published the challenge" in body
    assert "created the challenge" not in body


@pytest.mark.django_db
def test_journey_follows_links_both_ways_and_hides_what_the_viewer_may_not_see(
    client, superuser, city, department, official, with_second_factor, test_kinds
):
    earlier = new_challenge(superuser, city, department, "Residents report dangerous crossings")
    middle = new_challenge(superuser, city, department, "Safer crossings")
    later = new_challenge(superuser, city, department, "Crossing redesign (draft)", publish=False)
    link_create(source=earlier, target=middle, kind="test_became", actor=superuser)
    link_create(source=middle, target=later, kind="test_became", actor=superuser)
    link_create(source=middle, target=later, kind="test_became", actor=superuser)  # recorded once
    assert Link.objects.count() == 2

    from django.contrib.auth.models import AnonymousUser

    assert [str(s.item) for s in journey(middle, user=AnonymousUser())] == [
        "Residents report dangerous crossings",
        "Safer crossings",
    ]
    assert len(journey(earlier, user=superuser)) == 3  # two hops away, still found

    url = f"/journey/challenges/challenge/{middle.pk}/"
    body = client.get(url).content.decode()
    assert "Residents report dangerous crossings" in body and "draft" not in body
    with_second_factor(official)
    client.force_login(official)
    assert "Crossing redesign (draft)" in client.get(url).content.decode()


@pytest.mark.django_db
def test_journey_of_a_hidden_or_unknown_item_is_404(client, superuser, city, department):
    draft = new_challenge(superuser, city, department, "Draft", publish=False)
    assert client.get(f"/journey/challenges/challenge/{draft.pk}/").status_code == 404
    assert client.get("/journey/nothing/here/1/").status_code == 404
    assert client.get("/journey/challenges/challenge/999/").status_code == 404


@pytest.mark.django_db
def test_an_item_cannot_be_linked_to_itself(superuser, city, department, test_kinds):
    challenge = new_challenge(superuser, city, department, "Loop")
    with pytest.raises(LinkToItself):
        link_create(source=challenge, target=challenge, kind="test_became")


@pytest.mark.django_db
def test_a_link_of_an_unregistered_kind_is_refused_and_nothing_is_written(superuser, city, department):
    first = new_challenge(superuser, city, department, "First")
    second = new_challenge(superuser, city, department, "Second")
    with pytest.raises(LinkKindNotRegistered):
        link_create(source=first, target=second, kind="became")
    assert Link.objects.count() == 0


def test_a_kind_cannot_be_registered_twice_differently(test_kinds):
    with pytest.raises(ValueError):
        register_link_kinds({"test_became": LinkKind("turned into", "came from (test)")})


@pytest.mark.django_db
def test_the_journey_reads_each_link_from_both_ends_with_the_registered_labels(superuser, city, department, test_kinds):
    problem_like = new_challenge(superuser, city, department, "Crossings are dangerous")
    challenge = new_challenge(superuser, city, department, "Safer crossings")
    link_create(source=problem_like, target=challenge, kind="test_became")

    steps = {str(step.item): step for step in journey(challenge, user=superuser)}

    assert steps["Crossings are dangerous"].outgoing == [("became (test)", challenge)]
    assert steps["Safer crossings"].incoming == [("came from (test)", problem_like)]


@pytest.mark.django_db
def test_the_journey_follows_what_came_first_and_what_came_of_it_but_not_sideways(
    superuser, city, department, test_kinds
):
    challenge = new_challenge(superuser, city, department, "Safer crossings")
    idea = new_challenge(superuser, city, department, "Raised crossing")
    other_idea = new_challenge(superuser, city, department, "Lollipop crossing guards")
    origin = new_challenge(superuser, city, department, "Children hurt at Mill Lane")
    link_create(source=idea, target=challenge, kind="test_answers")  # the idea came of the challenge
    link_create(source=other_idea, target=challenge, kind="test_answers")
    link_create(source=origin, target=challenge, kind="test_became")

    titles = [str(step.item) for step in journey(idea, user=superuser)]

    assert sorted(titles) == ["Children hurt at Mill Lane", "Raised crossing", "Safer crossings"]


@pytest.mark.django_db
def test_upstream_lists_what_an_item_came_from_nearest_first(superuser, city, department, test_kinds):
    challenge = new_challenge(superuser, city, department, "Safer crossings")
    idea = new_challenge(superuser, city, department, "Raised crossing")
    origin = new_challenge(superuser, city, department, "Children hurt at Mill Lane")
    duplicate = new_challenge(superuser, city, department, "Mill Lane crossing unsafe")
    later = new_challenge(superuser, city, department, "Raised crossing, built")
    link_create(source=idea, target=challenge, kind="test_answers")
    link_create(source=origin, target=challenge, kind="test_became")
    link_create(source=duplicate, target=origin, kind="test_became")
    link_create(source=idea, target=later, kind="test_became")

    assert upstream(idea) == [challenge, origin, duplicate]
    assert upstream(idea, max_depth=1) == [challenge]
    assert upstream(origin) == [duplicate]


@pytest.mark.django_db
def test_response_commitments_count_working_days_without_holidays(db):
    city = organisation_create(name="Holiday City")
    PublicHoliday.objects.create(organisation=city, date=dt.date(2026, 12, 25), name="Christmas Day")
    PublicHoliday.objects.create(organisation=city, date=dt.date(2026, 12, 28), name="Bridge day")
    # Wednesday 23 Dec + 3 working days: Thu 24, (Fri 25 holiday), (weekend), (Mon 28 holiday), Tue 29, Wed 30.
    assert working_days_after(city, dt.date(2026, 12, 23), 3) == dt.date(2026, 12, 30)
    # A Saturday start rolls forward to Monday first.
    assert working_days_after(city, dt.date(2026, 11, 21), 1) == dt.date(2026, 11, 24)


@pytest.mark.django_db
def test_journeys_open_only_for_the_models_registered_for_them(
    client, superuser, citizen, city, department, with_second_factor
):
    from allauth.mfa.models import Authenticator

    from cocreate.problems.api_keys import api_key_issue

    challenge = new_challenge(superuser, city, department, "Cleaner parks")
    api_key, _ = api_key_issue(actor=superuser, organisation=city, name="Partner app")
    authenticator = with_second_factor(superuser)
    assert client.get(f"/journey/auth/user/{citizen.pk}/").status_code == 404  # no such model, as a visitor
    client.force_login(superuser)
    for address in (
        f"/journey/accounts/user/{citizen.pk}/",
        f"/journey/problems/apikey/{api_key.pk}/",
        f"/journey/mfa/authenticator/{authenticator.pk}/",
        "/journey/auth/group/1/",
        f"/journey/organisations/organisation/{city.pk}/",
    ):
        assert client.get(address).status_code == 404, address
    assert client.get(f"/journey/challenges/challenge/{challenge.pk}/").status_code == 200
    assert Authenticator.objects.filter(pk=authenticator.pk).exists()
