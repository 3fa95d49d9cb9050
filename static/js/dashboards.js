/* Draws the dashboard's charts with the vendored ECharts from the JSON block "dashboard-charts".
   Each spec: {id, type: bar|line|heatmap|pie|funnel, title, unit, categories, series, links, ...}.
   Clicking a bar, point, slice or cell (or an axis label) opens the list or dashboard behind it.
   Names come from users (a branch names itself): ECharts inserts tooltip text as HTML, so every
   tooltip here is written by a formatter below that escapes each name. Labels, axes and legends are
   drawn on the canvas as plain text, where markup cannot act (and escaping would show "&amp;"). */
(function () {
  "use strict";
  var block = document.getElementById("dashboard-charts");
  if (!block || !window.echarts) { return; }
  var specs = JSON.parse(block.textContent);
  var HEAT = [
    { min: 90, color: "#7cc48b", label: "≥90" }, { min: 70, max: 90, color: "#c6e48b", label: "70–90" },
    { min: 50, max: 70, color: "#ffd966", label: "50–70" }, { max: 50, color: "#f08c8c", label: "<50" }
  ];

  var ENTITIES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" };

  function escapeHtml(text) {
    return String(text === null || text === undefined ? "" : text).replace(/[&<>"']/g, function (c) { return ENTITIES[c]; });
  }

  function formatter(unit) {
    return function (v) { return v === null || v === undefined ? "—" : v + (unit === "%" ? "%" : ""); };
  }

  // Every tooltip stays inside its chart and wraps a long name, so none runs off a phone's screen.
  function tooltip(format, trigger) {
    return { trigger: trigger, formatter: format, confine: true, extraCssText: "max-width: 90%; white-space: normal;" };
  }

  // One line of a tooltip: ECharts' colour dot (its own markup), then escaped name and value.
  function tooltipLine(p, name, value) {
    return p.marker + escapeHtml(name) + "：<strong>" + escapeHtml(value) + "</strong>";
  }

  function axisTooltip(spec) {
    var format = formatter(spec.unit);
    return function (params) {
      var lines = params.map(function (p) { return tooltipLine(p, p.seriesName, format(p.value)); });
      return [escapeHtml(params.length ? params[0].name : "")].concat(lines).join("<br>");
    };
  }

  function sliceTooltip(spec) {
    return function (p) {
      var share = p.percent === undefined ? "" : "（" + p.percent + "%）";
      return escapeHtml(p.seriesName) + "<br>" + tooltipLine(p, p.name, p.value + " " + spec.unit + share);
    };
  }

  function axisChart(spec, kind) {
    var many = spec.categories.length > 4;
    var category = {
      type: "category", data: spec.categories, triggerEvent: true,
      axisLabel: { interval: 0, rotate: spec.horizontal || !many ? 0 : 40, width: spec.horizontal ? 90 : 72, overflow: "truncate" }
    };
    var value = { type: "value", max: spec.unit === "%" ? 100 : null, axisLabel: { formatter: spec.unit === "%" ? "{value}%" : "{value}" } };
    return {
      tooltip: tooltip(axisTooltip(spec), "axis"),
      legend: spec.series.length > 1 ? { top: 0, type: "scroll" } : undefined,
      grid: { left: 8, right: 16, top: spec.series.length > 1 ? 32 : 12, bottom: 8, containLabel: true },
      xAxis: spec.horizontal ? value : category,
      yAxis: spec.horizontal ? Object.assign({ inverse: true }, category) : value,
      series: spec.series.map(function (s) {
        return { name: s.name, type: kind, data: s.data, connectNulls: true, barMaxWidth: 28 };
      })
    };
  }

  function heatChart(spec) {
    return {
      tooltip: tooltip(function (p) {
        return escapeHtml(spec.rows[p.data[1]]) + " " + escapeHtml(spec.categories[p.data[0]]) + "：" + escapeHtml(p.data[2]) + "%";
      }, "item"),
      grid: { left: 8, right: 8, top: 8, bottom: 40, containLabel: true },
      xAxis: { type: "category", data: spec.categories, splitArea: { show: true } },
      yAxis: { type: "category", data: spec.rows, inverse: true, triggerEvent: true,
               axisLabel: { width: 110, overflow: "truncate" } },
      visualMap: { type: "piecewise", pieces: HEAT, orient: "horizontal", left: "center", bottom: 0, itemWidth: 12 },
      series: [{ type: "heatmap", data: spec.data.filter(function (d) { return d[2] !== null; }),
                 label: { show: true, fontSize: 10, formatter: function (p) { return Math.round(p.data[2]); } } }]
    };
  }

  function sliceChart(spec, kind) {
    var data = spec.categories.map(function (name, i) { return { name: name, value: spec.series[0].data[i] }; });
    var series = { name: spec.title, type: kind, data: data };
    if (kind === "pie") {
      series.radius = ["30%", "60%"];
      series.label = { formatter: "{b}\n{d}%" };
    } else {
      Object.assign(series, { sort: "none", left: "5%", width: "90%", minSize: "30%", label: { position: "inside", formatter: "{b} {c}" } });
    }
    return { tooltip: tooltip(sliceTooltip(spec), "item"), series: [series] };
  }

  function build(spec) {
    if (spec.type === "heatmap") { return heatChart(spec); }
    if (spec.type === "pie" || spec.type === "funnel") { return sliceChart(spec, spec.type); }
    return axisChart(spec, spec.type);
  }

  function target(spec, p) {
    if (p.componentType === "xAxis" || p.componentType === "yAxis") {
      if (spec.type === "heatmap") { return spec.row_links[spec.rows.indexOf(p.value)]; }
      return (spec.links || [])[spec.categories.indexOf(p.value)];
    }
    if (spec.type === "heatmap") { return spec.links[p.data[1]][p.data[0]]; }
    return (spec.links || [])[p.dataIndex];
  }

  var charts = [];
  specs.forEach(function (spec) {
    var el = document.getElementById(spec.id);
    if (!el) { return; }
    if (spec.height) { el.style.height = spec.height + "px"; }
    var chart = window.echarts.init(el);
    chart.setOption(build(spec));
    chart.on("click", function (p) {
      var url = target(spec, p);
      if (url) { window.location.href = url; }
    });
    charts.push(chart);
  });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
}());
