// Draws every chart of the report from the options in #report-charts.
(function () {
  "use strict";
  var specs = JSON.parse(document.getElementById("report-charts").textContent);
  var drawn = [];
  specs.forEach(function (spec) {
    var el = document.getElementById(spec.id);
    if (!el) { throw new Error("no element for chart " + spec.id); }
    var chart = echarts.init(el, null, { renderer: "canvas" });
    chart.setOption(spec.option);
    drawn.push(chart);
  });
  window.addEventListener("resize", function () {
    drawn.forEach(function (c) { c.resize(); });
  });
})();
