// WapiConnect portal: progressive enhancement only (every page works without it). Keeps a session's
// status and QR code live, and the webhook deliveries table, by polling the portal's JSON endpoints.
(function () {
  'use strict';
  var POLL_MS = 2000;

  function getJson(url) {
    return fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (r) { if (!r.ok) { throw new Error('HTTP ' + r.status); } return r.json(); });
  }

  function liveSession(section) {
    var id = section.getAttribute('data-session');
    var status = document.getElementById('session-status');
    var qr = document.getElementById('qr');
    var img = document.getElementById('qr-image');
    function tick() {
      getJson('/portal/api/sessions/' + encodeURIComponent(id)).then(function (s) {
        if (status.textContent !== s.statusLabel) { status.textContent = s.statusLabel; }
        status.className = 'status status-' + s.status;
        if (s.qrDataUrl) {
          if (img.getAttribute('src') !== s.qrDataUrl) { img.setAttribute('src', s.qrDataUrl); }
          qr.hidden = false;
        } else {
          qr.hidden = true;
        }
      }).catch(function () { /* a missed poll is retried on the next tick */ })
        .then(function () { setTimeout(tick, POLL_MS); });
    }
    setTimeout(tick, POLL_MS);
  }

  function cell(text) {
    var td = document.createElement('td');
    td.textContent = text;
    return td;
  }

  function liveDeliveries(table) {
    var body = table.tBodies[0];
    function tick() {
      getJson(table.getAttribute('data-live')).then(function (rows) {
        if (!rows.length) { return; }
        var fresh = document.createDocumentFragment();
        rows.forEach(function (d) {
          var tr = document.createElement('tr');
          var status = document.createElement('span');
          status.className = 'status status-' + d.status;
          status.textContent = d.status;
          var statusCell = document.createElement('td');
          statusCell.appendChild(status);
          [cell(String(d.eventId)), cell(d.event), statusCell, cell(d.httpStatus), cell(String(d.attempts)), cell(d.createdAt)]
            .forEach(function (c) { tr.appendChild(c); });
          fresh.appendChild(tr);
        });
        body.replaceChildren(fresh);
      }).catch(function () {})
        .then(function () { setTimeout(tick, POLL_MS); });
    }
    setTimeout(tick, POLL_MS);
  }

  function copyButtons() {
    document.querySelectorAll('[data-copy]').forEach(function (button) {
      button.addEventListener('click', function () {
        var text = document.getElementById(button.getAttribute('data-copy')).textContent;
        navigator.clipboard.writeText(text).then(function () { button.textContent = 'Copied'; });
      });
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    var session = document.getElementById('live-session');
    if (session) { liveSession(session); }
    var deliveries = document.querySelector('table[data-live]');
    if (deliveries) { liveDeliveries(deliveries); }
    copyButtons();
  });
}());
