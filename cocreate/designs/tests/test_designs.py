import pytest
from django.core import mail
from django.tasks import default_task_backend
from django.urls import reverse

from cocreate.activity.models import Link
from cocreate.core.errors import NotPermitted
from cocreate.designs import actions
from cocreate.designs.errors import (
    AlreadyInvited,
    IdeaNotInChallenge,
    InvalidContent,
    NoInvitation,
    NothingChanged,
    VersionConflict,
)
from cocreate.designs.models import CoAuthor, Design, DesignVersion
from cocreate.designs.tasks import send_coauthor_invitation
from cocreate.engagement import actions as engagement
from cocreate.engagement.actions import announcements_deliver_pending
from cocreate.engagement.models import Notification
from cocreate.ideas.models import Idea

from .conftest import full_content

pytestmark = pytest.mark.django_db


def _state(design=None):
    return (
        Design.objects.count(),
        DesignVersion.objects.count(),
        CoAuthor.objects.count(),
        Link.objects.count(),
        list(Design.objects.order_by("pk").values_list("version_count", "current_version")),
    )


def test_a_design_starts_with_its_first_version_and_its_lineage(make_design, studio, studio_idea, make_user):
    author = make_user()
    design = make_design(author=author, ideas=[studio_idea], content=full_content())
    assert design.version_count == 1
    version = design.current_version
    assert (version.number, version.author, version.content["costs"][0]["one_off"]) == (1, author, 85000)
    kinds = set(Link.objects.filter(source_id=design.pk).values_list("kind", flat=True))
    assert kinds == {"designed_from", "designed_in"}
    # the idea's author hears that it was taken forward
    announcements_deliver_pending()
    assert Notification.objects.filter(recipient=studio_idea.author, verb="lineage.taken_forward").exists()


def test_a_design_cannot_be_built_from_an_idea_of_another_challenge(make_design, make_challenge_in, make_user):
    other = make_challenge_in(stage="design", title="Another challenge")
    foreign = Idea.objects.create(author=make_user(), challenge=other, organisation=other.organisation, title="X")
    before = _state()
    with pytest.raises(IdeaNotInChallenge):
        make_design(ideas=[foreign])
    assert _state() == before


def test_invalid_content_is_refused_and_nothing_is_stored(make_design):
    before = _state()
    with pytest.raises(InvalidContent) as refused:
        make_design(content={"costs": [{"item": "A", "one_off": "-5"}]})
    assert "costs.0.one_off" in refused.value.errors
    assert _state() == before


def test_every_save_is_a_version_and_the_writer_must_start_from_the_newest(make_design, make_user):
    author = make_user()
    design = make_design(author=author)
    second = actions.design_save_version(
        actor=author, design=design, content=full_content(), note="All sections", base_version=1
    )
    assert (second.number, second.note) == (2, "All sections")
    design.refresh_from_db()
    assert (design.version_count, design.current_version) == (2, second)
    before = _state()
    with pytest.raises(VersionConflict):
        actions.design_save_version(actor=author, design=design, content=full_content(problem="Old"), base_version=1)
    with pytest.raises(NothingChanged):
        actions.design_save_version(actor=author, design=design, content=full_content(), base_version=2)
    assert _state() == before


def test_only_authors_write_a_design(make_design, make_user):
    design = make_design()
    stranger = make_user()
    before = _state()
    with pytest.raises(NotPermitted):
        actions.design_save_version(actor=stranger, design=design, content=full_content(), base_version=1)
    with pytest.raises(NotPermitted):
        actions.coauthor_invite(actor=stranger, design=design, email="friend@example.org")
    assert _state() == before


def test_a_co_author_invited_by_account_accepts_and_then_writes(make_design, make_user):
    starter, friend = make_user(), make_user()
    design = make_design(author=starter)
    actions.coauthor_invite(actor=starter, design=design, email=friend.email)
    assert Notification.objects.filter(recipient=friend, verb="design.coauthor_invited").exists()
    with pytest.raises(AlreadyInvited):
        actions.coauthor_invite(actor=starter, design=design, email=friend.email.upper())
    with pytest.raises(NotPermitted):  # not before accepting
        actions.design_save_version(actor=friend, design=design, content=full_content(), base_version=1)
    actions.coauthor_answer(user=friend, design=design, accept=True)
    version = actions.design_save_version(actor=friend, design=design, content=full_content(), base_version=1)
    assert version.author == friend
    assert Notification.objects.filter(recipient=starter, verb="design.coauthor_accepted").exists()


