"""Every design permission × every role × a challenge in its design stage and one in another stage.

Each row names the roles a permission is granted to while the design stage runs, and while another stage runs (the
design was written earlier). Then every write a role is refused is attempted through its action: it must raise and
change nothing.
"""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from cocreate.core.errors import CocreateError
from cocreate.designs import actions, review_actions, testround_actions
from cocreate.designs.models import Amendment, CoAuthor, Design, DesignVersion, FeasibilityReview, TestRound
from cocreate.engagement import actions as engagement
from cocreate.engagement.models import Comment, Follow, Support
from cocreate.organisations.actions import department_create, membership_grant
from cocreate.organisations.models import Membership

from .conftest import full_content

ROLES = ("visitor", "citizen", "starter", "coauthor", "official", "moderator")
SIGNED_IN = set(ROLES) - {"visitor"}
EVERYONE = set(ROLES)

# permission -> (roles while the design stage runs, roles while another stage runs); the object is the design,
# or the challenge for designs.add_design
MATRIX = {
    "designs.view_design": (EVERYONE, EVERYONE),
    "designs.view_design_page": (EVERYONE, EVERYONE),
    "designs.add_design": (SIGNED_IN, set()),
    "designs.change_design": ({"starter", "coauthor"}, set()),
    "designs.invite_design": ({"starter"}, set()),
    "designs.withdraw_design": ({"starter"}, {"starter"}),
    "designs.support_design": ({"citizen", "official", "moderator"}, set()),
    "designs.comment_design": (SIGNED_IN, set()),
    "designs.amend_design": ({"citizen", "official", "moderator"}, set()),
    "designs.follow_design": (SIGNED_IN, set()),
    "designs.answer_design": ({"official"}, {"official"}),
    "designs.note_design": ({"official"}, {"official"}),
    "designs.request_review": ({"official"}, {"official"}),
    "designs.view_review_notes": ({"official"}, {"official"}),
    "designs.add_testround": ({"starter", "coauthor", "official"}, {"official"}),
}


@pytest.fixture
def world(make_challenge_in, make_user, official, moderator, city, department):
    """A design in each kind of challenge, and a person in each role."""
    starter, coauthor = make_user(display_name="Sara Starter"), make_user(display_name="Cem Coauthor")
    people = {
        "visitor": AnonymousUser(),
        "citizen": make_user(display_name="Cleo Citizen"),
        "starter": starter,
        "coauthor": coauthor,
        "official": official,
        "moderator": moderator,
    }
    designs = {}
    for stage in ("design", "idea_collection"):
        challenge = make_challenge_in(stage=stage, title=f"Parking ({stage})")
        design = Design.objects.create(
            author=starter, challenge=challenge, organisation=city, title="Permit app", summary="Online."
        )
        design.current_version = DesignVersion.objects.create(
            design=design, number=1, author=starter, content=full_content()
        )
        design.version_count = 1
        design.save()
        CoAuthor.objects.create(design=design, user=coauthor, invited_by=starter, status=CoAuthor.Status.ACCEPTED)
        designs[stage] = design
    return people, designs, department


def _state():
    return (
        Design.objects.count(),
        DesignVersion.objects.count(),
        CoAuthor.objects.count(),
        Amendment.objects.count(),
        FeasibilityReview.objects.count(),
        TestRound.objects.count(),
        Support.objects.count(),
        Comment.objects.count(),
        Follow.objects.count(),
        list(Design.objects.order_by("pk").values_list("status", "withdrawn_at", "version_count")),
    )


@pytest.mark.django_db
@pytest.mark.parametrize("stage", ["design", "idea_collection"])
def test_each_role_has_exactly_the_design_permissions_the_matrix_names(world, stage):
    people, designs, _department = world
    design = designs[stage]
    granted = {}
    for perm in MATRIX:
        target = design.challenge if perm == "designs.add_design" else design
        granted[perm] = {role for role in ROLES if people[role].has_perm(perm, target)}
    expected = {perm: roles[0 if stage == "design" else 1] for perm, roles in MATRIX.items()}
    assert granted == expected


