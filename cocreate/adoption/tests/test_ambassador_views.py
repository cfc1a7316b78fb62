"""Ambassador pages: the share link (nothing stored about a visitor until they report), reporting through it, one's
own ambassadorship with its link, QR codes, share texts and counts, and the officials' list."""

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from cocreate.adoption.actions import adoption_report_submit, campaign_update
from cocreate.adoption.ambassadors import ambassador_start
from cocreate.adoption.models import AdoptionReport, Ambassador

pytestmark = pytest.mark.django_db


@pytest.fixture
def official_client(official, with_second_factor):
    with_second_factor(official)
    client = Client()
    client.force_login(official)
    return client


@pytest.fixture
def ambassador_client(ambassador):
    client = Client()
    client.force_login(ambassador.user)
    return client


def _share(ambassador) -> str:
    return reverse("adoption:share", args=[ambassador.campaign_id, ambassador.code])


def test_the_share_link_shows_the_campaign_with_the_code_in_the_report_form(client, ambassador):
    response = client.get(_share(ambassador))
    page = response.content.decode()
    assert (response.status_code, ambassador.campaign.service in page) == (200, True)
    assert f'name="ambassador" value="{ambassador.code}"' in page


def test_the_share_link_sets_no_session_and_stores_nothing(client, ambassador):
    response = client.get(_share(ambassador))
    assert "sessionid" not in response.cookies
    assert (Session.objects.count(), AdoptionReport.objects.count(), Ambassador.objects.get().brought) == (0, 0, 0)


@pytest.mark.parametrize("code", ["unknown1", "x", "a" * 40, "bad%20code", "ab.cd.ef"])
def test_an_unknown_or_malformed_code_shows_the_campaign_without_attribution(client, campaign, code):
    response = client.get(f"/adoption/{campaign.pk}/a/{code}/")
    page = response.content.decode()
    assert (response.status_code, campaign.service in page, 'name="ambassador" value=' in page) == (200, True, False)


def test_a_stopped_ambassadors_link_still_shows_the_campaign_without_attribution(client, ambassador):
    ambassador.is_active = False
    ambassador.save()
    page = client.get(_share(ambassador)).content.decode()
    assert (ambassador.campaign.title in page, f'value="{ambassador.code}"' in page) == (True, False)


def test_a_visitor_reports_through_the_link_and_it_counts_for_the_ambassador(client, ambassador):
    response = client.post(
        reverse("adoption:report", args=[ambassador.campaign_id]), {"step": "tried", "ambassador": ambassador.code}
    )
    ambassador.refresh_from_db()
    assert (response.status_code, ambassador.tried, AdoptionReport.objects.get().ambassador_id) == (
        302,
        1,
        ambassador.pk,
    )


@pytest.mark.parametrize("code", ["unknown1", "<script>", "a" * 500, "\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9"])
def test_a_report_with_a_bad_code_is_stored_without_attribution(client, campaign, ambassador, code):
    response = client.post(reverse("adoption:report", args=[campaign.pk]), {"step": "heard", "ambassador": code})
    report = AdoptionReport.objects.get()
    assert (response.status_code, report.ambassador_id, report.step) == (302, None, "heard")


def test_a_refused_report_keeps_the_code_in_the_form(client, ambassador):
    response = client.post(
        reverse("adoption:report", args=[ambassador.campaign_id]), {"reason": "x", "ambassador": ambassador.code}
    )
    assert (response.status_code, f'value="{ambassador.code}"' in response.content.decode()) == (400, True)


def test_the_campaign_page_asks_visitors_to_sign_in_to_become_an_ambassador(client, campaign):
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert f"?next=/adoption/{campaign.pk}/ambassador/" in page


def test_the_campaign_page_offers_a_resident_to_become_an_ambassador(client, campaign, citizen):
    client.force_login(citizen)
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert "Become an ambassador" in page


