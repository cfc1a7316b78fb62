"""The GET endpoints, read by an independent GeoReport v2 client (the ``georeport`` package) over real HTTP."""

import pytest

from cocreate.problems.tests.test_open311 import potholes, report, street_lights  # noqa: F401 -- fixtures

georeport = pytest.importorskip("georeport")


@pytest.fixture
def endpoint(live_server):
    return f"{live_server.url}/open311/v2"


@pytest.mark.django_db(transaction=True)
def test_the_client_reads_services_and_definitions(endpoint, potholes, street_lights):  # noqa: F811
    for output_format in ("json", "xml"):
        client = georeport.GeoReport(endpoint, jurisdiction="city-of-testbridge", output_format=output_format)
        services = client.get_service_list()
        assert [s["service_code"] for s in services] == ["potholes", "lights"]
        assert [s["service_name"] for s in services] == ["Potholes", "Street lights"]
        definition = client.get_service_definition("potholes")
        assert definition["service_code"] == "potholes"
    json_definition = georeport.GeoReport(endpoint).get_service_definition("potholes")
    assert [a["code"] for a in json_definition["attributes"]] == ["size", "kinds", "depth"]
    xml_definition = georeport.GeoReport(endpoint, output_format="xml").get_service_definition("potholes")
    attributes = xml_definition["attributes"]["attribute"]
    assert [a["code"] for a in attributes] == ["size", "kinds", "depth"]
    assert attributes[0]["values"]["value"] == [{"key": "small", "name": "Small"}, {"key": "large", "name": "Large"}]


@pytest.mark.django_db(transaction=True)
def test_the_client_reads_service_requests(endpoint, report):  # noqa: F811
    first = report(title="First", latitude="52.520008", longitude="13.404954")
    second = report(title="Second", days_ago=1)
    client = georeport.GeoReport(endpoint)
    rows = client.get_service_requests(status="open")
    assert [(r["service_request_id"], r["status"]) for r in rows] == [(str(second.pk), "open"), (str(first.pk), "open")]
    one = client.get_service_request(str(first.pk))
    assert (one["service_code"], one["lat"], one["long"]) == ("lights", 52.5225, 13.4025)
    xml_client = georeport.GeoReport(endpoint, output_format="xml")
    one = xml_client.get_service_request(str(first.pk))
    assert (one["service_request_id"], one["lat"], one["long"], one["status"]) == (
        str(first.pk),
        "52.5225",
        "13.4025",
        "open",
    )
    rows = xml_client.get_service_requests(service_request_id=f"{first.pk},{second.pk}")
    assert [r["service_request_id"] for r in rows] == [str(second.pk), str(first.pk)]
    assert client.get_service_requests(status="closed") == []
