// Small behaviours shared by every page. No inline scripts: the CSP allows only our files.
document.addEventListener("htmx:configRequest", function (event) {
  // Django's CSRF check for htmx requests: the token comes from the cookie-less hidden input.
  var token = document.querySelector("input[name=csrfmiddlewaretoken]");
  if (token) {
    event.detail.headers["X-CSRFToken"] = token.value;
  }
});

// Links drawn as buttons (role="button", the stylesheet's convention) answer the Space key as a
// button does, not only Enter: keyboard users are told "button" by their screen reader.
document.addEventListener("keydown", function (event) {
  var link = event.target;
  if (event.key !== " " || !link.matches || !link.matches("a[role=button][href]")) {
    return;
  }
  event.preventDefault();
  link.click();
});
