// The ibasho map: an enhancement of the server-rendered list. Without JavaScript, or when
// Leaflet is missing, the list alone is shown and nothing here runs.
(function () {
    "use strict";
    var element = document.getElementById("ibasho-map");
    if (!element || typeof L === "undefined" || !window.fetch) {
        return;
    }
    element.hidden = false;
    // The zoom buttons are named in the page's language (Leaflet's own names are English).
    var map = L.map(element, { zoomControl: false }).setView([36.845, 138.36], 12);
    L.control.zoom({
        zoomInTitle: element.dataset.zoomIn,
        zoomOutTitle: element.dataset.zoomOut
    }).addTo(map);
    L.tileLayer(element.dataset.tiles, {
        maxZoom: 18,
        attribution: element.dataset.attribution
    }).addTo(map);
    fetch(element.dataset.geojson, { credentials: "omit" })
        .then(function (response) { return response.json(); })
        .then(function (data) {
            var layer = L.geoJSON(data, {
                // A marker is a button that opens the popup: named for its ibasho, not "Marker".
                pointToLayer: function (feature, latlng) {
                    return L.marker(latlng, { alt: feature.properties.title });
                },
                onEachFeature: function (feature, marker) {
                    var p = feature.properties;
                    var link = document.createElement("a");
                    link.href = p.url;
                    link.textContent = p.title;
                    var box = document.createElement("div");
                    box.appendChild(link);
                    box.appendChild(document.createElement("br"));
                    box.appendChild(document.createTextNode(p.kind + (p.area ? " · " + p.area : "")));
                    marker.bindPopup(box);
                }
            }).addTo(map);
            if (data.features.length) {
                // No zoom animation on arrival: nothing moves under a finger (or a test) about to tap.
                map.fitBounds(layer.getBounds(), { padding: [24, 24], maxZoom: 15, animate: false });
            }
        });
}());
