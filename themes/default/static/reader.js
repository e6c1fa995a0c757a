/* The reader's aids on pages with sections (shownotes default theme).
 *
 * The table of contents is a disclosure: folded at the top on a phone, open beside the transcript
 * on a wide screen, where it marks the section being read. Each section heading gets "Copy link",
 * which copies the section's full address (the published one, from <link rel=canonical>), through
 * the clipboard where the browser allows it, else by selecting the address for the reader to copy.
 * Without this script every page still reads: the contents open with a tap, each heading keeps its # link.
 */
(function () {
  'use strict';

  var WIDE = window.matchMedia('(min-width: 64rem)');
  var strings = {};  // the theme's words in the site's language (static/strings.js, from templates/strings.js)
  if (window.ShownotesStrings) strings = window.ShownotesStrings;

  function say(key, english, values) {
    var text = strings[key] || english;
    Object.keys(values || {}).forEach(function (name) { text = text.split('%(' + name + ')s').join(values[name]); });
    return text;
  }
  // style.css's two columns start at the same width
  var fold = document.getElementById('toc-fold');
  var announcer = null;

  function announce(message) {
    if (!announcer) {
      announcer = document.createElement('p');
      announcer.className = 'visually-hidden';
      announcer.setAttribute('role', 'status');
      document.body.appendChild(announcer);
    }
    announcer.textContent = '';
    window.setTimeout(function () { announcer.textContent = message; }, 50);  // a repeat is announced again
  }

  // --- The table of contents ---------------------------------------------------------------

  function contents() {
    var box = fold.parentNode;
    var links = Array.prototype.slice.call(fold.querySelectorAll('a[href^="#"]'));
    var headings = links.map(function (link) {
      return document.getElementById(decodeURIComponent(link.getAttribute('href').slice(1)));
    });
    var current = null;
    var pending = false;

    function fit() {
      fold.open = WIDE.matches;
    }

    // Scroll the contents themselves, never the page, to keep the marked section in sight.
    function keepInView(link) {
      var area = box.getBoundingClientRect();
      var item = link.getBoundingClientRect();
      var top = area.top + fold.querySelector('summary').offsetHeight;
      if (item.top < top) box.scrollTop -= top - item.top;
      else if (item.bottom > area.bottom) box.scrollTop += item.bottom - area.bottom;
    }

    function mark() {
      pending = false;
      var line = window.innerHeight / 4;  // a section is being read once its heading passes the top quarter
      // At the very end a short last section never gets that high: it is read once its heading shows.
      if (window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 2) line = window.innerHeight;
      var index = -1;
      for (var i = 0; i < headings.length; i++) {
        if (!headings[i]) continue;
        if (headings[i].getBoundingClientRect().top > line) break;
        index = i;
      }
      var link = index >= 0 ? links[index] : null;
      if (link === current) return;
      if (current) current.removeAttribute('aria-current');
      current = link;
      if (link) {
        link.setAttribute('aria-current', 'true');
        if (WIDE.matches && fold.open) keepInView(link);
      }
    }

    function schedule() {
      if (!pending) {
        pending = true;
        window.requestAnimationFrame(mark);
      }
    }

    fit();
    if (WIDE.addEventListener) WIDE.addEventListener('change', fit);
    else if (WIDE.addListener) WIDE.addListener(fit);
    // On a phone, fold the contents away once a section is chosen: the page then lands on it.
    fold.addEventListener('click', function (event) {
      var link = event.target instanceof Element ? event.target.closest('a[href^="#"]') : null;
      if (link && !WIDE.matches) fold.open = false;
    });
    window.addEventListener('scroll', schedule, { passive: true });
    window.addEventListener('resize', schedule);
    window.addEventListener('hashchange', schedule);
    mark();
  }

  // --- "Copy link" on each section heading ---------------------------------------------------

  var canonical = document.querySelector('link[rel="canonical"]');

  function addressOf(id) {
    var page = (canonical ? canonical.href : location.href).split('#')[0];
    return page + '#' + id;
  }

  function showCopied(button) {
    button.textContent = say('copied', 'Copied');
    button.classList.add('copied');
    announce(say('linkCopied', 'Link copied: %(address)s', { address: button.getAttribute('data-address') }));
    window.setTimeout(function () {
      button.textContent = say('copyLink', 'Copy link');
      button.classList.remove('copied');
    }, 2000);
  }

  // No clipboard (an old browser, or one that refuses): show the address selected, ready to copy by hand.
  function selectAddress(button, address) {
    var wrapper = button.parentNode;
    var field = wrapper.querySelector('.copy-fallback');
    if (!field) {
      field = document.createElement('input');
      field.type = 'text';
      field.readOnly = true;
      field.className = 'copy-fallback';
      field.setAttribute('aria-label', say('sectionAddress', 'Address of this section'));
      var hint = document.createElement('span');
      hint.className = 'copy-hint';
      hint.textContent = /Mac|iPhone|iPad/.test(navigator.platform || '') ? say('pressCmdC', 'Press ⌘C to copy it.')
        : say('pressCtrlC', 'Press Ctrl+C to copy it.');
      field.addEventListener('blur', function () {
        field.remove();
        hint.remove();
      });
      field.addEventListener('keydown', function (event) {
        if (event.key === 'Escape' || event.key === 'Enter') button.focus();
      });
      wrapper.appendChild(field);
      wrapper.appendChild(hint);
    }
    field.value = address;
    field.focus();
    field.select();
    var copied = false;
    try {
      copied = document.execCommand('copy');
    } catch (error) {
      copied = false;
    }
    if (copied) {
      button.focus();  // the field goes on blur
      showCopied(button);
    } else {
      announce(say('addressSelected', 'The address is selected: copy it with your keyboard.'));
    }
  }

  function copy(button) {
    var address = button.getAttribute('data-address');
    if (navigator.clipboard && navigator.clipboard.writeText && window.isSecureContext) {
      navigator.clipboard.writeText(address).then(function () {
        showCopied(button);
      }, function () {
        selectAddress(button, address);
      });
    } else {
      selectAddress(button, address);
    }
  }

  // The heading's words, without its "#" self-link.
  function titleOf(heading) {
    var text = '';
    Array.prototype.forEach.call(heading.childNodes, function (node) {
      if (!(node.nodeType === 1 && node.classList.contains('anchor'))) text += node.textContent;
    });
    return text.trim();
  }

  function addCopyLinks() {
    var headings = document.querySelectorAll('.transcript h2[id], .prose h2[id]');
    Array.prototype.forEach.call(headings, function (heading) {
      // The button sits beside the heading, not inside it, so the heading's name stays its text.
      var wrapper = document.createElement('div');
      wrapper.className = 'section-heading';
      heading.parentNode.insertBefore(wrapper, heading);
      wrapper.appendChild(heading);
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'copy-link';
      button.textContent = say('copyLink', 'Copy link');
      button.setAttribute('data-address', addressOf(heading.id));
      button.setAttribute('aria-label', say('copyLinkTo', 'Copy link to “%(title)s”', { title: titleOf(heading) }));
      wrapper.appendChild(button);
    });
    document.addEventListener('click', function (event) {
      var button = event.target instanceof Element ? event.target.closest('.copy-link') : null;
      if (button) copy(button);
    });
  }

  addCopyLinks();
  if (fold) contents();
})();
