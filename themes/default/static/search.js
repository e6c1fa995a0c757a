/* Full-text search of every transcript (shownotes).
 *
 * The index ships as scripts (search/manifest.js and one search/<episode>.js a shard), because
 * a page opened from file:// may load a <script src> but may not fetch() a file. Nothing loads
 * until the reader first uses the box; then MiniSearch (vendor/minisearch.js) indexes each shard
 * as it arrives, and results update while the rest load. Ranking: MiniSearch's BM25 with field
 * boosts, then results holding the exact phrase first, then those holding every word.
 */
(function () {
  'use strict';

  var box = document.querySelector('.site-search');
  if (!box) return;
  var input = box.querySelector('.search-input');
  var list = box.querySelector('.search-results');
  var status = box.querySelector('.search-status');
  var root = box.getAttribute('data-root') || '';

  var SHOWN = 20;          // results listed at most
  var RERANKED = 200;      // best-scored results checked for the exact phrase
  var PARALLEL = 4;        // shards loading at once: a thousand episodes must not open a thousand requests
  var WORD = /[\p{L}\p{N}]+/gu;
  var BOOST = { title: 3, heading: 2, speakers: 1.5, description: 1.2, text: 1 };

  var phase = 'idle';      // idle -> loading -> ready (or broken)
  var index = null;
  var docs = [];
  var queue = [];
  var total = 0;
  var settled = 0;
  var failed = 0;
  var active = -1;
  var refreshTimer = 0;
  var lastStatusAt = 0;

  box.hidden = false;  // without JavaScript the box stays hidden: pages read fully without it

  function loadScript(src, onload, onerror) {
    var script = document.createElement('script');
    script.src = src;
    script.async = true;
    script.onload = function () { script.remove(); onload(); };
    script.onerror = function () { script.remove(); onerror(); };
    document.head.appendChild(script);
  }

  function words(text) {
    return (text || '').toLowerCase().match(WORD) || [];
  }

  function docText(doc) {
    return doc.turns.map(function (turn) { return turn[1]; }).join('\n');
  }

  function makeIndex() {
    index = new window.MiniSearch({
      fields: ['title', 'heading', 'speakers', 'description', 'text'],
      extractField: function (doc, field) {
        if (field === 'id') return doc.id;
        if (field === 'text') return docText(doc);
        if (field === 'speakers') return doc.speakers.join('\n');
        return doc[field] || '';
      }
    });
  }

  // One document per section; the untitled opening also carries the episode's title,
  // description and people, and links to the top of the page.
  function addEpisode(episode) {
    var added = [];
    var hasTop = episode.sections.length && episode.sections[0].heading === null;
    var sections = hasTop ? episode.sections : [{ heading: null, anchor: '', turns: [] }].concat(episode.sections);
    sections.forEach(function (section, i) {
      var speakers = [];
      section.turns.forEach(function (turn) {
        if (turn[0] && speakers.indexOf(turn[0]) < 0) speakers.push(turn[0]);
      });
      var doc = {
        id: docs.length, episode: episode, heading: section.heading, anchor: section.anchor,
        turns: section.turns, speakers: speakers,
        title: i === 0 ? 'Episode ' + episode.number + ' ' + episode.title : '',
        description: i === 0 ? episode.description : ''
      };
      if (i === 0) doc.speakers = episode.people.concat(speakers.filter(function (s) { return episode.people.indexOf(s) < 0; }));
      docs.push(doc);
      added.push(doc);
    });
    index.addAll(added);
  }

  window.ShownotesSearch = {
    add: function (episode) {
      if (index) addEpisode(episode);
    },
    manifest: function (manifest) {
      queue = manifest.shards.slice();
      total = queue.length;
    }
  };

  function start() {
    if (phase !== 'idle') return;
    phase = 'loading';
    say('Loading the search index…', true);
    var broken = function () {
      phase = 'broken';
      say('Search could not load its index. Every episode is listed on the home page.', true);
    };
    loadScript(root + 'static/vendor/minisearch.js', function () {
      if (!window.MiniSearch) return broken();
      makeIndex();
      loadScript(root + 'search/manifest.js', function () {
        for (var i = 0; i < PARALLEL; i++) nextShard();
        if (!total) finish();
      }, broken);
    }, broken);
  }

  function nextShard() {
    var shard = queue.shift();
    if (!shard) return;
    var done = function (ok) {
      settled += 1;
      if (!ok) failed += 1;
      if (settled === total) finish(); else { scheduleRefresh(); nextShard(); }
    };
    loadScript(root + shard, function () { done(true); }, function () { done(false); });
  }

  function finish() {
    phase = 'ready';
    clearTimeout(refreshTimer);
    refresh(true);
  }

  function scheduleRefresh() {
    if (refreshTimer) return;
    refreshTimer = setTimeout(function () { refreshTimer = 0; refresh(false); }, 250);
  }

  function say(text, now) {
    // A screen reader hears the status region; while shards load it changes at most once a second.
    var time = Date.now();
    if (!now && time - lastStatusAt < 1000) return;
    lastStatusAt = time;
    if (status.textContent !== text) status.textContent = text;
  }

  function phraseOf(query) {
    var terms = words(query);
    return terms.length > 1 ? ' ' + terms.join(' ') + ' ' : null;
  }

  function rank(query) {
    var terms = words(query);
    var wanted = {};
    terms.forEach(function (t) { wanted[t] = true; });
    var count = Object.keys(wanted).length;
    var phrase = phraseOf(query);
    var all = index.search(query, {
      boost: BOOST,
      prefix: function (term, i, terms) { return i === terms.length - 1 && term.length > 1; },
      fuzzy: function (term) { return term.length > 5 ? 0.15 : false; }
    });
    var found = all.slice(0, RERANKED);
    found.forEach(function (result, order) {
      var doc = docs[result.id];
      var haystack = phrase && ' ' + words([doc.title, doc.heading, doc.description, docText(doc)].join(' ')).join(' ') + ' ';
      result.order = order;
      result.tier = phrase && haystack.indexOf(phrase) >= 0 ? 0 : (result.queryTerms.length >= count ? 1 : 2);
    });
    found.sort(function (a, b) { return a.tier - b.tier || a.order - b.order; });
    return { shown: found.slice(0, SHOWN), count: all.length };
  }

  function refresh(now) {
    var query = input.value.trim();
    if (!index || phase === 'broken') return;
    var loading = phase === 'loading';
    var progress = loading ? ' (searched ' + settled + ' of ' + total + ' episodes so far)' : '';
    if (failed && !loading) progress = ' (' + failed + ' of ' + total + ' episodes could not be searched)';
    if (words(query).length === 0) {
      show([]);
      say(loading ? 'Loading the search index… ' + settled + ' of ' + total + ' episodes' : '', now);
      return;
    }
    var ranked = rank(query);
    show(ranked.shown, query);
    var n = ranked.count;
    var counted = n === 0 ? 'No results' : (n > SHOWN ? 'Best ' + SHOWN + ' of ' + n + ' results' : n + (n === 1 ? ' result' : ' results'));
    say(counted + ' for “' + query + '”' + progress + '.', now);
  }

  function highlighter(result, query) {
    var phrase = words(query);
    var terms = result.terms.concat(phrase).filter(function (t) { return t.length > 0; });
    terms.sort(function (a, b) { return b.length - a.length; });
    var escaped = terms.map(function (t) { return t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'); });
    return {
      any: new RegExp('(?<![\\p{L}\\p{N}])(?:' + escaped.join('|') + ')[\\p{L}\\p{N}]*', 'giu'),
      phrase: phrase.length > 1 ? new RegExp(phrase.map(function (t) {
        return t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      }).join('[^\\p{L}\\p{N}]+'), 'iu') : null
    };
  }

  // Where in the section the words were said: the exact phrase if it is there, else the first match.
  function snippet(doc, marks) {
    var candidates = [];
    if (doc.description) candidates.push([null, doc.description]);
    doc.turns.forEach(function (turn) { candidates.push(turn); });
    var pick = null;
    var at = -1;
    [marks.phrase, marks.any].forEach(function (pattern) {
      if (!pattern || pick) return;
      for (var i = 0; i < candidates.length; i++) {
        pattern.lastIndex = 0;
        var match = pattern.exec(candidates[i][1]);
        if (match) { pick = candidates[i]; at = match.index; return; }
      }
    });
    if (!pick) {
      if (!candidates.length) return { speaker: null, text: '' };
      pick = candidates[0];
      at = 0;
    }
    var text = pick[1].replace(/\s+/g, ' ');
    var begin = Math.max(0, at - 70);
    if (begin > 0) begin = text.indexOf(' ', begin) + 1 || begin;
    var end = Math.min(text.length, begin + 200);
    if (end < text.length) end = text.lastIndexOf(' ', end) > begin ? text.lastIndexOf(' ', end) : end;
    return {
      speaker: pick[0],
      text: (begin > 0 ? '…' : '') + text.slice(begin, end) + (end < text.length ? '…' : '')
    };
  }

  function marked(parent, text, pattern) {
    var last = 0;
    pattern.lastIndex = 0;
    var match;
    while ((match = pattern.exec(text))) {
      if (match[0].length === 0) { pattern.lastIndex += 1; continue; }
      parent.appendChild(document.createTextNode(text.slice(last, match.index)));
      var mark = document.createElement('mark');
      mark.textContent = match[0];
      parent.appendChild(mark);
      last = match.index + match[0].length;
    }
    parent.appendChild(document.createTextNode(text.slice(last)));
  }

  function span(className, text) {
    var el = document.createElement('span');
    el.className = className;
    if (text) el.textContent = text;
    return el;
  }

  function show(shown, query) {
    list.textContent = '';
    active = -1;
    input.removeAttribute('aria-activedescendant');
    shown.forEach(function (result, i) {
      var doc = docs[result.id];
      var marks = highlighter(result, query);
      var item = document.createElement('li');
      item.id = 'search-result-' + i;
      item.className = 'search-result';
      item.setAttribute('role', 'option');
      item.setAttribute('aria-selected', 'false');
      var link = document.createElement('a');
      link.href = root + doc.episode.url + (doc.anchor ? '#' + doc.anchor : '');
      link.tabIndex = -1;
      var episode = span('search-result-episode');
      marked(episode, 'Episode ' + doc.episode.number + ': ' + doc.episode.title, marks.any);
      link.appendChild(episode);
      if (doc.heading) {
        var heading = span('search-result-section');
        marked(heading, doc.heading, marks.any);
        link.appendChild(heading);
      }
      var found = snippet(doc, marks);
      if (found.text) {
        var quote = span('search-result-snippet');
        if (found.speaker) quote.appendChild(span('search-result-speaker', found.speaker + ': '));
        marked(quote, found.text, marks.any);
        link.appendChild(quote);
      }
      link.addEventListener('click', close);
      item.appendChild(link);
      list.appendChild(item);
    });
    var open = shown.length > 0;
    list.hidden = !open;
    input.setAttribute('aria-expanded', open ? 'true' : 'false');
  }

  function choose(i) {
    var items = list.querySelectorAll('[role=option]');
    if (!items.length) return;
    if (active >= 0 && items[active]) items[active].setAttribute('aria-selected', 'false');
    active = (i + items.length) % items.length;
    items[active].setAttribute('aria-selected', 'true');
    input.setAttribute('aria-activedescendant', items[active].id);
    items[active].scrollIntoView({ block: 'nearest' });
  }

  function close() {
    var selected = list.querySelector('[aria-selected=true]');
    if (selected) selected.setAttribute('aria-selected', 'false');
    active = -1;
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
  }

  input.addEventListener('focus', start);
  input.addEventListener('input', function () {
    start();
    if (phase !== 'loading' && phase !== 'idle') refresh(true);
    else if (index) scheduleRefresh();
  });
  input.addEventListener('keydown', function (event) {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (list.hidden && list.children.length) { list.hidden = false; input.setAttribute('aria-expanded', 'true'); }
      choose(event.key === 'ArrowDown' ? active + 1 : (active < 0 ? -1 : active - 1));
    } else if (event.key === 'Enter') {
      var items = list.querySelectorAll('[role=option] a');
      if (!items.length || list.hidden) return;
      event.preventDefault();
      var target = items[active >= 0 ? active : 0];
      close();
      window.location.href = target.href;
    } else if (event.key === 'Escape') {
      // The first Escape closes the list (not the browser's clearing of a search box), the next clears the box.
      if (!list.hidden) { event.preventDefault(); close(); } else if (input.value) { input.value = ''; refresh(true); }
    }
  });
  box.addEventListener('focusout', function (event) {
    if (!box.contains(event.relatedTarget)) close();
  });
  input.addEventListener('click', function () {
    if (list.hidden && list.children.length) { list.hidden = false; input.setAttribute('aria-expanded', 'true'); }
  });
  document.addEventListener('keydown', function (event) {
    var target = event.target;
    var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if (event.key === '/' && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      input.focus();
      input.select();
    }
  });
})();
