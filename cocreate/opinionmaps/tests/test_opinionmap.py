import xml.etree.ElementTree as ET

import pytest
from django.tasks import default_task_backend
from django.urls import reverse

from cocreate.challenges.actions import StageSpec, challenge_set_stages
from cocreate.challenges.models import Challenge, Stage
from cocreate.challenges.tests.conftest import days
from cocreate.engagement.models import Participant
from cocreate.opinionmaps import actions as opinion
from cocreate.opinionmaps import queries as opinion_queries
from cocreate.opinionmaps.errors import StatementNotOpen
from cocreate.opinionmaps.models import OpinionMapResult, OpinionMapSettings, Statement, StatementVote
from cocreate.opinionmaps.svg import render_opinion_map
from cocreate.opinionmaps.tasks import recompute_opinion_map

SEEDS = [
    "Cars should not park on pavements.",
    "Speed limits near schools should be 20 km/h.",
    "The city should pay for bike repairs for pupils.",
    "Parents should walk children to school.",
]


@pytest.fixture
def make_map(make_challenge_in):
    def make(*, anonymous=False, stage="opinion_map", seeds=SEEDS):
        challenge = make_challenge_in(stage="opinion_map")
        for text in seeds:
            Statement.objects.create(
                challenge=challenge, stage=challenge.stages.get(), text=text, is_seed=True, is_approved=True
            )
        OpinionMapSettings.objects.create(stage=challenge.stages.get(), open_to_visitors=anonymous)
        if stage == "upcoming":
            Stage.objects.filter(challenge=challenge).update(starts_at=days(2), ends_at=days(9))
        elif stage != "opinion_map":
            Stage.objects.filter(challenge=challenge).update(type=stage)
        return Challenge.objects.get(pk=challenge.pk)

    return make


def parse_svg(markup: str) -> ET.Element:
    return ET.fromstring(markup)  # noqa: S314 - the site's own output, parsed to prove it is well-formed XML


def url(challenge, name="opinionmaps:page"):
    return reverse(name, args=[challenge.slug])


def queued() -> list:
    return [r for r in default_task_backend.results if r.task.name == "recompute_opinion_map"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "anonymous", "stage", "allowed"),
    [
        ("visitor", False, "opinion_map", False),
        ("visitor", True, "opinion_map", True),
        ("visitor", True, "upcoming", False),
        ("visitor", True, "wiki_survey", False),
        ("citizen", False, "opinion_map", True),
        ("citizen", False, "upcoming", False),
        ("citizen", False, "wiki_survey", False),
        ("official", False, "opinion_map", True),
        ("official", False, "upcoming", False),
    ],
)
def test_who_may_vote_by_role_and_stage(
    client,
    make_map,
    citizen,
    official,
    with_second_factor,
    django_capture_on_commit_callbacks,
    role,
    anonymous,
    stage,
    allowed,
):
    challenge = make_map(anonymous=anonymous, stage=stage)
    with_second_factor(official)
    if role != "visitor":
        client.force_login({"citizen": citizen, "official": official}[role])
    statement = Statement.objects.get(text=SEEDS[0])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(challenge), {"statement": statement.pk, "vote": "1"})
    if allowed:
        assert response.status_code == 302
        assert list(StatementVote.objects.values_list("statement", "vote")) == [(statement.pk, 1)]
        assert len(queued()) == 1
    else:
        assert response.status_code == 403
        assert StatementVote.objects.count() == 0
        assert Participant.objects.count() == 0
        assert OpinionMapResult.objects.count() == 0
        assert queued() == []


@pytest.mark.django_db
def test_one_statement_at_a_time_and_the_last_vote_counts(
    client, make_map, citizen, django_capture_on_commit_callbacks
):
    challenge = make_map()
    client.force_login(citizen)
    seen = []
    for vote in ("1", "-1", "0", "1"):
        response = client.get(url(challenge))
        statement = next(s for s in Statement.objects.all() if s.text in response.content.decode())
        assert statement.pk not in seen
        seen.append(statement.pk)
        client.post(url(challenge), {"statement": statement.pk, "vote": vote})
    assert "You have voted on every statement" in client.get(url(challenge)).content.decode()
    first = Statement.objects.get(pk=seen[0])
    response = client.post(url(challenge), {"statement": first.pk, "vote": "-1"}, headers={"HX-Request": "true"})
    assert response.status_code == 200 and "<html" not in response.content.decode()
    assert StatementVote.objects.count() == 4
    assert StatementVote.objects.get(statement=first).vote == -1


