// Draft autosave that merges into the page instead of replacing it (no inline scripts).
//
// Why not swap the form: a user typing into the next field while a save is in flight would
// lose what they typed, and the stale version token left in the page made their own next save
// look like someone else's. So saves go one at a time; each response advances the version
// token, refreshes the status line and the error messages, and writes the server's
// normalised value back only into fields that are neither focused nor edited since the
// request left. A manual save or a submission waits for the save in flight.
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }

  ready(function () {
    var form = document.getElementById("draft-form");
    if (!form || !window.fetch) { return; }

    var edits = 0;            // increases with every keystroke or choice in the form
    var editedAt = {};        // field name -> value of `edits` at its last change
    var inFlight = null;      // the promise of the save being sent, if any
    var again = false;        // something changed while a save was in flight

    function versionInput() { return form.querySelector("input[name=version]"); }

    function syncVersion() {
      var version = versionInput().value;
      document.querySelectorAll("input.version-field").forEach(function (input) {
        input.value = version;
      });
    }

    function mark(event) {
      var name = event.target && event.target.name;
      if (!name || name === "version" || name === "csrfmiddlewaretoken") { return; }
      edits += 1;
      editedAt[name] = edits;
    }

    function replace(selector, fresh, container) {
      var old = container.querySelector(selector);
      var next = fresh ? fresh.cloneNode(true) : null;
      if (old && next) { old.replaceWith(next); } else if (old) { old.remove(); } else if (next) {
        container.appendChild(next);
      }
    }

    function merge(html, sentAt) {
      var doc = new DOMParser().parseFromString(html, "text/html");
      var fresh = doc.getElementById("draft-form");
      if (!fresh) { return; }
      versionInput().value = fresh.querySelector("input[name=version]").value;
      syncVersion();
      var status = form.querySelector(".autosave-status");
      status.textContent = fresh.querySelector(".autosave-status").textContent;
      var oldAlert = form.querySelector(".form-alert");
      var newAlert = fresh.querySelector(".form-alert");
      if (oldAlert) { oldAlert.remove(); }
      if (newAlert) { form.querySelector("input[name=version]").after(newAlert.cloneNode(true)); }
      fresh.querySelectorAll(".field[data-field]").forEach(function (freshField) {
        var name = freshField.getAttribute("data-field");
        var field = form.querySelector('.field[data-field="' + name + '"]');
        if (!field) { return; }
        field.classList.toggle("field-error", freshField.classList.contains("field-error"));
        replace(".errorlist", freshField.querySelector(".errorlist"), field);
        var input = field.querySelector("[name=" + name + "]");
        var value = freshField.querySelector("[name=" + name + "]");
        var touched = (editedAt[name] || 0) > sentAt;
        if (input && value && input !== document.activeElement && !touched) {
          input.value = value.value;
        }
      });
    }

    function save() {
      if (inFlight) { again = true; return inFlight; }
      var sentAt = edits;
      var body = new FormData(form);
      status("saving");
      inFlight = fetch(form.action, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "X-Autosave": "true", "X-CSRFToken": body.get("csrfmiddlewaretoken") },
      }).then(function (response) {
        return response.text().then(function (html) {
          if (response.ok) { merge(html, sentAt); } else { status("failed"); }
        });
      }).catch(function () {
        status("failed");
      }).then(function () {
        inFlight = null;
        if (again) { again = false; return save(); }
        return null;
      });
      return inFlight;
    }

    function status(which) {
      var line = form.querySelector(".autosave-status");
      var text = line && line.getAttribute("data-" + which);
      if (text) { line.textContent = text; }
    }

    form.addEventListener("input", mark);
    form.addEventListener("change", function (event) {
      mark(event);
      if (event.target.name) { save(); }
    });

    // Manual save and submission: let the save in flight land first, so that they carry the
    // version it produced (the user's own autosave is never "someone else").
    function waitThenSubmit(target) {
      target.addEventListener("submit", function (event) {
        syncVersion();
        if (!inFlight || target.dataset.autosaveDone === "true") { return; }
        event.preventDefault();
        var submitter = event.submitter || undefined;
        inFlight.then(function () { return inFlight; }).then(function () {
          syncVersion();
          target.dataset.autosaveDone = "true";
          // In a later task: a form ignores requestSubmit while its submit event is firing.
          window.setTimeout(function () { target.requestSubmit(submitter); }, 0);
        });
      });
    }
    waitThenSubmit(form);
    document.querySelectorAll("form.after-autosave").forEach(waitThenSubmit);
  });
})();
