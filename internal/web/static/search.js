// samverkan's search form, enhanced: everything here also works without
// JavaScript (the server narrows the municipalities, the place field says
// where "near" is); this adds "near me" and keeps the form in step with
// the searches htmx makes.
(function () {
  var form = document.getElementById('search');
  if (!form || window.samverkanSearch) return;
  window.samverkanSearch = true;

  // "Near me" asks the browser for the position only when the button is
  // pressed. The position is rounded to about 100 m before it goes into
  // the address (and so into logs and history).
  var nearMe = function () {
    var b = document.getElementById('near-me');
    if (b && navigator.geolocation) b.hidden = false;
  };
  var status = function (text) {
    var s = document.getElementById('near-me-status');
    if (s) s.textContent = text;
  };
  var dropPosition = function () {
    form.querySelectorAll('input[type=hidden][name=lat], input[type=hidden][name=lon]').forEach(function (i) {
      var li = i.closest('li');
      if (li) li.remove(); else i.remove();
    });
  };
  document.addEventListener('click', function (e) {
    var b = e.target.closest && e.target.closest('#near-me');
    if (!b) return;
    status(b.getAttribute('data-wait'));
    navigator.geolocation.getCurrentPosition(function (pos) {
      dropPosition();
      var box = document.getElementById('fixed-filters');
      [['lat', pos.coords.latitude], ['lon', pos.coords.longitude]].forEach(function (kv) {
        var i = document.createElement('input');
        i.type = 'hidden';
        i.name = kv[0];
        i.value = kv[1].toFixed(3);
        box.appendChild(i);
      });
      document.getElementById('place').value = '';
      status('');
      form.requestSubmit();
    }, function () {
      status(b.getAttribute('data-failed'));
    }, { maximumAge: 600000, timeout: 15000 });
  });
  // A place typed replaces a position: the two are one choice.
  document.addEventListener('input', function (e) {
    if (e.target.id === 'place' && e.target.value.trim() !== '') dropPosition();
  });

  // A place nobody knows answers 400 with the message in the results;
  // htmx does not swap error answers unless told to.
  document.addEventListener('htmx:beforeSwap', function (e) {
    if (e.detail.xhr.status === 400 && e.detail.requestConfig && e.detail.requestConfig.elt === form) {
      e.detail.shouldSwap = true;
      e.detail.isError = false;
    }
  });
  // The address a search pushes names only the filters set, as a link
  // someone shares should; the distance only with a place or position.
  document.addEventListener('htmx:configRequest', function (e) {
    if (e.detail.elt !== form) return;
    var ps = e.detail.parameters;
    ['q', 'place'].concat(Array.from(form.querySelectorAll('#filters [name]'), function (el) { return el.name; })).forEach(function (k) {
      if (ps[k] === '') delete ps[k];
    });
    if (!ps.place && !ps.lat) delete ps.radius_km;
  });
  // The language switcher links to this search in each language: after a
  // search htmx made, to the new one.
  var relink = function () {
    document.querySelectorAll('.langs a[hreflang]').forEach(function (a) {
      var q = new URLSearchParams(location.search);
      q.set('lang', a.getAttribute('hreflang'));
      a.href = location.pathname + '?' + q.toString();
    });
  };
  document.addEventListener('htmx:pushedIntoHistory', relink);
  document.addEventListener('htmx:historyRestore', relink);
  document.addEventListener('htmx:afterSettle', nearMe);
  document.addEventListener('htmx:historyRestore', nearMe);
  nearMe();

  // On a wide screen there is room for the filters: unfold them. On a
  // phone they stay folded so the results come first.
  var details = document.getElementById('filters');
  if (details && window.matchMedia && window.matchMedia('(min-width: 48rem)').matches) details.open = true;
})();
