"""Querysets compiled once and run again with other values give what the queryset itself gives."""

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.db.models import CharField, Value
from django.db.models.functions import Concat

from cocreate.core.compiled import CompiledQuery


def permissions_named(codename):
    return (
        Permission.objects.select_related("content_type")
        .filter(codename=codename)
        .annotate(label=Concat("content_type__app_label", Value("."), "codename", output_field=CharField()))
        .order_by()
    )


BY_CODENAME = CompiledQuery(permissions_named, codename="no permission is called this")


@pytest.mark.django_db
def test_a_compiled_query_finds_what_the_queryset_finds_for_each_value():
    for codename in ["add_permission", "change_contenttype", "view_group"]:
        expected = permissions_named(codename).get()

        found = BY_CODENAME.first(codename=codename)

        assert found == expected
        assert found.name == expected.name
        assert found.label == f"{expected.content_type.app_label}.{codename}"


@pytest.mark.django_db
def test_related_objects_come_with_the_row(django_assert_num_queries):
    expected_model = permissions_named("add_group").get().content_type.model

    with django_assert_num_queries(1):
        found = BY_CODENAME.first(codename="add_group")
        assert found.content_type.model == expected_model


@pytest.mark.django_db
def test_nothing_found_is_none_and_an_empty_list():
    assert BY_CODENAME.first(codename="nobody has this") is None
    assert BY_CODENAME.run(codename="nobody has this") == []


@pytest.mark.django_db
def test_deferred_fields_stay_deferred_and_load_when_read(django_assert_num_queries):
    only_ids = CompiledQuery(lambda pk: Permission.objects.filter(pk=pk).only("pk", "codename").order_by(), pk=-1)
    expected = Permission.objects.order_by("pk").first()

    with django_assert_num_queries(1):
        found = only_ids.first(pk=expected.pk)
        assert found.codename == expected.codename
    assert found.get_deferred_fields() == {"name", "content_type_id"}


@pytest.mark.django_db
def test_values_the_database_converts_are_converted(make_user):
    from cocreate.accounts.models import User

    user = make_user()
    joined = CompiledQuery(lambda pk: User.objects.filter(pk=pk).only("pk", "date_joined").order_by(), pk=-1)

    found = joined.first(pk=user.pk)

    assert isinstance(found.date_joined, dt.datetime)
    assert found.date_joined == User.objects.get(pk=user.pk).date_joined


@pytest.mark.django_db
def test_a_placeholder_that_is_not_one_parameter_is_refused():
    twice = CompiledQuery(lambda pk: Permission.objects.filter(pk=pk, content_type_id=pk), pk=-1)

    with pytest.raises(ValueError, match="appears 2 times"):
        twice.run(pk=1)


def test_every_placeholder_needs_a_value():
    with pytest.raises(TypeError):
        BY_CODENAME.run()
