// Monitoring and statistics pages: uPlot charts from data attributes, and the dashboard's
// server-sent events (`panels` = HTML swapped into #dash-panels, `trend` = D2 chart data).
(function () {
  "use strict";
  var COLORS = ["#9aa5b1", "#1f6feb", "#d9534f", "#2da44e", "#bf8700", "#8250df"];

  function size(el) {
    return { width: Math.max(280, el.clientWidth || 600), height: 220 };
  }

  function trendData(v) {
    var hours = [];
    for (var h = 0; h < 24; h++) hours.push(h);
    return [hours, v.yesterday, v.today];
  }

  function makeTrend(el) {
    var names = JSON.parse(el.dataset.series || "[]");
    var opts = Object.assign(size(el), {
      scales: { x: { time: false } },
      axes: [{ values: function (u, ticks) { return ticks.map(function (t) { return t + "h"; }); } }, {}],
      series: [{ label: el.dataset.xLabel || "", value: function (u, x) { return x === null ? "--" : x + "h"; } }, { label: names[0], stroke: COLORS[0], width: 2 }, { label: names[1], stroke: COLORS[1], width: 2, fill: "rgba(31,111,235,0.08)" }],
    });
    return new uPlot(opts, trendData(JSON.parse(el.dataset.values)), el);
  }

  function makeStats(el) {
    var v = JSON.parse(el.dataset.values);
    var xs = v.labels.map(function (_, i) { return i; });
    var bars = function (size, max) {
      return uPlot.paths && uPlot.paths.bars ? uPlot.paths.bars({ size: [size, max] }) : undefined;
    };
    var widths = [0.7, 0.45, 0.2];
    var maxes = [72, 46, 20];
    var series = [{ label: el.dataset.xLabel || "", value: function (u, x) { return x === null ? "--" : v.labels[x]; } }].concat(
      v.series.map(function (s, i) {
        var c = COLORS[(i + 1) % COLORS.length];
        return { label: s.label, stroke: c, fill: c + "99", width: 1, paths: bars(widths[i] || 0.2, maxes[i] || 20), points: { show: false } };
      }),
    );
    var opts = Object.assign(size(el), {
      scales: { x: { time: false, range: function () { return [-0.5, Math.max(0.5, xs.length - 0.5)]; } } },
      axes: [{
        splits: function () { return xs; },
        values: function (u, ticks) { return ticks.map(function (t) { return v.labels[t] === undefined ? "" : v.labels[t]; }); },
      }, {}],
      series: series,
    });
    return new uPlot(opts, [xs].concat(v.series.map(function (s) { return s.values; })), el);
  }

  var trend = null;
  document.querySelectorAll("[data-chart]").forEach(function (el) {
    if (typeof uPlot === "undefined") return;
    if (el.dataset.chart === "trend") trend = makeTrend(el);
    else if (el.dataset.chart === "stats") makeStats(el);
  });

  var dash = document.getElementById("dash");
  if (!dash || !dash.dataset.sse || !window.EventSource) return;
  var es = new EventSource(dash.dataset.sse);
  var dot = document.getElementById("dash-live");
  es.onopen = function () { if (dot) dot.dataset.live = "on"; };
  es.onerror = function () { if (dot) dot.dataset.live = "off"; };
  es.addEventListener("panels", function (e) {
    var cur = document.getElementById("dash-panels");
    if (cur) cur.outerHTML = e.data;
  });
  es.addEventListener("trend", function (e) {
    if (trend) trend.setData(trendData(JSON.parse(e.data)));
  });
  window.addEventListener("pagehide", function () { es.close(); });
})();
