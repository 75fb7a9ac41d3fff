// The dashboard's charts (Apache ECharts, vendored). Each chart enhances a table that is on
// the page anyway: the figures, links and summary are there without JavaScript. Charts have
// ECharts' aria option on (with decal patterns, so nothing is told by colour alone), print
// their numbers on the bars and cells in the page's language, and are keyboard operable:
// focus a chart, move with the arrow keys, Enter opens the chosen region's page.
(function () {
  "use strict";
  if (!window.echarts) return;
  var dataNode = document.getElementById("monitoring-chart-data");
  if (!dataNode) return;
  var data = JSON.parse(dataNode.textContent);
  var lang = document.documentElement.lang === "en" ? "en-GB" : "pl-PL";
  var numberFormat = new Intl.NumberFormat(lang, { maximumFractionDigits: 2 });
  function fmt(value) {
    return value === null || value === undefined || value === "-" ? "–" : numberFormat.format(value);
  }
  function summaryOf(el) {
    var id = el.getAttribute("aria-describedby");
    var node = id && document.getElementById(id);
    return node ? node.textContent.trim() : "";
  }
  function base(el, patterns) {
    // Bars also differ by pattern; the map and heat map print each figure on its area.
    return {
      aria: { enabled: true, label: { description: summaryOf(el) }, decal: { show: !!patterns } },
      animation: false,
      textStyle: { fontFamily: "inherit", fontSize: 13, color: "#1a1a1a" },
      tooltip: { valueFormatter: fmt },
    };
  }
  function start(el, option, onKey, count) {
    el.hidden = false;
    var chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption(option);
    window.addEventListener("resize", function () { chart.resize(); });
    var index = -1;
    el.addEventListener("keydown", function (event) {
      var step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[event.key];
      if (step) {
        event.preventDefault();
        index = (index + step + count) % count;
        chart.dispatchAction({ type: "downplay", seriesIndex: 0 });
        chart.dispatchAction({ type: "highlight", seriesIndex: 0, dataIndex: index });
        chart.dispatchAction({ type: "showTip", seriesIndex: 0, dataIndex: index });
      } else if (event.key === "Enter" && index >= 0 && onKey) {
        onKey(index);
      } else if (event.key === "Escape") {
        chart.dispatchAction({ type: "hideTip" });
      }
    });
    return chart;
  }
  var names = data.regions.map(function (r) { return r.name; });
  function openRegion(i) { window.location.href = data.regions[i].url; }

  var bars = document.querySelector("[data-chart=bars]");
  if (bars && data.values.length) {
    var option = base(bars, true);
    option.legend = { top: 0 };
    option.grid = { left: 60, right: 20, top: 40, bottom: 120 };
    option.xAxis = { type: "category", data: names, axisLabel: { rotate: 45, interval: 0 } };
    option.yAxis = { type: "value", axisLabel: { formatter: fmt } };
    var label = { show: true, position: "top", formatter: function (p) { return fmt(p.value); } };
    option.series = [
      { name: bars.dataset.i18nValue, type: "bar", data: data.values, label: label },
      { name: bars.dataset.i18nTarget, type: "bar", data: data.targets, label: label },
    ];
    option.tooltip.trigger = "item";
    var barChart = start(bars, option, openRegion, names.length);
    barChart.on("click", function (p) { openRegion(p.dataIndex); });
  }

  var map = document.querySelector("[data-chart=map]");
  if (map && data.values.length) {
    fetch(map.dataset.geojson).then(function (response) { return response.json(); }).then(function (geo) {
      echarts.registerMap("voivodeships", geo);
      var values = data.values.filter(function (v) { return v !== null; });
      var option = base(map);
      option.tooltip.trigger = "item";
      option.visualMap = {
        min: 0, max: Math.max.apply(null, values.concat([1])), calculable: false,
        inRange: { color: ["#e8f0fb", "#0b3d91"] }, text: ["", ""], left: 10, bottom: 10,
        formatter: fmt,
      };
      option.series = [{
        type: "map", map: "voivodeships", roam: false, selectedMode: false,
        label: { show: true, fontSize: 11, color: "#111", backgroundColor: "rgba(255,255,255,0.85)", padding: 2,
                 formatter: function (p) { return p.name + "\n" + fmt(p.value); } },
        emphasis: { label: { show: true } },
        data: data.regions.map(function (r, i) { return { name: r.name, value: data.values[i] === null ? "-" : data.values[i] }; }),
      }];
      var mapChart = start(map, option, openRegion, names.length);
      mapChart.on("click", function (p) { openRegion(p.dataIndex); });
    });
  }

  var heat = document.querySelector("[data-chart=heatmap]");
  if (heat) {
    var cells = [];
    var maximum = 1;
    data.matrix.forEach(function (row, y) {
      row.forEach(function (n, x) { cells.push([x, y, n]); if (n > maximum) maximum = n; });
    });
    var option = base(heat);
    option.tooltip = {
      formatter: function (p) {
        return heat.dataset.i18nFrom + ": " + names[p.value[1]] + "<br>" + heat.dataset.i18nTo + ": " + names[p.value[0]] + "<br>" + fmt(p.value[2]);
      },
    };
    option.grid = { left: 150, right: 20, top: 20, bottom: 130 };
    option.xAxis = { type: "category", data: names, name: heat.dataset.i18nTo, nameLocation: "middle", nameGap: 110, axisLabel: { rotate: 45, interval: 0 } };
    option.yAxis = { type: "category", data: names, name: heat.dataset.i18nFrom, inverse: true, axisLabel: { interval: 0 } };
    option.visualMap = { min: 0, max: maximum, show: false, inRange: { color: ["#f4f7fb", "#0b3d91"] } };
    option.series = [{
      type: "heatmap", data: cells,
      label: { show: true, formatter: function (p) { return p.value[2] ? fmt(p.value[2]) : ""; }, color: "#111", backgroundColor: "rgba(255,255,255,0.8)" },
    }];
    start(heat, option, null, cells.length);
  }
})();
