// Applications: keep the submit form's version in step with autosaves (no inline scripts).
document.addEventListener("htmx:afterSwap", function () {
  var version = document.querySelector("#draft-form input[name=version]");
  if (!version) {
    return;
  }
  document.querySelectorAll("input.version-field").forEach(function (input) {
    input.value = version.value;
  });
});
