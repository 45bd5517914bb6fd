// The agent console's service worker (PWA): caches only the shell's static assets so the app
// installs and starts fast. Never caches pages, API answers or the event stream: those carry data.
"use strict";
var CACHE = "cc-agent-shell-__VERSION__";
var SHELL = [
  "/agent/assets/console.css",
  "/agent/assets/console.js",
  "/agent/assets/uplot.js",
  "/agent/assets/recording-plays.js",
  "/agent/assets/dialpad.js",
  "/assets/htmx.min.js",
  "/agent/icon-192.png",
  "/agent/icon-512.png",
  "/agent/manifest.webmanifest",
];

self.addEventListener("install", function (e) {
  e.waitUntil(caches.open(CACHE).then(function (c) { return c.addAll(SHELL); }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (e) {
  e.waitUntil(
    caches.keys().then(function (keys) {
      return Promise.all(keys.filter(function (k) { return k.indexOf("cc-agent-shell-") === 0 && k !== CACHE; }).map(function (k) { return caches.delete(k); }));
    }).then(function () { return self.clients.claim(); }),
  );
});

self.addEventListener("fetch", function (e) {
  var url = new URL(e.request.url);
  // Only GETs of the listed shell files; everything else goes to the network untouched.
  if (e.request.method !== "GET" || url.origin !== self.location.origin || SHELL.indexOf(url.pathname) < 0) return;
  e.respondWith(
    caches.match(e.request).then(function (hit) {
      var fresh = fetch(e.request).then(function (res) {
        if (res.ok) { var copy = res.clone(); caches.open(CACHE).then(function (c) { c.put(e.request, copy); }); }
        return res;
      });
      return hit || fresh;
    }),
  );
});
