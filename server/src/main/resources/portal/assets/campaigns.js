// WapiConnect portal, campaigns: progressive enhancement only (the forms work without it). On the new-campaign
// form, previews the message for the CSV's first rows (the server fills the placeholders, as the job will); on a
// campaign's page, keeps the progress live by polling the portal's JSON endpoint until the campaign ends, then
// refreshes the results table in place.
(function () {
  'use strict';
  var POLL_MS = 1000;
  var PREVIEW_DELAY_MS = 400;

  function text(tag, value, className) {
    var el = document.createElement(tag);
    el.textContent = value;
    if (className) { el.className = className; }
    return el;
  }

  function preview(form) {
    var section = document.getElementById('preview');
    var summary = document.getElementById('preview-summary');
    var rows = document.getElementById('preview-rows');
    var csv = document.getElementById('csv');
    var timer = null;
    var seq = 0;
    function show(answer) {
      section.hidden = false;
      if (answer.error) {
        summary.textContent = answer.error;
        summary.className = 'alert error';
        rows.replaceChildren();
        return;
      }
      summary.className = '';
      summary.textContent = answer.recipients + ' recipients; columns: ' + answer.columns.join(', ') +
        '. The first ' + answer.rows.length + ' get:';
      var list = document.createDocumentFragment();
      answer.rows.forEach(function (row) {
        var item = document.createElement('figure');
        item.className = 'bubble';
        item.appendChild(text('figcaption', 'To ' + row.phone + (row.name ? ' (' + row.name + ')' : '')));
        if (row.header) { item.appendChild(text('p', row.header, 'bubble-header')); }
        item.appendChild(text('p', row.message || '(no message)'));
        if (row.footer) { item.appendChild(text('p', row.footer, 'bubble-footer')); }
        list.appendChild(item);
      });
      rows.replaceChildren(list);
    }
    function refresh() {
      if (!csv.files || !csv.files.length) { section.hidden = true; return; }
      var data = new FormData();
      ['csrf', 'header', 'message', 'footer'].forEach(function (name) { data.append(name, form.elements[name].value); });
      data.append('csv', csv.files[0]);
      var mine = ++seq;
      fetch(form.getAttribute('data-preview'), {
        method: 'POST', body: data, credentials: 'same-origin',
        headers: { Accept: 'application/json', 'X-CSRF-Token': form.elements.csrf.value }
      }).then(function (r) {
        return r.json().then(function (body) {
          return r.ok ? body : { error: body.error || ('HTTP ' + r.status) };
        });
      }).then(function (answer) { if (mine === seq) { show(answer); } })
        .catch(function () { /* the preview is a help, not a step: the form still submits */ });
    }
    function later() {
      clearTimeout(timer);
      timer = setTimeout(refresh, PREVIEW_DELAY_MS);
    }
    csv.addEventListener('change', refresh);
    ['header', 'message', 'footer'].forEach(function (name) { form.elements[name].addEventListener('input', later); });
    refresh();
  }

  function liveCampaign(section) {
    var url = section.getAttribute('data-live');
    var bar = document.getElementById('campaign-progress');
    var status = document.getElementById('campaign-status');
    var summary = document.getElementById('campaign-summary');
    function set(id, value) {
      var el = document.getElementById(id);
      if (el.textContent !== String(value)) { el.textContent = String(value); }
    }
    function refreshResults() {
      return fetch(window.location.href, { credentials: 'same-origin' })
        .then(function (r) { return r.text(); })
        .then(function (html) {
          var page = new DOMParser().parseFromString(html, 'text/html');
          ['results', 'results-count'].forEach(function (id) {
            var fresh = page.getElementById(id);
            var old = document.getElementById(id);
            if (fresh && old) { old.replaceWith(fresh); }
          });
        });
    }
    function tick() {
      fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
        .then(function (r) { if (!r.ok) { throw new Error('HTTP ' + r.status); } return r.json(); })
        .then(function (job) {
          bar.max = job.total;
          bar.value = job.done;
          bar.textContent = job.percent + '%';
          if (summary.textContent !== job.summary) { summary.textContent = job.summary; }
          status.textContent = job.label;
          status.className = 'status status-' + job.status;
          set('count-sent', job.sent);
          set('count-failed', job.failed);
          set('count-skipped', job.skipped);
          set('count-remaining', job.remaining);
          if (job.finished) {
            var cancel = document.getElementById('cancel-campaign');
            if (cancel) { cancel.hidden = true; }
            return refreshResults().then(function () {
              document.getElementById('campaign-done').hidden = false;
              section.setAttribute('data-finished', 'true');
            });
          }
          setTimeout(tick, POLL_MS);
        })
        .catch(function () { setTimeout(tick, POLL_MS); });
    }
    if (section.getAttribute('data-finished') !== 'true') { setTimeout(tick, POLL_MS); }
  }

  document.addEventListener('DOMContentLoaded', function () {
    var form = document.getElementById('campaign-form');
    if (form) { preview(form); }
    var campaign = document.getElementById('campaign');
    if (campaign) { liveCampaign(campaign); }
  });
}());
