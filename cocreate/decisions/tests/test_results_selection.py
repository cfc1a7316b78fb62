"""An official selection without a vote: a choice and a public reason per project, and its effects."""

import pytest
from django.contrib.auth.models import AnonymousUser

from cocreate.activity.models import Link
from cocreate.core.errors import NotPermitted
from cocreate.decisions.errors import SelectionInvalid
from cocreate.decisions.models import Decision, Project
from cocreate.decisions.results_actions import selection_apply
from cocreate.designs.models import Design
from cocreate.engagement.actions import follow_without_check
from cocreate.engagement.models import Notification, StatusChange

from . import results_fixtures

pytestmark = pytest.mark.django_db
designs_on_ballot = results_fixtures.designs_on_ballot
selection = results_fixtures.selection
vote = results_fixtures.vote  # fixtures


def test_an_official_selects_with_reasons(selection, official, make_user, designs_on_ballot):
    decision, (one, two) = selection["decision"], selection["projects"]
    follower = make_user()
    follow_without_check(user=follower, target=one.source)

    selection_apply(
        decision, {one.pk: (True, "Cheapest and most asked for."), two.pk: (False, "Not feasible.")}, by=official
    )

    decision.refresh_from_db()
    assert decision.results == Decision.Results.PUBLISHED
    assert [(p.selected, p.reason) for p in Project.objects.filter(decision=decision).order_by("pk")] == [
        (True, "Cheapest and most asked for."),
        (False, "Not feasible."),
    ]
    first, second = Design.objects.get(pk=one.source_id), Design.objects.get(pk=two.source_id)
    assert (first.status, second.status) == (Design.Status.SELECTED, Design.Status.NOT_SELECTED)
    assert StatusChange.objects.get(target_id=first.pk).answer == "Cheapest and most asked for."
    assert Link.objects.filter(kind="selected_in", source_id=first.pk, target_id=decision.pk).exists()
    told = set(Notification.objects.filter(target_id=first.pk).values_list("recipient_id", flat=True))
    assert {selection["author"].pk, follower.pk} <= told and official.pk not in told


def test_every_project_needs_a_choice_and_a_reason(selection, official):
    decision, (one, two) = selection["decision"], selection["projects"]
    with pytest.raises(SelectionInvalid) as error:
        selection_apply(decision, {one.pk: (True, "  ")}, by=official)
    assert set(error.value.errors) == {one.pk, two.pk}
    decision.refresh_from_db()
    assert decision.results == Decision.Results.NONE
    assert not Project.objects.filter(decision=decision, selected__isnull=False).exists()


def test_others_cannot_select_and_nothing_changes(selection, citizen):
    decision, (one, two) = selection["decision"], selection["projects"]
    for user in (citizen, AnonymousUser()):
        with pytest.raises(NotPermitted):
            selection_apply(decision, {one.pk: (True, "Yes."), two.pk: (True, "Yes.")}, by=user)
    assert not Project.objects.filter(decision=decision, selected__isnull=False).exists()
    assert Design.objects.get(pk=one.source_id).status == Design.Status.READY


def test_a_vote_is_not_decided_by_selection(vote, official):
    with pytest.raises(NotPermitted):  # the permission already says: only selections
        selection_apply(vote["decision"], {}, by=official)