@pytest.mark.django_db
def test_votes_on_pending_hidden_or_foreign_statements_or_bad_values_are_refused(client, make_map, citizen):
    challenge = make_map()
    other = make_map()
    client.force_login(citizen)
    pending = Statement.objects.create(challenge=challenge, stage=challenge.stages.get(), text="Pending")
    hidden = Statement.objects.create(
        challenge=challenge, stage=challenge.stages.get(), text="Hidden", is_approved=True, is_hidden=True
    )
    foreign = Statement.objects.filter(challenge=other).first()
    assert client.post(url(challenge), {"statement": pending.pk, "vote": "1"}).status_code == 400
    assert client.post(url(challenge), {"statement": hidden.pk, "vote": "1"}).status_code == 400
    assert client.post(url(challenge), {"statement": foreign.pk, "vote": "1"}).status_code == 404
    seed = Statement.objects.filter(challenge=challenge, is_seed=True).first()
    assert client.post(url(challenge), {"statement": seed.pk, "vote": "2"}).status_code == 400
    assert client.post(url(challenge), {"statement": seed.pk, "vote": "yes"}).status_code == 400
    assert StatementVote.objects.count() == 0
    assert OpinionMapResult.objects.count() == 0


@pytest.mark.django_db
def test_recomputation_is_debounced_and_runs_in_the_background(
    client, make_map, citizen, make_user, django_capture_on_commit_callbacks
):
    challenge = make_map()
    client.force_login(citizen)
    statements = list(Statement.objects.filter(challenge=challenge))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url(challenge), {"statement": statements[0].pk, "vote": "1"})
        client.post(url(challenge), {"statement": statements[1].pk, "vote": "-1"})
    [task] = queued()  # two votes, one task
    assert task.kwargs == {"stage_id": challenge.stages.get().pk}
    result = OpinionMapResult.objects.get(stage=challenge.stages.get())
    assert result.is_stale and result.computed_at is None

    assert recompute_opinion_map.call(**task.kwargs) == 2
    result.refresh_from_db()
    assert result.stale_since is None and result.computed_at is not None
    assert result.votes_at_computation == 2
    assert result.data["summary"]["votes"] == 2
    assert list(result.data["positions"]) == [str(Participant.objects.get(user=citizen).pk)]

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url(challenge), {"statement": statements[2].pk, "vote": "0"})
    assert len(queued()) == 2  # stale again: one more run
    assert recompute_opinion_map.call(**task.kwargs) == 3  # a retry recomputes, nothing else
    assert recompute_opinion_map.call(**task.kwargs) == 3


@pytest.mark.django_db
def test_a_lost_task_is_queued_again_after_a_while(make_map, citizen, settings, django_capture_on_commit_callbacks):
    challenge = make_map()
    statement = Statement.objects.filter(challenge=challenge).first()
    with django_capture_on_commit_callbacks(execute=True):
        opinion.statement_vote(user=citizen, statement=statement, vote=1)
    OpinionMapResult.objects.filter(stage=challenge.stages.get()).update(stale_since=days(-1))
    with django_capture_on_commit_callbacks(execute=True):
        opinion.statement_vote(user=citizen, statement=statement, vote=-1)
    assert len(queued()) == 2


def cast_votes(challenge, n_people=24):
    """Two camps who disagree on the first two statements, and agree on the others."""
    statements = list(Statement.objects.filter(challenge=challenge, is_approved=True).order_by("pk"))
    votes = []
    for n in range(n_people):
        participant = Participant.objects.create(challenge=challenge, token=f"t{n}")
        camp = 1 if n % 2 else -1
        for i, statement in enumerate(statements):
            value = camp if i < 2 else 1
            votes.append(StatementVote(participant=participant, statement=statement, vote=value))
    StatementVote.objects.bulk_create(votes)


