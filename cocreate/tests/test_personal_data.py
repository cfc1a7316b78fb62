"""A person's data across the apps: what the export holds, and what erasure leaves of them."""

import json

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.test import Client

from cocreate.accounts.actions import user_erase, user_update_profile
from cocreate.accounts.models import User
from cocreate.activity.models import Activity
from cocreate.engagement import actions as engagement
from cocreate.engagement.models import Follow, Notification, NotificationSettings
from cocreate.ideas.models import Idea
from cocreate.moderation.actions import suspension_create
from cocreate.opinionmaps import actions as opinion
from cocreate.opinionmaps.models import OpinionMapSettings, Statement
from cocreate.problems.actions import problem_assign, problem_report
from cocreate.problems.api_keys import api_key_issue, problem_report_by_api_key
from cocreate.problems.models import Category, Problem
from cocreate.wikisurveys import actions as survey
from cocreate.wikisurveys import queries as survey_queries


def export(person) -> dict:
    client = Client()
    client.force_login(person)
    response = client.get("/account/data/export/")
    assert response.status_code == 200
    return json.loads(response.content)


@pytest.mark.django_db
def test_the_export_holds_opinion_map_statements_and_votes_and_wiki_survey_votes(
    make_challenge_in, make_idea, make_user, citizen
):
    opinion_map = make_challenge_in(stage="opinion_map", title="Streets around schools")
    OpinionMapSettings.objects.create(stage=opinion_map.stages.get())
    seed = Statement.objects.create(
        challenge=opinion_map, stage=opinion_map.stages.get(), text="Cars should not park on pavements.", is_seed=True
    )
    seed.is_approved = True
    seed.save()
    opinion.statement_vote(user=citizen, statement=seed, vote=-1)
    own = opinion.statement_add(user=citizen, challenge=opinion_map, text="Pupils should help plan the routes.")

    wiki_survey = make_challenge_in(stage="wiki_survey", title="Which idea first?")
    for title in ("Lollipop crossings", "School streets"):
        make_idea(title=title, challenge=wiki_survey, origin=Idea.Origin.COLLECTION)
    left, right = survey_queries.survey_ideas(wiki_survey).order_by("pk")
    survey.wikisurvey_vote(user=citizen, challenge=wiki_survey, left=left, right=right, choice="right")

    data = export(citizen)
    assert data["opinion_maps"]["statements"] == [
        {
            "challenge": opinion_map.slug,
            "text": "Pupils should help plan the routes.",
            "approved": False,
            "moderated_out": False,
            "created_at": own.created_at.isoformat(),
        }
    ]
    assert [(v["challenge"], v["statement"], v["vote"]) for v in data["opinion_maps"]["votes"]] == [
        (opinion_map.slug, "Cars should not park on pavements.", "disagree")
    ]
    [pair] = data["wiki_surveys"]
    assert (pair["challenge"], pair["left"]["title"], pair["right"]["title"], pair["choice"], pair["valid"]) == (
        wiki_survey.slug,
        "Lollipop crossings",
        "School streets",
        "right",
        True,
    )
    assert [p["challenge"] for p in data["engagement"]["participations"]] == [opinion_map.slug, wiki_survey.slug]
    # Someone else's export holds none of it.
    other = export(make_user())
    assert other["opinion_maps"] == {"statements": [], "votes": []} and other["wiki_surveys"] == []


@pytest.mark.django_db
def test_the_export_holds_an_officials_work_and_is_never_stored_by_a_cache(
    make_user, city, department, official, with_second_factor
):
    lights = Category.objects.create(organisation=city, department=department, name="Lights", code="lights")
    problem = problem_report(
        author=make_user(), organisation=city, category=lights, title="Dark street", description="d"
    )
    problem_assign(actor=official, problem=problem, assignee=official)
    engagement.status_change(actor=official, target=problem, status="under_review", answer="We are on it.")
    engagement.note_add(author=official, target=problem, body="Ask the lighting contractor.")
    with_second_factor(official)
    client = Client()
    client.force_login(official)
    response = client.get("/account/data/export/")
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["problems"]["assigned_to_you"] == [problem.pk]
    assert [(a["status"], a["answer"]) for a in data["engagement"]["answers_given"]] == [
        ("under_review", "We are on it.")
    ]
    assert [n["text"] for n in data["engagement"]["internal_notes"]] == ["Ask the lighting contractor."]
    assert ("problem.assigned", "Dark street") in [(e["verb"], e["label"]) for e in data["activity"]]


@pytest.fixture
def lights(city, department):
    return Category.objects.create(organisation=city, department=department, name="Lights", code="lights")


@pytest.mark.django_db
def test_erasure_blanks_the_reporter_contact_that_carries_the_persons_address(city, lights, org_admin, make_user):
    api_key, _raw = api_key_issue(actor=org_admin, organisation=city, name="Fix-It App")

    def reported(contact):
        return problem_report_by_api_key(
            api_key=api_key, category=lights, title="Dark", description="d", address="Elm Road 3",
            reporter_contact=contact,
        )  # fmt: skip

    theirs = reported({"email": "Erin@Example.org", "first_name": "Erin", "phone": "+49 30 1234567"})
    old_address = reported({"email": "erin.old@example.org", "last_name": "Erase"})
    someone_else = reported({"email": "rita@example.org", "first_name": "Rita"})
    person = make_user(email="erin@example.org", display_name="Erin Erase")
    person.emailaddress_set.create(email="erin.old@example.org", verified=True, primary=False)
    user_erase(user=person)
    assert Problem.objects.get(pk=theirs.pk).reporter_contact == {}
    assert Problem.objects.get(pk=old_address.pk).reporter_contact == {}
    assert Problem.objects.get(pk=someone_else.pk).reporter_contact == {
        "email": "rita@example.org",
        "first_name": "Rita",
    }


