// samverkan's map: draws the search results that have coordinates. The list
// beside it is the full, accessible result; without JavaScript, and when no
// result has a position, the map stays hidden. Data comes from data-
// attributes (no inline script under the CSP).
//
// htmx replaces the results (and with them the map's element) on every
// search and puts back a snapshot of the page on Back, so the map is drawn
// again after each swap and taken down before each snapshot: a snapshot with
// Leaflet's DOM in it would come back with dead markers and inline styles
// the CSP refuses.
(function () {
  // Once per page: htmx is told not to run the scripts of what it swaps in
  // (allowScriptTags), and a second copy must not draw a second map.
  if (!window.L || window.samverkanMap) return;
  window.samverkanMap = true;
  var current = null; // { el, map }

  var teardown = function () {
    if (!current) return;
    current.map.remove();
    // Leaflet leaves its classes and a style attribute on the element.
    current.el.className = current.className;
    current.el.removeAttribute('style');
    current.el.hidden = true;
    current = null;
  };

  var draw = function () {
    var el = document.getElementById('map');
    if (!el) { current = null; return; }
    if (current && current.el === el) return;
    teardown();
    var points;
    try {
      points = JSON.parse(el.getAttribute('data-points') || '[]') || [];
    } catch (e) {
      points = [];
    }
    var pick = el.getAttribute('data-pick');
    if (!points.length && !pick) {
      el.hidden = true;
      return;
    }
    el.hidden = false;
    var className = el.className;
    var map = L.map(el, { scrollWheelZoom: false });
    current = { el: el, map: map, className: className };
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
    if (pick) {
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
  };

  document.addEventListener('htmx:beforeHistorySave', teardown);
  document.addEventListener('htmx:afterSettle', draw);
  document.addEventListener('htmx:historyRestore', draw);
  draw();
})();
