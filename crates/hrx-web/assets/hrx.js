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

  // Pickers: matches for a person or an organisation as one types; choosing one fills the
  // hidden id the form sends. Without this script the typed text is resolved on the server.
  document.querySelectorAll(".picker[data-pick]").forEach(function (picker) {
    var search = picker.querySelector("input[type=search]");
    var hidden = picker.querySelector("input[type=hidden]");
    var list = picker.querySelector("ul.picker-matches");
    var help = picker.querySelector("p.help");
    if (!search || !hidden || !list || !window.fetch) return;
    var timer = null;
    var latest = 0;
    function close() {
      list.hidden = true;
      search.setAttribute("aria-expanded", "false");
    }
    function choose(match) {
      hidden.value = String(match.id);
      search.value = match.label;
      if (help) help.textContent = "\u2713 " + match.label;
      close();
    }
    function show(matches) {
      list.innerHTML = "";
      matches.forEach(function (match) {
        var item = document.createElement("li");
        var button = document.createElement("button");
        button.type = "button";
        button.setAttribute("role", "option");
        button.textContent = match.label;
        button.addEventListener("click", function () { choose(match); search.focus(); });
        item.appendChild(button);
        list.appendChild(item);
      });
      list.hidden = matches.length === 0;
      search.setAttribute("aria-expanded", matches.length ? "true" : "false");
    }
    search.addEventListener("input", function () {
      hidden.value = "";
      clearTimeout(timer);
      var text = search.value.trim();
      if (!text) { show([]); return; }
      timer = setTimeout(function () {
        var ticket = ++latest;
        fetch(picker.getAttribute("data-pick") + "?q=" + encodeURIComponent(text), { credentials: "same-origin" })
          .then(function (r) { return r.ok ? r.json() : []; })
          .then(function (matches) { if (ticket === latest) show(matches); })
          .catch(function () {});
      }, 200);
    });
    search.addEventListener("keydown", function (e) {
      if (e.key === "Escape") close();
      if (e.key === "ArrowDown" && !list.hidden) {
        var first = list.querySelector("button");
        if (first) { e.preventDefault(); first.focus(); }
      }
    });
  });

  // Texts with a length limit: their count of characters as one types (the server counts the
  // same way, white space around the text left out, and shows the count after a post).
  document.querySelectorAll("textarea[data-limit]").forEach(function (area) {
    var out = document.getElementById(area.id + "-count");
    var limit = parseInt(area.getAttribute("data-limit"), 10);
    if (!out || !limit) return;
    var template = out.getAttribute("data-template") || "{count}";
    function update() {
      var count = Array.from(area.value.trim()).length;
      out.textContent = template.replace("{count}", String(count));
      out.classList.toggle("over", count > limit);
    }
    area.addEventListener("input", update);
  });
});
