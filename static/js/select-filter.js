// Searchable selects: a search box above each select[data-searchable] hides the options
// that do not match what is typed. Progressive enhancement: the select itself is unchanged
// and still posts its value; without JavaScript it is an ordinary select. No inline scripts.
(function () {
  "use strict";

  function normalise(text) {
    return (text || "").toLocaleLowerCase().replace(/\s+/g, "");
  }

  function enhance(select, index) {
    if (select.dataset.searchReady === "true") { return; }
    select.dataset.searchReady = "true";
    var id = (select.id || "searchable-" + index) + "-search";
    var box = document.createElement("input");
    box.type = "search";
    box.id = id;
    box.className = "select-search";
    box.autocomplete = "off";
    box.placeholder = select.dataset.searchPlaceholder || "";
    box.setAttribute("aria-label", select.dataset.searchLabel || "");
    if (select.id) { box.setAttribute("aria-controls", select.id); }
    var note = document.createElement("small");
    note.className = "select-search-note muted";
    note.setAttribute("aria-live", "polite");
    select.parentNode.insertBefore(box, select);
    select.parentNode.insertBefore(note, select.nextSibling);

    function visible() {
      return Array.prototype.filter.call(select.options, function (option) {
        return !option.hidden && option.value !== "";
      });
    }

    box.addEventListener("input", function () {
      var wanted = normalise(box.value);
      Array.prototype.forEach.call(select.options, function (option) {
        option.hidden = option.value !== "" && wanted !== "" &&
          normalise(option.textContent).indexOf(wanted) === -1;
      });
      note.textContent = wanted && !visible().length ? (select.dataset.noMatch || "") : "";
    });

    box.addEventListener("keydown", function (event) {
      var matches = visible();
      if (event.key === "Enter") {
        // Choose the first match instead of submitting the form.
        event.preventDefault();
        if (matches.length) {
          select.value = matches[0].value;
          select.dispatchEvent(new Event("change", { bubbles: true }));
          select.focus();
        }
      } else if (event.key === "ArrowDown" && matches.length) {
        event.preventDefault();
        select.focus();
      }
    });
    // A search box is not a form field: its changes must not trigger autosave.
    box.addEventListener("change", function (event) { event.stopPropagation(); });
  }

  function run() {
    document.querySelectorAll("select[data-searchable]").forEach(enhance);
  }

  if (document.readyState !== "loading") { run(); } else { document.addEventListener("DOMContentLoaded", run); }
})();
