import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from cocreate.activity.models import Link
from cocreate.core.errors import NotPermitted
from cocreate.decisions.models import Decision
from cocreate.delivery import actions, queries
from cocreate.delivery.errors import DecisionNotClosed, ImpossibleDate, MilestoneAlreadyReached, NotSelected
from cocreate.delivery.models import ImplementationProject
from cocreate.designs.models import Design
from cocreate.engagement.actions import announcements_deliver_pending
from cocreate.engagement.models import Follow, Notification, StatusChange

pytestmark = pytest.mark.django_db


def test_projects_from_a_decision_are_one_per_selected_project(official, decision):
    made = actions.projects_from_decision(actor=official, decision=decision)
    assert [p.title for p in made] == ["Shade trees", "Fountains"]


def test_projects_from_a_decision_plan_the_projects_cost(official, decision):
    made = actions.projects_from_decision(actor=official, decision=decision)
    assert [p.budget_planned for p in made] == [Decimal("120.00"), Decimal("60.00")]


def test_projects_from_a_decision_twice_makes_nothing_new(official, decision):
    actions.projects_from_decision(actor=official, decision=decision)
    again = actions.projects_from_decision(actor=official, decision=decision)
    assert again == []
    assert ImplementationProject.objects.count() == 2


def test_a_project_from_a_decision_is_linked_from_its_design(official, decision):
    project = actions.projects_from_decision(actor=official, decision=decision)[0]
    design = Design.objects.get(title="Shade trees")
    link = Link.objects.get(kind="implemented_as", target_id=project.pk)
    assert (link.source_id, link.target_id) == (design.pk, project.pk)


def test_a_project_is_in_the_challenges_delivery_stage(official, decision, challenge):
    project = actions.projects_from_decision(actor=official, decision=decision)[0]
    assert project.stage == queries.delivery_stage(challenge)


def test_a_decision_without_published_results_makes_no_projects(official, decision):
    Decision.objects.filter(pk=decision.pk).update(results=Decision.Results.TALLYING)
    decision.refresh_from_db()
    with pytest.raises(DecisionNotClosed):
        actions.projects_from_decision(actor=official, decision=decision)
    assert ImplementationProject.objects.count() == 0


def test_a_citizen_cannot_make_projects_from_a_decision(citizen, decision):
    with pytest.raises(NotPermitted):
        actions.projects_from_decision(actor=citizen, decision=decision)
    assert ImplementationProject.objects.count() == 0


def test_a_selected_design_becomes_a_project_once(official, decision):
    design = Design.objects.get(title="Fountains")
    first = actions.project_from_selected(actor=official, item=design)
    second = actions.project_from_selected(actor=official, item=design)
    assert first.pk == second.pk
    assert ImplementationProject.objects.count() == 1


def test_a_design_selected_by_hand_is_not_made_again_from_the_decision(official, decision):
    actions.project_from_selected(actor=official, item=Design.objects.get(title="Fountains"))
    made = actions.projects_from_decision(actor=official, decision=decision)
    assert [p.title for p in made] == ["Shade trees"]


def test_a_design_that_was_not_selected_is_refused(official, decision):
    design = Design.objects.get(title="Library")
    with pytest.raises(NotSelected):
        actions.project_from_selected(actor=official, item=design)
    assert ImplementationProject.objects.count() == 0


@pytest.fixture
def project(official, decision):
    return actions.projects_from_decision(actor=official, decision=decision)[0]


def test_progress_is_the_share_of_milestones_met_when_not_set(official, project):
    today = timezone.localdate()
    first = actions.milestone_add(actor=official, project=project, title="Order", planned_on=today)
    actions.milestone_add(actor=official, project=project, title="Plant", planned_on=today)
    actions.milestone_add(actor=official, project=project, title="Open", planned_on=today)
    actions.milestone_reach(actor=official, milestone=first)
    project.refresh_from_db()
    assert queries.progress_of(project) == 33


def test_progress_set_by_hand_wins_over_milestones(official, project):
    milestone = actions.milestone_add(actor=official, project=project, title="Order", planned_on=timezone.localdate())
    actions.milestone_reach(actor=official, milestone=milestone)
    actions.project_set_progress(actor=official, project=project, progress=40)
    project.refresh_from_db()
    assert queries.progress_of(project) == 40


def test_a_parents_progress_is_its_sub_projects_weighted_by_budget(official, challenge, project):
    small = actions.project_create(
        actor=official, challenge=challenge, title="Small", description="x", parent=project, budget_planned=10
    )
    big = actions.project_create(
        actor=official, challenge=challenge, title="Big", description="x", parent=project, budget_planned=30
    )
    actions.project_set_progress(actor=official, project=small, progress=100)
    actions.project_set_progress(actor=official, project=big, progress=20)
    project.refresh_from_db()
    assert queries.progress_of(project) == 40


def test_a_project_is_late_when_a_milestone_passed_unmet(official, project):
    actions.milestone_add(
        actor=official, project=project, title="Permit", planned_on=timezone.localdate() - dt.timedelta(days=1)
    )
    assert queries.is_late(queries.project_for_page(project.pk, official)) is True


