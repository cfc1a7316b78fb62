"""What search engines and browsers ask of every site: robots.txt, a sitemap of the public pages, a favicon."""

import pytest

from cocreate.problems.models import Problem


@pytest.mark.django_db
def test_robots_txt_keeps_crawlers_out_of_the_back_office_and_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "Disallow: /manage/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


@pytest.mark.django_db
def test_the_sitemap_lists_public_pages_only(client, make_challenge_in, make_idea, city, make_user):
    public = make_challenge_in(title="Safer routes")
    invited = make_challenge_in(title="Staff canteen", visibility="invited")
    shown = make_idea(title="Bike lanes", challenge=public)
    hidden = make_idea(title="Hidden idea", challenge=public)
    hidden.is_hidden = True
    hidden.save()
    problem = Problem.objects.create(author=make_user(), organisation=city, title="Broken light")
    secret = Problem.objects.create(author=make_user(), organisation=city, title="Rude", is_hidden=True)

    body = client.get("/sitemap.xml").content.decode()
    for item in (public, shown, problem):
        assert f"http://testserver{item.get_absolute_url()}</loc>" in body
    for item in (invited, hidden, secret):
        assert f"http://testserver{item.get_absolute_url()}</loc>" not in body


@pytest.mark.django_db
def test_every_page_names_a_favicon_and_the_old_address_leads_to_it(client):
    assert 'rel="icon" href="/static/favicon.svg"' in client.get("/").content.decode()
    response = client.get("/favicon.ico")
    assert (response.status_code, response["Location"]) == (301, "/static/favicon.svg")


@pytest.mark.django_db
def test_the_sitemap_lists_the_home_page_and_the_legal_pages(client):
    body = client.get("/sitemap.xml").content.decode()
    for path in ("/", "/legal/privacy/", "/legal/terms/", "/legal/accessibility/"):
        assert f"<loc>http://testserver{path}</loc>" in body
