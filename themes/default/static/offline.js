/* Reading offline on the published site (shownotes): registers sw.js and runs the
 * "save all episodes" control. Opened from file:// the pages are already on disk, so this stays out of the way. */
(function () {
  'use strict';

  var script = document.currentScript;
  var root = (script && script.getAttribute('data-root')) || '';
  var control = document.getElementById('offline-control');
  var button = document.getElementById('offline-save');
  var status = document.getElementById('offline-status');
  if (location.protocol === 'file:' || !window.isSecureContext || !('serviceWorker' in navigator)) return;

  function tell(message) {
    navigator.serviceWorker.ready.then(function (registration) {
      if (registration.active) registration.active.postMessage(message);
    });
  }

  var strings = {};  // the theme's words in the site's language (static/strings.js, from templates/strings.js)
  if (window.ShownotesStrings) strings = window.ShownotesStrings;

  function say(key, english, values) {
    var text = strings[key] || english;
    Object.keys(values || {}).forEach(function (name) { text = text.split('%(' + name + ')s').join(values[name]); });
    return text;
  }

  navigator.serviceWorker.addEventListener('message', function (event) {
    var data = event.data || {};
    if (!control) return;
    if (data.type === 'status') {
      control.hidden = false;
      if (data.saved && data.missing > 0) {
        button.hidden = true;
        status.textContent = say('savingChanges', 'Saving the latest changes for offline reading…');
        tell({ type: 'sync' });
      } else if (data.saved) {
        button.hidden = true;
        status.textContent = say('savedAll', 'Every episode is saved on this device for reading offline.');
      } else {
        button.hidden = false;
        button.disabled = false;
        status.textContent = '';
      }
    } else if (data.type === 'progress') {
      status.textContent = say('savingCount', 'Saving for offline reading: %(done)s of %(total)s files…',
                               { done: data.done, total: data.total });
    } else if (data.type === 'saved') {
      button.hidden = data.failed === 0;
      button.disabled = false;
      status.textContent = data.failed === 0
        ? say('savedAll', 'Every episode is saved on this device for reading offline.')
        : say('notSaved', 'Not every file could be saved (%(count)s missing); try again when the connection is better.',
              { count: data.failed });
    }
  });

  // A new build's worker took over: it may have dropped changed pages that were saved; let it fetch them again.
  navigator.serviceWorker.addEventListener('controllerchange', function () {
    tell({ type: 'status' });
  });

  if (button) {
    button.addEventListener('click', function () {
      button.disabled = true;
      status.textContent = say('saving', 'Saving for offline reading…');
      tell({ type: 'save-all' });
    });
  }

  navigator.serviceWorker.register(root + 'sw.js').then(function () {
    tell({ type: 'status' });
  }, function () {
    // No worker (a host that does not serve sw.js): pages still read, just not offline.
  });
})();
