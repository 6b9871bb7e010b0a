// GPU pool chart: capacity, committed and used GPU-hours per quarter, each stacked by GPU type.
// Figures come from a json_script block (no inline scripts: strict CSP).
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }

  var SHADES = { capacity: "33", committed: "99", used: "ff" };

  ready(function () {
    var canvas = document.getElementById("pool-chart");
    var source = document.getElementById("pool-chart-data");
    if (!canvas || !source || typeof Chart === "undefined") { return; }
    var figures = JSON.parse(source.textContent);
    var datasets = figures.datasets.map(function (set) {
      return {
        label: set.label,
        stack: set.stack,
        data: set.data,
        backgroundColor: set.colour + (SHADES[set.measure] || "ff"),
        borderColor: set.colour,
        borderWidth: set.measure === "capacity" ? 1 : 0
      };
    });
    var locale = document.documentElement.lang || "ko";
    // The canvas does not inherit the page's font: give it Pretendard, which has Hangul.
    Chart.defaults.font.family = window.getComputedStyle(document.body).fontFamily;
    Chart.defaults.font.size = 13;
    new Chart(canvas, {
      type: "bar",
      data: { labels: figures.labels, datasets: datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: {
          x: { stacked: true },
          y: { stacked: true, ticks: { callback: function (v) { return Number(v).toLocaleString(locale); } } }
        },
        plugins: {
          legend: { position: "bottom" },
          tooltip: { callbacks: { label: function (ctx) { return ctx.dataset.label + ": " + Number(ctx.raw).toLocaleString(locale) + " GPU-h"; } } }
        }
      }
    });
  });
})();
