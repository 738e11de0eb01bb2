// samverkan's map: draws the search results that have coordinates. The list
// beside it is the full, accessible result; without JavaScript the map stays
// hidden. Data comes from data- attributes (no inline script under the CSP).
(function () {
  var el = document.getElementById('map');
  if (!el || !window.L) return;
  var points = JSON.parse(el.getAttribute('data-points') || '[]');
  el.hidden = false;
  var map = L.map(el, { scrollWheelZoom: false });
  L.tileLayer(el.getAttribute('data-tiles'), {
    maxZoom: 18,
    attribution: el.getAttribute('data-attribution')
  }).addTo(map);
  var bounds = [];
  points.forEach(function (p) {
    var m = L.circleMarker([p.lat, p.lon], { radius: 9, color: '#0b5394', weight: 2, fillOpacity: 0.6 }).addTo(map);
    var a = document.createElement('a');
    a.href = p.url;
    a.textContent = p.title;
    m.bindPopup(a);
    bounds.push([p.lat, p.lon]);
  });
  if (bounds.length) map.fitBounds(bounds, { maxZoom: 14, padding: [24, 24] });
  else map.setView([62.0, 16.0], 4);

  // On a venue form the map picks the position into the lat/lon fields,
  // which stay the way to type it (and the only way without JavaScript).
  if (el.getAttribute('data-pick')) {
    var lat = document.getElementById('lat'), lon = document.getElementById('lon'), marker = null;
    var place = function (ll) {
      if (marker) marker.setLatLng(ll); else marker = L.circleMarker(ll, { radius: 9 }).addTo(map);
    };
    if (lat.value && lon.value) {
      var ll = [parseFloat(lat.value), parseFloat(lon.value)];
      place(ll);
      map.setView(ll, 14);
    }
    map.on('click', function (e) {
      lat.value = e.latlng.lat.toFixed(6);
      lon.value = e.latlng.lng.toFixed(6);
      place(e.latlng);
    });
  }
})();
