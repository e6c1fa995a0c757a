/* The episode page's audio player (loaded only on pages with audio; see partials/player.html).
 *
 * Without this script the page has the browser's own player, and every time in the transcript is
 * a link to its turn. With it, the same <audio> gets the controls podcasters expect: play/pause,
 * back 15 s, forward 30 s, speed, the chapters (sections whose first turn has a time) marked on
 * the progress bar with the current one named and highlighted in the contents, keyboard shortcuts
 * (K, J, L, < and >), the lock screen's controls (Media Session), resuming where the listener
 * stopped (localStorage), and "Share" for the moment heard (#t=12:05) or the turn heard.
 *
 * A time in the transcript plays from that moment and puts its fragment in the address bar;
 * opening a page at #t=... seeks there, whether or not a turn starts at that second. */
(function () {
  "use strict";
  var audio = document.getElementById("episode-player");
  var box = document.getElementById("player");
  if (!audio || !box) {
    return;
  }
  var FRAGMENT = /^#t=(?:(\d+):)?(\d+):(\d+)(?:\.(\d+))?/;
  var SKIP_KEYS = { j: -15, l: 30 };
  var RATES = [0.75, 1, 1.25, 1.5, 1.75, 2];
  var STORE = "shownotes:position:" + location.pathname;
  var controls = box.querySelector(".player");
  var playButton = box.querySelector(".player-play");
  var progress = box.querySelector(".player-progress");
  var marks = box.querySelector(".player-marks");
  var speed = box.querySelector(".player-speed");
  var currentLabel = box.querySelector(".player-current");
  var durationLabel = box.querySelector(".player-duration");
  var chapterBox = box.querySelector(".player-chapter");
  var chapterTitle = box.querySelector(".player-chapter-title");
  var shareButton = box.querySelector(".player-share");
  var sharePanel = box.querySelector(".player-share-panel");
  var shareMoment = box.querySelector(".player-share-moment");
  var shareTurn = box.querySelector(".player-share-turn");
  var shareStatus = box.querySelector(".player-share-status");
  var strings = {};
  if (window.ShownotesStrings) strings = window.ShownotesStrings;

  function clock(seconds) {
    seconds = Math.max(0, Math.floor(seconds || 0));
    var hours = Math.floor(seconds / 3600);
    var minutes = Math.floor((seconds % 3600) / 60);
    var rest = seconds % 60;
    var two = function (n) { return (n < 10 ? "0" : "") + n; };
    return hours ? hours + ":" + two(minutes) + ":" + two(rest) : two(minutes) + ":" + two(rest);
  }

  function fragmentSeconds(hash) {
    var match = FRAGMENT.exec(decodeURIComponent(hash || ""));
    if (!match) {
      return null;
    }
    var seconds = Number(match[1] || 0) * 3600 + Number(match[2]) * 60 + Number(match[3]);
    return match[4] ? seconds + Number("0." + match[4]) : seconds;
  }

  function duration() {
    if (isFinite(audio.duration) && audio.duration > 0) {
      return audio.duration;
    }
    var given = Number(box.getAttribute("data-duration"));
    return isFinite(given) && given > 0 ? given : 0;
  }

  // --- Chapters: each section of the transcript whose first turn has a time --------------------

  function turnsAfter(heading) {
    var found = null;
    for (var node = heading.nextElementSibling; node && !/^H2$/.test(node.tagName); node = node.nextElementSibling) {
      if (node.classList.contains("section-heading")) {
        break;  // reader.js wraps each heading with its "Copy link" button
      }
      if (node.classList.contains("turn")) {
        found = node;
        break;
      }
    }
    return found;
  }

  function timeOf(turn) {
    var stamp = turn ? turn.querySelector("a.timestamp[data-time]") : null;
    var seconds = stamp ? Number(stamp.getAttribute("data-time")) : NaN;
    return isFinite(seconds) ? seconds : null;
  }

  function findChapters() {
    var list = [];
    var transcript = document.querySelector(".transcript");
    if (!transcript) {
      return list;
    }
    var first = transcript.querySelector(".turn");
    var heading = document.querySelector("h1");
    var firstHeading = transcript.querySelector("h2");
    // The turns before the first heading open the episode: a chapter named after the episode.
    if (first && (!firstHeading || firstHeading.compareDocumentPosition(first) & Node.DOCUMENT_POSITION_PRECEDING)) {
      var start = timeOf(first);
      if (start !== null) {
        list.push({ start: start, title: heading ? heading.textContent.trim() : "", link: null });
      }
    }
    Array.prototype.forEach.call(transcript.querySelectorAll("h2[id]"), function (h2) {
      var anchor = h2.parentNode.classList.contains("section-heading") ? h2.parentNode : h2;
      var time = timeOf(turnsAfter(anchor));
      if (time === null) {
        return;
      }
      var link = null;
      Array.prototype.forEach.call(document.querySelectorAll('nav.toc a[href^="#"]'), function (a) {
        if (decodeURIComponent(a.getAttribute("href").slice(1)) === h2.id) {
          link = a;
        }
      });
      var title = "";
      Array.prototype.forEach.call(h2.childNodes, function (node) {
        if (!(node.nodeType === 1 && node.classList.contains("anchor"))) {
          title += node.textContent;
        }
      });
      list.push({ start: time, title: title.trim(), link: link });
    });
    return list.sort(function (a, b) { return a.start - b.start; });
  }

  var chapters = [];
  var current = null;

  function drawMarks() {
    var total = duration();
    marks.textContent = "";
    if (!total) {
      return;
    }
    chapters.forEach(function (chapter) {
      if (chapter.start <= 0 || chapter.start >= total) {
        return;
      }
      var mark = document.createElement("span");
      mark.className = "player-mark";
      mark.style.left = (100 * chapter.start / total) + "%";
      mark.title = chapter.title;
      marks.appendChild(mark);
    });
  }

  function chapterAt(seconds) {
    var found = null;
    for (var i = 0; i < chapters.length; i++) {
      if (chapters[i].start <= seconds + 0.25) {
        found = chapters[i];
      }
    }
    return found;
  }

  function showChapter(seconds) {
    var chapter = chapterAt(seconds);
    if (chapter === current) {
      return;
    }
    if (current && current.link) {
      current.link.classList.remove("is-playing");
    }
    current = chapter;
    chapterBox.hidden = !chapter;
    chapterTitle.textContent = chapter ? chapter.title : "";
    if (chapter && chapter.link) {
      chapter.link.classList.add("is-playing");
    }
    updateMediaSession();
  }

  // --- The turn being heard ---------------------------------------------------------------------

  // Read once: a long episode has thousands of turns, and the time moves four times a second.
  var timedTurns = [];
  Array.prototype.forEach.call(document.querySelectorAll(".transcript .turn"), function (turn) {
    var time = timeOf(turn);
    if (time !== null) {
      timedTurns.push({ turn: turn, time: time });
    }
  });

  function turnAt(seconds) {
    var low = 0;
    var high = timedTurns.length - 1;
    var found = null;
    while (low <= high) {  // the last turn starting by then (turns are in time order)
      var middle = (low + high) >> 1;
      if (timedTurns[middle].time <= seconds + 0.25) {
        found = timedTurns[middle].turn;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    return found;
  }

  // --- Playing, seeking, showing where we are ----------------------------------------------------

  function whenReady(action) {
    if (audio.readyState >= 1) {
      action();
    } else {
      audio.addEventListener("loadedmetadata", action, { once: true });
      if (audio.preload === "none") {
        audio.load();
      }
    }
  }

  function play() {
    var playing = audio.play();
    if (playing && typeof playing.catch === "function") {
      playing.catch(function () {});  // no sound device, or the browser said no: the seek still stands
    }
  }

  function seek(seconds, andPlay) {
    whenReady(function () {
      var total = duration();
      audio.currentTime = Math.max(0, total ? Math.min(seconds, total) : seconds);
      update();
    });
    if (andPlay) {
      play();
    }
  }

  function update() {
    var total = duration();
    var now = audio.currentTime || 0;
    if (total && Number(progress.max) !== Math.floor(total)) {
      progress.max = String(Math.floor(total));
      durationLabel.textContent = clock(total);
      drawMarks();
    }
    if (!progress.matches(":active")) {
      progress.value = String(Math.floor(now));
    }
    progress.setAttribute("aria-valuetext", clock(now) + (total ? " / " + clock(total) : ""));
    progress.style.setProperty("--played", (total ? 100 * now / total : 0) + "%");
    currentLabel.textContent = clock(now);
    showChapter(now);
  }

  function showPlaying() {
    var playing = !audio.paused && !audio.ended;
    box.classList.toggle("is-playing", playing);
    var label = playButton.getAttribute(playing ? "data-pause" : "data-play");
    playButton.querySelector(".player-play-label").textContent = label;
    playButton.title = playButton.getAttribute(playing ? "data-pause-title" : "data-play-title");
    if ("mediaSession" in navigator) {
      navigator.mediaSession.playbackState = playing ? "playing" : "paused";
    }
  }

  function skip(by) {
    seek((audio.currentTime || 0) + by, false);
  }

  function setRate(rate) {
    audio.playbackRate = rate;
    audio.defaultPlaybackRate = rate;
    speed.value = String(rate);
  }

  function stepRate(step) {
    var at = RATES.indexOf(audio.playbackRate);
    var next = RATES[Math.max(0, Math.min(RATES.length - 1, (at < 0 ? 1 : at) + step))];
    setRate(next);
  }

  // --- Remembering where the listener stopped ----------------------------------------------------

  var lastSaved = -1;

  function remember() {
    var now = audio.currentTime || 0;
    try {
      if (audio.ended || now < 1) {
        localStorage.removeItem(STORE);
      } else if (Math.abs(now - lastSaved) >= 0.5) {
        localStorage.setItem(STORE, now.toFixed(2));
      }
      lastSaved = now;
    } catch (error) {
      // storage refused (private mode, a full disk): the player works, it just does not remember
    }
  }

  function remembered() {
    try {
      var value = Number(localStorage.getItem(STORE));
      return isFinite(value) && value > 0 ? value : null;
    } catch (error) {
      return null;
    }
  }

  // --- The lock screen's controls (Media Session) ------------------------------------------------

  function updateMediaSession() {
    if (!("mediaSession" in navigator) || typeof window.MediaMetadata !== "function") {
      return;
    }
    var artwork = box.getAttribute("data-artwork");
    var title = box.getAttribute("data-title") || document.title;
    navigator.mediaSession.metadata = new window.MediaMetadata({
      title: current && current.title && current.title !== title ? current.title : title,
      artist: box.getAttribute("data-show") || "",
      album: title,
      // A lock screen shows only artwork it can fetch: not a file on disk.
      artwork: artwork && /^https?:/.test(location.protocol) ? [{ src: new URL(artwork, location.href).href }] : []
    });
  }

  function mediaSession() {
    if (!("mediaSession" in navigator)) {
      return;
    }
    var handlers = {
      play: play,
      pause: function () { audio.pause(); },
      seekbackward: function (details) { skip(-((details && details.seekOffset) || 15)); },
      seekforward: function (details) { skip((details && details.seekOffset) || 30); },
      seekto: function (details) { seek(details.seekTime, false); },
      previoustrack: function () {
        var now = audio.currentTime || 0;
        var before = chapters.filter(function (c) { return c.start < now - 3; });
        seek(before.length ? before[before.length - 1].start : 0, false);
      },
      nexttrack: function () {
        var now = audio.currentTime || 0;
        var after = chapters.filter(function (c) { return c.start > now + 0.5; });
        if (after.length) {
          seek(after[0].start, false);
        }
      }
    };
    Object.keys(handlers).forEach(function (action) {
      try {
        navigator.mediaSession.setActionHandler(action, handlers[action]);
      } catch (error) {
        // an action this browser does not know
      }
    });
    updateMediaSession();
  }

  // --- Sharing the moment or the turn heard --------------------------------------------------------

  var canonical = document.querySelector('link[rel="canonical"]');

  function pageAddress() {
    return (canonical ? canonical.href : location.href).split("#")[0];
  }

  function say(message) {
    shareStatus.textContent = "";
    window.setTimeout(function () { shareStatus.textContent = message; }, 50);
  }

  function fallback(address) {
    var field = sharePanel.querySelector(".copy-fallback");
    if (!field) {
      field = document.createElement("input");
      field.type = "text";
      field.readOnly = true;
      field.className = "copy-fallback";
      field.setAttribute("aria-label", strings.sectionAddress || "Address");
      sharePanel.appendChild(field);
    }
    field.value = address;
    field.focus();
    field.select();
    say(strings.addressSelected || "The address is selected: copy it with your keyboard.");
  }

  function copy(address) {
    box.setAttribute("data-shared", address);
    var done = function () {
      say((strings.linkCopied || "Link copied: %(address)s").replace("%(address)s", address));
    };
    if (navigator.clipboard && navigator.clipboard.writeText && window.isSecureContext) {
      navigator.clipboard.writeText(address).then(done, function () { fallback(address); });
    } else {
      fallback(address);
    }
  }

  function momentLink() {
    return pageAddress() + "#t=" + clock(audio.currentTime || 0);
  }

  function turnLink() {
    var turn = turnAt(audio.currentTime || 0);
    return turn ? pageAddress() + "#" + turn.id : null;
  }

  function openShare(open) {
    sharePanel.hidden = !open;
    shareButton.setAttribute("aria-expanded", open ? "true" : "false");
    if (open) {
      shareMoment.textContent = shareMoment.getAttribute("data-label").replace("TIME", clock(audio.currentTime || 0));
      shareTurn.hidden = !turnLink();
      shareStatus.textContent = "";
    }
  }

  // --- Wiring -------------------------------------------------------------------------------------

  function typing(target) {
    if (!(target instanceof Element)) {
      return false;
    }
    if (target.isContentEditable || /^(TEXTAREA|SELECT)$/.test(target.tagName)) {
      return true;
    }
    return target.tagName === "INPUT" && target.type !== "range";
  }

  function onKey(event) {
    if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented || typing(event.target)) {
      return;
    }
    var key = event.key;
    if (key === "k" || key === "K") {
      if (audio.paused) {
        play();
      } else {
        audio.pause();
      }
    } else if (SKIP_KEYS[key.toLowerCase()] !== undefined && key.length === 1) {
      skip(SKIP_KEYS[key.toLowerCase()]);
    } else if (key === "<" || key === ">") {
      stepRate(key === ">" ? 1 : -1);
    } else {
      return;
    }
    event.preventDefault();
  }

  function start() {
    chapters = findChapters();
    controls.hidden = false;
    audio.controls = false;
    box.classList.add("has-controls");

    playButton.addEventListener("click", function () {
      if (audio.paused) {
        play();
      } else {
        audio.pause();
      }
    });
    Array.prototype.forEach.call(box.querySelectorAll("[data-skip]"), function (button) {
      button.addEventListener("click", function () { skip(Number(button.getAttribute("data-skip"))); });
    });
    speed.addEventListener("change", function () { setRate(Number(speed.value)); });
    progress.addEventListener("input", function () {
      audio.currentTime = Number(progress.value);
      update();
    });
    shareButton.addEventListener("click", function () { openShare(sharePanel.hidden); });
    shareMoment.addEventListener("click", function () { copy(momentLink()); });
    shareTurn.addEventListener("click", function () {
      var link = turnLink();
      if (link) {
        copy(link);
      }
    });
    sharePanel.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        openShare(false);
        shareButton.focus();
      }
    });

    ["play", "pause", "ended"].forEach(function (name) {
      audio.addEventListener(name, function () {
        showPlaying();
        remember();
      });
    });
    audio.addEventListener("timeupdate", function () {
      update();
      remember();
    });
    audio.addEventListener("loadedmetadata", update);
    audio.addEventListener("durationchange", update);
    audio.addEventListener("ratechange", function () { speed.value = String(audio.playbackRate); });
    window.addEventListener("pagehide", remember);
    document.addEventListener("keydown", onKey);
    mediaSession();
    update();
    showPlaying();
  }

  // A time in the transcript plays from there; the link goes on to its turn and into the address bar.
  document.addEventListener("click", function (event) {
    var link = event.target instanceof Element ? event.target.closest("a.timestamp") : null;
    if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
      return;
    }
    var seconds = Number(link.getAttribute("data-time"));
    if (!isFinite(seconds)) {
      seconds = fragmentSeconds(link.getAttribute("href"));
    }
    if (seconds !== null) {
      seek(seconds, true);
    }
  });

  // A shared moment may fall inside a turn rather than at its start: show that turn.
  function showShared(seconds) {
    if (document.getElementById(decodeURIComponent(location.hash.slice(1)))) {
      return;  // the browser has scrolled to the turn that starts there
    }
    var turn = turnAt(seconds);
    if (turn) {
      turn.classList.add("is-shared");
      turn.scrollIntoView({ block: "center" });
    }
  }

  window.addEventListener("hashchange", function () {
    var seconds = fragmentSeconds(location.hash);
    // A click has already sought (to the exact time the fragment rounds down); do not jump back.
    if (seconds !== null && Math.abs(audio.currentTime - seconds) >= 1) {
      seek(seconds, false);
      showShared(seconds);
    }
  });

  start();
  var initial = fragmentSeconds(location.hash);
  if (initial !== null) {
    seek(initial, false);
    showShared(initial);
  } else {
    var saved = remembered();
    if (saved !== null) {
      seek(saved, false);
    }
  }
})();
