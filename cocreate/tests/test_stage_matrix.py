"""Every registered stage type × every contribution model × every feature.

A stage type declares what it allows per contribution model. Here each (feature, model) that any action offers is
attempted by a signed-in resident in a challenge whose active stage is of each registered type: the attempt must
succeed exactly where the stage type declares it, and a refused attempt must change nothing.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.utils import timezone

from cocreate.adoption.actions import adoption_report_submit
from cocreate.adoption.models import AdoptionReport, Campaign
from cocreate.challenges import stages
from cocreate.challenges.actions import StageSpec, challenge_create, challenge_publish, challenge_set_stages
from cocreate.challenges.models import Challenge
from cocreate.challenges.stages import Feature
from cocreate.core.errors import NotPermitted
from cocreate.decisions.models import Ballot, Budget, Decision, Project
from cocreate.decisions.voting import ballot_cast, voter_key_for_user
from cocreate.delivery.models import ImplementationProject
from cocreate.designs.actions import amendment_propose, design_start
from cocreate.designs.models import Amendment, Design, DesignVersion
from cocreate.engagement import actions as engagement
from cocreate.engagement.models import Comment, Contribution, Follow, Support
from cocreate.ideas.actions import idea_submit
from cocreate.ideas.models import Idea
from cocreate.opinionmaps.actions import statement_add, statement_vote
from cocreate.opinionmaps.models import Statement, StatementVote
from cocreate.problems.actions import problem_report
from cocreate.problems.models import Problem
from cocreate.wikisurveys.actions import wikisurvey_vote
from cocreate.wikisurveys.models import PairwiseVote


@dataclass
class World:
    challenge: Challenge
    resident: object
    idea: Idea
    other_idea: Idea
    problem: Problem
    statement: Statement
    design: Design
    project: Project
    implementation: ImplementationProject


def _state() -> tuple:
    """Everything an attempt could change."""
    return (
        Idea.objects.count(),
        Problem.objects.count(),
        Statement.objects.count(),
        PairwiseVote.objects.count(),
        StatementVote.objects.count(),
        Support.objects.count(),
        Comment.objects.count(),
        Follow.objects.count(),
        Design.objects.count(),
        DesignVersion.objects.count(),
        Amendment.objects.count(),
        AdoptionReport.objects.count(),
        tuple(Ballot.objects.order_by("pk").values_list("voter_key", "choices", "receipt")),
        tuple(Design.objects.order_by("pk").values_list("support_count", "comment_count", "follower_count")),
        tuple(Idea.objects.order_by("pk").values_list("support_count", "comment_count", "follower_count")),
        tuple(Problem.objects.order_by("pk").values_list("support_count", "comment_count", "follower_count")),
        tuple(Challenge.objects.order_by("pk").values_list("follower_count", flat=True)),
    )


# (feature, model label) -> the action a resident takes
ATTEMPTS: dict[tuple[str, str], Callable[[World], object]] = {
    (Feature.FOLLOW, "challenges.challenge"): lambda w: engagement.follow(user=w.resident, target=w.challenge),
    (Feature.CREATE, "ideas.idea"): lambda w: idea_submit(
        author=w.resident, challenge=w.challenge, title="Walking buses", description="Parents take turns."
    ),
    (Feature.SUPPORT, "ideas.idea"): lambda w: engagement.support_add(user=w.resident, target=w.idea),
    (Feature.COMMENT, "ideas.idea"): lambda w: engagement.comment_add(author=w.resident, target=w.idea, body="Yes!"),
    (Feature.FOLLOW, "ideas.idea"): lambda w: engagement.follow(user=w.resident, target=w.idea),
    (Feature.VOTE, "ideas.idea"): lambda w: wikisurvey_vote(
        user=w.resident, challenge=w.challenge, left=w.idea, right=w.other_idea, choice="left"
    ),
    (Feature.CREATE, "opinionmaps.statement"): lambda w: statement_add(
        user=w.resident, challenge=w.challenge, text="Crossings need lights."
    ),
    (Feature.VOTE, "opinionmaps.statement"): lambda w: statement_vote(user=w.resident, statement=w.statement, vote=1),
    (Feature.CREATE, "problems.problem"): lambda w: problem_report(
        author=w.resident,
        organisation=w.challenge.organisation,
        challenge=w.challenge,
        title="Fast cars",
        description="",
    ),
    (Feature.SUPPORT, "problems.problem"): lambda w: engagement.support_add(user=w.resident, target=w.problem),
    (Feature.COMMENT, "problems.problem"): lambda w: engagement.comment_add(
        author=w.resident, target=w.problem, body="Me too."
    ),
    (Feature.FOLLOW, "problems.problem"): lambda w: engagement.follow(user=w.resident, target=w.problem),
    (Feature.CREATE, "designs.design"): lambda w: design_start(
        author=w.resident, challenge=w.challenge, title="Kiosks", summary="In libraries."
    ),
    (Feature.SUPPORT, "designs.design"): lambda w: engagement.support_add(user=w.resident, target=w.design),
    (Feature.COMMENT, "designs.design"): lambda w: engagement.comment_add(
        author=w.resident, target=w.design, body="Costs?"
    ),
    (Feature.FOLLOW, "designs.design"): lambda w: engagement.follow(user=w.resident, target=w.design),
    (Feature.AMEND, "designs.design"): lambda w: amendment_propose(
        proposer=w.resident, design=w.design, section="problem", content="Paper only.", reason="Clearer."
    ),
    (Feature.VOTE, "decisions.project"): lambda w: ballot_cast(
        w.project.decision,
        voter_key=voter_key_for_user(w.resident),
        ballots={w.project.budget_id: ([w.project.pk], None)},
        user=w.resident,
    ),
    (Feature.FOLLOW, "delivery.implementationproject"): lambda w: engagement.follow(
        user=w.resident, target=w.implementation
    ),
    (Feature.CREATE, "adoption.adoptionreport"): lambda w: adoption_report_submit(
        reporter=w.resident, campaign=_campaign(w), step="tried"
    ),
}


def _campaign(world: World) -> Campaign:
    """The campaign of the world's stage, written directly: it exists whatever the stage allows."""
    stage = world.challenge.stages.get()
    campaign, _created = Campaign.objects.get_or_create(
        stage=stage,
        defaults={"challenge": world.challenge, "organisation": world.challenge.organisation, "title": "Cards"},
    )
    return campaign