def test_a_project_whose_milestones_are_in_the_future_is_not_late(official, project):
    actions.milestone_add(
        actor=official, project=project, title="Permit", planned_on=timezone.localdate() + dt.timedelta(days=1)
    )
    assert queries.is_late(queries.project_for_page(project.pk, official)) is False


def test_a_milestone_cannot_be_reached_twice(official, project):
    milestone = actions.milestone_add(actor=official, project=project, title="Order", planned_on=timezone.localdate())
    actions.milestone_reach(actor=official, milestone=milestone)
    with pytest.raises(MilestoneAlreadyReached):
        actions.milestone_reach(actor=official, milestone=milestone)
    project.refresh_from_db()
    assert project.milestones_met == 1


def test_a_milestone_cannot_be_reached_tomorrow(official, project):
    milestone = actions.milestone_add(actor=official, project=project, title="Order", planned_on=timezone.localdate())
    with pytest.raises(ImpossibleDate):
        actions.milestone_reach(
            actor=official, milestone=milestone, reached_on=timezone.localdate() + dt.timedelta(days=1)
        )
    milestone.refresh_from_db()
    assert milestone.reached_on is None


def _notified(user, verb, project):
    announcements_deliver_pending()  # the worker's part
    return Notification.objects.filter(recipient=user, verb=verb, target_id=project.pk).count()


def test_an_upstream_idea_author_hears_of_a_milestone_exactly_once(official, project, idea_author):
    milestone = actions.milestone_add(actor=official, project=project, title="Order", planned_on=timezone.localdate())
    actions.milestone_reach(actor=official, milestone=milestone)
    assert _notified(idea_author, "delivery.milestone_reached", project) == 1


def test_an_upstream_idea_supporter_who_follows_the_project_hears_once(official, project, idea_supporter):
    Follow.objects.create(target=project, user=idea_supporter)
    milestone = actions.milestone_add(actor=official, project=project, title="Order", planned_on=timezone.localdate())
    actions.milestone_reach(actor=official, milestone=milestone)
    assert _notified(idea_supporter, "delivery.milestone_reached", project) == 1


def test_the_designer_upstream_hears_of_a_milestone(official, project, designer):
    milestone = actions.milestone_add(actor=official, project=project, title="Order", planned_on=timezone.localdate())
    actions.milestone_reach(actor=official, milestone=milestone)
    assert _notified(designer, "delivery.milestone_reached", project) == 1


def test_participants_of_another_selected_design_do_not_hear(official, decision, make_user):
    outsider = make_user()
    other = Design.objects.get(title="Fountains")
    Follow.objects.create(target=other, user=outsider)
    project = actions.projects_from_decision(actor=official, decision=decision)[0]
    milestone = actions.milestone_add(actor=official, project=project, title="Order", planned_on=timezone.localdate())
    actions.milestone_reach(actor=official, milestone=milestone)
    assert _notified(outsider, "delivery.milestone_reached", project) == 0


def test_completion_is_told_upstream_once(official, project, idea_author):
    actions.project_set_status(actor=official, project=project, status="in_progress", answer="Started.")
    actions.project_set_status(actor=official, project=project, status="done", answer="Finished.")
    announcements_deliver_pending()
    assert Notification.objects.filter(recipient=idea_author, target_id=project.pk).count() == 2


def test_a_status_change_keeps_its_public_answer(official, project):
    actions.project_set_status(actor=official, project=project, status="in_progress", answer="Works began.")
    change = StatusChange.objects.get(target_id=project.pk)
    assert (change.old_status, change.new_status, change.answer) == ("planned", "in_progress", "Works began.")


def test_a_status_change_without_an_answer_is_refused(official, project):
    from cocreate.engagement.errors import AnswerRequired

    with pytest.raises(AnswerRequired):
        actions.project_set_status(actor=official, project=project, status="in_progress", answer="")
    project.refresh_from_db()
    assert project.status == "planned"


def test_budget_lines_add_to_the_totals(official, project):
    today = timezone.localdate()
    actions.budget_item_add(
        actor=official, project=project, description="A", amount=Decimal(30), kind="committed", date=today
    )
    actions.budget_item_add(
        actor=official, project=project, description="B", amount=Decimal(12), kind="spent", date=today
    )
    project.refresh_from_db()
    assert (project.budget_committed, project.budget_spent) == (Decimal("30.00"), Decimal("12.00"))


def test_erasing_an_official_keeps_their_milestones_without_them(official, project):
    milestone = actions.milestone_add(actor=official, project=project, title="Order", planned_on=timezone.localdate())
    actions.erase_person(official, emails=[])
    milestone.refresh_from_db()
    assert milestone.created_by is None


def test_an_official_who_erases_their_account_leaves_the_project_standing(official, project):
    from cocreate.accounts.actions import user_erase

    actions.update_post(actor=official, project=project, body="Going well.")
    user_erase(user=official)
    project.refresh_from_db()
    assert (project.title, project.updates.get().author) == ("Shade trees", None)


def test_an_officials_data_export_lists_what_they_recorded_in_delivery(official, project):
    import json

    from cocreate.accounts.queries import personal_data

    actions.update_post(actor=official, project=project, body="Going well.")
    export = json.loads(json.dumps(personal_data(official), default=str))
    assert [u["body"] for u in export["delivery"]["updates_posted"]] == ["Going well."]
