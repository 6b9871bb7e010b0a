// Small behaviours shared by every page. No inline scripts: the CSP allows only our files.
document.addEventListener("htmx:configRequest", function (event) {
  // Django's CSRF check for htmx requests: the token comes from the cookie-less hidden input.
  var token = document.querySelector("input[name=csrfmiddlewaretoken]");
  if (token) {
    event.detail.headers["X-CSRFToken"] = token.value;
  }
});
