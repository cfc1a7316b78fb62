import pytest
from django.contrib.sessions.models import Session

from cocreate.engagement import actions as engagement
from cocreate.ideas.actions import idea_edit, idea_withdraw
from cocreate.ideas.errors import AlreadyWithdrawn, IdeaNotEditable
from cocreate.ideas.models import Idea
from cocreate.problems.tests.conftest import jpeg_with_gps


def fresh(idea):
    return Idea.objects.get(pk=idea.pk)


@pytest.mark.django_db
def test_propose_an_idea_with_tags_and_an_image(client, citizen, collection, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    client.force_login(citizen)
    response = client.post(
        f"/challenges/{collection.slug}/ideas/new/",
        {
            "title": "Protected bike lanes",
            "description": "Separated lanes with kerbs on Station Road.",
            "tags": "cycling, safety",
            "image": SimpleUploadedFile("lane.jpg", jpeg_with_gps(), content_type="image/jpeg"),
            "image_alt": "A drawing of a lane with kerbs",
        },
    )
    idea = Idea.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/ideas/{idea.pk}/"
    assert (idea.author, idea.challenge, idea.organisation) == (citizen, collection, collection.organisation)
    assert sorted(t.name for t in idea.tags.all()) == ["cycling", "safety"]
    with Image.open(idea.image.path) as stored:
        assert dict(stored.getexif()) == {}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": "", "description": "d"}, "This field is required."),
        ({"title": "t" * 141, "description": "d"}, "at most 140 characters"),
        ({"title": "t", "description": "d", "tags": "a,b,c,d,e,f"}, "Use at most 5 tags."),
    ],
)
def test_bad_ideas_are_refused_clearly(client, citizen, collection, data, message):
    client.force_login(citizen)
    response = client.post(f"/challenges/{collection.slug}/ideas/new/", data)
    assert response.status_code == 400 and message in response.content.decode()
    assert not Idea.objects.exists()


