"""Everyone who took part in what a project came of hears of its milestones: the voters who chose it, the volunteers
of its tasks, the commenters, co-authors and amenders of its design and idea, once each, through the worker."""

import pytest
from django.utils import timezone

from cocreate.decisions.models import Ballot
from cocreate.decisions.models import Project as BallotProject
from cocreate.delivery import actions
from cocreate.delivery.models import TaskSignup
from cocreate.delivery.tests.test_volunteering import make_task
from cocreate.designs.models import Amendment, Design, DesignVersion
from cocreate.engagement import actions as engagement
from cocreate.engagement.models import Announcement, Comment, Notification, Support
from cocreate.ideas.models import Idea

pytestmark = pytest.mark.django_db

VERB = "delivery.milestone_reached"


@pytest.fixture
def project(official, decision):
    return actions.projects_from_decision(actor=official, decision=decision)[0]  # "Shade trees"


def _vote(decision, user, *titles):
    ballot_projects = list(BallotProject.objects.filter(decision=decision, title__in=titles))
    Ballot.objects.create(
        decision=decision,
        budget=ballot_projects[0].budget,
        voter_key=f"u{user.pk}",
        user=user,
        receipt=f"r{user.pk}",
        choices=[p.pk for p in ballot_projects],
    )


def _reach(official, project):
    milestone = actions.milestone_add(actor=official, project=project, title="Order", planned_on=timezone.localdate())
    actions.milestone_reach(actor=official, milestone=milestone)


def _heard(user, project) -> int:
    return Notification.objects.filter(recipient=user, verb=VERB, target_id=project.pk).count()


def test_voters_of_the_project_hear_and_voters_of_others_do_not(official, decision, project, make_user):
    for_it, for_both, against = make_user(), make_user(), make_user()
    _vote(decision, for_it, "Shade trees")
    _vote(decision, for_both, "Shade trees", "Fountains")
    _vote(decision, against, "Library")
    _reach(official, project)
    engagement.announcements_deliver_pending()
    assert [_heard(u, project) for u in (for_it, for_both, against)] == [1, 1, 0]


def test_volunteers_hear_and_those_who_cancelled_do_not(official, project, make_user):
    task = make_task(official, project, capacity=5)
    volunteer, cancelled = make_user(), make_user()
    TaskSignup.objects.create(task=task, person=volunteer)
    TaskSignup.objects.create(task=task, person=cancelled, status=TaskSignup.Status.CANCELLED)
    _reach(official, project)
    engagement.announcements_deliver_pending()
    assert (_heard(volunteer, project), _heard(cancelled, project)) == (1, 0)


def test_commenters_and_amenders_upstream_hear(official, project, make_user):
    design = Design.objects.get(title="Shade trees")
    idea = Idea.objects.get(title="Idea: Shade trees")
    commenter, amender, hidden = make_user(), make_user(), make_user()
    Comment.objects.create(target=idea, author=commenter, body="Yes please.")
    Comment.objects.create(target=idea, author=hidden, body="Spam.", is_hidden=True)
    version = DesignVersion.objects.create(design=design, number=1, author=design.author, content={})
    Amendment.objects.create(design=design, section="summary", proposer=amender, base_version=version, reason="Clear.")
    _reach(official, project)
    engagement.announcements_deliver_pending()
    assert [_heard(u, project) for u in (commenter, amender, hidden)] == [1, 1, 0]


def test_a_person_who_took_part_in_every_way_hears_once(official, decision, project, make_user, idea_supporter):
    everything = idea_supporter  # supports the idea already
    _vote(decision, everything, "Shade trees")
    TaskSignup.objects.create(task=make_task(official, project, capacity=5), person=everything)
    Comment.objects.create(target=Idea.objects.get(title="Idea: Shade trees"), author=everything, body="Good.")
    _reach(official, project)
    engagement.announcements_deliver_pending()
    engagement.announcements_deliver_pending()  # a second run finds nothing left
    assert _heard(everything, project) == 1


def test_the_request_writes_one_announcement_and_the_worker_the_notifications(official, project, idea_author):
    _reach(official, project)
    assert Announcement.objects.filter(verb=VERB).count() == 1
    assert _heard(idea_author, project) == 0
    assert engagement.announcements_deliver_pending() >= 1
    assert _heard(idea_author, project) == 1
    assert Announcement.objects.count() == 0  # nothing about who heard is kept once written


def test_a_delivery_that_fails_half_way_goes_on_where_it_stopped(official, decision, project, make_user, monkeypatch):
    voters = [make_user() for _ in range(5)]
    for voter in voters:
        _vote(decision, voter, "Shade trees")
    _reach(official, project)
    [announcement] = Announcement.objects.filter(verb=VERB)
    write = engagement._write_notifications
    calls = []

    def fail_on_the_third_batch(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise ConnectionError("the database went away")
        return write(*args, **kwargs)

    monkeypatch.setattr(engagement, "_write_notifications", fail_on_the_third_batch)
    with pytest.raises(ConnectionError):
        engagement.announcement_deliver(announcement.pk, batch=1)
    monkeypatch.setattr(engagement, "_write_notifications", write)
    engagement.announcement_deliver(announcement.pk, batch=1)  # the task's retry
    assert [_heard(v, project) for v in voters] == [1] * 5


def test_an_erased_or_deactivated_participant_is_not_written_to(official, decision, project, make_user):
    gone, inactive = make_user(), make_user()
    for person in (gone, inactive):
        Support.objects.create(target=Idea.objects.get(title="Idea: Shade trees"), user=person)
    gone.erased_at = timezone.now()
    gone.save(update_fields=["erased_at"])
    inactive.is_active = False
    inactive.save(update_fields=["is_active"])
    _reach(official, project)
    engagement.announcements_deliver_pending()
    assert (_heard(gone, project), _heard(inactive, project)) == (0, 0)