def test_an_invitation_by_address_is_mailed_by_id_and_taken_up_after_sign_up(
    make_design, make_user, django_capture_on_commit_callbacks
):
    starter = make_user()
    design = make_design(author=starter)
    with django_capture_on_commit_callbacks(execute=True):
        invitation = actions.coauthor_invite(actor=starter, design=design, email="New.Person@Example.org")
    assert (invitation.user, invitation.email) == (None, "new.person@example.org")
    queued = [r for r in default_task_backend.results if r.task.name == send_coauthor_invitation.name]
    assert [r.args for r in queued] == [[]] and [r.kwargs for r in queued] == [{"coauthor_id": invitation.pk}]
    assert send_coauthor_invitation.call(coauthor_id=invitation.pk) is True
    assert mail.outbox[-1].to == ["new.person@example.org"]
    assert design.get_absolute_url() in mail.outbox[-1].body

    someone_else = make_user()
    with pytest.raises(NoInvitation):
        actions.coauthor_answer(user=someone_else, design=design, accept=True)
    newcomer = make_user(email="new.person@example.org")
    actions.coauthor_answer(user=newcomer, design=design, accept=True)
    invitation.refresh_from_db()
    assert (invitation.user, invitation.email, invitation.status) == (newcomer, "", CoAuthor.Status.ACCEPTED)
    assert send_coauthor_invitation.call(coauthor_id=invitation.pk) is False  # answered: nothing more is sent


def test_supporters_and_followers_hear_of_a_revision_with_what_changed(make_design, make_user):
    author, supporter, follower = make_user(), make_user(), make_user()
    design = make_design(author=author)
    engagement.support_add(user=supporter, target=design)
    engagement.follow(user=follower, target=design)
    actions.design_save_version(actor=author, design=design, content=full_content(), note="Costs added", base_version=1)
    told = Notification.objects.filter(verb="design.revised")
    assert set(told.values_list("recipient", flat=True)) == {supporter.pk, follower.pk}
    notification = told.first()
    assert notification.target_url == reverse("designs:compare", args=[design.pk]) + "?from=1&to=2"
    assert "Cost estimate" in notification.text and "Costs added" in notification.text


def test_the_author_cannot_support_their_own_design(make_design, make_user):
    author = make_user()
    design = make_design(author=author)
    with pytest.raises(NotPermitted):
        engagement.support_add(user=author, target=design)


def test_withdrawn_designs_take_no_new_versions(make_design, make_user):
    author = make_user()
    design = make_design(author=author)
    actions.design_withdraw(actor=author, design=design)
    with pytest.raises(NotPermitted):
        actions.design_save_version(actor=author, design=design, content=full_content(), base_version=1)


def test_success_measures_name_only_the_challenges_own_indicators(make_design, studio, make_challenge_in):
    own = studio.indicators.create(name="Renewals without a visit", unit="%")
    other = make_challenge_in(stage="design", title="Elsewhere").indicators.create(name="Other", unit="%")
    design = make_design(content=full_content(measures=[{"measure": "Online share", "indicator": own.pk}]))
    assert design.current_version.content["measures"] == [{"measure": "Online share", "indicator": own.pk}]
    before = _state()
    with pytest.raises(InvalidContent) as refused:
        make_design(content=full_content(measures=[{"measure": "X", "indicator": other.pk}]))
    assert "measures.0.indicator" in refused.value.errors
    assert _state() == before


def test_erasure_withdraws_open_invitations_and_keeps_what_was_written(make_design, make_user):
    from cocreate.accounts.actions import user_erase

    starter, invited, writer = make_user(), make_user(), make_user()
    design = make_design(author=starter)
    actions.coauthor_invite(actor=starter, design=design, email=invited.email)
    actions.coauthor_invite(actor=starter, design=design, email="later@example.org")
    actions.coauthor_invite(actor=starter, design=design, email=writer.email)
    actions.coauthor_answer(user=writer, design=design, accept=True)
    user_erase(user=invited)
    user_erase(user=writer)
    assert set(design.coauthors.values_list("status", "email")) == {
        ("invited", "later@example.org"),
        ("accepted", ""),
    }


def test_a_design_answers_problems_raised_in_its_challenge(make_design, studio, make_user, make_challenge_in):
    from cocreate.problems.models import Problem

    reporter = make_user()
    raised = Problem.objects.create(
        author=reporter, organisation=studio.organisation, challenge=studio, title="Renewal takes a morning off"
    )
    elsewhere = Problem.objects.create(author=reporter, organisation=studio.organisation, title="City-wide")
    design = make_design(problems=[raised])
    assert Link.objects.filter(source_id=design.pk, target_id=raised.pk, kind="designed_from").exists()
    announcements_deliver_pending()
    assert Notification.objects.filter(recipient=reporter, verb="lineage.taken_forward").exists()
    before = _state()
    with pytest.raises(IdeaNotInChallenge):
        make_design(problems=[elsewhere])
    assert _state() == before
