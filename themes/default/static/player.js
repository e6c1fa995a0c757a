/* The episode page's audio player and the transcript's times (loaded only on pages with audio).
 *
 * A time in the transcript is a link to its turn, "#t=01:02" (see markup.turn_anchor). Clicking
 * it plays the audio from that moment; the browser then puts the fragment in the address bar, so
 * the moment can be shared. Opening a page at such a fragment seeks the player there. Without
 * this script the links still lead to their turn. */
(function () {
  "use strict";
  var player = document.getElementById("episode-player");
  if (!player) {
    return;
  }
  var FRAGMENT = /^#t=(?:(\d+):)?(\d+):(\d+)(?:\.(\d+))?/;

  function fragmentSeconds(hash) {
    var match = FRAGMENT.exec(hash || "");
    if (!match) {
      return null;
    }
    var seconds = Number(match[1] || 0) * 3600 + Number(match[2]) * 60 + Number(match[3]);
    return match[4] ? seconds + Number("0." + match[4]) : seconds;
  }

  function whenReady(action) {
    if (player.readyState >= 1) {
      action();
    } else {
      player.addEventListener("loadedmetadata", action, { once: true });
      if (player.preload === "none") {
        player.load();
      }
    }
  }

  function seek(seconds, play) {
    whenReady(function () {
      player.currentTime = seconds;
    });
    if (play) {
      var playing = player.play();
      if (playing && typeof playing.catch === "function") {
        playing.catch(function () {});  // no sound device, or the browser said no: the seek still stands
      }
    }
  }

  document.addEventListener("click", function (event) {
    var link = event.target instanceof Element ? event.target.closest("a.timestamp") : null;
    if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
      return;
    }
    var seconds = Number(link.getAttribute("data-time"));
    if (!isFinite(seconds)) {
      seconds = fragmentSeconds(link.getAttribute("href"));
    }
    if (seconds === null) {
      return;
    }
    seek(seconds, true);  // the link itself goes on to its turn and puts #t=... in the address bar
  });

  window.addEventListener("hashchange", function () {
    var seconds = fragmentSeconds(location.hash);
    // A click has already sought (to the exact time the fragment rounds down); do not jump back.
    if (seconds !== null && Math.abs(player.currentTime - seconds) >= 1) {
      seek(seconds, false);
    }
  });

  var initial = fragmentSeconds(location.hash);
  if (initial !== null) {
    seek(initial, false);
  }
})();