def test_the_campaign_page_leads_an_ambassador_to_their_ambassadorship(ambassador_client, campaign):
    page = ambassador_client.get(campaign.get_absolute_url()).content.decode()
    assert "My ambassadorship: link, QR code and counts" in page


def test_my_ambassadorship_asks_visitors_to_sign_in(client, campaign):
    response = client.get(reverse("adoption:ambassador", args=[campaign.pk]))
    assert (response.status_code, "/accounts/login/" in response["Location"]) == (302, True)


def test_a_resident_becomes_an_ambassador_with_the_form(client, campaign, citizen):
    client.force_login(citizen)
    response = client.post(reverse("adoption:ambassador_start", args=[campaign.pk]))
    assert (response.status_code, Ambassador.objects.get().user_id) == (302, citizen.pk)


def test_a_partner_member_chooses_their_organisation_in_the_form(
    client, campaign, partner, partner_member, with_second_factor
):
    with_second_factor(partner_member)
    client.force_login(partner_member)
    page = client.get(reverse("adoption:ambassador", args=[campaign.pk])).content.decode()
    assert "Readers&#x27; Circle" in page
    client.post(reverse("adoption:ambassador_start", args=[campaign.pk]), {"organisation": partner.pk})
    assert Ambassador.objects.get().organisation_id == partner.pk


def test_an_organisation_one_is_not_a_member_of_is_refused_and_nothing_stored(
    client, campaign, partner, city, make_user, with_second_factor
):
    from cocreate.organisations.models import Membership, Organisation

    other = Organisation.objects.create(name="Chess Club", slug="chess", kind="partner", partner_type="ngo")
    city.partners.add(other)
    member = make_user()
    Membership.objects.create(user=member, organisation=other, role=Membership.Role.ADMIN)
    with_second_factor(member)
    client.force_login(member)
    response = client.post(reverse("adoption:ambassador_start", args=[campaign.pk]), {"organisation": partner.pk})
    assert (response.status_code, Ambassador.objects.count()) == (400, 0)


def test_a_visitor_posting_the_start_form_changes_nothing(client, campaign):
    response = client.post(reverse("adoption:ambassador_start", args=[campaign.pk]))
    assert (response.status_code, Ambassador.objects.count()) == (302, 0)


def test_becoming_an_ambassador_twice_is_refused(ambassador_client, ambassador):
    response = ambassador_client.post(reverse("adoption:ambassador_start", args=[ambassador.campaign_id]))
    assert (response.status_code, Ambassador.objects.count()) == (409, 1)


def test_my_ambassadorship_shows_the_absolute_link(ambassador_client, ambassador, settings):
    settings.COCREATE_BASE_URL = "https://together.example.org"
    page = ambassador_client.get(reverse("adoption:ambassador", args=[ambassador.campaign_id])).content.decode()
    assert f'value="https://together.example.org/adoption/{ambassador.campaign_id}/a/{ambassador.code}/"' in page


def test_my_ambassadorship_has_a_default_share_text_from_the_campaigns_name(ambassador_client, ambassador):
    page = ambassador_client.get(reverse("adoption:ambassador", args=[ambassador.campaign_id])).content.decode()
    assert "Have you heard of “Library card online”?" in page


def test_my_ambassadorship_has_the_officials_share_texts_per_language(ambassador_client, ambassador, official):
    campaign_update(
        actor=official,
        campaign=ambassador.campaign,
        share_texts="English: Get your card online!\n\nPolski: Karta online!",
    )
    page = ambassador_client.get(reverse("adoption:ambassador", args=[ambassador.campaign_id])).content.decode()
    link = f"/adoption/{ambassador.campaign_id}/a/{ambassador.code}/"
    assert ("Get your card online! http" in page, f"Karta online! http://127.0.0.1:8000{link}" in page) == (True, True)


def test_my_ambassadorship_counts_how_far_the_people_came(ambassador_client, ambassador, make_user):
    for step in ["heard", "regular", "regular"]:
        adoption_report_submit(reporter=make_user(), campaign=ambassador.campaign, step=step, ambassador=ambassador)
    page = ambassador_client.get(reverse("adoption:ambassador", args=[ambassador.campaign_id])).content.decode()
    assert "Your link brought 3 people who reported." in page
    assert '<th scope="row">I use it regularly</th><td>2</td><td>2</td>' in page


