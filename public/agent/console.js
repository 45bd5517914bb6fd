// The agent console's page script (A1–A11): time in state, the live stream (state, incoming call,
// wrap-up, figures, chart, signed out elsewhere), the chart, the notes counter, the browser softphone, the service worker.
// Plain ES5-style, no build step; htmx swaps areas into #main and this keeps the rest alive.
(function () {
  "use strict";
  var body = document.body;
  var skew = 0; // client clock minus server clock, ms

  function $(sel, root) { return (root || document).querySelector(sel); }
  function process(el) { if (el && window.htmx && htmx.process) htmx.process(el); }
  function two(n) { return (n < 10 ? "0" : "") + n; }
  function clock(s) {
    s = Math.max(0, Math.floor(s));
    var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60);
    return h > 0 ? h + ":" + two(m) + ":" + two(s % 60) : m + ":" + two(s % 60);
  }

  // ---- time in state (A2) ----
  var panel = $("#state-panel");
  if (panel && panel.dataset.now) skew = Date.now() - Number(panel.dataset.now);
  function tick() {
    var p = $("#state-panel");
    var out = p && $("[data-elapsed]", p);
    if (out && p.dataset.since) out.textContent = clock((Date.now() - skew - Number(p.dataset.since)) / 1000);
  }
  setInterval(tick, 1000);

  // ---- notes counter (A6) ----
  document.addEventListener("input", function (e) {
    var t = e.target;
    if (!t || !t.dataset || !t.dataset.max) return;
    var count = t.parentNode && $("[data-count]", t.parentNode);
    var n = Array.from(t.value).length;
    if (count) {
      count.textContent = count.textContent.replace(/^\d+/, String(n));
      count.className = n > Number(t.dataset.max) ? "error" : "muted";
    }
  });

  // ---- chart (A7, uPlot embedded) ----
  var chart = null, chartData = null, chartDay = "today";
  function series(d) {
    var hours = [];
    for (var h = 0; h < 24; h++) hours.push(h);
    return [hours, d.offered, d.answered, d.avgWait, d.maxWait];
  }
  function drawChart() {
    var el = $("#chart");
    if (!el || typeof uPlot === "undefined") { chart = null; return; }
    if (chart && chart.root && el.contains(chart.root)) { chart.setData(series(chartData[chartDay])); return; }
    chartData = chartData || JSON.parse(el.dataset.values);
    var l = JSON.parse(el.dataset.labels);
    el.textContent = "";
    chart = new uPlot({
      width: Math.max(260, el.clientWidth || 320), height: 200,
      scales: { x: { time: false }, w: {} },
      axes: [{ values: function (u, ticks) { return ticks.map(function (t) { return t + "h"; }); } }, {}, { scale: "w", side: 1, label: l.wait }],
      series: [
        { label: "h" },
        { label: l.offered, stroke: "#9aa5b1", width: 2 },
        { label: l.answered, stroke: "#1d4ed8", width: 2, fill: "rgba(29,78,216,0.08)" },
        { label: l.avgWait, stroke: "#2da44e", width: 1, scale: "w", dash: [4, 4] },
        { label: l.maxWait, stroke: "#d9534f", width: 1, scale: "w", dash: [2, 2] },
      ],
    }, series(chartData[chartDay]), el);
  }
  document.addEventListener("change", function (e) {
    var t = e.target;
    if (t && t.name === "reason" && t.closest && t.closest("#state-panel")) t.dataset.picked = "1";
    if (t && t.dataset && t.dataset.chartDay !== undefined) { chartDay = t.value; if (chartData) drawChart(); }
  });

  // ---- wrap-up form when the state turns wrap-up after a call (A6) ----
  var wrapCall = "";
  function loadWrapUp() {
    var slot = $("#wrap-up");
    if (!wrapCall || !slot || slot.dataset.call === wrapCall) return;
    fetch("/agent/wrap-up", { credentials: "same-origin", headers: { "HX-Request": "true" } })
      .then(function (r) { return r.ok ? r.text() : ""; })
      .then(function (html) {
        var cur = $("#wrap-up");
        if (!html || !cur || cur.dataset.call === wrapCall) return;
        cur.outerHTML = html;
        process($("#wrap-up"));
      });
  }

  // ---- incoming call (A3): the panel, and the screen-pop once per call ----
  var popped = {};
  function screenPop() {
    var c = $("#incoming [data-popup]");
    if (!c || !c.dataset.popup || !c.dataset.call || popped[c.dataset.call]) return;
    popped[c.dataset.call] = true;
    try { window.open(c.dataset.popup, "cc-screen-pop", "noopener"); } catch (e) { /* blocked: the link stays */ }
  }

  // ---- after an area is swapped into #main ----
  function areaChanged() {
    var path = location.pathname.replace(/\/+$/, "") || "/agent";
    document.querySelectorAll(".tabs a").forEach(function (a) {
      var href = a.getAttribute("href").replace(/\/+$/, "");
      if (href === path || (href !== "/agent" && path.indexOf(href) === 0)) a.setAttribute("aria-current", "page");
      else a.removeAttribute("aria-current");
    });
    chart = null;
    chartData = null;
    drawChart();
    loadWrapUp();
  }
  ["htmx:after:swap", "htmx:afterSwap"].forEach(function (n) {
    document.addEventListener(n, function (e) { if (e.target && e.target.id === "main") areaChanged(); });
  });

  // ---- the live stream ----
  if (body.dataset.events && window.EventSource) {
    var es = new EventSource(body.dataset.events);
    var dot = $("#live"), note = $("#live-note");
    es.onopen = function () { if (dot) dot.dataset.live = "on"; if (note) note.hidden = true; };
    es.onerror = function () { if (dot) dot.dataset.live = "off"; if (note && es.readyState !== 1) note.hidden = false; };
    es.addEventListener("state", function (e) {
      var cur = $("#state-panel");
      if (!cur) return;
      // An away reason the agent has just picked survives a state pushed meanwhile (it is theirs, not the server's).
      var pick = $('select[name="reason"][data-picked]', cur);
      cur.outerHTML = e.data;
      var next = $("#state-panel");
      var again = next && next.dataset.state !== "away" && $('select[name="reason"]', next);
      if (pick && again) { again.value = pick.value; again.dataset.picked = "1"; }
      process(next);
      tick();
    });
    es.addEventListener("call", function (e) {
      var slot = $("#incoming");
      if (!slot) return;
      slot.innerHTML = e.data;
      process(slot);
      screenPop();
      syncAnswer();
    });
    es.addEventListener("wrapup", function (e) { wrapCall = e.data; loadWrapUp(); });
    es.addEventListener("figures", function (e) {
      var cur = $("#figures");
      if (cur) cur.outerHTML = e.data;
    });
    es.addEventListener("chart", function (e) {
      chartData = JSON.parse(e.data);
      var el = $("#chart");
      if (el) { el.dataset.values = e.data; drawChart(); }
    });
    es.addEventListener("signed-out", function (e) {
      es.close();
      if (phone) phone.stop();
      location.href = "/agent/login?ended=" + encodeURIComponent(e.data);
    });
    window.addEventListener("pagehide", function () { es.close(); });
  }

  // ---- call controls and dialling (A4, A5, C9, C10): posted to /agent/calls/*, which answer JSON ----
  function csrf() { var m = $('meta[name="csrf-token"]'); return m ? m.content : ""; }
  document.addEventListener("submit", function (e) {
    var f = e.target;
    if (!f || !f.dataset || !f.dataset.callAction) return;
    e.preventDefault();
    var out = $(f.dataset.callAction);
    fetch(f.action, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRF-Token": csrf(), "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(new FormData(f)).toString(),
    }).then(function (r) {
      return r.text().then(function (text) {
        var j = null;
        try { j = JSON.parse(text); } catch (x) { /* not JSON */ }
        var err = j && j.error ? (j.error.message || j.error) : null;
        if (out) {
          out.textContent = r.ok ? (j && j.message) || "✓" : String(err || text || r.status);
          out.className = r.ok ? "muted small" : "error small";
        }
      });
    }, function () { if (out) { out.textContent = "✕"; out.className = "error small"; } });
  });
  document.addEventListener("click", function (e) {
    var b = e.target && e.target.closest ? e.target.closest("[data-mute]") : null;
    if (!b) return;
    var on = b.getAttribute("aria-pressed") !== "true";
    b.setAttribute("aria-pressed", on ? "true" : "false");
    // Muting is the softphone's (client side): it is told when it is there.
    if (window.ccSoftphone && typeof window.ccSoftphone.setMuted === "function") window.ccSoftphone.setMuted(on);
  });

  // ---- the browser softphone (issue 8, softphone mode): /agent/softphone.js puts it on window.ccSoftphone ----
  // Started with this console session's SIP secret; its connection, registration and microphone check are
  // worded in #softphone; a call ringing in this browser gets Answer / Reject in the incoming panel.
  var soft = $("#softphone");
  var phone = null, softTexts = {}, softNote = "", registeredOnce = false, starting = false;
  function softT(key, vars) {
    var text = softTexts[key] || key;
    for (var k in vars || {}) text = text.split("{" + k + "}").join(vars[k]);
    return text;
  }
  function softRender() {
    if (!soft || !phone) return;
    var status = $("[data-softphone-status]", soft), micLine = $("[data-softphone-mic]", soft), fix = $("[data-softphone-fix]", soft);
    var mic = phone.microphone || {};
    var checked = soft.dataset.micChecked === "true";
    var line, bad = false;
    if (checked && !mic.ok) { line = softT("soft.mic." + (mic.problem || "failed")); bad = true; }
    else if (softNote) { line = softNote; bad = true; }
    else if (phone.call && phone.call.state === "ringing") line = softT("soft.ringing");
    else if (phone.call && phone.call.state !== "ended") line = softT("soft.inCall");
    else if (phone.registered) line = softT("soft.registered");
    else if (phone.connection === "connected") line = softT("soft.registering");
    else if (phone.connection === "connecting" || starting) line = softT("soft.connecting");
    else line = registeredOnce ? softT("soft.offline") : softT(checked ? "soft.connecting" : "soft.micChecking");
    if (status) { status.textContent = line; status.className = bad ? "error" : "muted"; }
    if (micLine) {
      micLine.hidden = !checked || !mic.ok;
      micLine.textContent = softT("soft.micOk");
      if (soft.dataset.reregisteredAt) micLine.textContent += " " + softT("soft.reregistered", { time: soft.dataset.reregisteredAt });
    }
    if (fix) fix.hidden = !(checked && !mic.ok);
    soft.dataset.state = checked && !mic.ok ? "no-microphone" : phone.registered ? "registered" : phone.connection;
    syncAnswer();
  }
  /** Answer / Reject in the incoming panel while a call rings in this browser (the panel may come before or after). */
  function syncAnswer() {
    var ringing = !!(phone && phone.call && phone.call.state === "ringing");
    document.querySelectorAll("#incoming [data-softphone-actions]").forEach(function (el) { el.hidden = !ringing; });
    document.querySelectorAll("#incoming [data-answer-hint]").forEach(function (el) { el.hidden = ringing; });
  }
  function startSoftphone() {
    if (!phone || starting) return;
    starting = true;
    softNote = "";
    softRender();
    // No microphone: do not register at all, so the center does not offer calls this browser would refuse.
    phone.checkMicrophone().then(function (mic) {
      soft.dataset.micChecked = "true";
      if (!mic.ok) { starting = false; softRender(); return; }
      return fetch("/agent/softphone/credentials", { credentials: "same-origin", cache: "no-store" })
        .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); })
        .then(function (c) { return phone.start({ user: c.user, password: c.password, displayName: c.displayName }); })
        .then(function () { starting = false; softRender(); });
    }).catch(function (e) {
      starting = false;
      softNote = softT("soft.failed", { why: (e && e.message) || String(e) });
      softRender();
    });
  }
  function attachSoftphone(p) {
    if (phone || !soft || soft.dataset.mode !== "softphone") return;
    phone = p;
    try { softTexts = JSON.parse(soft.dataset.texts || "{}"); } catch (x) { softTexts = {}; }
    ["unregistered", "incoming", "established", "ended", "microphone", "held", "muted"].forEach(function (type) {
      phone.on(type, function () { softRender(); });
    });
    phone.on("registered", function () {
      // Registered again after a reconnect (sleep, network change): say when.
      if (registeredOnce) soft.dataset.reregisteredAt = new Date().toLocaleTimeString();
      registeredOnce = true;
      softNote = "";
      softRender();
    });
    phone.on("connection", function (d) {
      if (d.state === "connected" && softNote === softT("soft.lost")) softNote = "";
      softRender();
    });
    phone.on("error", function (d) {
      if (d.code === "connection-lost") softNote = softT("soft.lost");
      else if (d.code === "register-failed") softNote = softT("soft.refused", { why: d.message });
      else if (d.code === "no-microphone") soft.dataset.micChecked = "true";
      else softNote = d.message;
      softRender();
    });
    startSoftphone();
  }
  document.addEventListener("click", function (e) {
    var t = e.target && e.target.closest ? e.target : null;
    if (!t || !phone) return;
    if (t.closest("[data-softphone-answer]")) { e.preventDefault(); phone.answer(); }
    else if (t.closest("[data-softphone-reject]")) { e.preventDefault(); phone.reject(); }
    else if (t.closest("[data-softphone-recheck]")) { e.preventDefault(); soft.dataset.micChecked = "false"; startSoftphone(); }
  });
  if (soft && soft.dataset.mode === "softphone") {
    if (window.ccSoftphone) attachSoftphone(window.ccSoftphone);
    else window.addEventListener("cc:softphone-ready", function (e) { attachSoftphone(e.detail); });
    window.addEventListener("load", function () {
      if (window.ccSoftphone) return attachSoftphone(window.ccSoftphone);
      var st = $("[data-softphone-status]", soft), m = $("[data-softphone-missing]", soft);
      if (st) st.hidden = true;
      if (m) m.hidden = false;
    });
    // Unregister on the way out (sign-out, closing the tab): the registration must not outlive the page.
    window.addEventListener("pagehide", function () { if (phone) phone.stop(); });
  }

  drawChart();
  screenPop();
  if ("serviceWorker" in navigator) navigator.serviceWorker.register("/agent/sw.js", { scope: "/agent/" }).catch(function () {});
})();
