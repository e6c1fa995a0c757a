/* The site's service worker (written by shownotes; see shownotes/offline.py).
 *
 * Online, every request goes to the network first, so a reader always gets the latest build;
 * what it returns is kept, so a page once read can be read again offline. "Save all" keeps
 * every page and asset of this build. Caches are named after the build version, a hash of
 * the site's files: a new build brings a new worker, which keeps only what did not change.
 * The list of files comes in parts (sw-files/N.json, each file in the part its path's CRC-32
 * picks), named with their digests in the small sw-files.json: no list grows with the site.
 */
'use strict';

var VERSION = '{{ version }}';
var SCOPE = self.registration.scope;
var PREFIX = 'shownotes ' + SCOPE + ' ';  // several sites may share one origin: each keeps to its scope
var CACHE = PREFIX + VERSION;
var LIST = new URL('{{ file_list }}', SCOPE).href;
var SAVED_ALL = new URL('.shownotes-saved-all', SCOPE).href;  // a marker: the reader asked to keep everything
var PARALLEL = 4;

var CRC = [];
for (var n = 0; n < 256; n++) {
  var c = n;
  for (var k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1;
  CRC[n] = c >>> 0;
}

function crc32(text) {
  var bytes = new TextEncoder().encode(text);
  var crc = 0xFFFFFFFF;
  for (var i = 0; i < bytes.length; i++) crc = CRC[(crc ^ bytes[i]) & 255] ^ (crc >>> 8);
  return (crc ^ 0xFFFFFFFF) >>> 0;
}

function urlOf(path) {
  return new URL(path, SCOPE).href;
}

function pathOf(url) {
  if (url.indexOf(SCOPE) !== 0) return null;
  try {
    return decodeURI(url.slice(SCOPE.length).split(/[?#]/)[0]);
  } catch (error) {
    return null;
  }
}

async function fileList(cache) {
  var response = await cache.match(LIST);
  return response ? response.json() : { version: VERSION, core: [], parts: {} };
}

function partOf(list, path) {
  return 'sw-files/' + (crc32(path) & (Object.keys(list.parts).length - 1)) + '.json';
}

// One part of the list: path -> digest, from the cache, else (when `fetching`) from the network.
async function part(cache, name, fetching) {
  var url = urlOf(name);
  var response = await cache.match(url);
  if (!response && fetching) {
    response = await fetch(url, { cache: 'no-cache' });
    if (!response.ok) throw new Error('no file list at ' + url);
    await cache.put(url, response.clone());
  }
  return response ? (await response.json()).files : null;
}

// Every saved file of the build: path -> digest; null if a part is not at hand and not fetched.
async function allFiles(cache, list, fetching) {
  var files = {};
  var names = Object.keys(list.parts);
  for (var i = 0; i < names.length; i++) {
    var held = await part(cache, names[i], fetching);
    if (!held) return null;
    Object.assign(files, held);
  }
  return files;
}

self.addEventListener('install', function (event) {
  event.waitUntil((async function () {
    var response = await fetch(LIST, { cache: 'no-cache' });
    if (!response.ok) throw new Error('no file list at ' + LIST);
    var list = await response.clone().json();
    // The list of a newer build than this worker: let the browser fetch the newer worker instead.
    if (list.version !== VERSION) throw new Error('file list is for build ' + list.version);
    var cache = await caches.open(CACHE);
    await cache.put(LIST, response);
    await cache.addAll(list.core.map(function (path) { return new Request(urlOf(path), { cache: 'no-cache' }); }));
    await self.skipWaiting();
  })());
});

// Keep what an older build saved where the file is byte for byte the same; drop the rest.
// Digests come from the parts of both lists: a part whose digest did not change is copied, not
// fetched. Files whose old part was never fetched (pages only read, not saved) are dropped.
async function carryOver(old, cache, list) {
  var previous = await fileList(old);
  var requests = await old.keys();
  var before = {};
  var after = {};
  for (var i = 0; i < requests.length; i++) {
    var url = requests[i].url;
    var path = pathOf(url);
    if (url === SAVED_ALL) {
      await cache.put(SAVED_ALL, new Response('yes'));
      continue;
    }
    if (!path || url === LIST || path.indexOf('sw-files/') === 0 || await cache.match(url)) continue;
    var oldPart = partOf(previous, path);
    var newPart = partOf(list, path);
    if (!(oldPart in before)) before[oldPart] = await part(old, oldPart, false);
    if (!before[oldPart]) continue;
    if (!(newPart in after)) {
      var same = previous.parts[oldPart] === list.parts[newPart] && oldPart === newPart;
      if (same) await cache.put(urlOf(newPart), await old.match(urlOf(oldPart)));
      try {
        after[newPart] = same ? before[oldPart] : await part(cache, newPart, true);
      } catch (error) {
        after[newPart] = null;  // offline: what cannot be checked is not kept
      }
    }
    if (after[newPart] && before[oldPart][path] && after[newPart][path] === before[oldPart][path]) {
      await cache.put(url, await old.match(url));
    }
  }
}

self.addEventListener('activate', function (event) {
  event.waitUntil((async function () {
    var cache = await caches.open(CACHE);
    var list = await fileList(cache);
    var names = await caches.keys();
    for (var i = 0; i < names.length; i++) {
      if (names[i].indexOf(PREFIX) !== 0 || names[i] === CACHE) continue;
      await carryOver(await caches.open(names[i]), cache, list);
      await caches.delete(names[i]);
    }
    await self.clients.claim();
  })());
});

function offlinePage() {
  var home = urlOf('index.html');
  return new Response('<!DOCTYPE html><html><head><meta charset="utf-8">'
    + '<meta name="viewport" content="width=device-width, initial-scale=1"><title>Offline</title></head>'
    + '<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem">'
    + '<h1>You are offline</h1><p>This page was not saved for reading offline. Pages you have opened before, '
    + 'and every page once you choose <em>Save all episodes for offline reading</em>, open without a connection.</p>'
    + '<p><a href="' + home + '">Back to the episode list</a></p></body></html>',
    { status: 503, headers: { 'Content-Type': 'text/html; charset=utf-8' } });
}

async function networkFirst(event) {
  var request = event.request;
  try {
    var response = await fetch(request);
    if (response.ok && response.type === 'basic') {
      var copy = response.clone();
      event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.put(request, copy); }));
    }
    return response;
  } catch (error) {
    var cache = await caches.open(CACHE);
    var cached = await cache.match(request, { ignoreSearch: true });
    if (!cached && request.url.slice(-1) === '/') cached = await cache.match(request.url + 'index.html');
    if (cached) return cached;
    if (request.mode === 'navigate') return offlinePage();
    throw error;
  }
}

self.addEventListener('fetch', function (event) {
  var request = event.request;
  if (request.method !== 'GET' || request.url.indexOf(SCOPE) !== 0 || request.url === LIST) return;
  event.respondWith(networkFirst(event));
});

async function missingFiles(cache, files) {
  var have = {};
  (await cache.keys()).forEach(function (request) { have[request.url] = true; });
  return Object.keys(files).filter(function (path) { return !have[urlOf(path)]; });
}

async function status(client) {
  var cache = await caches.open(CACHE);
  // The page that registered the worker loaded before the worker could keep it: keep it now.
  var page = client.url.split('#')[0];
  if (pathOf(page) !== null && !(await cache.match(page))) {
    try {
      var response = await fetch(page);
      if (response.ok) await cache.put(page, response);
    } catch (error) {
      // offline already: nothing to keep
    }
  }
  var list = await fileList(cache);
  var saved = !!(await cache.match(SAVED_ALL));
  var files = saved ? await allFiles(cache, list, false) : null;
  var missing = files ? (await missingFiles(cache, files)).length : (saved ? 1 : 0);
  client.postMessage({ type: 'status', version: VERSION, saved: saved, missing: missing,
                       total: files ? Object.keys(files).length : 0 });
}

async function saveAll(client, asked) {
  var cache = await caches.open(CACHE);
  if (!asked && !(await cache.match(SAVED_ALL))) return;
  await cache.put(SAVED_ALL, new Response('yes'));
  var list = await fileList(cache);
  var files;
  try {
    files = await allFiles(cache, list, true);
  } catch (error) {
    client.postMessage({ type: 'saved', done: 0, failed: 1, total: 1 });
    return;
  }
  var queue = await missingFiles(cache, files);
  var total = Object.keys(files).length;
  var done = total - queue.length;
  var failed = 0;
  async function worker() {
    while (queue.length) {
      var url = urlOf(queue.shift());
      try {
        var response = await fetch(url, { cache: 'no-cache' });
        if (!response.ok) throw new Error(response.status);
        await cache.put(url, response);
        done += 1;
      } catch (error) {
        failed += 1;
      }
      if ((done + failed) % 20 === 0) client.postMessage({ type: 'progress', done: done, total: total });
    }
  }
  var workers = [];
  for (var i = 0; i < PARALLEL; i++) workers.push(worker());
  await Promise.all(workers);
  client.postMessage({ type: 'saved', done: done, failed: failed, total: total });
}

self.addEventListener('message', function (event) {
  var type = event.data && event.data.type;
  var client = event.source;
  if (!client) return;
  if (type === 'status') event.waitUntil(status(client));
  else if (type === 'save-all') event.waitUntil(saveAll(client, true));
  else if (type === 'sync') event.waitUntil(saveAll(client, false));
});