@pytest.mark.parametrize(("fmt", "start", "kind"), [("png", b"\x89PNG", "image/png"), ("svg", b"<?xml", "image/svg")])
def test_the_qr_code_of_ones_link_downloads(ambassador_client, ambassador, fmt, start, kind):
    response = ambassador_client.get(reverse("adoption:ambassador_qr", args=[ambassador.campaign_id, fmt]))
    assert (response.status_code, response.content.startswith(start), response["Content-Type"].startswith(kind)) == (
        200,
        True,
        True,
    )


def test_the_svg_qr_code_is_a_drawing(ambassador_client, ambassador):
    response = ambassador_client.get(reverse("adoption:ambassador_qr", args=[ambassador.campaign_id, "svg"]))
    assert b"<svg" in response.content


def test_an_unknown_qr_format_is_not_found(ambassador_client, ambassador):
    response = ambassador_client.get(f"/adoption/{ambassador.campaign_id}/ambassador/qr.gif")
    assert response.status_code == 404


def test_someone_who_is_not_an_ambassador_has_no_qr_code(client, campaign, citizen, ambassador):
    client.force_login(citizen)
    assert client.get(reverse("adoption:ambassador_qr", args=[campaign.pk, "png"])).status_code == 404


def test_an_ambassador_stops_with_the_form(ambassador_client, ambassador):
    response = ambassador_client.post(reverse("adoption:ambassador_stop", args=[ambassador.campaign_id]))
    ambassador.refresh_from_db()
    assert (response.status_code, ambassador.is_active) == (302, False)


def test_someone_who_is_not_an_ambassador_stops_nothing(client, citizen, ambassador):
    client.force_login(citizen)
    response = client.post(reverse("adoption:ambassador_stop", args=[ambassador.campaign_id]))
    ambassador.refresh_from_db()
    assert (response.status_code, ambassador.is_active) == (404, True)


def test_officials_see_the_ambassadors_with_their_counts(official_client, ambassador, partner, partner_member):
    ambassador_start(actor=partner_member, campaign=ambassador.campaign, organisation=partner)
    adoption_report_submit(reporter=None, campaign=ambassador.campaign, step="tried", ambassador=ambassador)
    page = official_client.get(reverse("adoption:ambassadors", args=[ambassador.campaign_id])).content.decode()
    assert ("Amira Ambassador" in page, "Rita Reader" in page, "Readers" in page) == (True, True, True)
    assert page.index("Amira Ambassador") < page.index("Rita Reader")  # who brought most people first


def test_residents_may_not_see_the_list_of_ambassadors(ambassador_client, ambassador):
    response = ambassador_client.get(reverse("adoption:ambassadors", args=[ambassador.campaign_id]))
    assert response.status_code == 403


def test_the_campaign_form_takes_share_texts(official_client, campaign):
    data = {
        "title": campaign.title,
        "service": campaign.service,
        "how_to_use": campaign.how_to_use,
        "share_texts": "English: Card online!\r\n\r\nPolski: Karta online!",
    }
    response = official_client.post(reverse("adoption:campaign_edit", args=[campaign.pk]), data)
    campaign.refresh_from_db()
    assert (response.status_code, campaign.share_texts) == (302, "English: Card online!\r\n\r\nPolski: Karta online!")


def test_share_texts_without_a_language_are_refused_and_nothing_changes(official_client, campaign):
    data = {"title": campaign.title, "service": campaign.service, "how_to_use": campaign.how_to_use}
    response = official_client.post(
        reverse("adoption:campaign_edit", args=[campaign.pk]), data | {"share_texts": "Card online, no language"}
    )
    campaign.refresh_from_db()
    assert (response.status_code, campaign.share_texts) == (400, "")
