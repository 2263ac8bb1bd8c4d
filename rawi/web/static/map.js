// The places map. Markers come from the data-places attribute (JSON written by the server and
// escaped as an attribute); labels are set with textContent, never as HTML. Without tiles (or
// when they fail to load) the map still shows a vendored world outline and a lat/lon grid.
(function () {
  "use strict";
  function label(p) {
    var div = document.createElement("div");
    var en = document.createElement("b");
    en.textContent = p.name_en || "";
    var fa = document.createElement("span");
    fa.setAttribute("dir", "rtl");
    fa.setAttribute("lang", "fa");
    fa.className = "fa";
    fa.textContent = (p.name_en ? " · " : "") + (p.text || "");
    div.appendChild(en);
    div.appendChild(fa);
    if (p.count > 1) div.appendChild(document.createTextNode(" ×" + p.count));
    return div;
  }

  function grid(map) {
    var opts = { color: "#c8ccd8", weight: 0.6, interactive: false };
    for (var lat = -80; lat <= 80; lat += 10) L.polyline([[lat, -180], [lat, 180]], opts).addTo(map);
    for (var lon = -180; lon <= 180; lon += 10) L.polyline([[-85, lon], [85, lon]], opts).addTo(map);
  }

  function init(el) {
    var places = [];
    try { places = JSON.parse(el.getAttribute("data-places") || "[]"); } catch (e) { places = []; }
    if (typeof L === "undefined") { el.textContent = "Map library not loaded."; return; }
    var map = L.map(el, { worldCopyJump: true, zoomSnap: 0.5 });
    el.classList.add("map-ready");
    grid(map);
    var world = el.getAttribute("data-world");
    if (world && window.fetch) {
      fetch(world).then(function (r) { return r.json(); }).then(function (g) {
        L.geoJSON(g, { interactive: false, style: { color: "#8a90a0", weight: 0.8, fillColor: "#eef0e4", fillOpacity: 1 } })
          .addTo(map).bringToBack();
        el.classList.add("outline-ready");
      }).catch(function () { /* the grid stays */ });
    }
    map.attributionControl.addAttribution("Outline: Natural Earth");
    var tiles = el.getAttribute("data-tiles");
    if (tiles) {
      var layer = L.tileLayer(tiles, { maxZoom: 18, attribution: "Tiles: " + tiles.split("/")[2] });
      var failures = 0;
      layer.on("tileerror", function () {
        failures += 1;
        if (failures >= 3 && map.hasLayer(layer)) { map.removeLayer(layer); el.classList.add("tiles-offline"); }
      });
      layer.addTo(map);
    }
    var pts = [];
    places.forEach(function (p) {
      if (typeof p.lat !== "number" || typeof p.lon !== "number") return;
      var m = L.marker([p.lat, p.lon], { title: (p.name_en || "") + " " + (p.text || ""), alt: p.name_en || "place" });
      m.bindTooltip(label(p), { direction: "top", offset: [0, -30] });
      m.addTo(map);
      pts.push([p.lat, p.lon]);
    });
    if (pts.length === 1) map.setView(pts[0], 6);
    else if (pts.length) map.fitBounds(L.latLngBounds(pts).pad(0.4), { maxZoom: 7 });
    else map.setView([32, 45], 3);
    el.setAttribute("data-markers", String(pts.length));
  }

  function start() {
    var el = document.getElementById("map");
    if (el) init(el);
  }
  if (document.readyState !== "loading") start(); else document.addEventListener("DOMContentLoaded", start);
})();
