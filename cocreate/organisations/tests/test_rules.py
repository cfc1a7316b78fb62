"""Who may manage an organisation: every role against the own and another organisation."""

import pytest


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "own", "other"),
    [
        ("anonymous", False, False),
        ("citizen", False, False),
        ("moderator", False, False),
        ("official", False, False),
        ("org_admin", True, False),
        ("superuser", True, True),
    ],
)
def test_change_organisation_matrix(request, city, other_city, make_user, who, own, other):
    from django.contrib.auth.models import AnonymousUser

    if who == "anonymous":
        user = AnonymousUser()
    elif who == "superuser":
        user = make_user(is_superuser=True)
    else:
        user = request.getfixturevalue(who)
    for perm in ("organisations.change_organisation", "organisations.manage_memberships"):
        assert user.has_perm(perm, city) is own
        assert user.has_perm(perm, other_city) is other
    assert user.has_perm("organisations.view_organisation", city)


@pytest.mark.django_db
def test_only_the_person_themself_may_export_or_erase_their_data(citizen, official):
    assert citizen.has_perm("accounts.export_data", citizen)
    assert not official.has_perm("accounts.export_data", citizen)
    assert not official.has_perm("accounts.erase_account", citizen)