@pytest.mark.django_db
def test_erasure_leaves_no_name_in_logs_and_nothing_that_served_only_the_person(
    make_user, city, lights, official, moderator, admin_user
):
    person = make_user(display_name="Erin Erase")
    problem = problem_report(author=person, organisation=city, category=lights, title="Dark street", description="d")
    elsewhere = problem_report(author=make_user(), organisation=city, category=lights, title="Other", description="d")
    engagement.follow(user=person, target=elsewhere)
    engagement.comment_add(author=make_user(), target=problem, body="Same here.")  # a notification for the author
    engagement.notification_settings_update(user=person, email=NotificationSettings.Email.DAILY)
    suspension_create(actor=moderator, user=person, organisation=city, reason="Spam", days=3)
    LogEntry.objects.log_actions(
        user_id=admin_user.pk, queryset=[person], action_flag=CHANGE, change_message="Changed display name."
    )
    problem_assign(actor=official, problem=problem, assignee=official)
    assert Activity.objects.filter(target_id=person.pk, verb="moderation.suspended").get().target_label == "Erin Erase"
    elsewhere.refresh_from_db()
    assert elsewhere.follower_count == 2

    user_erase(user=official)
    user_erase(user=person)
    pseudonym = f"Former participant {person.pk}"
    user_type = ContentType.objects.get_for_model(User)
    assert list(Activity.objects.filter(target_type=user_type).values_list("target_label", flat=True)) == [pseudonym]
    assert list(LogEntry.objects.filter(content_type=user_type).values_list("object_repr", flat=True)) == [pseudonym]
    assert not Follow.objects.filter(user=person).exists()
    elsewhere.refresh_from_db()
    assert elsewhere.follower_count == 1
    assert not Notification.objects.filter(recipient=person).exists()
    assert not NotificationSettings.objects.filter(user=person).exists()
    problem.refresh_from_db()
    assert problem.assigned_to is None  # an erased official has nothing assigned to them
    assert problem.author_id == person.pk  # the report stays, under the pseudonym


@pytest.fixture
def shared_pages(settings):
    settings.COCREATE_PAGE_CACHE_SECONDS = 300
    settings.COCREATE_LIST_CACHE_SECONDS = 15
    cache.clear()
    yield
    cache.clear()


def served_from_cache(response) -> bool:
    return getattr(response, "from_anonymous_page_cache", False) or getattr(response, "from_member_page_cache", False)


@pytest.mark.django_db
@pytest.mark.parametrize("change", ["erased", "renamed"])
def test_pages_stored_in_the_cache_no_longer_show_an_erased_or_renamed_person(
    make_idea, make_user, shared_pages, change, django_capture_on_commit_callbacks
):
    author, commenter = make_user(display_name="Erin Erase"), make_user(display_name="Carl Comment")
    idea = make_idea(author=author, title="Benches in the park")
    engagement.comment_add(author=commenter, target=idea, body="Yes, with shade.")
    member = Client()
    member.force_login(make_user())
    pages = {"visitor": Client(), "participant": member}
    for client in pages.values():
        client.get(f"/ideas/{idea.pk}/")
        response = client.get(f"/ideas/{idea.pk}/")
        assert served_from_cache(response)
        assert "Erin Erase" in response.content.decode() and "Carl Comment" in response.content.decode()
    list_url, list_visitor = f"/challenges/{idea.challenge.slug}/ideas/", Client()
    list_visitor.get(list_url)
    assert served_from_cache(list_visitor.get(list_url))

    with django_capture_on_commit_callbacks(execute=True):
        if change == "erased":
            user_erase(user=author)
            user_erase(user=commenter)
        else:
            user_update_profile(user=author, display_name="E.", preferred_language="en")
            user_update_profile(user=commenter, display_name="C.", preferred_language="en")
    for name, client in pages.items():
        response = client.get(f"/ideas/{idea.pk}/")
        html = response.content.decode()
        assert not served_from_cache(response), name
        assert "Erin Erase" not in html and "Carl Comment" not in html, name
        assert idea.title in html
    assert not served_from_cache(list_visitor.get(list_url))  # lists may name people too


@pytest.mark.django_db
def test_saving_a_profile_without_a_new_name_keeps_the_cached_pages(
    make_idea, make_user, shared_pages, django_capture_on_commit_callbacks
):
    author = make_user(display_name="Erin Erase")
    idea = make_idea(author=author)
    client = Client()
    client.get(f"/ideas/{idea.pk}/")
    with django_capture_on_commit_callbacks(execute=True):
        user_update_profile(user=author, display_name="Erin Erase", preferred_language="de")
    assert served_from_cache(client.get(f"/ideas/{idea.pk}/"))
