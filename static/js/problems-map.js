// Cocreate: maps as an enhancement. Every page works without this script; it adds a map where a page asks for one.
// - #report-map: click or press Enter on the map to set the latitude and longitude fields of the report form.
// - #problems-map: shows the listed problems from the GeoJSON endpoint named in data-source.
// - #problem-location-map: a small map of one problem (its exact point, or its neighbourhood as a circle).
// - "Use my location" beside the report map, where the browser can tell it (the Geolocation API).
(function () {
  "use strict";

  function tiles(element) {
    return L.tileLayer(element.dataset.tiles, { maxZoom: 19, attribution: element.dataset.attribution });
  }

  // People who ask their system for less motion get maps that neither fade nor glide.
  function mapOptions(extra) {
    var still = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    var options = still ? { fadeAnimation: false, zoomAnimation: false, markerZoomAnimation: false } : {};
    return Object.assign(options, extra || {});
  }

  function center(element) {
    var parts = (element.dataset.center || "52.52,13.405").split(",").map(Number);
    return [parts[0], parts[1]];
  }

  function reportMap(element) {
    var lat = document.getElementById("id_latitude");
    var lon = document.getElementById("id_longitude");
    element.hidden = false;
    var start = lat.value && lon.value ? [Number(lat.value), Number(lon.value)] : center(element);
    var map = L.map(element, mapOptions({ keyboard: true })).setView(start, lat.value ? 17 : 13);
    tiles(element).addTo(map);
    var marker = lat.value ? L.marker(start).addTo(map) : null;
    function place(latlng) {
      lat.value = latlng.lat.toFixed(6);
      lon.value = latlng.lng.toFixed(6);
      if (marker) { marker.setLatLng(latlng); } else { marker = L.marker(latlng).addTo(map); }
      lat.dispatchEvent(new Event("change", { bubbles: true }));
    }
    map.on("click", function (event) { place(event.latlng); });
    if (element.dataset.geocoder) { addressSearch(element, map, place); }
    if (navigator.geolocation && element.dataset.nearMeLabel) { nearMe(element, map, place); }
    element.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); place(map.getCenter()); }
    });
  }

  // Address search through the geocoder the site names (a Nominatim-compatible URL); off when none is set.
  function addressSearch(element, map, place) {
    var address = document.getElementById("id_address");
    if (!address) { return; }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button button--secondary";
    button.textContent = element.dataset.findLabel;
    var status = document.createElement("p");
    status.setAttribute("role", "status");
    status.className = "muted";
    address.insertAdjacentElement("afterend", status);
    address.insertAdjacentElement("afterend", button);
    button.addEventListener("click", function () {
      if (!address.value.trim()) { return; }
      var url = new URL(element.dataset.geocoder, window.location.href);
      url.searchParams.set("q", address.value.trim());
      url.searchParams.set("format", "json");
      url.searchParams.set("limit", "1");
      status.textContent = "";
      fetch(url, { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : []; })
        .then(function (results) {
          if (!results.length) { status.textContent = element.dataset.notFound; return; }
          var latlng = L.latLng(Number(results[0].lat), Number(results[0].lon));
          map.setView(latlng, 17);
          place(latlng);
          status.textContent = results[0].display_name || "";
        })
        .catch(function () { status.textContent = element.dataset.notFound; });
    });
  }

  // "Use my location": the browser asks the person first; the point is placed where they are, and they can move it.
  function nearMe(element, map, place) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button button--secondary near-me";
    button.textContent = element.dataset.nearMeLabel;
    var status = document.createElement("p");
    status.setAttribute("role", "status");
    status.className = "muted";
    element.insertAdjacentElement("afterend", status);
    element.insertAdjacentElement("afterend", button);
    button.addEventListener("click", function () {
      status.textContent = element.dataset.locating;
      button.disabled = true;
      navigator.geolocation.getCurrentPosition(
        function (position) {
          var latlng = L.latLng(position.coords.latitude, position.coords.longitude);
          map.setView(latlng, 17);
          place(latlng);
          status.textContent = element.dataset.located;
          button.disabled = false;
        },
        function () {
          status.textContent = element.dataset.notLocated;
          button.disabled = false;
        },
        { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 }
      );
    });
  }

  // One problem's place: a marker at the exact point for officials, a circle over the neighbourhood for everyone else.
  function locationMap(element) {
    var point = element.dataset.point.split(",").map(Number);
    element.hidden = false;
    var exact = element.dataset.exact === "1";
    var map = L.map(element, mapOptions({ keyboard: false, scrollWheelZoom: false })).setView(point, exact ? 16 : 14);
    tiles(element).addTo(map);
    if (exact) {
      L.marker(point, { keyboard: false, interactive: false }).addTo(map);
    } else {
      L.circle(point, { radius: Number(element.dataset.radius || 300), interactive: false }).addTo(map);
    }
  }

  // Leaflet draws circle markers as SVG paths that the keyboard cannot reach: each becomes a button that opens its
  // popup and moves the focus to the link inside it.
  function keyboardReachable(marker, link, title) {
    var path = marker.getElement();
    if (!path) { return; }
    path.setAttribute("tabindex", "0");
    path.setAttribute("role", "button");
    path.setAttribute("aria-label", title);
    path.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        marker.openPopup();
        link.focus();
      }
    });
  }

  function listMap(element) {
    element.hidden = false;
    var map = L.map(element, mapOptions()).setView(center(element), 12);
    tiles(element).addTo(map);
    var layer = L.layerGroup().addTo(map);
    function load() {
      var b = map.getBounds();
      var url = new URL(element.dataset.source, window.location.href);
      function clamp(v, limit) { return Math.max(-limit, Math.min(limit, v)).toFixed(5); }
      url.searchParams.set("bbox", [
        clamp(b.getWest(), 180), clamp(b.getSouth(), 90), clamp(b.getEast(), 180), clamp(b.getNorth(), 90)
      ].join(","));
      fetch(url, { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { features: [] }; })
        .then(function (data) {
          layer.clearLayers();
          data.features.forEach(function (feature) {
            var c = feature.geometry.coordinates;
            var link = document.createElement("a");
            link.href = feature.properties.url;
            link.textContent = feature.properties.title;
            var marker = L.circleMarker([c[1], c[0]], { radius: 8 }).bindPopup(link).addTo(layer);
            keyboardReachable(marker, link, feature.properties.title);
          });
        });
    }
    map.on("moveend", load);
    load();
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (typeof L === "undefined") { return; }
    var report = document.getElementById("report-map");
    if (report) { reportMap(report); }
    var list = document.getElementById("problems-map");
    if (list) { listMap(list); }
    var one = document.getElementById("problem-location-map");
    if (one) { locationMap(one); }
  });
})();
