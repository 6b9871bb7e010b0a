// Phone screens: tables become stacked rows (static/css/app.css), each cell led by its
// column's heading. This copies the headings into data-label once per table; without
// JavaScript the rows still stack, only without the leading labels. No inline scripts.
(function () {
  "use strict";

  function headings(table) {
    var head = table.tHead && table.tHead.rows[table.tHead.rows.length - 1];
    if (!head) { return null; }
    var labels = [];
    Array.prototype.forEach.call(head.cells, function (cell) {
      var span = cell.colSpan || 1;
      for (var i = 0; i < span; i += 1) { labels.push(cell.textContent.trim()); }
    });
    return labels;
  }

  function label(table) {
    var labels = headings(table);
    if (!labels) { return; }
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        var column = 0;
        Array.prototype.forEach.call(row.cells, function (cell) {
          var text = labels[column];
          if (text && !cell.hasAttribute("data-label") && (cell.colSpan || 1) === 1) {
            cell.setAttribute("data-label", text);
          }
          column += cell.colSpan || 1;
        });
      });
    });
  }

  function run(root) {
    (root || document).querySelectorAll("main table").forEach(label);
  }

  if (document.readyState !== "loading") { run(); } else { document.addEventListener("DOMContentLoaded", function () { run(); }); }
  // Tables that htmx swaps in (filters, partial updates) get their labels too.
  document.addEventListener("htmx:afterSettle", function (event) { run(event.target); });
})();
