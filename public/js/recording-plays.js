// Recording players of the lookup pages (H2, H5): the audit log gets one "play" per press of play,
// never per page view, metadata fetch or byte range. Each <audio data-played="URL" data-csrf="TOKEN">
// reports its `play` event (which fires once per start or resume, not per seek or buffer) to URL.
(function () {
  "use strict";
  // `play` does not bubble: listen in the capture phase, so players added later count too.
  document.addEventListener(
    "play",
    function (e) {
      var a = e.target;
      if (!a || !a.dataset || !a.dataset.played || !window.fetch) return;
      fetch(a.dataset.played, {
        method: "POST",
        credentials: "same-origin",
        keepalive: true,
        headers: { "X-CSRF-Token": a.dataset.csrf || "" },
      }).then(
        function (r) { if (!r.ok) a.dataset.playAudit = "failed " + r.status; else a.dataset.playAudit = "ok"; },
        function () { a.dataset.playAudit = "failed"; },
      );
    },
    true,
  );
})();
