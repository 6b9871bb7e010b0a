// Scoring page: keyboard scoring and autosave feedback. No inline scripts (strict CSP).
(function () {
  "use strict";

  // A stale autosave (409) or a refused one (422) still shows its message.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    if (status === 409 || status === 422) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  // The scoring window closed while the page was open: stop taking keystrokes it would refuse.
  document.addEventListener("htmx:afterSwap", function () {
    var status = document.querySelector("#save-status[data-closed]");
    var form = document.getElementById("score-form");
    if (!status || !form) { return; }
    form.removeAttribute("hx-post");
    form.removeAttribute("hx-trigger");
    var fieldset = form.querySelector("fieldset");
    if (fieldset) { fieldset.disabled = true; }
    var button = document.getElementById("submit-review");
    if (button) { button.remove(); }
  });

  function ready(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }

  ready(function () {
    var form = document.getElementById("score-form");
    if (!form) { return; }
    var cards = Array.prototype.slice.call(form.querySelectorAll(".criterion[data-criterion]"));
    var current = 0;

    var scaleMax = parseInt(form.getAttribute("data-scale-max"), 10) || 5;
    var totalOut = document.getElementById("running-total-value");

    // Σ weight × level / scale over the scored criteria, as reviews.aggregation.review_total.
    function updateTotal() {
      if (!totalOut) { return; }
      var points = 0;  // Σ weight × level, an integer; one division at the end
      cards.forEach(function (card) {
        if (card.getAttribute("data-knockout") === "1") { return; }
        var checked = card.querySelector("input[type=radio]:checked");
        if (!checked) { return; }
        var weight = parseInt(card.getAttribute("data-weight"), 10) || 0;
        points += weight * parseInt(checked.value, 10);
      });
      totalOut.textContent = (Math.round(points * 100 / scaleMax) / 100).toFixed(2);
    }
    form.addEventListener("change", updateTotal);
    form.addEventListener("input", updateTotal);

    // `move` puts the keyboard focus on the card itself, so a screen reader announces the
    // criterion (the card is a labelled group); focusin from a click only marks it current.
    function focus(index, move) {
      if (!cards.length) { return; }
      current = Math.max(0, Math.min(cards.length - 1, index));
      cards.forEach(function (card, i) { card.classList.toggle("is-current", i === current); });
      if (move !== false) {
        cards[current].focus({ preventScroll: true });
        cards[current].scrollIntoView({ block: "center", behavior: "smooth" });
      }
    }

    cards.forEach(function (card, i) {
      card.addEventListener("focusin", function () { if (i !== current) { focus(i, false); } });
      card.addEventListener("click", function () { focus(i, false); });
    });

    function typing(target) {
      return target && (target.tagName === "TEXTAREA" ||
        (target.tagName === "INPUT" && target.type !== "radio" && target.type !== "checkbox"));
    }

    function submit() {
      var button = document.getElementById("submit-review");
      if (button) { form.requestSubmit(button); }
    }

    document.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        submit();
        return;
      }
      if (typing(event.target) || event.altKey || event.ctrlKey || event.metaKey) { return; }
      if (event.key === "j") { event.preventDefault(); focus(current + 1); return; }
      if (event.key === "k") { event.preventDefault(); focus(current - 1); return; }
      if (/^[0-9]$/.test(event.key) && cards.length) {
        var radio = cards[current].querySelector('input[type=radio][data-key="' + event.key + '"]');
        if (radio && !radio.matches(":disabled")) {  // a disabled fieldset disables it too
          event.preventDefault();
          radio.checked = true;
          radio.dispatchEvent(new Event("input", { bubbles: true }));
          radio.dispatchEvent(new Event("change", { bubbles: true }));
          if (current < cards.length - 1) { focus(current + 1); }
        }
      }
    });
  });
})();
