// Read an RSS feed on stdin, parse it with podcast-partytime, print what it found as JSON.
// Used by tests/test_feed.py to check the feed the way Podcast Index apps read it.
"use strict";
process.env.PARTYTIME_LOG = process.env.PARTYTIME_LOG || "silent";
const pt = require("podcast-partytime");

let xml = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { xml += chunk; });
process.stdin.on("end", () => {
  const feed = pt.parseFeed(xml, { allowMissingGuid: false });
  process.stdout.write(JSON.stringify(feed, (key, value) => (value instanceof Date ? value.toISOString() : value)));
});