@pytest.mark.django_db
def test_ideas_only_while_a_stage_takes_them(client, citizen, make_challenge_in, make_user):
    closed = make_challenge_in(start=-9, end=-2)
    client.force_login(citizen)
    response = client.post(f"/challenges/{closed.slug}/ideas/new/", {"title": "t", "description": "d"})
    assert response.status_code == 403
    assert not Idea.objects.exists()
    # In a wiki survey, added ideas wait for a moderator before anyone else sees them.
    survey = make_challenge_in(stage="wiki_survey", title="Another")
    response = client.post(f"/challenges/{survey.slug}/ideas/new/", {"title": "Late idea", "description": "d"})
    idea = Idea.objects.get()
    assert response.status_code == 302 and idea.awaiting_moderation
    assert client.get(idea.get_absolute_url()).status_code == 200  # its author sees it
    client.force_login(make_user())
    assert client.get(idea.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_editable_until_the_first_support_then_only_moderators(make_idea, citizen, moderator, make_user):
    idea = make_idea(author=citizen)
    idea_edit(actor=citizen, idea=idea, title="Protected lanes", description="Better")
    assert fresh(idea).title == "Protected lanes" and not fresh(idea).edited_by_moderator
    engagement.support_add(user=make_user(), target=idea)
    with pytest.raises(IdeaNotEditable):
        idea_edit(actor=citizen, idea=fresh(idea), title="Changed after support", description="x")
    assert fresh(idea).title == "Protected lanes"
    idea_edit(actor=moderator, idea=fresh(idea), title="Protected lanes (merged)", description="Better")
    assert fresh(idea).edited_by_moderator and fresh(idea).edited_at is not None


@pytest.mark.django_db
def test_others_cannot_edit_or_withdraw(client, make_idea, citizen, make_user):
    idea = make_idea(author=citizen)
    client.force_login(make_user())
    assert client.post(f"/ideas/{idea.pk}/edit/", {"title": "Hijacked", "description": "x"}).status_code == 403
    assert client.post(f"/ideas/{idea.pk}/withdraw/").status_code == 403
    assert fresh(idea).title == "Protected bike lanes on Station Road" and not fresh(idea).is_withdrawn


@pytest.mark.django_db
def test_withdrawing_keeps_the_idea_readable_and_tells_supporters(make_idea, citizen, make_user):
    idea = make_idea(author=citizen)
    supporter = make_user()
    engagement.support_add(user=supporter, target=idea)
    idea_withdraw(actor=citizen, idea=idea)
    assert fresh(idea).is_withdrawn
    assert supporter.notifications.filter(verb="idea.withdrawn").count() == 1
    with pytest.raises(AlreadyWithdrawn):
        idea_withdraw(actor=citizen, idea=idea)


@pytest.mark.django_db
def test_sorts_and_the_stable_random_order(client, make_idea, make_user):
    ideas = [make_idea(title=f"Idea {n}") for n in range(6)]
    engagement.support_add(user=make_user(), target=ideas[2])
    engagement.comment_add(author=make_user(), target=ideas[4], body="Good")
    url = f"/challenges/{ideas[0].challenge.slug}/ideas/"

    def titles(query):
        return [i.title for i in client.get(f"{url}?{query}").context["page"].object_list]

    assert titles("sort=newest")[0] == "Idea 5"
    assert titles("sort=supported")[0] == "Idea 2"
    assert titles("sort=discussed")[0] == "Idea 4"
    first = titles("sort=random")
    assert titles("sort=random") == first  # stable for this visitor
    assert client.cookies["cocreate_shuffle"].value.isdigit()  # kept in a cookie: nothing stored for visitors
    assert not Session.objects.exists()
    assert sorted(first) == sorted(i.title for i in ideas)
    orders = set()
    for _ in range(6):
        other = client.__class__()
        orders.add(tuple(i.title for i in other.get(f"{url}?sort=random").context["page"].object_list))
    assert len(orders) > 1  # but not the same for everyone
    assert client.get(f"{url}?sort=best").status_code == 400


@pytest.mark.django_db
def test_similar_ideas_are_suggested(client, make_idea, collection):
    make_idea(title="Protected bike lanes on Station Road")
    body = client.get(f"/challenges/{collection.slug}/ideas/suggestions/?title=protected+bike+lane").content.decode()
    assert "Protected bike lanes on Station Road" in body


@pytest.mark.django_db
def test_officials_answer_ideas_and_supporters_hear_of_it(client, make_idea, official, make_user, with_second_factor):
    idea = make_idea()
    supporter = make_user()
    engagement.support_add(user=supporter, target=idea)
    with_second_factor(official)
    client.force_login(official)
    response = client.post(
        f"/engage/ideas/idea/{idea.pk}/answer/", {"status": "under_review", "answer": "We are costing it."}
    )
    assert response.status_code == 302
    assert fresh(idea).status == "under_review"
    assert supporter.notifications.filter(verb="status.changed").count() == 1


@pytest.mark.django_db
def test_hidden_and_private_ideas_stay_out(client, make_idea, make_challenge_in, citizen):
    private = make_challenge_in(visibility="invited", title="Staff only")
    private.invited.add(citizen)
    secret = make_idea(title="Staff canteen idea", author=citizen, challenge=private)
    assert client.get(secret.get_absolute_url()).status_code == 404
    hidden = make_idea(title="Hidden idea")
    Idea.objects.filter(pk=hidden.pk).update(is_hidden=True)
    page = client.get(hidden.get_absolute_url())  # only the moderation notice, never the text
    assert page.status_code == 200 and "Hidden idea" not in page.content.decode()
    assert client.get(f"/challenges/{hidden.challenge.slug}/ideas/").context["page"].paginator.count == 0


@pytest.mark.django_db
def test_the_idea_list_runs_a_constant_number_of_queries(client, make_idea, make_user, django_assert_max_num_queries):
    for n in range(25):
        idea = make_idea(title=f"Idea {n}")
        engagement.support_add(user=make_user(), target=idea)
    with django_assert_max_num_queries(15):
        client.get(f"/challenges/{idea.challenge.slug}/ideas/")
    with django_assert_max_num_queries(20):
        client.get(idea.get_absolute_url())


@pytest.mark.django_db
def test_suggestions_for_a_title_that_matches_no_word_are_empty(client, make_idea, collection):
    make_idea(title="Protected bike lanes on Station Road")
    for title in ("9999", "zzzz qqqq"):
        response = client.get(f"/challenges/{collection.slug}/ideas/suggestions/", {"title": title})
        assert response.status_code == 200
        assert "Protected bike lanes" not in response.content.decode()


@pytest.mark.django_db
def test_an_invalid_idea_whose_title_matches_nothing_comes_back_with_its_errors(client, make_idea, collection, citizen):
    make_idea(title="Protected bike lanes on Station Road")
    client.force_login(citizen)
    response = client.post(f"/challenges/{collection.slug}/ideas/new/", {"title": "9999", "description": "x" * 10_000})
    assert response.status_code == 400
    assert Idea.objects.count() == 1
