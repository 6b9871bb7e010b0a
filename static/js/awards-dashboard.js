// Ministry dashboard: the burn-up chart, drawn from the figures the page carries in a JSON
// block (json_script). No inline scripts: the strict CSP forbids them.
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }

  ready(function () {
    var canvas = document.getElementById("burnup-chart");
    var source = document.getElementById("burnup-data");
    if (!canvas || !source || typeof window.Chart === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    // The canvas does not inherit the page's font: give it Pretendard (Hangul glyphs), once
    // the web font has loaded.
    window.Chart.defaults.font.family = window.getComputedStyle(document.body).fontFamily;
    var eok = function (won) { return won === null ? null : won / 1e8; };  // 억 원
    var draw = function () { new window.Chart(canvas, {
      type: "line",
      data: {
        labels: data.labels,
        datasets: [
          { label: canvas.dataset.planLabel, data: data.plan.map(eok), borderColor: "#9aa5b1",
            borderDash: [6, 4], pointRadius: 0, fill: false },
          { label: canvas.dataset.actualLabel, data: data.actual.map(eok), borderColor: "#0b4ea2",
            backgroundColor: "rgba(11, 78, 162, 0.12)", pointRadius: 0, fill: true, spanGaps: false }
        ]
      },
      options: {
        animation: false,
        maintainAspectRatio: false,
        interaction: { mode: "index", intersect: false },
        scales: {
          y: { beginAtZero: true, title: { display: true, text: canvas.dataset.unit },
               ticks: { callback: function (v) { return v.toLocaleString("ko-KR"); } } }
        },
        plugins: {
          tooltip: { callbacks: { label: function (c) {
            return c.dataset.label + ": " + Math.round(c.parsed.y).toLocaleString("ko-KR") + "억 원";
          } } }
        }
      }
    }); };
    if (document.fonts && document.fonts.ready) { document.fonts.ready.then(draw); } else { draw(); }
  });
})();
