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

  // Issue 17 point 4: every figure of a statistics table clicks down to the calls it counts, through
  // one URL pattern per table (issue 12: not a link per cell in the HTML): the table's data-drill,
  // then the column header's data-figure, the row's data-key and data-period — the string views'
  // drillCellHref makes. A click on a cell goes there; after load the cells become real links
  // (keyboard, middle click, "open in new tab") and get their column's label (the narrow screen's
  // cards, app.css), a few hundred rows per idle moment. A small table has both in its HTML already.
  function drillFigures(table) {
    var head = table.tHead && table.tHead.rows[0];
    var out = [];
    if (head) for (var i = 0; i < head.cells.length; i++) out.push(head.cells[i].getAttribute("data-figure"));
    return out;
  }
  function drillHref(table, figure, tr) {
    var key = tr.getAttribute("data-key");
    if (!figure || key === null) return null;
    var period = tr.getAttribute("data-period");
    return table.getAttribute("data-drill") + "&figure=" + encodeURIComponent(figure) + "&key=" + encodeURIComponent(key) +
      (period === null ? "" : "&period=" + encodeURIComponent(period));
  }
  function drillCell(td) {
    var tr = td.parentElement;
    var table = tr && tr.parentElement && tr.parentElement.tagName === "TBODY" ? tr.parentElement.parentElement : null;
    if (!table || !table.hasAttribute("data-drill")) return null;
    return drillHref(table, drillFigures(table)[td.cellIndex], tr);
  }
  function linkCell(td, href) {
    if (!href || td.querySelector("a")) return;
    var a = document.createElement("a");
    a.href = href;
    a.setAttribute("data-drill", "true");
    a.textContent = td.textContent;
    td.textContent = "";
    td.appendChild(a);
  }
  document.addEventListener("click", function (e) {
    if (e.defaultPrevented || e.button !== 0 || !(e.target instanceof Element) || e.target.closest("a")) return;
    var td = e.target.closest("td");
    var href = td && drillCell(td);
    if (!href) return;
    if (e.ctrlKey || e.metaKey || e.shiftKey) window.open(href, "_blank");
    else window.location.assign(href);
  });
  document.addEventListener("mouseover", function (e) {
    var td = e.target instanceof Element ? e.target.closest("td") : null;
    if (td && !td.querySelector("a")) linkCell(td, drillCell(td));
  });
  document.querySelectorAll("table[data-drill]").forEach(function (table) {
    var figures = drillFigures(table);
    var labels = table.tHead ? Array.prototype.map.call(table.tHead.rows[0].cells, function (th) { return th.textContent; }) : [];
    var rows = table.tBodies[0] ? table.tBodies[0].rows : [];
    var next = 0;
    var later = window.requestIdleCallback ? function (f) { window.requestIdleCallback(f); } : function (f) { setTimeout(f, 0); };
    (function some() {
      for (var end = Math.min(rows.length, next + 200); next < end; next++) {
        for (var c = 0; c < rows[next].cells.length; c++) {
          var td = rows[next].cells[c];
          if (labels[c] !== undefined && !td.hasAttribute("data-label") && !td.hasAttribute("colspan")) td.setAttribute("data-label", labels[c]);
          linkCell(td, drillHref(table, figures[c], rows[next]));
        }
      }
      if (next < rows.length) later(some);
    })();
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