REAL_STAGE_TYPES = sorted(s.key for s in stages.registered() if not s.key.startswith("test_"))


def test_every_declared_feature_has_an_attempt_here():
    declared = {(f, m) for s in stages.registered() for f, models in s.features.items() for m in models}
    assert declared - set(ATTEMPTS) == set()


def test_every_contribution_model_is_in_the_matrix():
    contribution_models = {m._meta.label_lower for m in apps.get_models() if issubclass(m, Contribution)}
    assert contribution_models - {model for _feature, model in ATTEMPTS} == set()


@pytest.fixture
def make_world(city, department, make_user):
    admin = make_user(is_superuser=True)
    resident = make_user(display_name="Rosa Resident")
    author = make_user(display_name="Ann Author")

    def make(stage_type: str) -> World:
        challenge = challenge_create(
            actor=admin,
            organisation=city,
            department=department,
            title=f"Safer streets ({stage_type})",
            summary="Streets feel unsafe.",
            problem_statement="Cars drive fast.",
            template="idea_challenge",
        ).challenge
        now = timezone.now()
        challenge_set_stages(
            actor=admin,
            challenge=challenge,
            stage_specs=[
                StageSpec(type=stage_type, starts_at=now - dt.timedelta(days=1), ends_at=now + dt.timedelta(days=9))
            ],
        )
        challenge = challenge_publish(actor=admin, challenge=challenge)
        # Written directly: what residents act on exists whatever the stage allows.
        ideas = [
            Idea.objects.create(author=author, challenge=challenge, organisation=city, title=t, description="")
            for t in ("School streets", "Speed bumps")
        ]
        problem = Problem.objects.create(
            author=author, organisation=city, challenge=challenge, department=department, title="No crossing"
        )
        statement = Statement.objects.create(
            challenge=challenge, stage=challenge.stages.get(), text="Cars go too fast.", is_approved=True
        )
        design = Design.objects.create(
            author=author, challenge=challenge, organisation=city, title="Permit app", summary="Renew online."
        )
        design.current_version = DesignVersion.objects.create(design=design, number=1, author=author, content={})
        design.version_count = 1
        design.save()
        stage = challenge.stages.get()
        decision = Decision.objects.filter(stage=stage).first() or Decision.objects.create(
            stage=stage, challenge=challenge, organisation=city, title="Street budget", method=Decision.Method.VOTE
        )
        budget = Budget.objects.create(decision=decision, name="City-wide", amount=100_000)
        project = Project.objects.create(decision=decision, budget=budget, title="Zebra crossing", cost=20_000)
        implementation = ImplementationProject.objects.create(
            author=admin, challenge=challenge, organisation=city, title="Zebra crossing works", description="Paint."
        )
        return World(challenge, resident, ideas[0], ideas[1], problem, statement, design, project, implementation)

    return make


@pytest.mark.django_db
@pytest.mark.parametrize("stage_type", REAL_STAGE_TYPES)
def test_a_stage_allows_exactly_what_its_type_declares(make_world, make_user, stage_type):
    declared = stages.get(stage_type)
    world = make_world(stage_type)
    for (feature, model), attempt in ATTEMPTS.items():
        world.resident = make_user()  # one who has done nothing yet (supporting also follows)
        before = _state()
        if declared.allows(feature, model):
            attempt(world)
            assert _state() != before, f"{stage_type}: {feature} {model} was declared but changed nothing"
        else:
            with pytest.raises(NotPermitted):
                attempt(world)
            assert _state() == before, f"{stage_type}: refused {feature} {model} changed something"


@pytest.mark.django_db
@pytest.mark.parametrize("stage_type", REAL_STAGE_TYPES)
def test_the_permission_question_follows_the_declaration_for_every_feature_and_model(make_world, stage_type):
    declared = stages.get(stage_type)
    world = make_world(stage_type)
    models = {m._meta.label_lower for m in apps.get_models() if issubclass(m, Contribution)} | {
        "challenges.challenge",
        "opinionmaps.statement",
    }
    for feature in Feature.ALL:
        for model in models:
            assert world.challenge.stage_allows(feature, model) is declared.allows(feature, model)
