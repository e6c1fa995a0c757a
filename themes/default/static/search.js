/* Full-text search of every transcript (shownotes).
 *
 * The index ships as scripts, because a page opened from file:// may load a <script src> but may
 * not fetch() a file, and it is split by term at build time (shownotes/search_chunks.py), so a
 * query loads only what it needs: search/index.js once, the chunk of each of its words, a word
 * list when a word is unfinished or misspelt (and the chunks of the words it stands for, unless
 * they are rare: the list carries theirs), then the text of the sections it shows, a few
 * to a file: search/<episode number>/<n>.js, with search/dictionary.js, the show's common words
 * they were deflated after. The list shown is the final one: it appears when everything it needs
 * has arrived.
 *
 * Ranking: BM25 with field boosts (the build stores each word's weight in each section; the
 * rarer the word, the more it counts), results holding every word before the others, and,
 * among the sections shown, those holding the exact phrase first.
 */
(function () {
  'use strict';

  var box = document.querySelector('.site-search');
  var input = box && box.querySelector('.search-input');
  if (!input) return;
  var root = box.getAttribute('data-root') || '';
  var strings = window.ShownotesStrings || {};  // the theme's words in the site's language (static/strings.js)

  function word(key, english, values) {
    var text = strings[key] || english;
    Object.keys(values || {}).forEach(function (name) { text = text.split('%(' + name + ')s').join(values[name]); });
    return text;
  }

  function element(tag, attributes, text) {
    var el = document.createElement(tag);
    Object.keys(attributes).forEach(function (name) { el.setAttribute(name, attributes[name]); });
    if (text) el.textContent = text;
    return el;
  }

  // The page carries the input only: the rest of the box is made here, in the site's language.
  box.insertBefore(element('label', { 'class': 'visually-hidden', 'for': input.id }, word('searchLabel', 'Search every transcript')), input);
  var attributes = { enterkeyhint: 'search', placeholder: word('searchPlaceholder', 'Search transcripts  ( / )'),
    autocomplete: 'off', spellcheck: 'false', role: 'combobox', 'aria-autocomplete': 'list', 'aria-expanded': 'false',
    'aria-controls': 'search-results', 'aria-keyshortcuts': '/', 'aria-describedby': 'search-hint' };
  Object.keys(attributes).forEach(function (name) { input.setAttribute(name, attributes[name]); });
  box.appendChild(element('span', { 'class': 'visually-hidden', id: 'search-hint' }, word('searchHint',
    'Results appear as you type; choose one with the arrow keys and Enter. Press slash to come back here.')));
  var status = box.appendChild(element('p', { 'class': 'search-status', id: 'search-status', role: 'status', 'aria-live': 'polite' }));
  var list = box.appendChild(element('ul', { 'class': 'search-results', id: 'search-results', role: 'listbox',
    'aria-label': word('searchResults', 'Search results'), hidden: '' }));

  // Results listed at most: each loads its section's text file, and six is what a browser asks of one
  // HTTP/1.1 host at once (on a phone, a second wave is another round trip); a screen's worth.
  var SHOWN = 6;
  var EXPANSIONS = 3;      // words an unfinished word stands for at most (the commonest)
  var CORRECTIONS = 2;     // words a misspelt word stands for at most (the closest)
  var FUZZY_FROM = 5;      // letters a word needs before a typo in it is forgiven (search_chunks.FUZZY_FROM)
  var WORD = /[\p{L}\p{N}]+/gu;
  var DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  var VALUE = {};
  for (var d = 0; d < DIGITS.length; d++) VALUE[DIGITS.charCodeAt(d)] = d;
  var CRC = [];
  for (var n = 0; n < 256; n++) {
    var c = n;
    for (var k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1;
    CRC[n] = c >>> 0;
  }

  var store = { meta: null, chunk: {}, words: {}, listed: Object.create(null), text: {}, unpacked: {} };
  var loading = {};
  var asked = 0;            // the latest query: answers to older ones are dropped
  var active = -1;
  var broken = false;

  box.hidden = false;  // without JavaScript the box stays hidden: pages read fully without it

  window.ShownotesSearch = {
    meta: function (meta) {
      store.meta = meta;
      store.common = Object.create(null);
      (meta.common || '').split(' ').forEach(function (term) { if (term) store.common[term] = true; });
    },
    chunk: function (n, terms) { store.chunk[n] = terms; },
    words: function (n, keys) { store.words[n] = keys; },
    text: function (id, text) { store.text[id] = text; },
    dictionary: function (words) { store.dictionary = words; }
  };

  // One search file as a promise of whether it loaded; each is asked for once a page.
  function load(path) {
    if (!loading[path]) {
      loading[path] = new Promise(function (resolve) {
        var script = document.createElement('script');
        script.src = root + path;
        script.async = true;
        script.onload = function () { script.remove(); resolve(true); };
        script.onerror = function () { script.remove(); delete loading[path]; resolve(false); };
        document.head.appendChild(script);
      });
    }
    return loading[path];
  }

  function words(text) {
    return (text || '').toLowerCase().match(WORD) || [];
  }

  var crcs = Object.create(null);  // each word's, worked out once a page: a query asks for it several times
  function crc32(text) {
    if (text in crcs) return crcs[text];
    var bytes = new TextEncoder().encode(text);
    var crc = 0xFFFFFFFF;
    for (var i = 0; i < bytes.length; i++) crc = CRC[(crc ^ bytes[i]) & 255] ^ (crc >>> 8);
    return (crcs[text] = (crc ^ 0xFFFFFFFF) >>> 0);
  }

  function chunkOf(term) { return crc32(term) & (store.meta.chunks - 1); }
  function listOf(key) { return crc32(key) & (store.meta.words - 1); }

  // The term's entry, [sections holding it, postings], once its chunk is loaded, or its word list
  // if it is a rare word that carries its postings there (search_chunks.INLINE_UP_TO).
  function entry(term) {
    var chunk = store.chunk[chunkOf(term)];
    if (chunk && Object.prototype.hasOwnProperty.call(chunk, term)) return chunk[term];
    return store.listed[term] || null;
  }

  function loadChunks(terms) {
    return Promise.all(terms.map(function (t) { return load('search/c/' + chunkOf(t) + '.js'); }));
  }

  // Postings: per episode, the gap from the last episode's number, a count, then (section, impact) pairs.
  // Each section found is scored in `scores` (episode * 1048576 + section -> its result); `i` is the
  // query word whose postings these are, so a result counts each word once however many variants hold it.
  function score(postings, weight, i, scores) {
    var at = 0;
    function next() {
      var value = 0, scale = 1, digit;
      do {
        digit = VALUE[postings.charCodeAt(at++)];
        value += (digit & 31) * scale;
        scale *= 32;
      } while (digit & 32);
      return value;
    }
    var episode = -1;
    while (at < postings.length) {
      episode += next() + 1;
      for (var count = next(); count > 0; count--) {
        var section = next();
        var impact = next();
        var key = episode * 1048576 + section;
        var doc = scores.get(key);
        if (!doc) scores.set(key, doc = { episode: episode, section: section, score: 0, word: -1, words: 0 });
        doc.score += weight * impact;
        if (doc.word !== i) { doc.word = i; doc.words++; }
      }
    }
  }

  function distance(a, b, most) {
    if (Math.abs(a.length - b.length) > most) return most + 1;
    var row = [];
    for (var j = 0; j <= b.length; j++) row.push(j);
    for (var i = 1; i <= a.length; i++) {
      var diagonal = row[0], best = i;
      row[0] = i;
      for (j = 1; j <= b.length; j++) {
        var above = row[j];
        row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
        diagonal = above;
        if (row[j] < best) best = row[j];
      }
      if (best > most) return most + 1;
    }
    return row[b.length];
  }

  // A word list's words, commonest first; a rare word's entry, "word:sections:postings", is kept.
  function wordList(key) {
    var keys = store.words[listOf(key)];
    if (!keys || !Object.prototype.hasOwnProperty.call(keys, key)) return [];
    return keys[key].split(' ').map(function (listed) {
      var parts = listed.split(':');
      if (parts.length === 3) store.listed[parts[0]] = [Number(parts[1]), parts[2]];
      return parts[0];
    });
  }

  // What each word of the query stands for: itself when the index has it; else, for the word
  // being typed, the commonest words it begins; else, for a long word, the closest words.
  // The show's common words (search_chunks.is_common) stand for nothing when the query has a
  // rarer word: their postings are not loaded, and a result holds every word without them.
  function variants(query) {
    var terms = words(query);
    var typing = !/\s$/.test(query);
    var rare = terms.filter(function (term) { return !store.common[term]; });
    var skipped = rare.length ? store.common : Object.create(null);
    return loadChunks(terms.filter(function (term) { return !skipped[term]; })).then(function () {
      var lists = [];
      terms.forEach(function (term, i) {
        if (skipped[term] || entry(term)) return;
        if (term.length >= 3) lists.push('p' + term.slice(0, 3));
        if (term.length >= FUZZY_FROM) lists.push('s' + term.slice(-3));
      });
      return Promise.all(lists.map(function (key) { return load('search/w/' + listOf(key) + '.js'); }));
    }).then(function () {
      var wanted = terms.map(function (term, i) {
        if (skipped[term]) return [];
        if (entry(term)) return [{ term: term, weight: 1 }];
        var found = [];
        if (i === terms.length - 1 && typing && term.length >= 2) {
          wordList('p' + term.slice(0, 3)).forEach(function (w) {
            if (w.length > term.length && w.indexOf(term) === 0 && found.length < EXPANSIONS) found.push({ term: w, weight: 0.8 });
          });
        }
        if (!found.length && term.length >= FUZZY_FROM) {
          var most = term.length >= 10 ? 2 : 1;
          var near = [];
          var seen = {};
          wordList('p' + term.slice(0, 3)).concat(wordList('s' + term.slice(-3))).forEach(function (w, order) {
            if (seen[w]) return;
            seen[w] = true;
            var apart = distance(term, w, most);
            if (apart <= most) near.push({ term: w, apart: apart, order: order });
          });
          near.sort(function (a, b) { return a.apart - b.apart || a.order - b.order; });
          near.slice(0, CORRECTIONS).forEach(function (n) { found.push({ term: n.term, weight: n.apart === 1 ? 0.6 : 0.4 }); });
        }
        return found;
      });
      var more = [];
      wanted.forEach(function (each) { each.forEach(function (v) { if (!entry(v.term)) more.push(v.term); }); });
      return loadChunks(more).then(function () { return { terms: terms, wanted: wanted }; });
    });
  }

  // Whether result a comes before result b: those holding every word first, then the higher score,
  // then the newer episode, then the earlier section.
  function before(a, b) {
    return a.every !== b.every ? a.every : a.score !== b.score ? a.score > b.score
      : a.episode !== b.episode ? a.episode > b.episode : a.section < b.section;
  }

  function rank(asked) {
    var documents = store.meta.documents;
    var scores = new Map();
    var count = 0;
    asked.wanted.forEach(function (each, i) {
      each.forEach(function (variant) {
        var found = entry(variant.term);
        if (!found) return;
        count = Math.max(count, found[0]);
        var idf = Math.log(1 + (documents - found[0] + 0.5) / (found[0] + 0.5));
        score(found[1], variant.weight * idf, i, scores);
      });
    });
    var wanted = asked.wanted.filter(function (each) { return each.length; }).length;
    var best = [];  // the SHOWN first, in order: one pass, not a sort of every section found
    scores.forEach(function (doc) {
      doc.every = doc.words >= wanted;
      if (best.length === SHOWN && !before(doc, best[SHOWN - 1])) return;
      var at = best.length < SHOWN ? best.length : SHOWN - 1;
      while (at > 0 && before(doc, best[at - 1])) { best[at] = best[at - 1]; at--; }
      best[at] = doc;
    });
    return { best: best, count: Math.max(count, scores.size) };
  }

  // Seven bits a character (shownotes/search_index.py seven_bit): the low seven bits of each byte,
  // in order, then a character for each seven bytes' high bits; then raw deflate, then JSON.
  function sevenBit(packed) {
    var size = packed.length - Math.ceil(packed.length / 8);
    var bytes = new Uint8Array(size);
    for (var j = 0, h = size; j < size; h++) {
      var high = packed.charCodeAt(h);
      for (var bit = 6; bit >= 0 && j < size; bit--, j++) bytes[j] = packed.charCodeAt(j) | (((high >> bit) & 1) << 7);
    }
    return bytes;
  }

  // Written straight into the stream: a Blob would be one more round trip to the browser's process.
  function inflate(bytes) {
    var stream = new DecompressionStream('deflate-raw');
    var writer = stream.writable.getWriter();
    writer.write(bytes).catch(function () {});  // a broken text fails the read below, which says so
    writer.close().catch(function () {});
    return new Response(stream.readable).arrayBuffer().then(function (buffer) { return new Uint8Array(buffer); });
  }

  // The show's common words (search_index.dictionary), which every section's text was deflated after.
  var common = null;
  function dictionary() {
    if (!common) {
      common = load('search/dictionary.js').then(function () {
        return typeof store.dictionary === 'string' && window.DecompressionStream
          ? inflate(sevenBit(store.dictionary)) : new Uint8Array(0);
      }).catch(function () { return new Uint8Array(0); });  // then the texts fail to unpack, each said so
    }
    return common;
  }

  // A section's text: the dictionary goes first as a stored block (BFINAL 0, BTYPE 00, then LEN and
  // its complement), so the text's references back into it resolve; the dictionary is cut off again.
  function unpack(packed, words) {
    if (!window.DecompressionStream) return Promise.resolve(null);
    var data = sevenBit(packed);
    var n = words.length;
    var joined = new Uint8Array(5 + n + data.length);
    joined.set([0, n & 255, n >> 8, ~n & 255, (~n >> 8) & 255]);
    joined.set(words, 5);
    joined.set(data, 5 + n);
    return inflate(joined).then(function (bytes) {
      return JSON.parse(new TextDecoder().decode(bytes.subarray(n)));
    }).catch(function () { return null; });
  }

  // The text of the sections to show, each file unpacked once a page: textsAFile sections a file
  // (search/<episode>/<section / textsAFile>.js), after the episode's title, URL and description.
  function texts(best) {
    var each = store.meta.textsAFile || 1;
    return Promise.all(best.map(function (result) {
      var id = result.episode + '/' + Math.floor(result.section / each);
      return Promise.all([load('search/' + id + '.js'), dictionary()]).then(function (loaded) {
        var packed = store.text[id];
        if (typeof packed !== 'string') return null;
        if (!store.unpacked[id]) store.unpacked[id] = unpack(packed, loaded[1]);
        return store.unpacked[id].then(function (fields) {
          var section = fields && fields[3][result.section % each];
          if (!section) return null;
          return { episode: { number: result.episode, title: fields[0], url: fields[1] }, heading: section[0],
                   anchor: section[1], description: result.section === 0 ? fields[2] || '' : '', turns: section[2],
                   title: section[0] === null ? 'Episode ' + result.episode + ' ' + fields[0] : '' };
        });
      });
    }));
  }

  // Whether the section says the query's words in a row, each as typed or as one of the words it stands for.
  function holds(doc, phrase) {
    var said = words([doc.title, doc.heading, doc.description].concat(
      doc.turns.map(function (turn) { return turn[1]; })).join(' '));
    for (var i = 0; i + phrase.length <= said.length; i++) {
      var k = 0;
      while (k < phrase.length && phrase[k][said[i + k]]) k++;
      if (k === phrase.length) return true;
    }
    return false;
  }

  function search(query) {
    var mine = ++asked;
    if (!store.meta) return;
    if (!words(query).length) { show([]); say(''); return; }
    say(word('searching', 'Searching…'));
    variants(query).then(function (found) {
      if (mine !== asked) return null;
      var ranked = rank(found);
      var terms = [];  // what the query's words stood for, marked in the results
      found.wanted.forEach(function (each) { each.forEach(function (v) { terms.push(v.term); }); });
      var loaded = texts(ranked.best);
      var marks = highlighter(terms, query);
      return loaded.then(function (docs) {
        if (mine !== asked) return;
        var phrase = found.terms.length > 1 ? found.wanted.map(function (each, i) {
          var any = {};
          any[found.terms[i]] = true;
          each.forEach(function (v) { any[v.term] = true; });
          return any;
        }) : null;
        var results = [];
        ranked.best.forEach(function (result, i) {
          if (!docs[i]) return;
          result.doc = docs[i];
          result.tier = phrase && holds(docs[i], phrase) ? 0 : 1;
          result.order = i;
          results.push(result);
        });
        results.sort(function (a, b) { return a.tier - b.tier || a.order - b.order; });
        show(results, marks);
        var n = ranked.count;
        var counted = n === 0 ? word('noResults', 'No results') : n > SHOWN
          ? word('bestResults', 'Best %(shown)s of %(count)s results', { shown: results.length, count: n })
          : n === 1 ? word('oneResult', '1 result') : word('results', '%(count)s results', { count: n });
        var missing = ranked.best.length - results.length;
        say(word('resultsFor', '%(counted)s for “%(query)s”%(progress)s.', { counted: counted, query: query,
          progress: missing ? word('notLoaded', ' (%(count)s could not be loaded)', { count: missing }) : '' }));
      });
    }).catch(function () {
      if (mine === asked) say(word('searchFailed', 'Search could not load its index. Every episode is listed on the home page.'));
    });
  }

  function start() {
    if (store.meta || broken) return Promise.resolve();
    var loadingIndex = word('searchLoading', 'Loading the search index…');
    say(loadingIndex);
    return load('search/index.js').then(function (ok) {
      if (!ok || !store.meta) {
        broken = true;
        say(word('searchFailed', 'Search could not load its index. Every episode is listed on the home page.'));
        return;
      }
      dictionary();  // every list shown needs it: asked for now, it is not one more request then
      if (status.textContent === loadingIndex) say('');
    });
  }

  function say(text) {
    if (status.textContent !== text) status.textContent = text;
  }

  // What marks the results: the words the query stood for and its own words, each marking the words it
  // begins, and its phrase. Matched word by word, not with a pattern: a case-insensitive pattern of
  // Unicode classes takes milliseconds to compile, and again for text with a character beyond Latin-1.
  function highlighter(found, query) {
    var phrase = words(query);
    var terms = found.concat(phrase).filter(function (t, i, all) { return t.length > 0 && all.indexOf(t) === i; });
    return { terms: terms, phrase: phrase.length > 1 ? phrase : null };
  }

  // Each word of a text (WORD's rule, as words() and the index): where it begins and ends, lowercased.
  function tokens(text) {
    var found = [];
    WORD.lastIndex = 0;
    for (var match = WORD.exec(text); match; match = WORD.exec(text)) {
      found.push({ from: match.index, to: WORD.lastIndex, word: match[0].toLowerCase() });
    }
    return found;
  }

  function isMarked(said, terms) {
    for (var i = 0; i < terms.length; i++) if (said.lastIndexOf(terms[i], 0) === 0) return true;
    return false;
  }

  // Whether the text may hold a marked word: a quick look, before it is cut into words.
  function mayHold(text, terms) {
    var lower = text.toLowerCase();
    for (var i = 0; i < terms.length; i++) if (lower.indexOf(terms[i]) >= 0) return true;
    return false;
  }

  // Where in the section the words were said: the exact phrase if it is there, else the first marked word.
  function snippet(doc, marks) {
    var candidates = [];
    if (doc.description) candidates.push([null, doc.description]);
    doc.turns.forEach(function (turn) { candidates.push(turn); });
    var pick = null;
    var at = -1;
    var first = null;
    for (var c = 0; c < candidates.length && !pick; c++) {
      if (!mayHold(candidates[c][1], marks.terms)) continue;
      var said = tokens(candidates[c][1]);
      for (var i = 0; i < said.length && !pick; i++) {
        if (marks.phrase && startsPhrase(said, i, marks.phrase)) {
          pick = candidates[c];
          at = said[i].from;
        } else if (!first && isMarked(said[i].word, marks.terms)) {
          first = { turn: candidates[c], at: said[i].from };
          if (!marks.phrase) { pick = first.turn; at = first.at; }
        }
      }
    }
    if (!pick && first) { pick = first.turn; at = first.at; }
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

  function startsPhrase(said, i, phrase) {
    if (i + phrase.length > said.length) return false;
    for (var k = 0; k < phrase.length; k++) if (said[i + k].word !== phrase[k]) return false;
    return true;
  }

  // The text, its marked words in <mark>.
  function marked(parent, text, terms) {
    var last = 0;
    tokens(text).forEach(function (said) {
      if (!isMarked(said.word, terms)) return;
      parent.appendChild(document.createTextNode(text.slice(last, said.from)));
      var mark = document.createElement('mark');
      mark.textContent = text.slice(said.from, said.to);
      parent.appendChild(mark);
      last = said.to;
    });
    parent.appendChild(document.createTextNode(text.slice(last)));
  }

  function span(className, text) {
    var el = document.createElement('span');
    el.className = className;
    if (text) el.textContent = text;
    return el;
  }

  function show(shown, marks) {
    list.textContent = '';
    active = -1;
    input.removeAttribute('aria-activedescendant');
    var items = document.createDocumentFragment();
    shown.forEach(function (result, i) {
      var doc = result.doc;
      var item = document.createElement('li');
      item.id = 'search-result-' + i;
      item.className = 'search-result';
      item.setAttribute('role', 'option');
      item.setAttribute('aria-selected', 'false');
      var link = document.createElement('a');
      link.href = root + doc.episode.url + (doc.anchor ? '#' + doc.anchor : '');
      link.tabIndex = -1;
      var episode = span('search-result-episode');
      marked(episode, word('episodeTitle', 'Episode %(number)s: %(title)s',
        { number: doc.episode.number, title: doc.episode.title }), marks.terms);
      link.appendChild(episode);
      if (doc.heading) {
        var heading = span('search-result-section');
        marked(heading, doc.heading, marks.terms);
        link.appendChild(heading);
      }
      var found = snippet(doc, marks);
      if (found.text) {
        var quote = span('search-result-snippet');
        if (found.speaker) quote.appendChild(span('search-result-speaker', found.speaker + ': '));
        marked(quote, found.text, marks.terms);
        link.appendChild(quote);
      }
      link.addEventListener('click', close);
      item.appendChild(link);
      items.appendChild(item);
    });
    list.appendChild(items);
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
    var query = input.value;
    start().then(function () { if (query === input.value) search(query); });
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
      if (!list.hidden) { event.preventDefault(); close(); } else if (input.value) { input.value = ''; search(''); }
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
