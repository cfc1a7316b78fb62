"""The journey page is a timeline: runs of one kind of item, the page's own item marked."""

from cocreate.ideas.actions import idea_submit


def test_the_journey_is_a_timeline_of_kinds_with_the_item_marked(client, make_challenge_in, make_user):
    challenge = make_challenge_in()
    idea = idea_submit(author=make_user(), challenge=challenge, title="Bike buses", description="Ride together.")

    html = client.get(f"/journey/ideas/idea/{idea.pk}/").content.decode()

    assert html.index('<h2 class="journey__heading">Challenges') < html.index('<h2 class="journey__heading">Ideas')
    assert 'class="journey__item journey__item--current" aria-current="true"' in html
    assert "received the idea “Bike buses”" in html
