"""The one way a refused form keeps what was typed: a domain error goes beside its field, the answer takes its
status, and htmx requests refused without a form get the message in the page's alert area."""

import pytest
from django import forms
from django.test import RequestFactory
from django_htmx.middleware import HtmxDetails

from cocreate.core.errors import CocreateError, Conflict
from cocreate.core.forms import SpamTrapField, refusals_shown_on, refuse
from cocreate.core.http import error_response, render_form
from cocreate.core.ratelimit import RateLimited


class NoteForm(forms.Form):
    text = forms.CharField(max_length=20)
    website = SpamTrapField()


class TextTooRude(CocreateError):
    code = "text_too_rude"
    field = "text"
    default_message = "Say it more kindly."


def request(htmx=False):
    made = RequestFactory().post("/notes/", headers={"HX-Request": "true"} if htmx else {})
    made.htmx = HtmxDetails(made)
    return made


def test_a_domain_error_goes_beside_its_field_and_sets_the_status():
    form = NoteForm({"text": "You fools"})
    assert form.is_valid()
    with refusals_shown_on(form):
        raise TextTooRude()
    assert form.errors == {"text": ["Say it more kindly."]}
    assert form.refusal_status == 400


def test_an_error_about_no_field_goes_above_the_form():
    form = NoteForm({"text": "Hello"})
    form.is_valid()
    refuse(form, RateLimited())
    assert form.non_field_errors() == ["You have done this too often. Please wait a while and try again."]
    assert form.refusal_status == 429


def test_other_exceptions_are_not_swallowed():
    form = NoteForm({"text": "Hello"})
    form.is_valid()
    with pytest.raises(ZeroDivisionError), refusals_shown_on(form):
        1 / 0  # noqa: B018


@pytest.mark.django_db
def test_the_form_comes_back_with_the_text_and_the_refusals_status():
    form = NoteForm({"text": "Hello there"})
    form.is_valid()
    refuse(form, Conflict())
    response = render_form(request(), "core/includes/fields.html", {"form": form}, form=form)
    assert response.status_code == 409
    assert 'value="Hello there"' in response.content.decode()


def test_statuses_of_fresh_and_invalid_forms():
    fresh = NoteForm()
    invalid = NoteForm({"text": "x" * 21})
    assert render_form(request(), "core/includes/fields.html", {"form": fresh}, form=fresh).status_code == 200
    assert render_form(request(), "core/includes/fields.html", {"form": invalid}, form=invalid).status_code == 400


def test_a_filled_spam_trap_is_a_form_error_and_is_drawn_empty():
    form = NoteForm({"text": "Hello", "website": "http://spam.example"})
    assert not form.is_valid()
    assert form.errors["website"][0].startswith("A field meant to stay empty was filled in")
    assert "http://spam.example" not in str(form["website"])


@pytest.mark.django_db
def test_an_htmx_request_refused_without_a_form_gets_the_message_in_the_alert_area():
    response = error_response(request(htmx=True), RateLimited())
    assert response.status_code == 429
    assert response.headers["HX-Retarget"] == "#refusals"
    assert response.headers["HX-Reswap"] == "innerHTML"
    assert "<html" not in response.content.decode()
    assert "too often" in response.content.decode()
