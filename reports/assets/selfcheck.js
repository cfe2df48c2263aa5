// Self-check of the report, run before anything else on the page: records
// script errors, console errors and warnings, every resource the page
// fetched (it must fetch none) and the size of every chart, as JSON in the
// hidden element #report-selfcheck, for tests and for the curious.
(function () {
  "use strict";
  var check = { errors: [], warnings: [], resources: [], refs: [], charts: [], done: false };
  window.reportSelfCheck = check;
  window.addEventListener("error", function (e) {
    var t = e.target;
    if (t && t !== window && (t.src || t.href)) {
      check.resources.push(String(t.src || t.href));
      return;
    }
    check.errors.push(String(e.message || e.type) + " at " + (e.filename || "?") + ":" + (e.lineno || 0));
  }, true);
  document.addEventListener("securitypolicyviolation", function (e) {
    check.resources.push("blocked by CSP: " + e.blockedURI);
  });
  window.addEventListener("unhandledrejection", function (e) {
    check.errors.push("unhandled rejection: " + String(e.reason));
  });
  ["error", "warn"].forEach(function (level) {
    var orig = console[level];
    console[level] = function () {
      var parts = Array.prototype.map.call(arguments, String);
      (level === "error" ? check.errors : check.warnings).push(parts.join(" "));
      return orig.apply(console, arguments);
    };
  });
  function write() {
    var el = document.getElementById("report-selfcheck");
    if (el) { el.textContent = JSON.stringify(check); }
  }
  window.addEventListener("load", function () {
    setTimeout(function () {
      performance.getEntriesByType("resource").forEach(function (r) { check.resources.push(r.name); });
      document.querySelectorAll("[src], link[href], [srcset], object[data]").forEach(function (el) {
        check.refs.push(el.outerHTML.slice(0, 120));
      });
      document.querySelectorAll(".chart").forEach(function (el) {
        var box = el.getBoundingClientRect();
        var canvas = el.querySelector("canvas");
        var inst = window.echarts && window.echarts.getInstanceByDom(el);
        check.charts.push({
          id: el.id, width: Math.round(box.width), height: Math.round(box.height),
          canvasWidth: canvas ? canvas.width : 0, canvasHeight: canvas ? canvas.height : 0,
          series: inst ? inst.getOption().series.length : 0
        });
      });
      check.done = true;
      write();
    }, 0);
  });
})();