@pytest.mark.django_db
def test_the_map_appears_after_enough_votes_with_groups_and_your_dot(client, make_map, citizen, settings):
    settings.COCREATE_OPINION_MAP_MIN_VOTES = 3
    challenge = make_map()
    cast_votes(challenge)
    client.force_login(citizen)
    statements = list(Statement.objects.filter(challenge=challenge).order_by("pk"))
    for statement in statements[:2]:
        client.post(url(challenge), {"statement": statement.pk, "vote": "1"})
    body = client.get(url(challenge)).content.decode()
    assert "Vote on 1 more to see the map." in body
    client.post(url(challenge), {"statement": statements[2].pk, "vote": "1"})
    assert "The map is being computed" in client.get(url(challenge)).content.decode()

    recompute_opinion_map.call(stage_id=challenge.stages.get().pk)
    body = client.get(url(challenge)).content.decode()
    start, end = body.index("<svg xmlns"), body.index("</svg>", body.index("<svg xmlns")) + len("</svg>")
    svg = parse_svg(body[start:end])  # well-formed XML
    assert svg.get("role") == "img"
    ns = "{http://www.w3.org/2000/svg}"
    assert svg.find(f"{ns}title").text == "Opinion map"
    desc = svg.find(f"{ns}desc").text
    assert desc.startswith("25 participants") and "You are marked with a ring" in desc
    assert "Group 1: " in desc and "Group 2: " in desc
    assert [t.text for t in svg.iter(f"{ns}text")][-1] == "You"
    assert "<caption>Opinion groups</caption>" in body
    assert "What sets group 1 apart" in body and "What sets group 2 apart" in body
    assert "Where most people agree" in body and "The city should pay for bike repairs for pupils." in body
    assert "Computed " in body
    result = OpinionMapResult.objects.get(stage=challenge.stages.get())
    assert sorted(g["size"] for g in result.data["groups"]) == [12, 13]


@pytest.mark.django_db
def test_the_svg_is_well_formed_even_without_groups():
    svg = render_opinion_map({"positions": {"1": [0.0, 0.0]}, "participants": {"1": None}, "groups": []}, own_key="1")
    root = parse_svg(str(svg))
    assert root.get("role") == "img"
    assert "No opinion groups have formed yet." in root.find("{http://www.w3.org/2000/svg}desc").text
    assert parse_svg(str(render_opinion_map({}))).get("role") == "img"


@pytest.mark.django_db
def test_participants_add_statements_that_wait_for_moderation(client, make_map, citizen, moderator, official):
    challenge = make_map(anonymous=True)
    add = url(challenge, "opinionmaps:add")
    response = client.post(add, {"text": "x" * 281})
    assert response.status_code == 400
    assert Statement.objects.filter(challenge=challenge).count() == 4
    assert client.post(add, {"text": "  Crossings   need lights. "}).status_code == 302  # an anonymous visitor
    statement = Statement.objects.get(text="Crossings need lights.")
    assert (statement.is_approved, statement.is_hidden, statement.author.user) == (False, False, None)
    assert statement not in opinion_queries.open_statements(challenge.stages.get())

    manage = url(challenge, "opinionmaps:manage")
    client.force_login(citizen)
    assert client.get(manage).status_code == 403
    assert client.post(manage, {"statement": statement.pk, "action": "approve"}).status_code == 403
    assert client.post(manage, {"action": "seed", "seed-text": "Seeded by a citizen"}).status_code == 403
    statement.refresh_from_db()
    assert statement.is_approved is False
    assert Statement.objects.filter(challenge=challenge).count() == 5

    client.force_login(moderator)
    assert "Crossings need lights." in client.get(manage).content.decode()
    assert client.post(manage, {"statement": statement.pk, "action": "approve"}).status_code == 302
    statement.refresh_from_db()
    assert (statement.is_approved, statement.is_hidden) == (True, False)
    assert client.post(manage, {"statement": statement.pk, "action": "reject"}).status_code == 409
    assert (
        client.post(manage, {"action": "seed", "seed-text": "Lorries should avoid school streets."}).status_code == 302
    )
    seed = Statement.objects.get(text="Lorries should avoid school streets.")
    assert (seed.is_seed, seed.is_approved, seed.author) == (True, True, None)
    assert client.post(manage, {"statement": seed.pk, "action": "hide"}).status_code == 302
    seed.refresh_from_db()
    assert seed.is_hidden is True