def _writes(people, design, department):
    """(name, permission it needs, attempt(person)) for the writes that change a design or hang on it."""
    today = timezone.localdate()
    return [
        (
            "start",
            "designs.add_design",
            lambda p: actions.design_start(author=p, challenge=design.challenge, title="Another", summary="S."),
        ),
        (
            "save a version",
            "designs.change_design",
            lambda p: actions.design_save_version(
                actor=p, design=design, content=full_content(problem="Changed."), base_version=1
            ),
        ),
        (
            "invite",
            "designs.invite_design",
            lambda p: actions.coauthor_invite(actor=p, design=design, email="friend@example.org"),
        ),
        (
            "amend",
            "designs.amend_design",
            lambda p: actions.amendment_propose(
                proposer=p, design=design, section="problem", content="Other text.", reason="Why."
            ),
        ),
        ("support", "designs.support_design", lambda p: engagement.support_add(user=p, target=design)),
        ("comment", "designs.comment_design", lambda p: engagement.comment_add(author=p, target=design, body="Hi")),
        ("follow", "designs.follow_design", lambda p: engagement.follow(user=p, target=design)),
        (
            "answer",
            "designs.answer_design",
            lambda p: engagement.status_change(
                actor=p, target=design, status=Design.Status.IN_REVIEW, answer="Checking."
            ),
        ),
        (
            "request a review",
            "designs.request_review",
            lambda p: review_actions.review_request(actor=p, design=design, department=department),
        ),
        (
            "plan a test round",
            "designs.add_testround",
            lambda p: testround_actions.testround_create(
                actor=p,
                design=design,
                title="Prototype",
                version=design.current_version,
                tasks=["Renew"],
                questions=[],
                criteria="Residents",
                places=3,
                starts_at=today,
                ends_at=today + dt.timedelta(days=7),
            ),
        ),
        ("withdraw", "designs.withdraw_design", lambda p: actions.design_withdraw(actor=p, design=design)),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("stage", ["design", "idea_collection"])
def test_a_refused_write_raises_and_changes_nothing(world, stage):
    people, designs, department = world
    design = designs[stage]
    for name, perm, attempt in _writes(people, design, department):
        allowed = MATRIX[perm][0 if stage == "design" else 1]
        for role in sorted(set(ROLES) - allowed - {"visitor"}):  # visitors never reach an action
            before = _state()
            with pytest.raises(CocreateError):
                attempt(people[role])
            assert _state() == before, f"{stage}: refused {name} by {role} changed something"


@pytest.mark.django_db
def test_a_department_gives_verdicts_only_through_its_own_officials(world, make_user, city):
    people, designs, department = world
    review = review_actions.review_request(actor=people["official"], design=designs["design"], department=department)
    outsider = make_user()
    legal = department_create(organisation=city, name="Legal Affairs")
    membership_grant(user=outsider, organisation=city, role=Membership.Role.OFFICIAL, department=legal)
    for role in ("citizen", "starter", "coauthor", "moderator"):
        assert not people[role].has_perm("designs.give_review", review)
    assert not outsider.has_perm("designs.give_review", review)
    assert people["official"].has_perm("designs.give_review", review)  # a member of the department asked


# Permissions whose object is a review or a test round, with the tests that hold them to their roles.
ON_OTHER_OBJECTS = {
    "designs.give_review": "test_a_department_gives_verdicts_only_through_its_own_officials, above",
    "designs.view_testround": "test_testrounds.py",
    "designs.change_testround": "test_testrounds.py",
    "designs.confirm_testround": "test_testrounds.py",
    "designs.results_testround": "test_testrounds.py",
    "designs.finding_testround": "test_testrounds.py",
    "designs.signup_testround": "test_testrounds.py",
    "designs.feedback_testround": "test_testrounds.py",
}


def test_the_matrix_names_every_design_permission():
    from rules.permissions import permissions

    registered = {name for name in permissions if name.startswith("designs.")}
    assert registered == set(MATRIX) | set(ON_OTHER_OBJECTS)
