// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", function () {
  // Put the cursor on the first field the server rejected.
  var invalid = document.querySelector("[aria-invalid=true]");
  if (invalid) invalid.focus();

  // Live forms (GET): as the user types, fetch the same page and swap in the result section.
  document.querySelectorAll("form[data-live]").forEach(function (form) {
    var target = document.getElementById(form.getAttribute("data-live"));
    if (!target || !window.fetch) return;
    var timer = null;
    var latest = 0;
    function refresh() {
      var ticket = ++latest;
      var query = new URLSearchParams(new FormData(form)).toString();
      fetch(form.action + "?" + query, { credentials: "same-origin" })
        .then(function (r) { return r.text(); })
        .then(function (html) {
          if (ticket !== latest) return;
          var doc = new DOMParser().parseFromString(html, "text/html");
          var fresh = doc.getElementById(target.id);
          if (fresh) target.innerHTML = fresh.innerHTML;
          if (window.history && window.history.replaceState) {
            window.history.replaceState(null, "", form.action + "?" + query);
          }
        })
        .catch(function () {});
    }
    function schedule() {
      clearTimeout(timer);
      timer = setTimeout(refresh, 250);
    }
    form.addEventListener("input", schedule);
    form.addEventListener("change", schedule);
  });
});