@pytest.mark.django_db
def test_rejected_statements_stay_hidden(make_map, citizen, official):
    challenge = make_map()
    statement = opinion.statement_add(user=citizen, challenge=challenge, text="Close the road")
    opinion.statement_moderate(actor=official, statement=statement, approve=False)
    statement.refresh_from_db()
    assert (statement.is_approved, statement.is_hidden) == (False, True)
    assert statement not in opinion_queries.open_statements(challenge.stages.get())
    assert statement not in opinion_queries.pending_statements(challenge.stages.get())


@pytest.mark.django_db
def test_visitors_cannot_add_statements_without_anonymous_voting(client, make_map):
    challenge = make_map()
    response = client.post(url(challenge, "opinionmaps:add"), {"text": "Hello"})
    assert response.status_code == 403
    assert Statement.objects.filter(challenge=challenge).count() == 4


@pytest.mark.django_db
def test_each_opinion_map_stage_of_a_challenge_has_statements_and_a_map_of_its_own(make_map, citizen, admin_user):
    challenge = make_map()
    first_round = challenge.stages.get()
    challenge_set_stages(
        actor=admin_user,
        challenge=challenge,
        stage_specs=[
            StageSpec(type="opinion_map", starts_at=days(-3), ends_at=days(-1)),
            StageSpec(type="opinion_map", starts_at=days(-1), ends_at=days(9), title="Second round"),
        ],
    )
    challenge = Challenge.objects.get(pk=challenge.pk)
    second_round = challenge.active_stage()
    new = opinion.statement_seed(actor=admin_user, challenge=challenge, text="Ask the children too.")
    assert new.stage == second_round
    assert list(opinion_queries.open_statements(opinion_queries.map_stage(challenge))) == [new]

    old = Statement.objects.filter(stage=first_round).first()
    with pytest.raises(StatementNotOpen):
        opinion.statement_vote(user=citizen, statement=old, vote=1)
    assert StatementVote.objects.count() == 0

    opinion.statement_vote(user=citizen, statement=new, vote=1)
    assert list(OpinionMapResult.objects.values_list("stage", flat=True)) == [second_round.pk]


@pytest.mark.django_db
@pytest.mark.parametrize("statement", ["abc", "²", "-1", "9" * 30, ""])
def test_a_vote_on_a_statement_that_is_no_number_is_404_and_stores_nothing(
    client, make_map, citizen, moderator, with_second_factor, statement
):
    challenge = make_map(anonymous=True)
    page = url(challenge)
    assert client.post(page, {"statement": statement, "vote": "1"}).status_code == 404  # an anonymous visitor
    client.force_login(citizen)
    assert client.post(page, {"statement": statement, "vote": "1"}).status_code == 404
    with_second_factor(moderator)
    client.force_login(moderator)
    assert (
        client.post(url(challenge, "opinionmaps:manage"), {"statement": statement, "action": "hide"}).status_code == 404
    )
    assert not StatementVote.objects.exists()
    assert Statement.objects.filter(challenge=challenge, is_hidden=False).count() == 4


@pytest.mark.django_db
def test_a_vote_that_is_no_number_is_refused(client, make_map):
    challenge = make_map(anonymous=True)
    statement = Statement.objects.filter(challenge=challenge).first()
    for vote in ("²", "abc", "9" * 30):
        assert client.post(url(challenge), {"statement": statement.pk, "vote": vote}).status_code == 400
    assert not StatementVote.objects.exists()
